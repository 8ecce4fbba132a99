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

  private static Credentials user(String prefix, String domain, String role) throws Exception {
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
            "/api/v1/organizations/" + sso.org.id() + "/members",
            sso.org.token(),
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
