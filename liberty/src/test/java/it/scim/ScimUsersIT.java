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

  /**
   * Five users of a fresh organization with distinct attributes, created one after the other (so
   * their {@code meta.created} differ), then "beta" modified last (so its {@code meta.lastModified}
   * is the latest): every filter below must answer exactly the users it names.
   *
   * <pre>
   * label   userName              displayName     externalId  email               active
   * alpha   alpha.one-R@D         Alpha Wolf      X-1         first.mail-R@D      true
   * beta    beta.two-R@D          Beta Bear       -           (the userName)      true
   * gamma   gamma.three-R@D       Gamma WOLF      X-3         third.mail-R@D      true
   * delta   delta.four-R@D        -               x-4         (the userName)      false
   * alpha5  ALPHA.five-R@D        alphabet soup   -           (the userName)      true
   * </pre>
   */
  static final class Cast {
    final ScimOrg org;
    final String r;
    final java.util.Map<String, String> labels = new java.util.LinkedHashMap<>();
    final java.util.Map<String, JsonObject> users = new java.util.LinkedHashMap<>();

    Cast(ScimOrg org) {
      this.org = org;
      this.r = java.util.UUID.randomUUID().toString().substring(0, 6);
    }

    String at(String local) {
      return local + "-" + r + "@" + org.domain;
    }

    void create(
        String label,
        String userName,
        String displayName,
        String externalId,
        String email,
        boolean active)
        throws Exception {
      var b = Json.createObjectBuilder(ScimOrg.user(userName)).add("active", active);
      if (displayName != null) {
        b.add("displayName", displayName);
      }
      if (externalId != null) {
        b.add("externalId", externalId);
      }
      if (email != null) {
        b.add(
            "emails",
            Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("value", email).add("type", "work")));
      }
      ScimApi.Reply reply = org.send("POST", "/Users", b.build().toString());
      assertEquals(201, reply.status(), reply.body());
      users.put(label, reply.json());
      labels.put(reply.json().getString("id"), label);
    }

    String created(String label) {
      return users.get(label).getJsonObject("meta").getString("created");
    }

    String lastModified(String label) {
      return users.get(label).getJsonObject("meta").getString("lastModified");
    }

    /** The labels of the users the filter lists; totalResults must agree with the page. */
    Set<String> find(String filter) throws Exception {
      ScimApi.Reply reply = org.get("/Users?count=200&filter=" + q(filter));
      assertEquals(200, reply.status(), filter + " -> " + reply.body());
      Set<String> found = new java.util.TreeSet<>();
      reply
          .json()
          .getJsonArray("Resources")
          .forEach(
              x -> {
                String id = x.asJsonObject().getString("id");
                found.add(labels.getOrDefault(id, "unknown " + id));
              });
      assertEquals(
          found.size(), reply.json().getInt("totalResults"), filter + ": totalResults " + found);
      return found;
    }

    void expect(String filter, String... expected) throws Exception {
      assertEquals(new java.util.TreeSet<>(Set.of(expected)), find(filter), filter);
    }
  }

  static Cast cast;

  /** The five users, made once for the filter tests (they only read). */
  static synchronized Cast cast() throws Exception {
    if (cast == null) {
      Cast c = new Cast(ScimOrg.create(dns));
      c.create("alpha", c.at("alpha.one"), "Alpha Wolf", "X-1", c.at("first.mail"), true);
      c.create("beta", c.at("beta.two"), "Beta Bear", null, null, true);
      c.create("gamma", c.at("gamma.three"), "Gamma WOLF", "X-3", c.at("Third.Mail"), true);
      c.create("delta", c.at("delta.four"), null, "x-4", null, false);
      c.create("alpha5", c.at("ALPHA.five"), "alphabet soup", null, null, true);
      ScimApi.Reply touched =
          c.org.send(
              "PATCH",
              "/Users/" + c.users.get("beta").getString("id"),
              "{\"Operations\":[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Lead\"}]}");
      assertEquals(200, touched.status(), touched.body());
      c.users.put("beta", touched.json());
      cast = c;
    }
    return cast;
  }

  @Test
  void coSwEwMatchUserNameDisplayNameAndEmailsWithoutRegardToCase() throws Exception {
    Cast c = cast();
    c.expect("userName sw \"alpha.\"", "alpha", "alpha5");
    c.expect("userName sw \"ALPHA.\"", "alpha", "alpha5");
    c.expect("userName co \"TWO\"", "beta");
    c.expect(
        "userName ew \"E-" + c.r.toUpperCase() + "@" + c.org.domain + "\"",
        "alpha",
        "gamma",
        "alpha5");
    c.expect("userName co \"@" + c.org.domain + "\"", "alpha", "beta", "gamma", "delta", "alpha5");
    c.expect("displayName co \"wolf\"", "alpha", "gamma");
    c.expect("displayName sw \"ALPHA\"", "alpha", "alpha5");
    c.expect("displayName ew \"Soup\"", "alpha5");
    c.expect("displayName co \"nobody\"");
    c.expect("emails.value co \"MAIL\"", "alpha", "gamma");
    c.expect("emails.value sw \"third.mail\"", "gamma");
    c.expect("emails.value ew \"TWO-" + c.r + "@" + c.org.domain + "\"", "beta");
    c.expect("emails co \"First\"", "alpha");
    // LIKE wildcards in a value are literal characters
    c.expect("userName co \"%\"");
    c.expect("userName sw \"_lpha\"");
  }

  @Test
  void prNeAndExternalIdIsCaseExact() throws Exception {
    Cast c = cast();
    c.expect("externalId pr", "alpha", "gamma", "delta");
    c.expect("not (externalId pr)", "beta", "alpha5");
    c.expect("displayName pr", "alpha", "beta", "gamma", "alpha5");
    c.expect(
        "userName ne \"" + c.at("beta.two").toUpperCase() + "\"",
        "alpha",
        "gamma",
        "delta",
        "alpha5");
    // ne compares present values (as SQL and LDAP do): users without an externalId are not listed
    c.expect("externalId ne \"X-1\"", "gamma", "delta");
    c.expect("active ne true", "delta");
    // externalId is caseExact (RFC 7643 §3.1)
    c.expect("externalId eq \"x-4\"", "delta");
    c.expect("externalId eq \"X-4\"");
  }

  @Test
  void andOrNotAndGroupingCombineAsTheGrammarSays() throws Exception {
    Cast c = cast();
    c.expect(
        "(displayName co \"wolf\" or userName sw \"beta\") and not (externalId eq \"X-3\")",
        "alpha",
        "beta");
    // "and" binds tighter than "or" (RFC 7644 §3.4.2.2)
    c.expect("userName sw \"beta\" or userName sw \"gamma\" and externalId eq \"nope\"", "beta");
    c.expect("(userName sw \"beta\" or userName sw \"gamma\") and externalId eq \"nope\"");
    c.expect(
        "userName sw \"delta\" or (userName sw \"alpha\" and not (displayName co \"wolf\"))",
        "delta",
        "alpha5");
    c.expect("not (active eq true) or displayName eq \"beta bear\"", "beta", "delta");
    c.expect("NOT (userName sw \"alpha\" OR userName sw \"beta\") AND active EQ true", "gamma");
  }

  @Test
  void aValuePathOnEmailsMatchesTypeAndValueTogether() throws Exception {
    Cast c = cast();
    c.expect("emails[type eq \"work\" and value co \"mail\"]", "alpha", "gamma");
    c.expect("emails[type eq \"work\" and value co \"two\"]", "beta");
    c.expect("emails[type eq \"home\" and value co \"mail\"]");
    c.expect(
        "emails[type eq \"work\" and (value sw \"first\" or value sw \"third\")] and"
            + " not (displayName ew \"wolf\")");
    c.expect(
        "emails[value ew \"four-"
            + c.r
            + "@"
            + c.org.domain
            + "\"] or emails[primary eq true and value sw \"first\"]",
        "delta",
        "alpha");
  }

  @Test
  void metaCreatedComparesAsTheTimestampsTheUsersShow() throws Exception {
    Cast c = cast();
    List<String> order = List.of("alpha", "beta", "gamma", "delta", "alpha5");
    for (int i = 1; i < order.size(); i++) {
      java.time.Instant before = java.time.Instant.parse(c.created(order.get(i - 1)));
      java.time.Instant after = java.time.Instant.parse(c.created(order.get(i)));
      assertTrue(before.isBefore(after), "created one after the other: " + c.users);
    }
    String beta = c.created("beta");
    c.expect("meta.created gt \"" + beta + "\"", "gamma", "delta", "alpha5");
    c.expect("meta.created ge \"" + beta + "\"", "beta", "gamma", "delta", "alpha5");
    c.expect("meta.created lt \"" + beta + "\"", "alpha");
    c.expect("meta.created le \"" + beta + "\"", "alpha", "beta");
    c.expect("meta.created eq \"" + beta + "\"", "beta");
    c.expect("meta.created ne \"" + beta + "\"", "alpha", "gamma", "delta", "alpha5");
    c.expect(
        "meta.created ge \"" + beta + "\" and meta.created le \"" + c.created("delta") + "\"",
        "beta",
        "gamma",
        "delta");
    // the same instant with another offset (RFC 3339) is the same instant
    String betaPlus2 =
        java.time.Instant.parse(beta)
            .atOffset(java.time.ZoneOffset.ofHours(2))
            .format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    c.expect("meta.created le \"" + betaPlus2 + "\"", "alpha", "beta");
    c.expect("meta.created gt \"" + betaPlus2 + "\"", "gamma", "delta", "alpha5");
    c.expect("meta.created lt \"2000-01-01T00:00:00Z\"");
    c.expect(
        "meta.created gt \"2000-01-01T00:00:00Z\"", "alpha", "beta", "gamma", "delta", "alpha5");
  }

  @Test
  void metaLastModifiedFindsWhatChangedSince() throws Exception {
    Cast c = cast();
    String beta = c.lastModified("beta");
    assertTrue(
        java.time.Instant.parse(beta).isAfter(java.time.Instant.parse(c.lastModified("alpha5"))),
        "beta was modified after the last create: " + c.users);
    assertNotEquals(c.created("beta"), beta);
    // what an IdP asks for after a sync: changed after the last change it saw
    c.expect("meta.lastModified gt \"" + c.lastModified("alpha5") + "\"", "beta");
    c.expect("meta.lastModified gt \"" + beta + "\"");
    c.expect("meta.lastModified ge \"" + beta + "\"", "beta");
    c.expect("meta.lastModified lt \"" + beta + "\"", "alpha", "gamma", "delta", "alpha5");
    c.expect("meta.lastModified le \"" + beta + "\"", "alpha", "beta", "gamma", "delta", "alpha5");
    c.expect("meta.lastModified le \"" + c.lastModified("gamma") + "\"", "alpha", "gamma");
    c.expect(
        "meta.lastModified gt \"" + c.created("alpha5") + "\" and userName sw \"beta\"", "beta");
  }

  @Test
  void badFiltersAre400InvalidFilterNamingTheProblem() throws Exception {
    Cast c = cast();
    ScimApi.Reply family = c.org.get("/Users?filter=" + q("name.familyName eq \"Lee\""));
    assertError(family, 400, "invalidFilter");
    String detail = family.json().getString("detail");
    // names the attribute (lower-cased) and what can be filtered instead
    assertTrue(
        detail.toLowerCase(java.util.Locale.ROOT).contains("'name.familyname'")
            && detail.contains("userName"),
        detail);
    assertError(c.org.get("/Users?filter=" + q("title co \"Lead\"")), 400, "invalidFilter");
    assertError(c.org.get("/Users?filter=" + q("emails[display eq \"x\"]")), 400, "invalidFilter");
    assertError(
        c.org.get("/Users?filter=" + q("userName sw \"alpha\" and nickName pr")),
        400,
        "invalidFilter");

    for (String date :
        List.of("yesterday", "2026-13-45T00:00:00Z", "2026-01-31", "2026-01-31T25:00:00Z", "")) {
      ScimApi.Reply r = c.org.get("/Users?filter=" + q("meta.created gt \"" + date + "\""));
      assertError(r, 400, "invalidFilter");
      assertTrue(r.json().getString("detail").contains("meta.created"), r.body());
    }
    assertError(
        c.org.get("/Users?filter=" + q("meta.lastModified ge \"last tuesday\"")),
        400,
        "invalidFilter");
    assertError(c.org.get("/Users?filter=" + q("meta.created co \"2026\"")), 400, "invalidFilter");
    assertError(c.org.get("/Users?filter=" + q("meta.created gt 42")), 400, "invalidFilter");
    assertError(c.org.get("/Users?filter=" + q("active gt true")), 400, "invalidFilter");
    assertError(c.org.get("/Users?filter=" + q("(userName sw \"alpha\"")), 400, "invalidFilter");
    assertError(c.org.get("/Users?filter=" + q("not userName pr")), 400, "invalidFilter");
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
