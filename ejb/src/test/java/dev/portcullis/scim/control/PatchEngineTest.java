package dev.portcullis.scim.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portcullis.provisioning.boundary.ProvisioningService.UserProfile;
import dev.portcullis.scim.boundary.ScimException;
import jakarta.json.Json;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 7644 §3.5.2 with the request shapes Okta and Microsoft Entra send. */
class PatchEngineTest {

  private static final String ENTERPRISE = ScimJson.ENTERPRISE_SCHEMA;

  private final PatchEngine users = new PatchEngine(UserRepresentation.EXTENSIONS);

  private static Map<String, Object> json(String text) {
    return ScimJson.toTree(Json.createReader(new StringReader(text)).readObject());
  }

  private static Map<String, Object> user() {
    return json(
        """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"1","userName":"ann@x.org",
         "name":{"givenName":"Ann","familyName":"Lee"},"active":true,
         "emails":[{"value":"ann@x.org","type":"work","primary":true}]}
        """);
  }

  private Map<String, Object> patch(Map<String, Object> resource, String ops) {
    return users.apply(
        resource,
        json(
            "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":"
                + ops
                + "}"));
  }

  @Test
  void entraDeactivatesWithCapitalisedOpAndStringBoolean() {
    Map<String, Object> r =
        patch(user(), "[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]");
    UserProfile p = UserRepresentation.profile(r);
    assertFalse(p.active());
  }

  @Test
  void oktaPathlessReplaceOfActive() {
    Map<String, Object> r = patch(user(), "[{\"op\":\"replace\",\"value\":{\"active\":false}}]");
    assertFalse(UserRepresentation.profile(r).active());
  }

  @Test
  void pathlessReplaceWithDottedAndUrnKeys() {
    Map<String, Object> r =
        patch(
            user(),
            "[{\"op\":\"Replace\",\"value\":{\"name.givenName\":\"Anna\",\"displayName\":\"A L\","
                + "\""
                + ENTERPRISE
                + ":department\":\"R&D\",\""
                + ENTERPRISE
                + ":manager\":{\"value\":\"42\"}}}]");
    UserProfile p = UserRepresentation.profile(r);
    assertEquals("Anna", p.givenName());
    assertEquals("Lee", p.familyName());
    assertEquals("A L", p.displayName());
    assertEquals("{\"department\":\"R&D\",\"manager\":{\"value\":\"42\"}}", p.enterprise());
  }

  @Test
  void addOnASingleValuedAttributeReplacesIt() {
    Map<String, Object> r =
        patch(
            user(),
            "[{\"op\":\"Add\",\"path\":\"title\",\"value\":\"CTO\"},"
                + "{\"op\":\"add\",\"path\":\"name.familyName\",\"value\":\"Li\"}]");
    assertEquals("CTO", UserRepresentation.profile(r).title());
    assertEquals("Li", UserRepresentation.profile(r).familyName());
  }

  @Test
  void valuePathWithSubAttributeReplacesTheWorkEmail() {
    Map<String, Object> r =
        patch(
            user(),
            "[{\"op\":\"replace\",\"path\":\"emails[type eq \\\"work\\\"].value\","
                + "\"value\":\"ann.lee@x.org\"}]");
    assertEquals("ann.lee@x.org", UserRepresentation.profile(r).email());
  }

  @Test
  void valuePathWithoutMatchAddsTheValueAsEntraExpects() {
    Map<String, Object> u = user();
    u.remove("emails");
    Map<String, Object> r =
        patch(
            u,
            "[{\"op\":\"replace\",\"path\":\"emails[type eq \\\"work\\\"].value\","
                + "\"value\":\"new@x.org\"}]");
    assertEquals("new@x.org", UserRepresentation.profile(r).email());
  }

  @Test
  void urnPathIntoTheExtension() {
    Map<String, Object> r =
        patch(
            user(),
            "[{\"op\":\"add\",\"path\":\"" + ENTERPRISE + ":employeeNumber\",\"value\":\"7\"}]");
    assertEquals("{\"employeeNumber\":\"7\"}", UserRepresentation.profile(r).enterprise());
  }

  @Test
  void removeOfAnAttribute() {
    Map<String, Object> r = patch(user(), "[{\"op\":\"remove\",\"path\":\"name.givenName\"}]");
    assertNull(UserRepresentation.profile(r).givenName());
  }

  private static Map<String, Object> group() {
    return json(
        """
        {"id":"g","displayName":"Eng","members":[{"value":"a"},{"value":"b"},{"value":"c"}]}
        """);
  }

  private static List<String> members(Map<String, Object> g) {
    var ids = GroupRepresentation.memberIds(g);
    return ids == null ? List.of() : List.copyOf(ids);
  }

  private final PatchEngine groups = new PatchEngine(java.util.Set.of());

  private Map<String, Object> patchGroup(String ops) {
    return groups.apply(group(), json("{\"Operations\":" + ops + "}"));
  }

  @Test
  void memberRemovalByValuePathAsEntraSendsIt() {
    assertEquals(
        List.of("a", "c"),
        members(patchGroup("[{\"op\":\"Remove\",\"path\":\"members[value eq \\\"b\\\"]\"}]")));
  }

  @Test
  void memberRemovalByValueArrayAsOktaSendsIt() {
    assertEquals(
        List.of("b"),
        members(
            patchGroup(
                "[{\"op\":\"remove\",\"path\":\"members\",\"value\":[{\"value\":\"a\"},"
                    + "{\"value\":\"c\"}]}]")));
  }

  @Test
  void removingAMemberTwiceSucceeds() {
    assertEquals(
        List.of("a", "b", "c"),
        members(patchGroup("[{\"op\":\"remove\",\"path\":\"members[value eq \\\"zz\\\"]\"}]")));
  }

  @Test
  void addMembersWithoutDuplicatesAndRenameInOneRequest() {
    Map<String, Object> g =
        patchGroup(
            "[{\"op\":\"replace\",\"value\":{\"id\":\"g\",\"displayName\":\"Engineering\"}},"
                + "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"c\"},"
                + "{\"value\":\"d\"}]}]");
    assertEquals(List.of("a", "b", "c", "d"), members(g));
    assertEquals("Engineering", GroupRepresentation.displayName(g));
  }

  @Test
  void removeAllMembers() {
    assertEquals(List.of(), members(patchGroup("[{\"op\":\"remove\",\"path\":\"members\"}]")));
  }

  @Test
  void aFailingOperationLeavesTheResourceAsItWas() {
    Map<String, Object> before = group();
    assertThrows(
        ScimException.class,
        () ->
            groups.apply(
                before,
                json(
                    "{\"Operations\":[{\"op\":\"remove\",\"path\":\"members[value eq \\\"a\\\"]\"},"
                        + "{\"op\":\"explode\",\"path\":\"displayName\"}]}")));
    assertEquals(List.of("a", "b", "c"), members(before));
  }

  @Test
  void badRequestsAreRefusedWithTheirScimType() {
    assertEquals(
        "invalidSyntax",
        assertThrows(ScimException.class, () -> groups.apply(group(), json("{}"))).scimType());
    assertEquals(
        "noTarget",
        assertThrows(ScimException.class, () -> patchGroup("[{\"op\":\"remove\"}]")).scimType());
    assertEquals(
        "invalidPath",
        assertThrows(
                ScimException.class,
                () -> patchGroup("[{\"op\":\"add\",\"path\":\"members[\",\"value\":1}]"))
            .scimType());
    assertEquals(
        "invalidValue",
        assertThrows(
                ScimException.class,
                () ->
                    UserRepresentation.profile(
                        patch(
                            user(),
                            "[{\"op\":\"replace\",\"path\":\"active\",\"value\":\"maybe\"}]")))
            .scimType(),
        "the value is checked when the result is read");
  }
}
