package dev.portcullis.platform.control;

import dev.portcullis.platform.boundary.ServiceException;
import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Email addresses as Portcullis stores them: trimmed, lower case, the domain in ASCII (punycode).
 * Users are unique by this form, so {@code Ann@Acme.TEST} and {@code ann@acme.test} are one user.
 */
public final class EmailAddress {

  public static final int MAX_LENGTH = 320;

  // RFC 5321 §4.1.2 dot-atom local part, kept to the characters real mailboxes use.
  private static final Pattern LOCAL =
      Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  private EmailAddress() {}

  /** Returns the normalized address, or throws {@code invalid_email} naming the problem. */
  public static String normalize(String raw) {
    if (raw == null || raw.isBlank()) {
      throw ServiceException.invalid("invalid_email", "An email address is required.");
    }
    String value = raw.strip();
    if (value.length() > MAX_LENGTH) {
      throw ServiceException.invalid(
          "invalid_email", "The email address is longer than " + MAX_LENGTH + " characters.");
    }
    int at = value.lastIndexOf('@');
    if (at <= 0 || at == value.length() - 1 || value.indexOf('@') != at) {
      throw ServiceException.invalid(
          "invalid_email", "'" + value + "' is not an email address (expected name@domain).");
    }
    String local = value.substring(0, at).toLowerCase(Locale.ROOT);
    String domain;
    try {
      domain =
          IDN.toASCII(value.substring(at + 1), IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw ServiceException.invalid(
          "invalid_email", "The domain of '" + value + "' is not valid.");
    }
    if (local.length() > 64 || !LOCAL.matcher(local).matches()) {
      throw ServiceException.invalid(
          "invalid_email", "The part before '@' in '" + value + "' is not valid.");
    }
    if (domain.endsWith(".")) {
      domain = domain.substring(0, domain.length() - 1);
    }
    String[] labels = domain.split("\\.", -1);
    if (labels.length < 2) {
      throw ServiceException.invalid(
          "invalid_email", "The domain of '" + value + "' needs at least two labels.");
    }
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        throw ServiceException.invalid(
            "invalid_email", "The domain of '" + value + "' is not valid.");
      }
    }
    return local + "@" + domain;
  }

  /** The domain part of a normalized address. */
  public static String domainOf(String normalized) {
    return normalized.substring(normalized.lastIndexOf('@') + 1);
  }
}
