package dev.portcullis.scim.control;

import dev.portcullis.scim.boundary.ScimException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Applies a SCIM PATCH request (RFC 7644 §3.5.2) to a copy of a resource's tree. It accepts the
 * shapes Okta and Microsoft Entra send: {@code op} in any case ({@code Replace}, {@code Add}),
 * path-less {@code add}/{@code replace} whose value has dotted keys ({@code name.givenName}) and
 * URN-prefixed keys ({@code urn:...:enterprise:2.0:User:department}), {@code add} on single-valued
 * attributes (it replaces), value paths with a trailing sub-attribute ({@code emails[type eq
 * "work"].value}), and member removal both as {@code members[value eq "id"]} and as a value array.
 *
 * <p>The caller validates the result as a whole and stores it only then, so a request whose second
 * operation fails changes nothing.
 */
public final class PatchEngine {

  /** Operations in one request, at most. */
  public static final int MAX_OPERATIONS = 1000;

  private final Set<String> extensionSchemas;

  /**
   * @param extensionSchemas the extension schema URNs of the resource type, lower-case
   */
  public PatchEngine(Set<String> extensionSchemas) {
    this.extensionSchemas = extensionSchemas;
  }

  /** The resource after every operation of the request; the input is left as it was. */
  public Map<String, Object> apply(Map<String, Object> resource, Map<String, Object> request) {
    Object ops = ScimJson.get(request, "Operations");
    if (!(ops instanceof List<?> list) || list.isEmpty()) {
      throw ScimException.invalidSyntax("A PATCH request needs a non-empty 'Operations' array.");
    }
    if (list.size() > MAX_OPERATIONS) {
      throw ScimException.tooMany("A PATCH request has at most " + MAX_OPERATIONS + " operations.");
    }
    Map<String, Object> target = ScimJson.copy(resource);
    int index = 0;
    for (Object o : list) {
      index++;
      Map<String, Object> op = ScimJson.object(o, "Operations[" + index + "]");
      String kind = ScimJson.string(op, "op");
      if (kind == null) {
        throw ScimException.invalidSyntax("Operation " + index + " has no 'op'.");
      }
      String path = ScimJson.string(op, "path");
      boolean hasValue = ScimJson.key(op, "value") != null;
      Object value = ScimJson.get(op, "value");
      switch (kind.toLowerCase(Locale.ROOT)) {
        case "add", "replace" -> {
          boolean add = kind.equalsIgnoreCase("add");
          if (!hasValue) {
            throw ScimException.invalidValue(
                "Operation " + index + " (" + kind + ") has no value.");
          }
          if (path == null || path.isBlank()) {
            pathless(target, ScimJson.object(value, "value"), add);
          } else {
            set(target, FilterParser.parsePath(path), value, add);
          }
        }
        case "remove" -> {
          if (path == null || path.isBlank()) {
            throw ScimException.noTarget("Operation " + index + " (remove) needs a path.");
          }
          remove(target, FilterParser.parsePath(path), hasValue ? value : null);
        }
        default ->
            throw ScimException.invalidSyntax(
                "Operation " + index + " has op '" + kind + "'; add, replace or remove expected.");
      }
    }
    return target;
  }

  private void pathless(Map<String, Object> target, Map<String, Object> value, boolean add) {
    for (Map.Entry<String, Object> e : value.entrySet()) {
      String k = e.getKey();
      if (extensionSchemas.contains(k.toLowerCase(Locale.ROOT))) {
        Map<String, Object> ext = extension(target, k);
        for (Map.Entry<String, Object> x : ScimJson.object(e.getValue(), k).entrySet()) {
          setAttribute(ext, x.getKey(), x.getValue(), add);
        }
        continue;
      }
      AttributePath p = AttributePath.parse(k);
      if (p == null) {
        throw ScimException.invalidPath("'" + k + "' is not an attribute name.");
      }
      set(target, new FilterParser.Path(p, null, null), e.getValue(), add);
    }
  }

  /** The object holding the path's attribute: the resource, or its extension's object. */
  private Map<String, Object> container(Map<String, Object> target, AttributePath p) {
    if (p.urn() == null || isCore(p.urn())) {
      return target;
    }
    if (extensionSchemas.contains(p.urn())) {
      return extension(target, p.urn());
    }
    throw ScimException.invalidPath("The schema '" + p.urn() + "' is not one of this resource's.");
  }

  private static boolean isCore(String urn) {
    return urn.startsWith("urn:ietf:params:scim:schemas:core:2.0:");
  }

  private Map<String, Object> extension(Map<String, Object> target, String urn) {
    String k = ScimJson.key(target, urn);
    if (k == null) {
      Map<String, Object> ext = new LinkedHashMap<>();
      target.put(canonicalUrn(urn), ext);
      return ext;
    }
    return ScimJson.object(target.get(k), urn);
  }

  private static String canonicalUrn(String urn) {
    return urn.equalsIgnoreCase(ScimJson.ENTERPRISE_SCHEMA) ? ScimJson.ENTERPRISE_SCHEMA : urn;
  }

  @SuppressWarnings("unchecked")
  private void set(Map<String, Object> target, FilterParser.Path path, Object value, boolean add) {
    AttributePath p = path.attribute();
    Map<String, Object> holder = container(target, p);
    if (path.valueFilter() == null) {
      if (p.subAttribute() == null) {
        setAttribute(holder, p.name(), value, add);
        return;
      }
      Object current = ScimJson.get(holder, p.name());
      if (current instanceof List<?> list) {
        for (Object element : list) {
          ScimJson.put(ScimJson.object(element, p.name()), p.subAttribute(), ScimJson.copy(value));
        }
        return;
      }
      Map<String, Object> complex =
          current == null ? new LinkedHashMap<>() : ScimJson.object(current, p.name());
      setAttribute(complex, p.subAttribute(), value, add);
      ScimJson.put(holder, p.name(), complex);
      return;
    }
    List<Object> list = list(holder, p.name());
    List<Map<String, Object>> matches = matching(list, path.valueFilter(), p.name());
    if (matches.isEmpty()) {
      // Entra and Okta replace emails[type eq "work"].value on users that have no such email yet:
      // add an element with the equality the filter names (RFC 7644 §3.5.2.3 would say noTarget).
      Map<String, Object> created = new LinkedHashMap<>();
      if (!(path.valueFilter() instanceof Filter.Comparison c)
          || c.operator() != Filter.Operator.EQ) {
        throw ScimException.noTarget("No value of '" + p.name() + "' matches the path's filter.");
      }
      created.put(c.path().name(), c.value());
      list.add(created);
      matches = List.of(created);
      ScimJson.put(holder, p.name(), list);
    }
    for (Map<String, Object> m : matches) {
      if (path.subAttribute() == null) {
        Map<String, Object> v = ScimJson.object(value, p.name());
        v.forEach((k, x) -> ScimJson.put(m, k, ScimJson.copy(x)));
      } else {
        ScimJson.put(m, path.subAttribute(), ScimJson.copy(value));
      }
    }
  }

  /** Sets one attribute: arrays are appended to by add (without duplicates), replaced otherwise. */
  @SuppressWarnings("unchecked")
  private static void setAttribute(
      Map<String, Object> holder, String name, Object value, boolean add) {
    Object current = ScimJson.get(holder, name);
    if (add && current instanceof List<?> existing) {
      List<Object> merged = new ArrayList<>((List<Object>) existing);
      List<Object> incoming = value instanceof List<?> l ? (List<Object>) l : List.of(value);
      for (Object v : incoming) {
        if (!contains(merged, v)) {
          merged.add(ScimJson.copy(v));
        }
      }
      ScimJson.put(holder, name, merged);
      return;
    }
    if (add && current instanceof Map<?, ?> && value instanceof Map<?, ?> v) {
      Map<String, Object> merged = (Map<String, Object>) current;
      ((Map<String, Object>) v).forEach((k, x) -> ScimJson.put(merged, k, ScimJson.copy(x)));
      return;
    }
    ScimJson.put(holder, name, ScimJson.copy(value));
  }

  @SuppressWarnings("unchecked")
  private static boolean contains(List<Object> list, Object v) {
    Object key = v instanceof Map<?, ?> m ? ScimJson.get((Map<String, Object>) m, "value") : v;
    for (Object e : list) {
      Object k = e instanceof Map<?, ?> m ? ScimJson.get((Map<String, Object>) m, "value") : e;
      if (key != null && same(key, k)) {
        return true;
      }
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  private void remove(Map<String, Object> target, FilterParser.Path path, Object value) {
    AttributePath p = path.attribute();
    Map<String, Object> holder = container(target, p);
    if (path.valueFilter() == null) {
      if (p.subAttribute() != null) {
        Object current = ScimJson.get(holder, p.name());
        if (current instanceof Map<?, ?> m) {
          ScimJson.remove((Map<String, Object>) m, p.subAttribute());
        } else if (current instanceof List<?> list) {
          list.forEach(e -> ScimJson.remove(ScimJson.object(e, p.name()), p.subAttribute()));
        }
        return;
      }
      Object current = ScimJson.get(holder, p.name());
      if (value != null && current instanceof List<?> list) {
        // {"op":"remove","path":"members","value":[{"value":"id"}]}: remove those values only.
        List<Object> remaining = new ArrayList<>((List<Object>) list);
        List<Object> gone = value instanceof List<?> l ? (List<Object>) l : List.of(value);
        remaining.removeIf(e -> contains(new ArrayList<>(gone), e));
        ScimJson.put(holder, p.name(), remaining);
        return;
      }
      ScimJson.remove(holder, p.name());
      return;
    }
    List<Object> list = list(holder, p.name());
    List<Map<String, Object>> matches = matching(list, path.valueFilter(), p.name());
    // Removing a member that is already gone succeeds: identity providers retry removals.
    if (path.subAttribute() == null) {
      list.removeIf(e -> matches.stream().anyMatch(m -> m == e));
    } else {
      matches.forEach(m -> ScimJson.remove(m, path.subAttribute()));
    }
    ScimJson.put(holder, p.name(), list);
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> holder, String name) {
    Object current = ScimJson.get(holder, name);
    if (current == null) {
      return new ArrayList<>();
    }
    if (!(current instanceof List<?> l)) {
      throw ScimException.invalidPath("'" + name + "' is not multi-valued; it takes no filter.");
    }
    List<Object> copy = new ArrayList<>((List<Object>) l);
    ScimJson.put(holder, name, copy);
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> matching(List<Object> list, Filter f, String name) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Iterator<Object> it = list.iterator(); it.hasNext(); ) {
      Object e = it.next();
      if (e instanceof Map<?, ?> m && matches((Map<String, Object>) m, f)) {
        out.add((Map<String, Object>) m);
      }
    }
    return out;
  }

  /** Evaluates a filter on one value of a multi-valued attribute (its sub-attributes). */
  @SuppressWarnings("unchecked")
  static boolean matches(Map<String, Object> element, Filter f) {
    if (f instanceof Filter.And a) {
      return matches(element, a.left()) && matches(element, a.right());
    }
    if (f instanceof Filter.Or o) {
      return matches(element, o.left()) || matches(element, o.right());
    }
    if (f instanceof Filter.Not n) {
      return !matches(element, n.filter());
    }
    if (f instanceof Filter.ValuePath) {
      throw ScimException.invalidPath("A value path cannot be nested in another value path.");
    }
    Filter.Comparison c = (Filter.Comparison) f;
    Object actual = ScimJson.get(element, c.path().dotted());
    if (c.operator() == Filter.Operator.PR) {
      return actual != null && !"".equals(actual);
    }
    if (actual == null || c.value() == null) {
      return switch (c.operator()) {
        case EQ -> actual == c.value();
        case NE -> actual != c.value();
        default -> false;
      };
    }
    String a = actual.toString().toLowerCase(Locale.ROOT);
    String b = c.value().toString().toLowerCase(Locale.ROOT);
    if (actual instanceof BigDecimal x && c.value() instanceof BigDecimal y) {
      int cmp = x.compareTo(y);
      return compare(c.operator(), cmp);
    }
    return switch (c.operator()) {
      case EQ -> same(actual, c.value());
      case NE -> !same(actual, c.value());
      case CO -> a.contains(b);
      case SW -> a.startsWith(b);
      case EW -> a.endsWith(b);
      default -> compare(c.operator(), a.compareTo(b));
    };
  }

  private static boolean compare(Filter.Operator op, int cmp) {
    return switch (op) {
      case GT -> cmp > 0;
      case GE -> cmp >= 0;
      case LT -> cmp < 0;
      case LE -> cmp <= 0;
      case EQ -> cmp == 0;
      case NE -> cmp != 0;
      default -> false;
    };
  }

  private static boolean same(Object x, Object y) {
    if (x instanceof BigDecimal a && y instanceof BigDecimal b) {
      return a.compareTo(b) == 0;
    }
    return x.toString().equalsIgnoreCase(y.toString());
  }
}
