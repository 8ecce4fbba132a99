package dev.portcullis.scim.control;

/** A parsed SCIM filter (RFC 7644 §3.4.2.2). */
public sealed interface Filter {

  /** The comparison operators of RFC 7644 §3.4.2.2, Table 3. */
  enum Operator {
    EQ,
    NE,
    CO,
    SW,
    EW,
    PR,
    GT,
    GE,
    LT,
    LE
  }

  /**
   * {@code attrPath op value}; the value is a String, Boolean, java.math.BigDecimal or null ({@code
   * pr} has none).
   */
  record Comparison(AttributePath path, Operator operator, Object value) implements Filter {}

  record And(Filter left, Filter right) implements Filter {}

  record Or(Filter left, Filter right) implements Filter {}

  record Not(Filter filter) implements Filter {}

  /** {@code attr[filter]}: some value of the multi-valued attribute matches the inner filter. */
  record ValuePath(AttributePath attribute, Filter filter) implements Filter {}
}
