package it.scim;

import static it.scim.ScimOrg.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dns.BindServer;
import jakarta.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SCIM Groups (teams) with the request sequences Microsoft Entra and Okta send: create with and
 * without members, rename re-sent with each membership change, members added as a value array,
 * removed by value path and by value array, all removed; isolation between organizations.
 */
class ScimGroupsIT {

  static BindServer dns;
  static ScimOrg a;
  static ScimOrg b;

  @BeforeAll
  static void setUp() throws Exception {
    dns = BindServer.fromSystemProperty();
    dns.start();
    a = ScimOrg.create(dns);
    b = ScimOrg.create(dns);
  }

  @AfterAll
  static void stopDns() throws Exception {
    dns.close();
  }

  private static Set<String> members(JsonObject group) {
    Set<String> ids = new HashSet<>();
    if (group.containsKey("members")) {
      group.getJsonArray("members").forEach(m -> ids.add(m.asJsonObject().getString("value")));
    }
    return ids;
  }

  private static String patch(String ops) {
    return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":"
        + ops
        + "}";
  }

  @Test
  void entraSequence() throws Exception {
    String u1 = a.createUser(a.email("g1")).getString("id");
    String u2 = a.createUser(a.email("g2")).getString("id");
    ScimApi.Reply created =
        a.send(
            "POST",
            "/Groups",
            "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"externalId\":\"e-1\","
                + "\"displayName\":\"Eng\",\"members\":[{\"value\":\""
                + u1
                + "\",\"display\":\"VP\"}]}");
    assertEquals(201, created.status(), created.body());
    JsonObject g = created.json();
    String id = g.getString("id");
    assertEquals(Set.of(u1), members(g));
    assertTrue(created.header("Location").orElseThrow().endsWith("/scim/v2/Groups/" + id));

    ScimApi.Reply added =
        a.send(
            "PATCH",
            "/Groups/" + id,
            patch(
                "[{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Engineering\"},"
                    + "{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\""
                    + u2
                    + "\"}]}]"));
    assertEquals(200, added.status(), added.body());
    assertEquals("Engineering", added.json().getString("displayName"));
    assertEquals(Set.of(u1, u2), members(added.json()));

    JsonObject removed =
        a.send(
                "PATCH",
                "/Groups/" + id,
                patch("[{\"op\":\"Remove\",\"path\":\"members[value eq \\\"" + u1 + "\\\"]\"}]"))
            .json();
    assertEquals(Set.of(u2), members(removed));

    JsonObject oktaRemoved =
        a.send(
                "PATCH",
                "/Groups/" + id,
                patch(
                    "[{\"op\":\"remove\",\"path\":\"members\",\"value\":[{\"value\":\""
                        + u2
                        + "\"}]}]"))
            .json();
    assertEquals(Set.of(), members(oktaRemoved));

    ScimApi.Reply listed = a.get("/Groups?filter=" + q("displayName eq \"Engineering\""));
    assertEquals(1, listed.json().getInt("totalResults"), listed.body());
    ScimApi.Reply lean = a.get("/Groups/" + id + "?excludedAttributes=members");
    assertFalse(lean.json().containsKey("members"), lean.body());

    ScimApi.Reply put =
        a.send(
            "PUT",
            "/Groups/" + id,
            "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"id\":\""
                + id
                + "\",\"displayName\":\"putName\",\"members\":[{\"value\":\""
                + u1
                + "\"},{\"value\":\""
                + u2
                + "\"}]}");
    assertEquals(200, put.status(), put.body());
    assertEquals(Set.of(u1, u2), members(put.json()));
    JsonObject cleared =
        a.send("PATCH", "/Groups/" + id, patch("[{\"op\":\"remove\",\"path\":\"members\"}]"))
            .json();
    assertEquals(Set.of(), members(cleared));

    assertEquals(404, b.get("/Groups/" + id).status(), "other organizations never see it");
    assertEquals(
        0,
        b.get("/Groups?filter=" + q("displayName eq \"putName\"")).json().getInt("totalResults"));

    assertEquals(204, a.send("DELETE", "/Groups/" + id, null).status());
    assertEquals(404, a.get("/Groups/" + id).status());
  }

  @Test
  void duplicateNamesAndForeignMembersAreRefused() throws Exception {
    String name = "Dup " + System.nanoTime();
    assertEquals(201, a.send("POST", "/Groups", "{\"displayName\":\"" + name + "\"}").status());
    ScimApi.Reply dup = a.send("POST", "/Groups", "{\"displayName\":\"" + name + "\"}");
    assertEquals(409, dup.status(), dup.body());
    assertEquals("uniqueness", dup.json().getString("scimType"));

    String foreign = b.createUser(b.email("f")).getString("id");
    ScimApi.Reply r =
        a.send(
            "POST",
            "/Groups",
            "{\"displayName\":\"X" + name + "\",\"members\":[{\"value\":\"" + foreign + "\"}]}");
    assertEquals(400, r.status(), r.body());
  }
}
