package it.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dns.BindServer;
import it.sso.SsoApi.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * IdP Managed Access with JIT provisioning (PRODUCT §3): the first SSO login of someone of the
 * verified domain makes them a MEMBER, named after the assertion's attributes, in the teams their
 * IdP groups name; two first logins at once make one user; sign-up and access requests of the
 * domain go through SSO; without IdP Managed Access a non-member is refused; a group naming a team
 * that carries the Admin role makes an Admin (PRODUCT §6, groups to roles).
 */
class JitProvisioningIT {

  static final String ENTRA_GIVEN =
      "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname";
  static final String ENTRA_SURNAME =
      "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname";

  static BindServer dns;
  static SsoOrg sso;

  @BeforeAll
  static void setUp() throws Exception {
    dns = BindServer.fromSystemProperty();
    dns.start();
    sso = SsoOrg.create(dns, "https://idp-jit.test/sso");
  }

  @AfterAll
  static void stopDns() throws Exception {
    dns.close();
  }

  @Test
  void withoutIdpManagedAccessANonMemberIsRefused() throws Exception {
    SsoOrg off = SsoOrg.create(dns, "https://idp-jit-off.test/sso");
    String email = "newcomer-" + id() + "@" + off.domain;
    HttpResponse<String> r = idpLogin(off, email, Map.of());
    assertEquals(403, r.statusCode(), r.body());
    assertTrue(r.body().contains("IdP Managed Access"), r.body());
    assertTrue(members(off).stream().noneMatch(m -> m.getString("email").equals(email)));
  }

  @Test
  void theFirstSsoLoginAddsAMemberWithNamesAndTeams() throws Exception {
    managedAccess(sso, true, "departments");
    String team = createTeam(sso, "Engineering " + id());
    String other = createTeam(sso, "Sales " + id());
    String email = "grace-" + id() + "@" + sso.domain;

    HttpResponse<String> r =
        idpLogin(
            sso,
            email,
            Map.of(
                ENTRA_GIVEN,
                List.of("Grace"),
                ENTRA_SURNAME,
                List.of("Hopper"),
                "departments",
                List.of(teamName(sso, team).toUpperCase(), "No Such Team")));
    assertEquals(302, r.statusCode(), r.body());

    JsonObject member = member(sso, email);
    assertEquals("MEMBER", member.getString("role"));
    assertTrue(member.getBoolean("active"));
    String userId = member.getString("userId");
    assertTrue(teamMembers(sso, team).contains(userId), "joined the team its group names");
    assertTrue(!teamMembers(sso, other).contains(userId), "and no other");

    JsonObject created = newest(sso, "provisioning.user.created", email);
    String after = created.toString();
    assertTrue(after.contains("Grace") && after.contains("Hopper"), after);
    assertEquals("sso:" + email, created.getString("actor"), created.toString());

    // The next login of the same person provisions nothing new.
    assertEquals(302, idpLogin(sso, email, Map.of()).statusCode());
    assertEquals(1, members(sso).stream().filter(m -> m.getString("email").equals(email)).count());
  }

  @Test
  void aGroupNamingAnAdminTeamMakesAnAdminAtTheFirstLogin() throws Exception {
    managedAccess(sso, true, "departments");
    String adminTeam = "IT Admins " + id();
    Reply team =
        SsoApi.json(
            "POST",
            "/api/v1/organizations/" + sso.org.id() + "/teams",
            sso.org.token(),
            Json.createObjectBuilder().add("name", adminTeam).add("role", "ADMIN").build());
    assertEquals(201, team.status(), team.body());
    String plainTeam = createTeam(sso, "Readers " + id());
    String settings = "/console/settings/members?org=" + sso.org.id();

    String email = "ada-" + id() + "@" + sso.domain;
    WebClient browser = new WebClient();
    HttpResponse<String> r =
        idpLogin(browser, sso, email, Map.of("departments", List.of(adminTeam.toLowerCase())));
    assertEquals(302, r.statusCode(), r.body());

    JsonObject member = member(sso, email);
    assertEquals("MEMBER", member.getString("role"), "JIT gives no role of its own");
    assertEquals("ADMIN", member.getString("effectiveRole"));
    assertEquals(adminTeam, member.getJsonArray("roleTeams").getString(0));
    HttpResponse<String> page = browser.get(settings);
    assertEquals(200, page.statusCode(), "an Admin through the team, at once");
    assertTrue(page.body().contains("via team " + adminTeam), "the members page says why");

    // Someone whose groups name only a team without a role stays a Member.
    String other = "ben-" + id() + "@" + sso.domain;
    WebClient otherBrowser = new WebClient();
    assertEquals(
        302,
        idpLogin(otherBrowser, sso, other, Map.of("departments", List.of(teamName(sso, plainTeam))))
            .statusCode());
    assertEquals("MEMBER", member(sso, other).getString("effectiveRole"));
    assertEquals(403, otherBrowser.get(settings).statusCode());

    // The team's role cleared: the next request of the same session is refused.
    Reply cleared =
        SsoApi.json(
            "PATCH",
            "/api/v1/organizations/" + sso.org.id() + "/teams/" + team.json().getString("id"),
            sso.org.token(),
            Json.createObjectBuilder().add("role", "MEMBER").build());
    assertEquals(200, cleared.status(), cleared.body());
    assertEquals(403, browser.get(settings).statusCode());
  }

  @Test
  void twoFirstLoginsAtOnceCreateOneUser() throws Exception {
    managedAccess(sso, true, null);
    String email = "twin-" + id() + "@" + sso.domain;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<HttpResponse<String>>> logins = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        logins.add(
            pool.submit(
                (Callable<HttpResponse<String>>)
                    () -> idpLogin(sso, email, Map.of("firstName", List.of("Twin")))));
      }
      for (Future<HttpResponse<String>> f : logins) {
        HttpResponse<String> r = f.get();
        assertEquals(302, r.statusCode(), "every login gets in: " + r.body());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, members(sso).stream().filter(m -> m.getString("email").equals(email)).count());
  }

  @Test
  void signUpAndAccessRequestsOfTheDomainGoThroughSso() throws Exception {
    SsoOrg org = SsoOrg.create(dns, "https://idp-jit-signup.test/sso");
    // someone of the domain who signed up before the IdP managed access, not a member
    String early = "early-" + id() + "@" + org.domain;
    Reply signedUp = signup(early);
    assertEquals(201, signedUp.status(), signedUp.body());
    String earlyToken = SsoApi.token(early, "a-long-enough-password-1");

    managedAccess(org, true, null);
    Reply later = signup("later-" + id() + "@" + org.domain);
    assertEquals(403, later.status(), later.body());
    assertEquals("sso_required", later.error());
    assertTrue(later.message().contains("manages access through its identity provider"));

    Reply request =
        SsoApi.json(
            "POST",
            "/api/v1/organizations/" + org.org.id() + "/access-requests",
            earlyToken,
            Json.createObjectBuilder().build());
    assertEquals(403, request.status(), request.body());
    assertEquals("sso_required", request.error());

    // Emails of other domains are not affected.
    assertEquals(201, signup("elsewhere-" + id() + "@unclaimed-" + id() + ".test").status());
  }

  @Test
  void aFirstSsoLoginWithoutNameAttributesKeepsTheNamesOfAnExistingAccount() throws Exception {
    SsoOrg org = SsoOrg.create(dns, "https://idp-jit-names.test/sso");
    String email = "ada-" + id() + "@" + org.domain;
    Reply signedUp =
        SsoApi.json(
            "POST",
            "/api/v1/signup",
            null,
            Json.createObjectBuilder()
                .add("email", email)
                .add("password", "a-long-enough-password-1")
                .add("firstName", "Ada")
                .add("lastName", "Lovelace")
                .build());
    assertEquals(201, signedUp.status(), signedUp.body());
    managedAccess(org, true, null);

    // the IdP sends no name attributes at all: the account's names stay
    assertEquals(302, idpLogin(org, email, Map.of()).statusCode());
    String kept = newest(org, "provisioning.user.created", email).toString();
    assertTrue(kept.contains("Ada") && kept.contains("Lovelace"), kept);

    // a name the IdP does send wins, the other stays
    Reply removed =
        SsoApi.send(
            "DELETE",
            "/api/v1/organizations/"
                + org.org.id()
                + "/members/"
                + member(org, email).getString("userId"),
            org.org.token(),
            null,
            null);
    assertEquals(204, removed.status(), removed.body());
    assertEquals(302, idpLogin(org, email, Map.of("firstName", List.of("Augusta"))).statusCode());
    String renamed = newest(org, "provisioning.user.created", email).toString();
    assertTrue(renamed.contains("Augusta") && renamed.contains("Lovelace"), renamed);
    assertTrue(!renamed.contains("Ada"), "the email is lower case, the old first name is gone");
  }

  @Test
  void aRemovedMemberWhomTheIdpStillLetsInJoinsAgain() throws Exception {
    managedAccess(sso, true, null);
    String email = "leaver-" + id() + "@" + sso.domain;
    assertEquals(302, idpLogin(sso, email, Map.of()).statusCode());
    String userId = member(sso, email).getString("userId");
    Reply removed =
        SsoApi.send(
            "DELETE",
            "/api/v1/organizations/" + sso.org.id() + "/members/" + userId,
            sso.org.token(),
            null,
            null);
    assertEquals(204, removed.status(), removed.body());
    // removed (no membership): the IdP still lets them in, so JIT adds them again
    assertEquals(302, idpLogin(sso, email, Map.of()).statusCode());
    assertEquals("MEMBER", member(sso, email).getString("role"));
  }

  private static HttpResponse<String> idpLogin(
      SsoOrg org, String email, Map<String, List<String>> attributes) throws Exception {
    return idpLogin(new WebClient(), org, email, attributes);
  }

  private static HttpResponse<String> idpLogin(
      WebClient browser, SsoOrg org, String email, Map<String, List<String>> attributes)
      throws Exception {
    TestIdp.Login login = org.login(email, null);
    login.attributes = attributes;
    return browser.postResponse(org.org.id(), login.xml(), null);
  }

  static void managedAccess(SsoOrg org, boolean on, String groupAttribute) throws Exception {
    var b = Json.createObjectBuilder().add("idpManagedAccess", on);
    if (groupAttribute == null) {
      b.addNull("groupAttribute");
    } else {
      b.add("groupAttribute", groupAttribute);
    }
    Reply r = org.settings(b.build());
    assertEquals(on, r.json().getBoolean("idpManagedAccess"));
  }

  private static String createTeam(SsoOrg org, String name) throws Exception {
    Reply r =
        SsoApi.json(
            "POST",
            "/api/v1/organizations/" + org.org.id() + "/teams",
            org.org.token(),
            Json.createObjectBuilder().add("name", name).build());
    assertEquals(201, r.status(), r.body());
    return r.json().getString("id");
  }

  private static String teamName(SsoOrg org, String teamId) throws Exception {
    return team(org, teamId).getString("name");
  }

  private static List<String> teamMembers(SsoOrg org, String teamId) throws Exception {
    List<String> out = new ArrayList<>();
    team(org, teamId)
        .getJsonArray("members")
        .forEach(v -> out.add(((jakarta.json.JsonString) v).getString()));
    return out;
  }

  private static JsonObject team(SsoOrg org, String teamId) throws Exception {
    Reply r =
        SsoApi.send(
            "GET", "/api/v1/organizations/" + org.org.id() + "/teams", org.org.token(), null, null);
    assertEquals(200, r.status(), r.body());
    for (JsonValue v : r.array()) {
      if (v.asJsonObject().getString("id").equals(teamId)) {
        return v.asJsonObject();
      }
    }
    throw new AssertionError("no team " + teamId);
  }

  static List<JsonObject> members(SsoOrg org) throws Exception {
    Reply r =
        SsoApi.send(
            "GET",
            "/api/v1/organizations/" + org.org.id() + "/members",
            org.org.token(),
            null,
            null);
    assertEquals(200, r.status(), r.body());
    List<JsonObject> out = new ArrayList<>();
    r.array().forEach(v -> out.add(v.asJsonObject()));
    return out;
  }

  private static JsonObject member(SsoOrg org, String email) throws Exception {
    return members(org).stream()
        .filter(m -> m.getString("email").equals(email))
        .findFirst()
        .orElseThrow(() -> new AssertionError(email + " is not a member"));
  }

  private static Reply signup(String email) throws Exception {
    return SsoApi.json(
        "POST",
        "/api/v1/signup",
        null,
        Json.createObjectBuilder()
            .add("email", email)
            .add("password", "a-long-enough-password-1")
            .build());
  }

  private static JsonObject newest(SsoOrg org, String action, String target) throws Exception {
    for (JsonValue v : Json.createReader(new StringReader(org.audit())).readArray()) {
      JsonObject o = v.asJsonObject();
      if (action.equals(o.getString("action")) && o.toString().contains(target)) {
        return o;
      }
    }
    throw new AssertionError(action + " for " + target + " not in the audit log");
  }

  private static String id() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
