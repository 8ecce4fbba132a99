package dev.portcullis.sso.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdpAttributesTest {

  @Test
  void namesAsOktaSendsThem() {
    Map<String, List<String>> okta =
        Map.of("firstName", List.of("Ada"), "lastName", List.of("Lovelace"));
    assertEquals("Ada", IdpAttributes.firstName(okta));
    assertEquals("Lovelace", IdpAttributes.lastName(okta));
  }

  @Test
  void namesAsEntraSendsThem() {
    Map<String, List<String>> entra =
        Map.of(
            "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname", List.of("Grace"),
            "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname", List.of("Hopper"));
    assertEquals("Grace", IdpAttributes.firstName(entra));
    assertEquals("Hopper", IdpAttributes.lastName(entra));
  }

  @Test
  void namesAsOneLoginAndLdapSendThemAnyCase() {
    Map<String, List<String>> oneLogin =
        Map.of("user.firstname", List.of(" Alan "), "User.LastName", List.of("Turing"));
    assertEquals("Alan", IdpAttributes.firstName(oneLogin));
    assertEquals("Turing", IdpAttributes.lastName(oneLogin));
    Map<String, List<String>> ldap =
        Map.of("urn:oid:2.5.4.42", List.of("Edsger"), "urn:oid:2.5.4.4", List.of("Dijkstra"));
    assertEquals("Edsger", IdpAttributes.firstName(ldap));
    assertEquals("Dijkstra", IdpAttributes.lastName(ldap));
  }

  @Test
  void blankOrMissingNamesAreNull() {
    assertNull(IdpAttributes.firstName(Map.of("firstName", List.of("  "))));
    assertNull(IdpAttributes.lastName(Map.of()));
    assertNull(IdpAttributes.lastName(null));
  }

  @Test
  void groupsFromTheConfiguredAttributeOnly() {
    Map<String, List<String>> a =
        Map.of(
            "groups", List.of("Everyone"),
            "departments", List.of("Engineering", " Engineering", "", "Sales"));
    assertEquals(List.of("Engineering", "Sales"), IdpAttributes.groups(a, "departments"));
    assertEquals(List.of("Everyone"), IdpAttributes.groups(a, null));
    assertEquals(
        List.of("Admins"),
        IdpAttributes.groups(
            Map.of(
                "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups",
                List.of("Admins")),
            " "));
  }
}
