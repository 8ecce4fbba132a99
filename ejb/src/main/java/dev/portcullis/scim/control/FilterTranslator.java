package dev.portcullis.scim.control;

import dev.portcullis.scim.boundary.ScimException;
import dev.portcullis.scim.control.Filter.Operator;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Translates a parsed filter into a JPQL condition over indexed columns only, so a filter never
 * reads a whole organization: each resource type lists the attributes that may be filtered and the
 * column (with its index) that answers them; any other attribute is an {@code invalidFilter} that
 * names the filterable ones. Values become parameters, never JPQL text.
 */
public final class FilterTranslator {

  /** How a filterable attribute is stored. */
  public enum Type {
    /** Compared as stored (caseExact). */
    STRING,
    /** Stored lower-cased; values are lower-cased before comparing (caseExact false). */
    STRING_KEY,
    BOOLEAN,
    /**
     * A timestamp the representations show to the millisecond ({@code meta.created}, {@code
     * meta.lastModified}) while the column keeps more digits: compared as the value shown.
     */
    DATE_TIME,
    /** A value every resource has, given in {@link Column#constant}; evaluated here. */
    CONSTANT
  }

  /** A filterable attribute: the JPQL expression of its column, or a constant value. */
  public record Column(String expression, Type type, boolean nullable, Object constant) {

    public static Column of(String expression, Type type, boolean nullable) {
      return new Column(expression, type, nullable, null);
    }

    public static Column constant(Object value) {
      return new Column(null, Type.CONSTANT, false, value);
    }
  }

  /** The JPQL condition and its parameters. */
  public record Condition(String jpql, Map<String, Object> parameters) {}

  private final Map<String, Column> columns;
  private final Map<String, Map<String, Column>> valuePaths;
  private final String filterableNames;
  private final Map<String, Object> parameters = new LinkedHashMap<>();

  /**
   * @param columns by lower-case {@code name} or {@code name.sub} (without schema URN)
   * @param valuePaths for {@code attr[...]}: the sub-attribute columns of the multi-valued attr
   */
  public FilterTranslator(
      Map<String, Column> columns, Map<String, Map<String, Column>> valuePaths, String names) {
    this.columns = columns;
    this.valuePaths = valuePaths;
    this.filterableNames = names;
  }

  public Condition translate(Filter filter) {
    parameters.clear();
    String jpql = condition(filter, columns, null);
    return new Condition(jpql, Map.copyOf(parameters));
  }

  private String condition(Filter f, Map<String, Column> scope, String parent) {
    if (f instanceof Filter.And a) {
      return "("
          + condition(a.left(), scope, parent)
          + " and "
          + condition(a.right(), scope, parent)
          + ")";
    }
    if (f instanceof Filter.Or o) {
      return "("
          + condition(o.left(), scope, parent)
          + " or "
          + condition(o.right(), scope, parent)
          + ")";
    }
    if (f instanceof Filter.Not n) {
      return "(not " + condition(n.filter(), scope, parent) + ")";
    }
    if (f instanceof Filter.ValuePath vp) {
      if (parent != null) {
        throw ScimException.invalidFilter("A value path cannot be nested in another value path.");
      }
      Map<String, Column> inner = valuePaths.get(vp.attribute().name());
      if (inner == null) {
        throw notFilterable(vp.attribute().toString());
      }
      return condition(vp.filter(), inner, vp.attribute().name());
    }
    Filter.Comparison c = (Filter.Comparison) f;
    String name = c.path().dotted();
    Column column = scope.get(name);
    if (column == null && parent != null) {
      throw notFilterable(parent + "." + name);
    }
    if (column == null) {
      throw notFilterable(c.path().toString());
    }
    return comparison(column, c.operator(), c.value(), name);
  }

  private ScimException notFilterable(String attribute) {
    return ScimException.invalidFilter(
        "The attribute '"
            + attribute
            + "' cannot be filtered; filterable attributes are "
            + filterableNames
            + ".");
  }

  private String comparison(Column column, Operator op, Object value, String name) {
    if (column.type() == Type.CONSTANT) {
      return constant(column.constant(), op, value, name) ? "(1 = 1)" : "(1 = 0)";
    }
    String col = column.expression();
    String notNull = column.nullable() ? col + " is not null and " : "";
    if (op == Operator.PR) {
      return column.nullable() ? "(" + col + " is not null)" : "(1 = 1)";
    }
    if (value == null) {
      return switch (op) {
        case EQ -> column.nullable() ? "(" + col + " is null)" : "(1 = 0)";
        case NE -> column.nullable() ? "(" + col + " is not null)" : "(1 = 1)";
        default ->
            throw ScimException.invalidFilter(
                "'"
                    + name
                    + " "
                    + word(op)
                    + " null'"
                    + " compares with null; only eq and ne can.");
      };
    }
    Object param = parameterValue(column, op, value, name);
    if (column.type() == Type.DATE_TIME) {
      return "(" + notNull + dateComparison(col, op, (Instant) param) + ")";
    }
    String p = parameter(param);
    String sql =
        switch (op) {
          case EQ -> col + " = " + p;
          case NE -> col + " <> " + p;
          case GT -> col + " > " + p;
          case GE -> col + " >= " + p;
          case LT -> col + " < " + p;
          case LE -> col + " <= " + p;
          case CO, SW, EW -> col + " like " + p + " escape '\\'";
          case PR -> throw new IllegalStateException();
        };
    return "(" + notNull + sql + ")";
  }

  private String parameter(Object value) {
    String p = ":f" + parameters.size();
    parameters.put(p.substring(1), value);
    return p;
  }

  /**
   * A dateTime comparison as a client sees it. Resources show their timestamps to the millisecond
   * (the column keeps microseconds), and an identity provider compares with a value it was shown:
   * {@code meta.lastModified gt} the last change it saw must not list that change again, and {@code
   * meta.created eq} a user's own {@code meta.created} must list that user. So the column's value
   * is compared as if cut to the millisecond: with {@code x} on a millisecond, {@code shown = x} is
   * {@code x <= col < x + 1 ms}; a value between two milliseconds equals none, and is passed by
   * everything from the next millisecond on. Each bound stays a plain range on the column, so its
   * index answers it.
   */
  private String dateComparison(String col, Operator op, Instant x) {
    Instant floor = x.truncatedTo(ChronoUnit.MILLIS);
    boolean onMilli = floor.equals(x);
    Instant ceiling = onMilli ? x : floor.plusMillis(1);
    Instant next = floor.plusMillis(1);
    return switch (op) {
      case EQ ->
          onMilli
              ? "(" + col + " >= " + parameter(x) + " and " + col + " < " + parameter(next) + ")"
              : "1 = 0";
      case NE ->
          onMilli
              ? "(" + col + " < " + parameter(x) + " or " + col + " >= " + parameter(next) + ")"
              : "1 = 1";
      case GT -> col + " >= " + parameter(next);
      case GE -> col + " >= " + parameter(ceiling);
      case LT -> col + " < " + parameter(ceiling);
      case LE -> col + " < " + parameter(next);
      default -> throw new IllegalStateException();
    };
  }

  private Object parameterValue(Column column, Operator op, Object value, String name) {
    switch (column.type()) {
      case BOOLEAN -> {
        if (op != Operator.EQ && op != Operator.NE) {
          throw ScimException.invalidFilter(
              "'" + name + "' is a boolean; only eq, ne and pr apply to it.");
        }
        if (value instanceof Boolean b) {
          return b;
        }
        if (value instanceof String s
            && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
          return Boolean.valueOf(s.toLowerCase(Locale.ROOT));
        }
        throw ScimException.invalidFilter("'" + name + "' compares with true or false.");
      }
      case DATE_TIME -> {
        if (op == Operator.CO || op == Operator.SW || op == Operator.EW) {
          throw ScimException.invalidFilter(
              "'" + name + "' is a dateTime; eq ne gt ge lt le and pr apply to it.");
        }
        if (!(value instanceof String s)) {
          throw ScimException.invalidFilter("'" + name + "' compares with a dateTime string.");
        }
        return dateTime(s, name);
      }
      default -> {
        if (!(value instanceof String) && !(value instanceof BigDecimal)) {
          throw ScimException.invalidFilter("'" + name + "' compares with a string.");
        }
        String s = value.toString();
        if (column.type() == Type.STRING_KEY) {
          s = s.toLowerCase(Locale.ROOT);
        }
        return switch (op) {
          case CO -> "%" + likeEscape(s) + "%";
          case SW -> likeEscape(s) + "%";
          case EW -> "%" + likeEscape(s);
          default -> s;
        };
      }
    }
  }

  static Instant dateTime(String s, String name) {
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e2) {
        throw ScimException.invalidFilter(
            "'"
                + s
                + "' is not a dateTime (RFC 3339, e.g. 2026-01-31T12:00:00Z) for '"
                + name
                + "'.");
      }
    }
  }

  private static boolean constant(Object constant, Operator op, Object value, String name) {
    if (op == Operator.PR) {
      return constant != null;
    }
    String a = String.valueOf(constant).toLowerCase(Locale.ROOT);
    String b = String.valueOf(value).toLowerCase(Locale.ROOT);
    return switch (op) {
      case EQ -> Objects.equals(a, b);
      case NE -> !Objects.equals(a, b);
      case CO -> a.contains(b);
      case SW -> a.startsWith(b);
      case EW -> a.endsWith(b);
      default ->
          throw ScimException.invalidFilter(
              "'" + name + "' compares with eq ne co sw ew or pr only.");
    };
  }

  private static String likeEscape(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  private static String word(Operator op) {
    return op.name().toLowerCase(Locale.ROOT);
  }
}
