package dev.portcullis.sso.control;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What JIT provisioning reads from an assertion's attributes (PRODUCT §3, IdP Managed Access): the
 * first and last name under the names Okta, Microsoft Entra, Google Workspace and OneLogin send
 * them, and the IdP groups under the organization's configured attribute or the usual ones.
 * Attribute names compare without regard to case; the first non-blank value wins.
 */
public final class IdpAttributes {

  /** First name: our own, Okta's and Google's usual mapping, Entra's claim, OneLogin's, LDAP's. */
  static final List<String> FIRST_NAME =
      List.of(
          "firstName",
          "first_name",
          "givenName",
          "given_name",
          "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
          "User.FirstName",
          "urn:oid:2.5.4.42");

  static final List<String> LAST_NAME =
      List.of(
          "lastName",
          "last_name",
          "surname",
          "familyName",
          "family_name",
          "sn",
          "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
          "User.LastName",
          "urn:oid:2.5.4.4");

  /** Where IdPs put group names when no attribute is configured: Okta, Entra, Google, OneLogin. */
  static final List<String> GROUPS =
      List.of(
          "groups",
          "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups",
          "memberOf",
          "member_of",
          "Role",
          "urn:oid:1.3.6.1.4.1.5923.1.5.1.1");

  private IdpAttributes() {}

  public static String firstName(Map<String, List<String>> attributes) {
    return first(attributes, FIRST_NAME);
  }

  public static String lastName(Map<String, List<String>> attributes) {
    return first(attributes, LAST_NAME);
  }

  /**
   * The group names the assertion carries: under {@code configured} when the organization named an
   * attribute, else under the usual names. Blank values dropped, duplicates once, order kept.
   */
  public static List<String> groups(Map<String, List<String>> attributes, String configured) {
    List<String> names =
        configured == null || configured.isBlank() ? GROUPS : List.of(configured.strip());
    Set<String> out = new LinkedHashSet<>();
    for (String name : names) {
      for (String v : values(attributes, name)) {
        if (v != null && !v.isBlank()) {
          out.add(v.strip());
        }
      }
    }
    return new ArrayList<>(out);
  }

  private static String first(Map<String, List<String>> attributes, List<String> names) {
    for (String name : names) {
      for (String v : values(attributes, name)) {
        if (v != null && !v.isBlank()) {
          return v.strip();
        }
      }
    }
    return null;
  }

  private static List<String> values(Map<String, List<String>> attributes, String name) {
    if (attributes == null) {
      return List.of();
    }
    String wanted = name.toLowerCase(Locale.ROOT);
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : attributes.entrySet()) {
      if (e.getKey() != null && e.getKey().toLowerCase(Locale.ROOT).equals(wanted)) {
        out.addAll(e.getValue());
      }
    }
    return out;
  }
}
