package it.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dns.BindServer;
import it.sso.SsoApi.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Step-up through the identity provider (PRODUCT §2: "SSO-only admins re-confirm through the IdP
 * instead"): an admin provisioned by SSO has no password, so Domain Claiming offers "Confirm
 * through your identity provider", which sends them to their IdP with a signed AuthnRequest asking
 * for a new login ({@code ForceAuthn}). The postback URL accepts the answer only if every rule of a
 * login passes and it is the admin's own, fresh login; it signs nobody in, and the console session
 * then holds a re-confirmation that serves one claim within five minutes. Admins with a password
 * keep re-entering it, and the admin API tells an SSO-only admin to confirm in the console.
 */
class ReconfirmationIT {

  static final String PASSWORD = "stepup-admin-password";

  static BindServer dns;
  static SsoOrg sso;
  static String passwordAdmin;

  @BeforeAll
  static void setUp() throws Exception {
    dns = BindServer.fromSystemProperty();
    dns.start();
    sso = SsoOrg.create(dns, "https://idp-stepup-" + id() + ".test/sso");
    // an admin with a password of the domain signs up before IdP Managed Access routes sign-ups
    // of the domain through SSO
    passwordAdmin = "password-admin-" + id() + "@" + sso.domain;
    Reply signup =
        SsoApi.json(
            "POST",
            "/api/v1/signup",
            null,
            Json.createObjectBuilder()
                .add("email", passwordAdmin)
                .add("password", PASSWORD)
                .build());
    assertEquals(201, signup.status(), signup.body());
    Reply added =
        SsoApi.json(
            "POST",
            "/api/v1/organizations/" + sso.org.id() + "/members",
            sso.org.token(),
            Json.createObjectBuilder().add("email", passwordAdmin).add("role", "ADMIN").build());
    assertEquals(201, added.status(), added.body());
    sso.settings(Json.createObjectBuilder().add("idpManagedAccess", true).build());
  }

  @AfterAll
  static void stopDns() throws Exception {
    dns.close();
  }

  @Test
  void anSsoOnlyAdminConfirmsAtTheIdpAndClaimsADomain() throws Exception {
    Admin admin = ssoOnly("ADMIN");
    ConsolePage page = domainClaiming(admin.console);
    assertTrue(page.html.contains("id=\"addDomain:reconfirm\""), "the IdP button");
    assertFalse(page.html.contains("id=\"addDomain:password\""), "no password field");
    assertTrue(page.html.contains("Your account has no password: you sign in through"), page.html);
    String domain = "stepup-" + id() + ".test";

    // Confirm through your identity provider: the domain is checked, then off to the IdP
    AuthnRequests.Received request = confirm(admin.console, page, domain);
    assertTrue(request.forceAuthn(), "the IdP is asked to authenticate the admin anew");
    assertNull(request.relayState(), "a confirmation carries no RelayState");
    assertEquals(sso.spEntityId + "/acs", request.postbackUrl());

    // the IdP's answer arrives by a cross-site POST, without the console's session cookie: the
    // postback URL signs nobody in and sends the browser on to take the confirmation
    WebClient postback = new WebClient();
    postback.setCookie("__Host-portcullis-sso", admin.console.cookie("__Host-portcullis-sso"));
    HttpResponse<String> answer =
        postback.postResponse(sso.org.id(), sso.login(admin.email, request.id()).xml(), null);
    assertEquals(303, answer.statusCode(), answer.body());
    String done = answer.headers().firstValue("Location").orElseThrow();
    assertTrue(done.startsWith("/console/reconfirm/done?r="), done);
    assertTrue(
        answer.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.contains("JSESSIONID")),
        "no session: " + answer.headers().allValues("Set-Cookie"));
    HttpResponse<String> withoutSession = postback.get(done);
    assertEquals(302, withoutSession.statusCode(), "a browser without a console session");
    assertTrue(withoutSession.headers().firstValue("Location").orElse("").contains("/login"));
    assertEquals(302, postback.get("/console/index").statusCode(), "nobody was signed in");

    // the admin's own browser takes it and is back on Domain Claiming, the dialog open
    HttpResponse<String> taken = admin.console.get(done);
    assertEquals(302, taken.statusCode(), taken.body());
    String back = taken.headers().firstValue("Location").orElseThrow();
    assertTrue(
        back.endsWith(
            "/console/settings/access-security?org="
                + sso.org.id()
                + "&claim="
                + URLEncoder.encode(domain, StandardCharsets.UTF_8)),
        back);
    ConsolePage confirmed = ConsolePage.open(admin.console, back);
    assertTrue(confirmed.html.contains("Confirmed through your identity provider"), confirmed.html);
    assertTrue(confirmed.html.contains("PF('addDomainDialog').show()"), "the dialog reopens");
    assertTrue(confirmed.html.contains("value=\"" + domain + "\""), "with the domain");
    assertFalse(confirmed.html.contains("id=\"addDomain:reconfirm\""), "no need to confirm again");
    JsonObject reconfirmed = audit("login.sso_reconfirmed", admin.email);
    assertTrue(reconfirmed.getString("after").contains("authnInstant"), reconfirmed.toString());

    // Submit Claim: no password asked, the claim is made
    String claimed = submit(confirmed, domain, null);
    assertTrue(claimed.contains(domain + " is claimed."), claimed);
    JsonObject claim = claimOf(domain);
    assertEquals("PENDING", claim.getString("status"));
    JsonObject entry = audit("domain.claimed", admin.email);
    assertTrue(entry.getString("after").contains(domain), entry.toString());
    assertTrue(
        entry.getString("after").contains("\"confirmedWith\":\"identity provider\""),
        entry.toString());

    // one confirmation, one claim
    String other = "stepup-other-" + id() + ".test";
    String again = submit(confirmed, other, null);
    assertTrue(again.contains("Confirm through your identity provider first"), again);
    assertNull(claimOrNull(other), "nothing more was claimed");
    ConsolePage reloaded = domainClaiming(admin.console);
    assertTrue(reloaded.html.contains("id=\"addDomain:reconfirm\""), "confirm again next time");
  }

  @Test
  void aResponseForAnotherUsersEmailIsRefused() throws Exception {
    Admin admin = ssoOnly("ADMIN");
    Admin colleague = ssoOnly("ADMIN");
    ConsolePage page = domainClaiming(admin.console);
    AuthnRequests.Received request = confirm(admin.console, page, "other-" + id() + ".test");

    HttpResponse<String> answer =
        admin.console.postResponse(
            sso.org.id(), sso.login(colleague.email, request.id()).xml(), null);

    assertEquals(403, answer.statusCode(), answer.body());
    String body = answer.body();
    assertTrue(body.contains("Confirmation through your identity provider failed"), body);
    assertTrue(body.contains("only your own login at the identity provider"), body);
    assertTrue(body.contains("/console/settings/access-security?org=" + sso.org.id()), body);
    String reference = text(body, "reference");
    Reply errors = SsoApi.errors(sso.org.id(), sso.org.token());
    assertTrue(errors.body().contains(reference), errors.body());
    assertTrue(errors.body().contains("Step-up re-confirmation refused"), errors.body());
    JsonObject refused = audit("login.sso_refused", reference);
    assertTrue(refused.getString("after").contains("\"stepUp\":true"), refused.toString());

    String claimed = submit(domainClaiming(admin.console), "other-" + id() + ".test", null);
    assertTrue(claimed.contains("Confirm through your identity provider first"), claimed);
    assertFalse(auditHas("login.sso_reconfirmed", colleague.email), "nobody was re-confirmed");
  }

  @Test
  void aLoginTheIdpDidNotRenewIsRefused() throws Exception {
    Admin admin = ssoOnly("OWNER");
    ConsolePage page = domainClaiming(admin.console);

    // the IdP answered from an old session (it ignored ForceAuthn)
    AuthnRequests.Received request = confirm(admin.console, page, "stale-" + id() + ".test");
    TestIdp.Login stale = sso.login(admin.email, request.id());
    stale.authnInstant = Instant.now().minus(Duration.ofMinutes(30));
    HttpResponse<String> answer = admin.console.postResponse(sso.org.id(), stale.xml(), null);
    assertEquals(403, answer.statusCode(), answer.body());
    assertTrue(answer.body().contains("did not make you log in again"), answer.body());
    String reference = text(answer.body(), "reference");
    assertTrue(SsoApi.errors(sso.org.id(), sso.org.token()).body().contains(reference));

    // no AuthnStatement: nothing says when the admin logged in
    AuthnRequests.Received second = confirm(admin.console, page, "stale-" + id() + ".test");
    TestIdp.Login undated = sso.login(admin.email, second.id());
    undated.authnStatement = false;
    HttpResponse<String> none = admin.console.postResponse(sso.org.id(), undated.xml(), null);
    assertEquals(403, none.statusCode(), none.body());
    assertTrue(none.body().contains("no AuthnStatement"), none.body());

    // the request was used up by the refused answer: a fresh login cannot reuse it
    HttpResponse<String> reused =
        admin.console.postResponse(sso.org.id(), sso.login(admin.email, request.id()).xml(), null);
    assertEquals(403, reused.statusCode(), reused.body());
    assertTrue(reused.body().contains("already used"), reused.body());
    String claimed = submit(domainClaiming(admin.console), "stale-" + id() + ".test", null);
    assertTrue(claimed.contains("Confirm through your identity provider first"), claimed);
  }

  @Test
  void aConfirmationExpiresAfterFiveMinutes() throws Exception {
    Admin admin = ssoOnly("ADMIN");

    // a claim refused for its domain does not spend the confirmation: the next try does
    ConsolePage confirmed = reconfirmed(admin, "retry-" + id() + ".test");
    String refused = submit(confirmed, sso.domain, null);
    assertTrue(refused.contains("already verified"), refused);
    String domainOk = "retry-" + id() + ".test";
    String claimed = submit(confirmed, domainOk, null);
    assertTrue(claimed.contains(domainOk + " is claimed."), claimed);

    // a confirmation older than five minutes claims nothing
    String domain = "expiring-" + id() + ".test";
    ConsolePage late = reconfirmed(admin, domain);
    try {
      SsoApi.setClock(Duration.ofMinutes(6));
      String expired = submit(late, domain, null);
      assertTrue(expired.contains("has expired"), expired);
      assertTrue(expired.contains("id=\"addDomain:reconfirm\""), "confirm again: " + expired);
      assertNull(claimOrNull(domain), "nothing was claimed");
    } finally {
      SsoApi.setClock(Duration.ZERO);
    }
  }

  @Test
  void anAdminWithAPasswordStillReentersIt() throws Exception {
    WebClient console = SsoTestIT.signedIn(sso, passwordAdmin);
    ConsolePage page = domainClaiming(console);
    assertTrue(page.html.contains("id=\"addDomain:password\""), "the password field");
    assertFalse(page.html.contains("id=\"addDomain:reconfirm\""), "no IdP button");

    HttpResponse<String> start =
        console.get("/console/reconfirm?org=" + sso.org.id() + "&domain=x.test");
    assertEquals(409, start.statusCode(), start.body());
    assertTrue(start.body().contains("re-enter it"), start.body());

    String domain = "password-" + id() + ".test";
    String wrong = submit(page, domain, "not-" + PASSWORD);
    assertTrue(wrong.contains("The password you re-entered is not correct."), wrong);
    String claimed = submit(page, domain, PASSWORD);
    assertTrue(claimed.contains(domain + " is claimed."), claimed);
    JsonObject entry = audit("domain.claimed", passwordAdmin);
    assertTrue(
        entry.getString("after").contains("\"confirmedWith\":\"password\""), entry.toString());
  }

  @Test
  void theApiSendsAnSsoOnlyAdminToTheConsole() throws Exception {
    // an SSO-only Owner's personal access token comes from a recovery code
    Admin owner = ssoOnly("OWNER");
    ConsolePage singleSignOn = ConsolePage.open(owner.console, settings() + "&tab=sso");
    String form = singleSignOn.clientId("recoveryCodes");
    String generate = singleSignOn.clientId("generateCodes");
    String codes = singleSignOn.press(form, generate, Map.of(), generate, form);
    Matcher code = Pattern.compile("<code class=\"pc-code\">([^<]+)</code>").matcher(codes);
    assertTrue(code.find(), codes);
    Reply token =
        SsoApi.json(
            "POST",
            "/api/v1/auth/token",
            null,
            Json.createObjectBuilder()
                .add("email", owner.email)
                .add("recoveryCode", code.group(1))
                .build());
    assertEquals(201, token.status(), token.body());

    for (JsonObject body :
        List.of(
            Json.createObjectBuilder().add("domain", "api-" + id() + ".test").build(),
            Json.createObjectBuilder()
                .add("domain", "api-" + id() + ".test")
                .add("password", "anything")
                .build())) {
      Reply r =
          SsoApi.json(
              "POST",
              "/api/v1/organizations/" + sso.org.id() + "/domains",
              token.json().getString("token"),
              body);
      assertEquals(403, r.status(), r.body());
      assertEquals("idp_reconfirmation_required", r.json().getString("error"), r.body());
      assertTrue(r.json().getString("message").contains("in the console"), r.body());
    }
    // a password user who leaves the password out: 400, as before
    Reply missing =
        SsoApi.json(
            "POST",
            "/api/v1/organizations/" + sso.org.id() + "/domains",
            sso.org.token(),
            Json.createObjectBuilder().add("domain", "api-" + id() + ".test").build());
    assertEquals(400, missing.status(), missing.body());
    assertEquals("invalid_field", missing.json().getString("error"));
  }

  /**
   * Each confirmation stores a step-up request for ten minutes, so one address starts only so many
   * a minute at one organization (the end-to-end server allows 100), apart from its logins.
   */
  @Test
  void oneAddressStartsOnlySoManyConfirmationsAMinute() throws Exception {
    SsoOrg flooded = SsoOrg.create(dns, "https://idp-stepup-flooded-" + id() + ".test/sso");
    flooded.settings(Json.createObjectBuilder().add("idpManagedAccess", true).build());
    Admin admin = ssoOnly(flooded, "ADMIN");
    String start = "/console/reconfirm?org=" + flooded.org.id() + "&domain=x-" + id() + ".test";
    int started = 0;
    HttpResponse<String> r = null;
    while (started <= 200) {
      r = admin.console().get(start);
      if (r.statusCode() != 302) {
        break;
      }
      started++;
    }
    assertEquals(429, r.statusCode(), r.body());
    // a new minute may begin during the loop and start the count again, at most once
    assertTrue(started >= 1 && started <= 200, started + " confirmations started before the limit");
    assertTrue(r.body().contains("Too many confirmations"), r.body());
    int retryAfter = Integer.parseInt(r.headers().firstValue("Retry-After").orElse("0"));
    assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
    assertEquals(
        started,
        it.db.Database.count("sso_authn_request", "organization_id", flooded.org.id()),
        "a refused start stores no request");
    // SP-initiated logins from the same address are counted apart
    assertEquals(302, new WebClient().get("/sso/saml/" + flooded.org.id() + "/login").statusCode());
  }

  /**
   * An admin without a password: provisioned by their first SSO login (JIT), given {@code role}.
   */
  record Admin(String email, WebClient console) {}

  private static Admin ssoOnly(String role) throws Exception {
    return ssoOnly(sso, role);
  }

  /** As {@link #ssoOnly(String)}, of the organization {@code sso} (IdP Managed Access on). */
  private static Admin ssoOnly(SsoOrg sso, String role) throws Exception {
    String email = role.toLowerCase() + "-sso-only-" + id() + "@" + sso.domain;
    WebClient console = SsoTestIT.signedIn(sso, email);
    String userId = null;
    Reply members =
        SsoApi.send(
            "GET",
            "/api/v1/organizations/" + sso.org.id() + "/members",
            sso.org.token(),
            null,
            null);
    for (JsonValue v : members.array()) {
      if (v.asJsonObject().getString("email").equals(email)) {
        userId = v.asJsonObject().getString("userId");
      }
    }
    assertNotNull(userId, members.body());
    Reply promoted =
        SsoApi.json(
            "PATCH",
            "/api/v1/organizations/" + sso.org.id() + "/members/" + userId,
            sso.org.token(),
            Json.createObjectBuilder().add("role", role).build());
    assertEquals(200, promoted.status(), promoted.body());
    return new Admin(email, console);
  }

  private static String settings() {
    return "/console/settings/access-security?org=" + sso.org.id();
  }

  private static ConsolePage domainClaiming(WebClient console) throws Exception {
    return ConsolePage.open(console, settings());
  }

  /**
   * "Confirm through your identity provider" with {@code domain} in the dialog: the console sends
   * the browser to {@code /console/reconfirm}, which sends it to the IdP; the AuthnRequest there.
   */
  private static AuthnRequests.Received confirm(WebClient console, ConsolePage page, String domain)
      throws Exception {
    String pressed =
        page.press(
            "addDomain",
            "addDomain:reconfirm",
            Map.of("addDomain:domain", domain),
            "addDomain:reconfirm addDomain:domain",
            "addDomain");
    String start = ConsolePage.redirect(pressed);
    assertNotNull(start, pressed);
    assertTrue(start.startsWith("/console/reconfirm?org=" + sso.org.id() + "&domain="), start);
    HttpResponse<String> toIdp = console.get(start);
    assertEquals(302, toIdp.statusCode(), toIdp.body());
    String location = toIdp.headers().firstValue("Location").orElse("");
    assertTrue(location.startsWith(sso.idpSsoUrl), location);
    return AuthnRequests.fromRedirect(location, sso.spCertificate);
  }

  /** The admin confirmed at the IdP for {@code domain}: the page they come back to. */
  private static ConsolePage reconfirmed(Admin admin, String domain) throws Exception {
    AuthnRequests.Received request = confirm(admin.console, domainClaiming(admin.console), domain);
    HttpResponse<String> answer =
        admin.console.postResponse(sso.org.id(), sso.login(admin.email, request.id()).xml(), null);
    assertEquals(303, answer.statusCode(), answer.body());
    HttpResponse<String> taken =
        admin.console.get(answer.headers().firstValue("Location").orElseThrow());
    assertEquals(302, taken.statusCode(), taken.body());
    return ConsolePage.open(admin.console, taken.headers().firstValue("Location").orElseThrow());
  }

  /** Submit Claim in the dialog ({@code password} null: no password field). */
  private static String submit(ConsolePage page, String domain, String password) throws Exception {
    Map<String, String> fields =
        password == null
            ? Map.of("addDomain:domain", domain)
            : Map.of("addDomain:domain", domain, "addDomain:password", password);
    return page.press(
        "addDomain", "addDomain:submit", fields, "addDomain", "addDomain accessSecurity:domains");
  }

  private static JsonObject claimOf(String domain) throws Exception {
    JsonObject claim = claimOrNull(domain);
    assertNotNull(claim, domain + " is not claimed");
    return claim;
  }

  private static JsonObject claimOrNull(String domain) throws Exception {
    Reply list =
        SsoApi.send(
            "GET",
            "/api/v1/organizations/" + sso.org.id() + "/domains",
            sso.org.token(),
            null,
            null);
    assertEquals(200, list.status(), list.body());
    for (JsonValue v : list.array()) {
      if (v.asJsonObject().getString("domain").equals(domain)) {
        return v.asJsonObject();
      }
    }
    return null;
  }

  /** The newest audit entry {@code action} that mentions {@code text} (actor, target or after). */
  private static JsonObject audit(String action, String text) throws Exception {
    for (JsonValue v : Json.createReader(new StringReader(sso.audit())).readArray()) {
      JsonObject e = v.asJsonObject();
      if (e.getString("action", "").equals(action) && e.toString().contains(text)) {
        return e;
      }
    }
    throw new AssertionError(action + " with " + text + " not in the audit log");
  }

  private static boolean auditHas(String action, String text) throws Exception {
    try {
      audit(action, text);
      return true;
    } catch (AssertionError missing) {
      return false;
    }
  }

  private static String text(String html, String id) {
    Matcher m = Pattern.compile("id=\"" + id + "\">([^<]*)<").matcher(html);
    assertTrue(m.find(), id + " in " + html);
    return m.group(1);
  }

  private static String id() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
