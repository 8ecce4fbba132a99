package it.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dns.BindServer;
import it.sso.SsoApi.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Require SSO (PRODUCT §3): users whose email is in the organization's verified domain must log in
 * through the IdP — the admin API's password sign-in and password sign-up answer 403 {@code
 * sso_required}; Owners and Admins keep their password (break-glass, audited); users of unclaimed
 * domains keep theirs.
 */
class RequireSsoIT {

  static final String PASSWORD = "member-password-";

  static BindServer dns;
  static SsoOrg sso;
  static Credentials member;
  static Credentials admin;
  static Credentials owner;
  static Credentials external;

  record Credentials(String email, String password) {}

  @BeforeAll
  static void setUp() throws Exception {
    dns = BindServer.fromSystemProperty();
    dns.start();
    sso = SsoOrg.create(dns, "https://idp-require.test/sso");
    member = user("member-", sso.domain, "MEMBER");
    admin = user("admin-", sso.domain, "ADMIN");
    owner = user("owner-", sso.domain, "OWNER");
    external =
        user(
            "guest-",
            "unclaimed-" + UUID.randomUUID().toString().substring(0, 8) + ".test",
            "MEMBER");
    sso.settings(Json.createObjectBuilder().add("requireSso", true).build());
  }

  @AfterAll
  static void stopDns() throws Exception {
    dns.close();
  }

  @Test
  void aMemberOfTheDomainCannotGetATokenWithAPassword() throws Exception {
    Reply r = token(member);
    assertEquals(403, r.status(), r.body());
    assertEquals("sso_required", r.error());
    assertTrue(r.message().contains("requires single sign-on"), r.message());
    assertTrue(r.message().contains("identity provider"), r.message());

    Reply wrong = token(new Credentials(member.email(), "not-the-password"));
    assertEquals(401, wrong.status(), "a wrong password gets the usual answer: " + wrong.body());
    assertTrue(sso.audit().contains("login.sso_required"), "the refusal is in the audit log");
  }

  @Test
  void ownersAndAdminsKeepTheirPasswordAndEachSuchLoginIsAudited() throws Exception {
    for (Credentials c : new Credentials[] {owner, admin}) {
      Reply r = token(c);
      assertEquals(201, r.status(), c.email() + ": " + r.body());
      JsonObject entry = newestEntry("login.break_glass", c.email());
      assertEquals(c.email(), entry.getString("actor"), entry.toString());
    }
  }

  @Test
  void usersOfUnclaimedDomainsKeepTheirPassword() throws Exception {
    Reply r = token(external);
    assertEquals(201, r.status(), r.body());
    assertFalse(
        entries("login.break_glass").stream()
            .anyMatch(e -> e.toString().contains(external.email())),
        "no break-glass entry for them");
  }

  @Test
  void passwordSignUpWithAnEmailOfTheDomainIsRefused() throws Exception {
    Reply r = signup("new-" + UUID.randomUUID().toString().substring(0, 8) + "@" + sso.domain);
    assertEquals(403, r.status(), r.body());
    assertEquals("sso_required", r.error());

    Reply elsewhere =
        signup(
            "new-"
                + UUID.randomUUID().toString().substring(0, 8)
                + "@elsewhere-"
                + UUID.randomUUID().toString().substring(0, 8)
                + ".test");
    assertEquals(201, elsewhere.status(), elsewhere.body());
  }

  @Test
  void singleSignOnStillLogsTheMemberIn() throws Exception {
    WebClient browser = new WebClient();
    var start = browser.get("/sso/saml/" + sso.org.id() + "/login");
    AuthnRequests.Received request =
        AuthnRequests.fromRedirect(
            start.headers().firstValue("Location").orElseThrow(), sso.spCertificate);
    var acs =
        browser.postResponse(sso.org.id(), sso.login(member.email(), request.id()).xml(), null);
    assertEquals(302, acs.statusCode(), acs.body());
    assertEquals(200, browser.get("/console/index").statusCode());
  }

  @Test
  void turningRequireSsoOnEndsWhatThePasswordGaveTheDomainsUsers() throws Exception {
    SsoOrg fresh = SsoOrg.create(dns, "https://idp-require-on.test/sso");
    Credentials m = user(fresh, "member-", fresh.domain, "MEMBER");
    Credentials a = user(fresh, "admin-", fresh.domain, "ADMIN");
    Credentials guest =
        user(
            fresh,
            "guest-",
            "unclaimed-" + UUID.randomUUID().toString().substring(0, 8) + ".test",
            "MEMBER");
    String memberToken = token(m).json().getString("token");
    String adminToken = token(a).json().getString("token");
    String guestToken = token(guest).json().getString("token");
    WebClient memberBrowser = ssoLogin(fresh, m.email());
    for (String t : List.of(memberToken, adminToken, guestToken)) {
      assertEquals(200, organization(fresh, t), "every token works before");
    }

    Reply on = fresh.settings(Json.createObjectBuilder().add("requireSso", true).build());
    assertEquals(200, on.status(), on.body());

    assertEquals(401, organization(fresh, memberToken), "the member's password token is revoked");
    assertEquals(
        302, memberBrowser.get("/console/index").statusCode(), "the member's session is over");
    assertEquals(200, organization(fresh, adminToken), "an Admin keeps theirs (break-glass)");
    assertEquals(200, organization(fresh, guestToken), "users of other domains keep theirs");
    String audit = fresh.audit();
    assertTrue(audit.contains("sso.sessions_ended"), audit);
    // the entry's state is JSON within the JSON: one user (the member) lost their access
    assertTrue(audit.replace("\\", "").contains("\"users\":\"1\""), audit);
    // the member comes back through the IdP
    assertEquals(200, ssoLogin(fresh, m.email()).get("/console/index").statusCode());
    // turning it on again (it is on) ends nothing more
    assertEquals(
        200, fresh.settings(Json.createObjectBuilder().add("requireSso", true).build()).status());
    assertEquals(1, fresh.audit().split("sso.sessions_ended", -1).length - 1, "one entry, not two");
  }

  @Test
  void removingTheVerifiedDomainTakesSsoAndScimAwayFromItsUsers() throws Exception {
    SsoOrg fresh = SsoOrg.create(dns, "https://idp-require-removed.test/sso");
    Credentials m = user(fresh, "member-", fresh.domain, "MEMBER");
    assertEquals(
        200, fresh.settings(Json.createObjectBuilder().add("requireSso", true).build()).status());
    String scimToken =
        it.scim.ScimApi.generate(fresh.org.id(), fresh.org.token()).getString("token");
    String userFilter =
        "/Users?filter="
            + java.net.URLEncoder.encode(
                "userName eq \"" + m.email() + "\"", java.nio.charset.StandardCharsets.UTF_8);
    // before: the password is refused, SSO logs in, SCIM sees the member
    assertEquals("sso_required", token(m).error());
    ssoLogin(fresh, m.email());
    assertEquals(
        1, it.scim.ScimApi.scim("GET", userFilter, scimToken).json().getInt("totalResults"));

    String domains = "/api/v1/organizations/" + fresh.org.id() + "/domains";
    Reply list = SsoApi.send("GET", domains, fresh.org.token(), null, null);
    String claim =
        list.array().stream()
            .map(JsonValue::asJsonObject)
            .filter(d -> d.getString("domain").equals(fresh.domain))
            .findFirst()
            .orElseThrow()
            .getString("id");
    assertEquals(
        204, SsoApi.send("DELETE", domains + "/" + claim, fresh.org.token(), null, null).status());

    // after: Require SSO no longer applies to them, the IdP can no longer log them in, and SCIM
    // no longer reaches them
    assertEquals(201, token(m).status(), "the password works again");
    WebClient browser = new WebClient();
    var refused = browser.postResponse(fresh.org.id(), fresh.login(m.email(), null).xml(), null);
    assertEquals(403, refused.statusCode(), refused.body());
    assertEquals(302, browser.get("/console/index").statusCode(), "no session");
    assertEquals(
        0, it.scim.ScimApi.scim("GET", userFilter, scimToken).json().getInt("totalResults"));
    it.scim.ScimApi.Reply create =
        it.scim.ScimApi.send(
            "POST",
            it.scim.ScimApi.SCIM + "/Users",
            scimToken,
            "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"new-"
                + UUID.randomUUID().toString().substring(0, 8)
                + "@"
                + fresh.domain
                + "\"}",
            "Content-Type",
            "application/scim+json");
    assertEquals(400, create.status(), create.body());
  }

  @Test
  void leavingTheEnterprisePlanSuspendsSsoAndComingBackRestoresIt() throws Exception {
    SsoOrg fresh = SsoOrg.create(dns, "https://idp-require-plan.test/sso");
    Credentials m = user(fresh, "member-", fresh.domain, "MEMBER");
    assertEquals(
        200, fresh.settings(Json.createObjectBuilder().add("requireSso", true).build()).status());
    assertEquals("sso_required", token(m).error());

    assertEquals(200, plan(fresh, "GROWTH").status());
    // SSO is an Enterprise feature: its rules and its login stop applying, its settings stay
    assertEquals(201, token(m).status(), "Require SSO no longer applies");
    assertEquals(
        404,
        new WebClient().get("/sso/saml/" + fresh.org.id() + "/login").statusCode(),
        "no SP-initiated login");
    WebClient browser = new WebClient();
    var refused = browser.postResponse(fresh.org.id(), fresh.login(m.email(), null).xml(), null);
    assertEquals(403, refused.statusCode(), refused.body());
    assertEquals(302, browser.get("/console/index").statusCode(), "no session");

    assertEquals(200, plan(fresh, "ENTERPRISE").status());
    assertEquals("sso_required", token(m).error(), "the same settings apply again");
    ssoLogin(fresh, m.email());
  }

  private static Reply plan(SsoOrg o, String plan) throws Exception {
    return SsoApi.json(
        "PUT",
        "/api/v1/organizations/" + o.org.id() + "/plan",
        SsoApi.OPERATOR,
        Json.createObjectBuilder().add("plan", plan).build());
  }

  private static int organization(SsoOrg o, String token) throws Exception {
    return SsoApi.send("GET", "/api/v1/organizations/" + o.org.id(), token, null, null).status();
  }

  /** A browser with the console session of an SP-initiated SSO login of this email. */
  private static WebClient ssoLogin(SsoOrg o, String email) throws Exception {
    WebClient browser = new WebClient();
    var start = browser.get("/sso/saml/" + o.org.id() + "/login");
    AuthnRequests.Received request =
        AuthnRequests.fromRedirect(
            start.headers().firstValue("Location").orElseThrow(), o.spCertificate);
    var acs = browser.postResponse(o.org.id(), o.login(email, request.id()).xml(), null);
    assertEquals(302, acs.statusCode(), acs.body());
    assertEquals(200, browser.get("/console/index").statusCode());
    return browser;
  }

  private static Credentials user(String prefix, String domain, String role) throws Exception {
    return user(sso, prefix, domain, role);
  }

  private static Credentials user(SsoOrg o, String prefix, String domain, String role)
      throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String email = prefix + id + "@" + domain;
    String password = PASSWORD + id;
    Reply signup =
        SsoApi.json(
            "POST",
            "/api/v1/signup",
            null,
            Json.createObjectBuilder().add("email", email).add("password", password).build());
    assertEquals(201, signup.status(), signup.body());
    Reply added =
        SsoApi.json(
            "POST",
            "/api/v1/organizations/" + o.org.id() + "/members",
            o.org.token(),
            Json.createObjectBuilder().add("email", email).add("role", role).build());
    assertEquals(201, added.status(), added.body());
    return new Credentials(email, password);
  }

  private static Reply token(Credentials c) throws Exception {
    return SsoApi.json(
        "POST",
        "/api/v1/auth/token",
        null,
        Json.createObjectBuilder().add("email", c.email()).add("password", c.password()).build());
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

  private static JsonObject newestEntry(String action, String target) throws Exception {
    return entries(action).stream()
        .filter(e -> e.getString("target", "").equals(target))
        .findFirst()
        .orElseThrow(() -> new AssertionError(action + " for " + target + " not in the audit log"));
  }

  private static List<JsonObject> entries(String action) throws Exception {
    List<JsonObject> out = new ArrayList<>();
    for (JsonValue v : Json.createReader(new StringReader(sso.audit())).readArray()) {
      if (action.equals(v.asJsonObject().getString("action"))) {
        out.add(v.asJsonObject());
      }
    }
    return out;
  }
}
