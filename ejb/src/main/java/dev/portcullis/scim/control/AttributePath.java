package dev.portcullis.scim.control;

import java.util.Locale;

/**
 * An attribute path (RFC 7644 §3.10): an optional schema URN, an attribute name and an optional
 * sub-attribute. Names compare case-insensitively (RFC 7643 §2.1), so they are kept in lower case.
 */
public record AttributePath(String urn, String name, String subAttribute) {

  /** Parses {@code [urn:...:]name[.sub]}; null when the text is not an attribute path. */
  public static AttributePath parse(String text) {
    String urn = null;
    String rest = text;
    if (text.regionMatches(true, 0, "urn:", 0, 4)) {
      int colon = text.lastIndexOf(':');
      urn = text.substring(0, colon).toLowerCase(Locale.ROOT);
      rest = text.substring(colon + 1);
    }
    String[] parts = rest.split("\\.", -1);
    if (parts.length > 2) {
      return null;
    }
    for (String p : parts) {
      if (!p.matches("[A-Za-z][A-Za-z0-9_$-]*")) {
        return null;
      }
    }
    return new AttributePath(
        urn,
        parts[0].toLowerCase(Locale.ROOT),
        parts.length == 2 ? parts[1].toLowerCase(Locale.ROOT) : null);
  }

  /** {@code name} or {@code name.sub}, without the URN. */
  public String dotted() {
    return subAttribute == null ? name : name + "." + subAttribute;
  }

  @Override
  public String toString() {
    return (urn == null ? "" : urn + ":") + dotted();
  }
}
