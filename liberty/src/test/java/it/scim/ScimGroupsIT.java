package it.scim;

import static it.scim.ScimOrg.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dns.BindServer;
import it.sso.SsoApi;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SCIM Groups (teams) with the request sequences Microsoft Entra and Okta send: create with and
 * without members, rename re-sent with each membership change, members added as a value array,
 * removed by value path and by value array, all removed; isolation between organizations; and
 * groups to roles (PRODUCT §6): a Group whose team carries the Admin role makes its members Admins
 * for as long as they are in it.
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

  /**
   * IdPs push a group's members in parallel, one PATCH each. Every PATCH answers as if it came
   * alone (no 5xx from two writes of one team racing), and the group ends with every member, with a
   * team that carries the Admin role too.
   */
  @Test
  void parallelMemberPatchesOfOneGroupAllSucceed() throws Exception {
    for (String role : new String[] {null, "ADMIN"}) {
      String tag = UUID.randomUUID().toString().substring(0, 6);
      String group = newGroup("Parallel " + tag);
      if (role != null) {
        SsoApi.Reply made = setTeamRole(a, group, role);
        assertEquals(200, made.status(), made.body());
      }
      List<String> users = new ArrayList<>();
      List<Callable<ScimApi.Reply>> patches = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        String u = a.createUser(a.email("par" + i + "-" + tag)).getString("id");
        users.add(u);
        patches.add(() -> a.send("PATCH", "/Groups/" + group, members("add", u)));
      }
      for (ScimApi.Reply r : atOnce(patches)) {
        assertTrue(
            r.status() == 200 || r.status() == 204, role + ": " + r.status() + " " + r.body());
      }
      ScimApi.Reply after = a.get("/Groups/" + group);
      assertEquals(Set.copyOf(users), members(after.json()), role + ": every member is in");
    }
  }

  /**
   * A User's PATCH and a PATCH of an Admin group adding or removing that user, sent at the same
   * instant, both change the user's membership (its profile; its role through the team): whichever
   * loses the race is run again by the server, so both answer as if they came alone.
   */
  @Test
  void aUsersPatchRacingItsAdminGroupsPatchBothSucceed() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 6);
    String user = a.createUser(a.email("racer-" + tag)).getString("id");
    String group = newGroup("Racers " + tag);
    assertEquals(200, setTeamRole(a, group, "ADMIN").status());
    for (int round = 0; round < 12; round++) {
      String op = round % 2 == 0 ? "add" : "remove";
      String name = "Round" + round;
      List<ScimApi.Reply> replies =
          atOnce(
              List.of(
                  () ->
                      a.send(
                          "PATCH",
                          "/Users/" + user,
                          patch(
                              "[{\"op\":\"replace\",\"path\":\"name.givenName\",\"value\":\""
                                  + name
                                  + "\"}]")),
                  () -> a.send("PATCH", "/Groups/" + group, members(op, user))));
      for (ScimApi.Reply r : replies) {
        assertTrue(
            r.status() == 200 || r.status() == 204,
            "round " + round + ": " + r.status() + " " + r.body());
      }
      JsonObject u = a.get("/Users/" + user).json();
      assertEquals(name, u.getJsonObject("name").getString("givenName"), "round " + round);
      assertEquals(
          op.equals("add") ? Set.of(user) : Set.of(),
          members(a.get("/Groups/" + group).json()),
          "round " + round);
    }
  }

  /** POST /Groups of an empty group named {@code displayName}; its id. */
  private static String newGroup(String displayName) throws Exception {
    ScimApi.Reply created =
        a.send(
            "POST",
            "/Groups",
            "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\""
                + displayName
                + "\"}");
    assertEquals(201, created.status(), created.body());
    return created.json().getString("id");
  }

  /** A PatchOp that adds ({@code op} "add") or removes ("remove") the member {@code user}. */
  private static String members(String op, String user) {
    return patch(
        "[{\"op\":\"" + op + "\",\"path\":\"members\",\"value\":[{\"value\":\"" + user + "\"}]}]");
  }

  /** Sends the requests from as many threads, released at the same instant; their answers. */
  private static List<ScimApi.Reply> atOnce(List<Callable<ScimApi.Reply>> requests)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(requests.size());
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<ScimApi.Reply>> sent = new ArrayList<>();
      for (Callable<ScimApi.Reply> request : requests) {
        sent.add(
            pool.submit(
                () -> {
                  go.await();
                  return request.call();
                }));
      }
      go.countDown();
      List<ScimApi.Reply> replies = new ArrayList<>();
      for (Future<ScimApi.Reply> f : sent) {
        replies.add(f.get(2, TimeUnit.MINUTES));
      }
      return replies;
    } finally {
      pool.shutdownNow();
    }
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

  private static void assertError(ScimApi.Reply r, int status, String scimType) {
    assertEquals(status, r.status(), r.body());
    JsonObject e = r.json();
    assertEquals(ScimApi.ERROR_SCHEMA, e.getJsonArray("schemas").getString(0), r.body());
    assertEquals(Integer.toString(status), e.getString("status"), r.body());
    if (scimType != null) {
      assertEquals(scimType, e.getString("scimType"), r.body());
    }
  }

  /** POST /Groups; must answer 201. */
  private static JsonObject group(ScimOrg o, String name, String externalId, String... members)
      throws Exception {
    var b =
        jakarta.json.Json.createObjectBuilder()
            .add(
                "schemas",
                jakarta.json.Json.createArrayBuilder()
                    .add("urn:ietf:params:scim:schemas:core:2.0:Group"))
            .add("displayName", name);
    if (externalId != null) {
      b.add("externalId", externalId);
    }
    var list = jakarta.json.Json.createArrayBuilder();
    for (String m : members) {
      list.add(jakarta.json.Json.createObjectBuilder().add("value", m));
    }
    b.add("members", list);
    ScimApi.Reply r = o.send("POST", "/Groups", b.build().toString());
    assertEquals(201, r.status(), r.body());
    return r.json();
  }

  private static List<String> ids(ScimApi.Reply r) {
    assertEquals(200, r.status(), r.body());
    List<String> ids = new ArrayList<>();
    r.json().getJsonArray("Resources").forEach(x -> ids.add(x.asJsonObject().getString("id")));
    return ids;
  }

  private static List<String> names(ScimApi.Reply r) {
    assertEquals(200, r.status(), r.body());
    List<String> names = new ArrayList<>();
    r.json()
        .getJsonArray("Resources")
        .forEach(x -> names.add(x.asJsonObject().getString("displayName")));
    return names;
  }

  private static String tag() {
    return UUID.randomUUID().toString().substring(0, 6);
  }

  @Test
  void indexPagingFollowsOneStableOrderAndCountsEveryGroup() throws Exception {
    ScimOrg c = ScimOrg.create(dns);
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      created.add(group(c, "Page " + i + " " + tag(), null).getString("id"));
    }
    List<String> listing = new ArrayList<>();
    for (int start = 1; start <= 5; start += 2) {
      ScimApi.Reply page = c.get("/Groups?startIndex=" + start + "&count=2");
      List<String> ids = ids(page);
      assertEquals(5, page.json().getInt("totalResults"), page.body());
      assertEquals(start, page.json().getInt("startIndex"), page.body());
      assertEquals(ids.size(), page.json().getInt("itemsPerPage"), page.body());
      assertEquals(start == 5 ? 1 : 2, ids.size(), page.body());
      listing.addAll(ids);
    }
    assertEquals(5, new HashSet<>(listing).size(), "no group on two pages: " + listing);
    assertEquals(created, new HashSet<>(listing), "every group on some page");
    assertEquals(listing, ids(c.get("/Groups?count=200")), "the pages follow the listing's order");

    // The order is an immutable key: renaming and changing members moves nothing.
    String renamed = listing.get(0);
    ScimApi.Reply r =
        c.send(
            "PATCH",
            "/Groups/" + renamed,
            patch("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"zz last\"}]"));
    assertEquals(200, r.status(), r.body());
    List<String> again = new ArrayList<>();
    for (int start = 1; start <= 5; start += 2) {
      again.addAll(ids(c.get("/Groups?startIndex=" + start + "&count=2")));
    }
    assertEquals(listing, again, "the same order after a rename");

    ScimApi.Reply beyond = c.get("/Groups?startIndex=6&count=2");
    assertEquals(List.of(), ids(beyond));
    assertEquals(5, beyond.json().getInt("totalResults"), beyond.body());
    ScimApi.Reply none = c.get("/Groups?count=0");
    assertEquals(List.of(), ids(none));
    assertEquals(5, none.json().getInt("totalResults"), none.body());
  }

  @Test
  void cursorPagingReachesTheEndWithoutRepeatsWhileGroupsAreCreated() throws Exception {
    ScimOrg c = ScimOrg.create(dns);
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      created.add(group(c, "Cursor " + i + " " + tag(), null).getString("id"));
    }
    List<String> seen = new ArrayList<>();
    String cursor = "";
    int pages = 0;
    do {
      ScimApi.Reply r = c.get("/Groups?count=2&cursor=" + q(cursor));
      seen.addAll(ids(r));
      // every page of one listing answers the total counted for its first page (README)
      assertEquals(5, r.json().getInt("totalResults"), "page " + pages + ": " + r.body());
      group(c, "During " + pages + " " + tag(), null); // created between two pages
      cursor = r.json().containsKey("nextCursor") ? r.json().getString("nextCursor") : null;
      if (cursor != null) {
        assertEquals(2, r.json().getJsonArray("Resources").size(), "a full page before the end");
      }
      pages++;
    } while (cursor != null && pages < 50);
    assertTrue(cursor == null, "the listing ends: " + seen);
    assertEquals(seen.size(), new HashSet<>(seen).size(), "nothing repeated: " + seen);
    assertTrue(seen.containsAll(created), "nothing skipped: " + seen);
    assertError(c.get("/Groups?cursor=bogus"), 400, "invalidValue");
    assertError(c.get("/Groups?cursor=&sortBy=displayName"), 400, "invalidValue");
  }

  @Test
  void sortByDisplayNameIgnoresCaseBothWays() throws Exception {
    ScimOrg c = ScimOrg.create(dns);
    String t = tag();
    for (String n : List.of("bravo ", "Alpha ", "delta ", "Charlie ")) {
      group(c, n + t, null);
    }
    List<String> ascending = List.of("Alpha " + t, "bravo " + t, "Charlie " + t, "delta " + t);
    // displayName is caseExact false: sorted without regard to case (RFC 7644 §3.4.2.3)
    assertEquals(ascending, names(c.get("/Groups?sortBy=displayName")));
    assertEquals(ascending, names(c.get("/Groups?sortBy=displayName&sortOrder=ascending")));
    assertEquals(
        List.of("delta " + t, "Charlie " + t, "bravo " + t, "Alpha " + t),
        names(c.get("/Groups?sortBy=displayName&sortOrder=descending")));
    ScimApi.Reply second = c.get("/Groups?sortBy=displayName&startIndex=3&count=2");
    assertEquals(List.of("Charlie " + t, "delta " + t), names(second));
    assertEquals(4, second.json().getInt("totalResults"), second.body());
    assertError(c.get("/Groups?sortBy=members"), 400, "invalidValue");
  }

  @Test
  void attributesAndExcludedAttributesShapeListsAndReads() throws Exception {
    ScimOrg c = ScimOrg.create(dns);
    String u = c.createUser(c.email("m")).getString("id");
    String id = group(c, "Shaped " + tag(), "ext-shaped", u).getString("id");
    JsonObject full = c.get("/Groups/" + id).json();
    assertEquals(Set.of(u), members(full), "members are there unless excluded");

    ScimApi.Reply only = c.get("/Groups?attributes=displayName");
    JsonObject listed = only.json().getJsonArray("Resources").getJsonObject(0);
    assertEquals(Set.of("schemas", "id", "displayName"), listed.keySet(), only.body());
    assertEquals(
        Set.of("schemas", "id", "displayName"),
        c.get("/Groups/" + id + "?attributes=displayName").json().keySet());

    ScimApi.Reply lean = c.get("/Groups?excludedAttributes=members");
    JsonObject leanGroup = lean.json().getJsonArray("Resources").getJsonObject(0);
    assertFalse(leanGroup.containsKey("members"), lean.body());
    assertEquals(full.getString("displayName"), leanGroup.getString("displayName"));
    assertEquals("ext-shaped", leanGroup.getString("externalId"));
    assertTrue(leanGroup.containsKey("meta"), lean.body());
    JsonObject leanRead = c.get("/Groups/" + id + "?excludedAttributes=members").json();
    assertFalse(leanRead.containsKey("members"));
    assertEquals(full.getJsonObject("meta"), leanRead.getJsonObject("meta"));
  }

  @Test
  void displayNameFiltersIgnoreCaseAndExternalIdIsExact() throws Exception {
    ScimOrg c = ScimOrg.create(dns);
    String t = tag();
    String eng = group(c, "Engineering " + t, "okta-00g1" + t).getString("id");
    String ops = group(c, "Operations " + t, "okta-00g2" + t).getString("id");
    group(c, "Engineering Leads " + t, null);

    assertEquals(
        List.of(eng),
        ids(c.get("/Groups?filter=" + q("displayName eq \"Engineering " + t + "\""))));
    // displayName is caseExact false (RFC 7643 §4.2): Okta looks up "engineering" and must find it
    assertEquals(
        List.of(eng),
        ids(
            c.get(
                "/Groups?filter=" + q("displayName eq \"ENGINEERING " + t.toUpperCase() + "\""))));
    assertEquals(
        List.of(eng),
        ids(c.get("/Groups?filter=" + q("displayName eq \"engineering " + t + "\""))));
    ScimApi.Reply total = c.get("/Groups?filter=" + q("displayName eq \"engineering " + t + "\""));
    assertEquals(1, total.json().getInt("totalResults"), total.body());
    assertEquals(
        Set.of(eng, ops),
        new HashSet<>(
            ids(
                c.get(
                    "/Groups?filter="
                        + q("displayName ne \"ENGINEERING LEADS " + t.toUpperCase() + "\"")))));

    assertEquals(
        List.of(ops), ids(c.get("/Groups?filter=" + q("externalId eq \"okta-00g2" + t + "\""))));
    // externalId is caseExact (RFC 7643 §3.1)
    assertEquals(
        List.of(), ids(c.get("/Groups?filter=" + q("externalId eq \"OKTA-00G2" + t + "\""))));
    assertEquals(
        List.of(),
        ids(b.get("/Groups?filter=" + q("displayName eq \"engineering " + t + "\""))),
        "another organization's token finds nothing");
    assertError(c.get("/Groups?filter=" + q("members pr")), 400, "invalidFilter");
  }

  /** Okta's Group Push: create, rename (replace without path), add and remove members. */
  @Test
  void oktaGroupPushRenamesAndChangesMembers() throws Exception {
    String u1 = a.createUser(a.email("push1")).getString("id");
    String u2 = a.createUser(a.email("push2")).getString("id");
    String t = tag();
    JsonObject created = group(a, "Push " + t, null, u1);
    String id = created.getString("id");

    ScimApi.Reply renamed =
        a.send(
            "PATCH",
            "/Groups/" + id,
            patch(
                "[{\"op\":\"replace\",\"value\":{\"id\":\""
                    + id
                    + "\",\"displayName\":\"Pushed "
                    + t
                    + "\"}}]"));
    assertEquals(200, renamed.status(), renamed.body());
    assertEquals("Pushed " + t, renamed.json().getString("displayName"));
    assertEquals(id, renamed.json().getString("id"));
    assertEquals(Set.of(u1), members(renamed.json()), "a rename keeps the members");
    JsonObject read = a.get("/Groups/" + id).json();
    assertEquals("Pushed " + t, read.getString("displayName"));
    assertEquals(Set.of(u1), members(read));
    assertEquals(
        List.of(id), ids(a.get("/Groups?filter=" + q("displayName eq \"pushed " + t + "\""))));
    assertEquals(List.of(), ids(a.get("/Groups?filter=" + q("displayName eq \"Push " + t + "\""))));

    ScimApi.Reply added =
        a.send(
            "PATCH",
            "/Groups/" + id,
            patch(
                "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + u2 + "\"}]}]"));
    assertEquals(200, added.status(), added.body());
    assertEquals(Set.of(u1, u2), members(added.json()));
    assertEquals(Set.of(u1, u2), members(a.get("/Groups/" + id).json()));

    ScimApi.Reply removed =
        a.send(
            "PATCH",
            "/Groups/" + id,
            patch("[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + u1 + "\\\"]\"}]"));
    assertEquals(200, removed.status(), removed.body());
    assertEquals(Set.of(u2), members(removed.json()));
    JsonObject after = a.get("/Groups/" + id).json();
    assertEquals(Set.of(u2), members(after));
    assertEquals("Pushed " + t, after.getString("displayName"));
  }

  @Test
  void aMemberOfAnotherOrganizationIsRefusedAndNothingChanges() throws Exception {
    String mine = a.createUser(a.email("mine")).getString("id");
    String foreign = b.createUser(b.email("theirs")).getString("id");
    String t = tag();
    String id = group(a, "Guarded " + t, null, mine).getString("id");
    JsonObject before = a.get("/Groups/" + id).json();

    ScimApi.Reply add =
        a.send(
            "PATCH",
            "/Groups/" + id,
            patch(
                "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                    + foreign
                    + "\"}]}]"));
    assertError(add, 400, "invalidValue");
    assertTrue(add.json().getString("detail").contains(foreign), add.body());
    assertEquals(before, a.get("/Groups/" + id).json(), "nothing changed");

    // a rename in the same request is not applied either
    ScimApi.Reply both =
        a.send(
            "PATCH",
            "/Groups/" + id,
            patch(
                "[{\"op\":\"replace\",\"value\":{\"id\":\""
                    + id
                    + "\",\"displayName\":\"Hijacked "
                    + t
                    + "\"}},{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                    + mine
                    + "\"},{\"value\":\""
                    + foreign
                    + "\"}]}]"));
    assertError(both, 400, "invalidValue");
    assertEquals(before, a.get("/Groups/" + id).json(), "nothing changed");
    assertEquals(
        List.of(), ids(a.get("/Groups?filter=" + q("displayName eq \"Hijacked " + t + "\""))));

    ScimApi.Reply put =
        a.send(
            "PUT",
            "/Groups/" + id,
            "{\"displayName\":\"Guarded "
                + t
                + "\",\"members\":[{\"value\":\""
                + foreign
                + "\"}]}");
    assertError(put, 400, "invalidValue");
    assertEquals(before, a.get("/Groups/" + id).json(), "nothing changed");
    assertEquals(
        List.of(),
        ids(b.get("/Groups?filter=" + q("displayName eq \"Guarded " + t + "\""))),
        "and the other organization sees no group");
  }

  /** Status of the admin API's members list for this bearer: 200 for an admin, 403 otherwise. */
  private static int adminApi(ScimOrg org, String bearer) throws Exception {
    return SsoApi.send(
            "GET", "/api/v1/organizations/" + org.org.id() + "/members", bearer, null, null)
        .status();
  }

  private static SsoApi.Reply setTeamRole(ScimOrg org, String teamId, String role)
      throws Exception {
    return SsoApi.json(
        "PATCH",
        "/api/v1/organizations/" + org.org.id() + "/teams/" + teamId,
        org.org.token(),
        Json.createObjectBuilder().add("role", role).build());
  }

  @Test
  void membersOfAGroupWhoseTeamIsAdminAreAdminsWhileTheyAreInIt() throws Exception {
    // Someone of the domain with a password (signed up before), provisioned by SCIM.
    String email = a.email("teamadmin");
    String password = "a-long-enough-password-" + System.nanoTime();
    SsoApi.Reply signup =
        SsoApi.json(
            "POST",
            "/api/v1/signup",
            null,
            Json.createObjectBuilder().add("email", email).add("password", password).build());
    assertEquals(201, signup.status(), signup.body());
    String user = a.createUser(email).getString("id");
    String token = SsoApi.token(email, password);
    assertEquals(403, adminApi(a, token));

    ScimApi.Reply created =
        a.send("POST", "/Groups", "{\"displayName\":\"Admins " + System.nanoTime() + "\"}");
    assertEquals(201, created.status(), created.body());
    String group = created.json().getString("id");
    SsoApi.Reply role = setTeamRole(a, group, "ADMIN");
    assertEquals(200, role.status(), role.body());
    assertEquals("ADMIN", role.json().getString("role"));
    assertEquals(403, adminApi(a, token), "not in the group yet");

    String add =
        patch("[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + user + "\"}]}]");
    assertEquals(200, a.send("PATCH", "/Groups/" + group, add).status());
    assertEquals(200, adminApi(a, token), "an Admin as soon as the IdP adds them");
    assertEquals(404, adminApi(b, token), "and nowhere else");

    ScimApi.Reply removed =
        a.send(
            "PATCH",
            "/Groups/" + group,
            patch("[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + user + "\\\"]\"}]"));
    assertEquals(200, removed.status(), removed.body());
    assertEquals(403, adminApi(a, token), "not an Admin as soon as the IdP removes them");

    // Okta's PUT of the whole group puts them back; clearing the team's role ends it.
    ScimApi.Reply put =
        a.send(
            "PUT",
            "/Groups/" + group,
            "{\"displayName\":\"Admins again\",\"members\":[{\"value\":\"" + user + "\"}]}");
    assertEquals(200, put.status(), put.body());
    assertEquals(200, adminApi(a, token));
    assertEquals(200, setTeamRole(a, group, "MEMBER").status());
    assertEquals(403, adminApi(a, token), "the team's role cleared");

    // The role once more, then the IdP deletes the group.
    assertEquals(200, setTeamRole(a, group, "ADMIN").status());
    assertEquals(200, adminApi(a, token));
    assertEquals(204, a.send("DELETE", "/Groups/" + group, null).status());
    assertEquals(403, adminApi(a, token), "the group deleted");
  }
}
