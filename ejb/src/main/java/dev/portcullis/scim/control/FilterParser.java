package dev.portcullis.scim.control;

import dev.portcullis.scim.boundary.ScimException;
import dev.portcullis.scim.control.Filter.Operator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses SCIM filters and PATCH paths by the grammar of RFC 7644 §3.4.2.2 (filters) and §3.5.2
 * (paths), by recursive descent with the RFC's precedence: {@code not} binds tighter than {@code
 * and}, which binds tighter than {@code or}; parentheses group. Keywords and attribute names are
 * case-insensitive, strings are JSON strings (with their escapes). Anything else is an {@code
 * invalidFilter} (or {@code invalidPath}) saying where.
 *
 * <p>One leniency: a comparison value that is a bare word (neither JSON string, number, boolean nor
 * null), such as {@code userName sw O}, is read as that string, since Microsoft's reference SCIM
 * collection sends such filters.
 */
public final class FilterParser {

  /** Filters longer than this are refused before parsing. */
  public static final int MAX_LENGTH = 4096;

  private static final int MAX_DEPTH = 50;

  private final String text;
  private final List<Token> tokens;
  private final boolean forPath;
  private int pos;
  private int depth;

  private enum Kind {
    WORD,
    STRING,
    LPAREN,
    RPAREN,
    LBRACKET,
    RBRACKET,
    DOT_WORD,
    END
  }

  private record Token(Kind kind, String text, Object value, int offset) {}

  private FilterParser(String text, boolean forPath) {
    this.text = text;
    this.forPath = forPath;
    this.tokens = tokenize(text);
  }

  /** Parses a filter ({@code filter=} query parameter, or the inside of a value path). */
  public static Filter parse(String filter) {
    if (filter == null || filter.isBlank()) {
      throw ScimException.invalidFilter("The filter is empty.");
    }
    if (filter.length() > MAX_LENGTH) {
      throw ScimException.invalidFilter("The filter is longer than " + MAX_LENGTH + " characters.");
    }
    FilterParser p = new FilterParser(filter, false);
    Filter f = p.orExpression();
    p.expect(Kind.END, "end of filter");
    return f;
  }

  /**
   * A PATCH path (RFC 7644 §3.5.2): {@code attrPath}, or {@code valuePath} with an optional {@code
   * .subAttr} after the closing bracket.
   */
  public record Path(AttributePath attribute, Filter valueFilter, String subAttribute) {

    @Override
    public String toString() {
      return attribute
          + (valueFilter == null ? "" : "[...]")
          + (subAttribute == null ? "" : "." + subAttribute);
    }
  }

  public static Path parsePath(String path) {
    if (path == null || path.isBlank() || path.length() > MAX_LENGTH) {
      throw ScimException.invalidPath("The path is empty or too long.");
    }
    try {
      FilterParser p = new FilterParser(path.strip(), true);
      AttributePath attr = p.attributePath();
      Filter inner = null;
      String sub = null;
      if (p.peek().kind == Kind.LBRACKET) {
        p.pos++;
        inner = p.orExpression();
        p.expect(Kind.RBRACKET, "']'");
        if (p.peek().kind == Kind.DOT_WORD) {
          sub = p.next().text.toLowerCase(Locale.ROOT);
          if (attr.subAttribute() != null) {
            throw ScimException.invalidPath("The path '" + path + "' has two sub-attributes.");
          }
        }
      }
      p.expect(Kind.END, "end of path");
      return new Path(attr, inner, sub);
    } catch (ScimException e) {
      if ("invalidFilter".equals(e.scimType())) {
        throw ScimException.invalidPath(e.detail().replace("filter", "path"));
      }
      throw e;
    }
  }

  private Filter orExpression() {
    Filter left = andExpression();
    while (isKeyword(peek(), "or")) {
      pos++;
      left = new Filter.Or(left, andExpression());
    }
    return left;
  }

  private Filter andExpression() {
    Filter left = unary();
    while (isKeyword(peek(), "and")) {
      pos++;
      left = new Filter.And(left, unary());
    }
    return left;
  }

  private Filter unary() {
    if (++depth > MAX_DEPTH) {
      throw ScimException.invalidFilter("The filter nests deeper than " + MAX_DEPTH + " levels.");
    }
    try {
      Token t = peek();
      if (isKeyword(t, "not") && tokens.get(pos + 1).kind == Kind.LPAREN) {
        pos += 2;
        Filter inner = orExpression();
        expect(Kind.RPAREN, "')'");
        return new Filter.Not(inner);
      }
      if (t.kind == Kind.LPAREN) {
        pos++;
        Filter inner = orExpression();
        expect(Kind.RPAREN, "')'");
        return inner;
      }
      AttributePath path = attributePath();
      if (peek().kind == Kind.LBRACKET) {
        pos++;
        Filter inner = orExpression();
        expect(Kind.RBRACKET, "']'");
        if (path.subAttribute() != null) {
          throw error("a value path's attribute has no sub-attribute", t);
        }
        return new Filter.ValuePath(path, inner);
      }
      Token opToken = next();
      Operator op = operator(opToken);
      if (op == Operator.PR) {
        return new Filter.Comparison(path, op, null);
      }
      Token value = next();
      return new Filter.Comparison(path, op, value(value));
    } finally {
      depth--;
    }
  }

  private AttributePath attributePath() {
    Token t = next();
    AttributePath path = t.kind == Kind.WORD ? AttributePath.parse(t.text) : null;
    if (path == null) {
      throw error("an attribute name was expected", t);
    }
    return path;
  }

  private Operator operator(Token t) {
    if (t.kind == Kind.WORD) {
      try {
        return Operator.valueOf(t.text.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        // reported below
      }
    }
    throw error("an operator (eq ne co sw ew pr gt ge lt le) was expected", t);
  }

  private Object value(Token t) {
    if (t.kind == Kind.STRING) {
      return t.value;
    }
    if (t.kind == Kind.WORD) {
      String w = t.text;
      switch (w.toLowerCase(Locale.ROOT)) {
        case "true":
          return Boolean.TRUE;
        case "false":
          return Boolean.FALSE;
        case "null":
          return null;
        default:
          break;
      }
      if (w.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
        return new BigDecimal(w);
      }
      if (isKeyword(t, "and") || isKeyword(t, "or") || isKeyword(t, "not")) {
        throw error("a value was expected", t);
      }
      return w;
    }
    throw error("a value (string, number, true, false or null) was expected", t);
  }

  private static boolean isKeyword(Token t, String keyword) {
    return t.kind == Kind.WORD && t.text.equalsIgnoreCase(keyword);
  }

  private Token peek() {
    return tokens.get(pos);
  }

  private Token next() {
    Token t = tokens.get(pos);
    if (t.kind != Kind.END) {
      pos++;
    }
    return t;
  }

  private void expect(Kind kind, String what) {
    Token t = next();
    if (t.kind != kind) {
      throw error(what + " was expected", t);
    }
  }

  private ScimException error(String what, Token at) {
    String where =
        at.kind == Kind.END
            ? "at the end"
            : "at position " + (at.offset + 1) + " ('" + at.text + "')";
    return ScimException.invalidFilter("Invalid filter: " + what + " " + where + ".");
  }

  private List<Token> tokenize(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        i++;
      } else if (c == '(') {
        out.add(new Token(Kind.LPAREN, "(", null, i++));
      } else if (c == ')') {
        out.add(new Token(Kind.RPAREN, ")", null, i++));
      } else if (c == '[') {
        out.add(new Token(Kind.LBRACKET, "[", null, i++));
      } else if (c == ']') {
        out.add(new Token(Kind.RBRACKET, "]", null, i++));
        if (forPath && i < n && s.charAt(i) == '.') {
          int start = ++i;
          while (i < n && isWordChar(s.charAt(i))) {
            i++;
          }
          String word = s.substring(start, i);
          if (!word.matches("[A-Za-z][A-Za-z0-9_$-]*")) {
            throw ScimException.invalidFilter(
                "Invalid filter: a sub-attribute was expected at position " + (start + 1) + ".");
          }
          out.add(new Token(Kind.DOT_WORD, word, null, start));
        }
      } else if (c == '"') {
        int start = i;
        StringBuilder b = new StringBuilder();
        i++;
        boolean closed = false;
        while (i < n) {
          char d = s.charAt(i++);
          if (d == '"') {
            closed = true;
            break;
          }
          if (d == '\\') {
            if (i >= n) {
              break;
            }
            char e = s.charAt(i++);
            switch (e) {
              case '"', '\\', '/' -> b.append(e);
              case 'b' -> b.append('\b');
              case 'f' -> b.append('\f');
              case 'n' -> b.append('\n');
              case 'r' -> b.append('\r');
              case 't' -> b.append('\t');
              case 'u' -> {
                if (i + 4 > n || !s.substring(i, i + 4).matches("[0-9A-Fa-f]{4}")) {
                  throw ScimException.invalidFilter(
                      "Invalid filter: a bad \\u escape at position " + i + ".");
                }
                b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                i += 4;
              }
              default ->
                  throw ScimException.invalidFilter(
                      "Invalid filter: an unknown escape \\" + e + " at position " + i + ".");
            }
          } else if (d < 0x20) {
            throw ScimException.invalidFilter(
                "Invalid filter: a control character inside a string at position " + i + ".");
          } else {
            b.append(d);
          }
        }
        if (!closed) {
          throw ScimException.invalidFilter(
              "Invalid filter: the string starting at position " + (start + 1) + " is not closed.");
        }
        out.add(new Token(Kind.STRING, s.substring(start, i), b.toString(), start));
      } else if (isWordChar(c)) {
        int start = i;
        while (i < n && isWordChar(s.charAt(i))) {
          i++;
        }
        out.add(new Token(Kind.WORD, s.substring(start, i), null, start));
      } else {
        throw ScimException.invalidFilter(
            "Invalid filter: unexpected character '" + c + "' at position " + (i + 1) + ".");
      }
    }
    out.add(new Token(Kind.END, "", null, n));
    out.add(new Token(Kind.END, "", null, n));
    return out;
  }

  /** Characters of attribute paths (with URNs), numbers, dates and bare words. */
  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c)
        || c == ':'
        || c == '.'
        || c == '_'
        || c == '-'
        || c == '+'
        || c == '$'
        || c == '@';
  }
}
