package it.scim;

import static it.scim.ScimOrg.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dns.BindServer;
import it.sso.SsoApi;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SCIM Users against the running server, by the sections of RFC 7644: create (§3.3), read (§3.4.1),
 * list and filter (§3.4.2), replace (§3.5.1), modify (§3.5.2), delete (§3.6), versions (§3.14),
 * errors (§3.12); plus scope, isolation between organizations and deprovisioning.
 */
class ScimUsersIT {

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

  private static void assertError(ScimApi.Reply r, int status, String scimType) {
    assertEquals(status, r.status(), r.body());
    JsonObject e = r.json();
    assertEquals(ScimApi.ERROR_SCHEMA, e.getJsonArray("schemas").getString(0));
    assertEquals(Integer.toString(status), e.getString("status"));
    if (scimType != null) {
      assertEquals(scimType, e.getString("scimType"), r.body());
    }
    assertFalse(r.body().contains("Exception"), "no class names: " + r.body());
  }

  // §3.3
  @Test
  void anAddressThatIsAnotherMembersUserNameCannotJoinAsAMemberOfItsOwn() throws Exception {
    String taken = a.email("taken");
    String login = a.email("robert");
    JsonObject user =
        Json.createObjectBuilder(ScimOrg.user(taken))
            .add(
                "emails",
                Json.createArrayBuilder()
                    .add(
                        Json.createObjectBuilder()
                            .add("value", login)
                            .add("type", "work")
                            .add("primary", true)))
            .build();
    ScimApi.Reply created = a.send("POST", "/Users", user.toString());
    assertEquals(201, created.status(), created.body());

    // Someone signs up with the address that is the SCIM user's userName; the Owner adds them.
    SsoApi.Reply signup =
        SsoApi.json(
            "POST",
            "/api/v1/signup",
            null,
            Json.createObjectBuilder()
                .add("email", taken)
                .add("password", "taken-password-" + taken.hashCode())
                .add("firstName", "Taken")
                .add("lastName", "Address")
                .build());
    assertEquals(201, signup.status(), signup.body());
    SsoApi.Reply added =
        SsoApi.json(
            "POST",
            "/api/v1/organizations/" + a.org.id() + "/members",
            a.org.token(),
            Json.createObjectBuilder().add("email", taken).add("role", "MEMBER").build());

    assertEquals(409, added.status(), added.body());
    assertEquals("user_name_taken", added.error());
    assertTrue(added.message().contains(taken), added.message());
    assertEquals(
        1,
        a.get("/Users?filter=" + q("userName eq \"" + taken + "\"")).json().getInt("totalResults"),
        "still only the SCIM user");
  }

  @Test
  void createAnswers201WithTheFullResourceItsLocationAndVersion() throws Exception {
    String email = a.email("Create");
    JsonObject body =
        Json.createObjectBuilder(ScimOrg.user(email))
            .add("externalId", "ext-1")
            .add("displayName", "Ann Lee")
            .add("title", "Engineer")
            .add(
                "emails",
                Json.createArrayBuilder()
                    .add(
                        Json.createObjectBuilder()
                            .add("value", email)
                            .add("type", "work")
                            .add("primary", true)))
            .add(
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                Json.createObjectBuilder().add("department", "R&D").add("employeeNumber", "7"))
            .add("addresses", Json.createArrayBuilder().add(Json.createObjectBuilder().add("x", 1)))
            .build();
    ScimApi.Reply r = a.send("POST", "/Users", body.toString());
    assertEquals(201, r.status(), r.body());
    assertTrue(r.contentType().startsWith(ScimApi.SCIM_JSON), r.contentType());
    JsonObject u = r.json();
    String id = u.getString("id");
    assertEquals(email, u.getString("userName"));
    assertEquals("ext-1", u.getString("externalId"));
    assertEquals("Ann", u.getJsonObject("name").getString("givenName"));
    assertTrue(u.getBoolean("active"));
    assertEquals(
        "R&D",
        u.getJsonObject("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
            .getString("department"));
    assertEquals(r.header("Location").orElseThrow(), u.getJsonObject("meta").getString("location"));
    assertTrue(r.header("Location").orElseThrow().endsWith("/scim/v2/Users/" + id));
    assertEquals(u.getJsonObject("meta").getString("version"), r.header("ETag").orElseThrow());

    ScimApi.Reply got = a.get("/Users/" + id);
    assertEquals(200, got.status(), got.body());
    assertEquals(u, got.json(), "GET answers what the create answered");
  }

  @Test
  void userNamesAreUniqueWithoutRegardToCase() throws Exception {
    String email = a.email("dup");
    a.createUser(email);
    assertError(
        a.send("POST", "/Users", ScimOrg.user(email.toUpperCase()).toString()), 409, "uniqueness");
  }

  @Test
  void twoConcurrentCreatesOfOneUserNameGiveOne201AndOne409() throws Exception {
    String email = a.email("race");
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> replies = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        replies.add(
            threads.submit(
                () -> {
                  start.await();
                  return a.send("POST", "/Users", ScimOrg.user(email).toString()).status();
                }));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : replies) {
        statuses.add(f.get(2, TimeUnit.MINUTES));
      }
      statuses.sort(null);
      assertEquals(List.of(201, 409), statuses);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void usersOutsideTheVerifiedDomainsAreRefusedWithTheReason() throws Exception {
    ScimApi.Reply r = a.send("POST", "/Users", ScimOrg.user("eve@unverified.test").toString());
    assertError(r, 400, "invalidValue");
    assertTrue(r.json().getString("detail").contains("unverified.test"), r.body());
    assertError(a.send("POST", "/Users", ScimOrg.user(b.email("x")).toString()), 400, null);
  }

  @Test
  void badBodiesAreRefusedCleanly() throws Exception {
    assertError(a.send("POST", "/Users", "{\"userName\": tre"), 400, "invalidSyntax");
    assertError(a.send("POST", "/Users", "[1]"), 400, "invalidSyntax");
    assertError(a.send("POST", "/Users", "{\"active\":true}"), 400, "invalidValue");
    String huge =
        "{\"userName\":\"" + a.email("big") + "\",\"x\":\"" + "y".repeat(1_100_000) + "\"}";
    ScimApi.Reply r = a.send("POST", "/Users", huge);
    assertTrue(r.status() == 413 || r.status() == 400, r.status() + " " + r.body());
    assertError(
        a.send("POST", "/Users", "{\"userName\":\"" + a.email("t") + "\",\"active\":\"yes\"}"),
        400,
        "invalidValue");
  }

  // §3.4.1
  @Test
  void unknownIdsAre404() throws Exception {
    assertError(a.get("/Users/00000000-0000-0000-0000-000000000000"), 404, null);
    assertError(a.get("/Users/not-an-id"), 404, null);
  }

  // §3.4.2.2
  @Test
  void filtersMatchCaseInsensitivelyAndNoMatchIsAnEmptyList() throws Exception {
    String email = a.email("Filter");
    JsonObject u = a.createUser(email);
    ScimApi.Reply r = a.get("/Users?filter=" + q("userName eq \"" + email.toUpperCase() + "\""));
    assertEquals(200, r.status(), r.body());
    assertEquals(1, r.json().getInt("totalResults"));
    assertEquals(
        u.getString("id"), r.json().getJsonArray("Resources").getJsonObject(0).getString("id"));

    ScimApi.Reply none = a.get("/Users?filter=" + q("userName eq \"nobody@" + a.domain + "\""));
    assertEquals(200, none.status(), none.body());
    assertEquals(0, none.json().getInt("totalResults"));
    assertEquals(0, none.json().getJsonArray("Resources").size());

    ScimApi.Reply complex =
        a.get(
            "/Users?filter="
                + q(
                    "(emails[type eq \"work\" and value eq \""
                        + email
                        + "\"] or externalId eq \"none\") and active eq true and not (userName"
                        + " eq \"x\")"));
    assertEquals(1, complex.json().getInt("totalResults"), complex.body());
  }

  @Test
  void invalidAndUnfilterableFiltersAre400InvalidFilter() throws Exception {
    assertError(a.get("/Users?filter=" + q("userName eq")), 400, "invalidFilter");
    assertError(a.get("/Users?filter=" + q("userName xx \"a\"")), 400, "invalidFilter");
    ScimApi.Reply r = a.get("/Users?filter=" + q("nickName eq \"a\""));
    assertError(r, 400, "invalidFilter");
    assertTrue(r.json().getString("detail").contains("userName"), r.body());
  }

  @Test
  void indexPagingIsStableAndCursorPagingNeverSkipsOrRepeatsUnderInserts() throws Exception {
    ScimOrg c = ScimOrg.create(dns);
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      created.add(c.createUser(c.email("p" + i)).getString("id"));
    }
    // The Owner who created the organization is in the domain? No: only these 7 users are listed.
    ScimApi.Reply page1 = c.get("/Users?startIndex=1&count=3");
    ScimApi.Reply page3 = c.get("/Users?startIndex=7&count=3");
    assertEquals(7, page1.json().getInt("totalResults"), page1.body());
    assertEquals(3, page1.json().getInt("itemsPerPage"));
    assertEquals(1, page3.json().getJsonArray("Resources").size());

    List<String> seen = new ArrayList<>();
    String cursor = "";
    int pages = 0;
    do {
      ScimApi.Reply r = c.get("/Users?count=3&cursor=" + q(cursor));
      assertEquals(200, r.status(), r.body());
      // every page of one listing answers the total counted for its first page, inserts or not
      assertEquals(7, r.json().getInt("totalResults"), r.body());
      r.json().getJsonArray("Resources").forEach(x -> seen.add(x.asJsonObject().getString("id")));
      c.createUser(c.email("during" + pages)); // a concurrent insert between pages
      cursor = r.json().containsKey("nextCursor") ? r.json().getString("nextCursor") : null;
      pages++;
    } while (cursor != null && pages < 50);
    assertEquals(seen.size(), new HashSet<>(seen).size(), "nothing repeated: " + seen);
    assertTrue(seen.containsAll(created), "nothing skipped");
    assertError(c.get("/Users?cursor=bogus"), 400, "invalidValue");
  }

  @Test
  void sortByUserNameDescending() throws Exception {
    ScimOrg c = ScimOrg.create(dns);
    c.createUser("b-" + c.email("s"));
    c.createUser("a-" + c.email("s"));
    c.createUser("c-" + c.email("s"));
    ScimApi.Reply r = c.get("/Users?sortBy=userName&sortOrder=descending");
    List<String> names = new ArrayList<>();
    r.json()
        .getJsonArray("Resources")
        .forEach(x -> names.add(x.asJsonObject().getString("userName")));
    assertEquals(3, names.size(), r.body());
    assertTrue(names.get(0).startsWith("c-") && names.get(2).startsWith("a-"), names.toString());
  }

  // §3.4.2.5
  @Test
  void attributesAndExcludedAttributes() throws Exception {
    String id = a.createUser(a.email("attr")).getString("id");
    JsonObject only = a.get("/Users/" + id + "?attributes=userName,name.givenName").json();
    assertEquals(Set.of("schemas", "id", "userName", "name"), only.keySet());
    assertEquals(Set.of("givenName"), only.getJsonObject("name").keySet());
    JsonObject without = a.get("/Users/" + id + "?excludedAttributes=emails,name").json();
    assertFalse(without.containsKey("emails"));
    assertTrue(without.containsKey("userName"));
    JsonObject listed =
        a.get("/Users?attributes=emails&filter=" + q("id eq \"" + id + "\"")).json();
    assertEquals(
        Set.of("schemas", "id", "emails"),
        listed.getJsonArray("Resources").getJsonObject(0).keySet());
  }

  // §3.5.1
  @Test
  void putReplacesAndWithoutActiveLeavesItAsItIs() throws Exception {
    String email = a.email("put");
    JsonObject u = a.createUser(email);
    String id = u.getString("id");
    JsonObject deactivate =
        Json.createObjectBuilder(ScimOrg.user(email)).add("active", false).build();
    assertEquals(200, a.send("PUT", "/Users/" + id, deactivate.toString()).status());
    JsonObject noActive =
        Json.createObjectBuilder(ScimOrg.user(email))
            .remove("active")
            .add("displayName", "Renamed")
            .add("name", Json.createObjectBuilder().add("givenName", "Anna"))
            .build();
    ScimApi.Reply r = a.send("PUT", "/Users/" + id, noActive.toString());
    assertEquals(200, r.status(), r.body());
    assertFalse(r.json().getBoolean("active"), "still inactive: " + r.body());
    assertEquals("Renamed", r.json().getString("displayName"));
    assertFalse(r.json().getJsonObject("name").containsKey("familyName"), "PUT replaces");
    ScimApi.Reply listed = a.get("/Users?filter=" + q("id eq \"" + id + "\""));
    assertEquals(1, listed.json().getInt("totalResults"), "inactive users are still listed");
  }

  // §3.5.2, the shapes Entra and Okta send
  @Test
  void patchInTheShapesEntraAndOktaSend() throws Exception {
    String email = a.email("patch");
    String id = a.createUser(email).getString("id");
    String entra =
        "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":["
            + "{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Ann L\"},"
            + "{\"op\":\"Add\",\"path\":\"title\",\"value\":\"CTO\"},"
            + "{\"op\":\"Replace\",\"path\":\"name.familyName\",\"value\":\"Li\"},"
            + "{\"op\":\"Add\",\"path\":\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department\",\"value\":\"Ops\"},"
            + "{\"op\":\"Replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\""
            + email
            + "\"}]}";
    ScimApi.Reply r = a.send("PATCH", "/Users/" + id, entra);
    assertEquals(200, r.status(), r.body());
    JsonObject u = r.json();
    assertEquals("Ann L", u.getString("displayName"));
    assertEquals("CTO", u.getString("title"));
    assertEquals("Li", u.getJsonObject("name").getString("familyName"));
    assertEquals(
        "Ops",
        u.getJsonObject("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
            .getString("department"));

    String okta =
        "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":["
            + "{\"op\":\"replace\",\"value\":{\"active\":false,\"name.givenName\":\"Annie\","
            + "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber\":\"9\"}}]}";
    JsonObject after = a.send("PATCH", "/Users/" + id, okta).json();
    assertFalse(after.getBoolean("active"), after.toString());
    assertEquals("Annie", after.getJsonObject("name").getString("givenName"));

    String entraActive =
        "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":["
            + "{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"True\"}]}";
    assertTrue(a.send("PATCH", "/Users/" + id, entraActive).json().getBoolean("active"));
  }

  @Test
  void aPatchFailingMidwayChangesNothing() throws Exception {
    String email = a.email("atomic");
    JsonObject before = a.createUser(email);
    String id = before.getString("id");
    String ops =
        "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":["
            + "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Half\"},"
            + "{\"op\":\"replace\",\"path\":\"active\",\"value\":\"perhaps\"}]}";
    assertError(a.send("PATCH", "/Users/" + id, ops), 400, "invalidValue");
    assertEquals(before, a.get("/Users/" + id).json());
  }

  // §3.14
  @Test
  void ifMatchWithAStaleVersionIs412() throws Exception {
    String email = a.email("etag");
    JsonObject u = a.createUser(email);
    String id = u.getString("id");
    String v1 = u.getJsonObject("meta").getString("version");
    String rename =
        "{\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"One\"}]}";
    ScimApi.Reply ok = a.send("PATCH", "/Users/" + id, rename, "If-Match", v1);
    assertEquals(200, ok.status(), ok.body());
    assertNotEquals(v1, ok.json().getJsonObject("meta").getString("version"));
    assertError(a.send("PATCH", "/Users/" + id, rename, "If-Match", v1), 412, null);
    assertError(a.send("DELETE", "/Users/" + id, null, "If-Match", v1), 412, null);
  }

  // §3.6
  @Test
  void deleteRemovesTheMembership() throws Exception {
    String id = a.createUser(a.email("del")).getString("id");
    assertEquals(204, a.send("DELETE", "/Users/" + id, null).status());
    assertError(a.get("/Users/" + id), 404, null);
    assertError(a.send("DELETE", "/Users/" + id, null), 404, null);
  }

  @Test
  void oneOrganizationsTokenNeverReachesAnothersUsers() throws Exception {
    String email = a.email("iso");
    String id = a.createUser(email).getString("id");
    assertError(b.get("/Users/" + id), 404, null);
    assertError(
        b.send(
            "PATCH", "/Users/" + id, "{\"Operations\":[{\"op\":\"remove\",\"path\":\"title\"}]}"),
        404,
        null);
    assertError(b.send("DELETE", "/Users/" + id, null), 404, null);
    ScimApi.Reply listed = b.get("/Users?filter=" + q("userName eq \"" + email + "\""));
    assertEquals(0, listed.json().getInt("totalResults"));
    ScimApi.Reply all = b.get("/Users?count=200");
    all.json()
        .getJsonArray("Resources")
        .forEach(x -> assertTrue(x.asJsonObject().getString("userName").endsWith(b.domain)));
    assertEquals(200, a.get("/Users/" + id).status(), "still there for its own organization");
  }

  @Test
  void deactivationEndsThePersonalAccessTokenAtOnce() throws Exception {
    String email = a.email("pat");
    String pat = SsoApi.member(a.org, "MEMBER", email);
    String orgPath = "/api/v1/organizations/" + a.org.id();
    assertEquals(200, SsoApi.send("GET", orgPath, pat, null, null).status(), "the token works");
    ScimApi.Reply found = a.get("/Users?filter=" + q("userName eq \"" + email + "\""));
    String id = found.json().getJsonArray("Resources").getJsonObject(0).getString("id");
    ScimApi.Reply r =
        a.send(
            "PATCH",
            "/Users/" + id,
            "{\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]}");
    assertEquals(200, r.status(), r.body());
    assertEquals(401, SsoApi.send("GET", orgPath, pat, null, null).status(), "the token is over");
    String audit =
        SsoApi.send("GET", orgPath + "/audit?format=json", a.org.token(), null, null).body();
    assertTrue(audit.contains("provisioning.user.deactivated"), audit);
    assertTrue(audit.contains("scim-token:"), "the SCIM token is the actor");
    assertFalse(audit.contains(a.token), "never the token itself");
    assertTrue(r.json().getJsonArray("emails").getJsonObject(0).get("value") instanceof JsonString);
  }

  /** The steps of Okta's SCIM 2.0 SPEC Test (shared/conformance), in its order. */
  @Test
  void oktaSpecTestSequence() throws Exception {
    ScimOrg o = ScimOrg.create(dns);
    o.createUser(o.email("first"));
    JsonObject page = o.get("/Users?count=1&startIndex=1").json();
    assertEquals(
        "urn:ietf:params:scim:api:messages:2.0:ListResponse",
        page.getJsonArray("schemas").getString(0));
    JsonObject first = page.getJsonArray("Resources").getJsonObject(0);
    assertFalse(first.getJsonObject("name").getString("familyName").isEmpty());
    assertFalse(first.getJsonArray("emails").getJsonObject(0).getString("value").isEmpty());
    assertTrue(first.containsKey("active"));
    assertEquals(1, page.getInt("itemsPerPage"));

    String userName = o.email("okta");
    String email = o.email("mail");
    assertEquals(
        0,
        o.get("/Users?filter=" + q("userName eq \"" + email + "\"")).json().getInt("totalResults"));
    ScimApi.Reply missing = o.get("/Users/00919288221112222");
    assertError(missing, 404, null);
    assertFalse(missing.json().getString("detail").isEmpty());

    String body =
        "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\""
            + userName
            + "\",\"name\":{\"givenName\":\"Gina\",\"familyName\":\"Okta\"},"
            + "\"emails\":[{\"primary\":true,\"value\":\""
            + email
            + "\",\"type\":\"work\"}],\"displayName\":\"Gina Okta\",\"active\":true}";
    ScimApi.Reply created = o.send("POST", "/Users", body);
    assertEquals(201, created.status(), created.body());
    assertEquals(userName, created.json().getString("userName"));
    assertEquals(email, created.json().getJsonArray("emails").getJsonObject(0).getString("value"));
    String id = created.json().getString("id");
    assertEquals("Gina", o.get("/Users/" + id).json().getJsonObject("name").getString("givenName"));
    assertError(o.send("POST", "/Users", body), 409, "uniqueness");
    ScimApi.Reply caps =
        o.get("/Users?filter=" + q("userName eq \"" + userName.toUpperCase() + "\""));
    assertEquals(200, caps.status());
    assertEquals(1, caps.json().getInt("totalResults"));
    assertEquals(200, o.get("/Groups").status());
    assertError(ScimApi.scim("GET", "/Users", "pcs_scim_wrong"), 401, null);
  }
}
