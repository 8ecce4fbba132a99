package dev.portcullis.org.control;

import dev.portcullis.platform.boundary.ServiceException;

/** Validation of the free-text names people type: organizations, projects, teams, persons. */
public final class Names {

  private Names() {}

  /** Trimmed, non-empty, at most {@code max} characters, no control characters. */
  public static String require(String field, String value, int max) {
    if (value == null || value.isBlank()) {
      throw ServiceException.invalid("invalid_field", "'" + field + "' is required.");
    }
    return check(field, value.strip(), max);
  }

  /** As {@link #require}, but null or blank gives null. */
  public static String optional(String field, String value, int max) {
    if (value == null || value.isBlank()) {
      return null;
    }
    return check(field, value.strip(), max);
  }

  private static String check(String field, String value, int max) {
    if (value.length() > max) {
      throw ServiceException.invalid(
          "invalid_field", "'" + field + "' must have at most " + max + " characters.");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw ServiceException.invalid(
          "invalid_field", "'" + field + "' must not contain control characters.");
    }
    return value;
  }
}
