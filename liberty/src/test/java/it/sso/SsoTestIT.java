package it.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dns.BindServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Test SSO (PRODUCT §6, "test before enforce"): an admin logged in to the console starts {@code
 * /sso/saml/{org}/test}, logs in at the IdP, and the postback URL answers with a report — what the
 * IdP sent and every acceptance rule passed or failed — instead of a session. Nobody is signed in
 * by it, it works while SSO is off, and a test's request never serves a real login.
 */
class SsoTestIT {

  static final List<String> RULES =
      List.of(
          "MESSAGE",
          "SINGLE_ASSERTION",
          "SIGNATURE",
          "ISSUER",
          "DESTINATION",
          "TIME_WINDOW",
          "AUDIENCE",
          "SUBJECT_CONFIRMATION",
          "IN_RESPONSE_TO",
          "REPLAY",
          "EMAIL_DOMAIN",
          "MEMBER");

  static BindServer dns;
  static SsoOrg sso;
  static String admin;
  static String bob;

  @BeforeAll
  static void setUp() throws Exception {
    dns = BindServer.fromSystemProperty();
    dns.start();
    String id = UUID.randomUUID().toString().substring(0, 8);
    sso = SsoOrg.create(dns, "https://idp-" + id + ".test/sso");
    admin = sso.member("ADMIN");
    bob = sso.member("MEMBER");
  }

  @AfterAll
  static void stopDns() throws Exception {
    dns.close();
  }

  @Test
  void aPassingTestReportsEveryRuleAndSignsNobodyIn() throws Exception {
    WebClient console = signedIn(sso, admin);
    AuthnRequests.Received request = startTest(console, sso);
    assertEquals(null, request.relayState(), "the test's request carries no RelayState");

    // the response reaches a browser that holds the test's cookie but no console session
    WebClient postback = new WebClient();
    postback.setCookie("__Host-portcullis-sso", console.cookie("__Host-portcullis-sso"));
    TestIdp.Login login = sso.login(bob, request.id());
    login.attributes = Map.of("firstName", List.of("Bob"), "groups", List.of("eng", "ops"));
    HttpResponse<String> report = postback.postResponse(sso.org.id(), login.xml(), null);

    assertEquals(200, report.statusCode(), report.body());
    String body = report.body();
    assertTrue(body.contains("Test SSO passed"), body);
    for (String rule : RULES) {
      assertEquals("passed", verdict(body, rule), rule + " in " + body);
    }
    assertEquals(bob, text(body, "nameId"));
    assertEquals(sso.domain, text(body, "matchedDomain"));
    assertTrue(body.contains("<code>firstName</code></td><td>Bob</td>"), body);
    assertTrue(body.contains("<code>groups</code></td><td>eng, ops</td>"), body);
    assertTrue(body.contains("would sign in " + bob), body);
    assertTrue(
        report.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.contains("JSESSIONID")),
        "no session cookie: " + report.headers().allValues("Set-Cookie"));
    assertEquals(302, postback.get("/console/index").statusCode(), "the test gave no session");
    assertEquals(200, console.get("/console/index").statusCode(), "the admin's session is intact");

    String reference = text(body, "reference");
    JsonObject tested = auditEntry(sso, "sso.tested", reference);
    assertEquals(admin, tested.getString("actor"), tested.toString());
    assertTrue(tested.getString("after").contains("\"passed\":true"), tested.toString());
    assertFalse(loggedIn(sso, bob), "no SSO login of Bob");

    // the same answer again: its request is used up; still a report, still no session
    HttpResponse<String> again =
        postback.postResponse(sso.org.id(), sso.login(bob, request.id()).xml(), null);
    assertEquals(200, again.statusCode(), again.body());
    assertEquals("failed", verdict(again.body(), "IN_RESPONSE_TO"), again.body());
    assertTrue(again.body().contains("already answered"), again.body());
    assertEquals(302, postback.get("/console/index").statusCode());
  }

  @Test
  void aFailingRuleIsNamedInTheReportAndTheErrorLog() throws Exception {
    WebClient console = signedIn(sso, admin);
    AuthnRequests.Received request = startTest(console, sso);
    TestIdp.Login login = sso.login(bob, request.id());
    login.audience = "https://not-us.test/sp";

    HttpResponse<String> report = console.postResponse(sso.org.id(), login.xml(), null);

    assertEquals(200, report.statusCode(), report.body());
    String body = report.body();
    assertTrue(body.contains("Test SSO failed"), body);
    assertTrue(body.contains("would be refused: Audience."), body);
    assertEquals("failed", verdict(body, "AUDIENCE"), body);
    assertTrue(body.contains("audience is not this organization&#39;s SP entity ID"), body);
    for (String rule : RULES) {
      if (!rule.equals("AUDIENCE")) {
        assertEquals("passed", verdict(body, rule), rule + " in " + body);
      }
    }
    assertFalse(loggedIn(sso, bob), "no SSO login of Bob");
    String reference = text(body, "reference");
    SsoApi.Reply errors = SsoApi.errors(sso.org.id(), sso.org.token());
    assertEquals(200, errors.status(), errors.body());
    assertTrue(errors.body().contains(reference), errors.body());
    assertTrue(errors.body().contains("Test SSO failed: Audience"), errors.body());
    JsonObject tested = auditEntry(sso, "sso.tested", reference);
    assertTrue(
        tested.getString("after").contains("\"failedRules\":\"Audience\""), tested.toString());

    // an unsigned answer: the signature rule fails, and the report still shows what was sent
    AuthnRequests.Received second = startTest(console, sso);
    TestIdp.Login forged = sso.login(bob, second.id());
    forged.signer = new TestIdp(sso.idp.entityId);
    HttpResponse<String> unsigned = console.postResponse(sso.org.id(), forged.xml(), null);
    assertEquals("failed", verdict(unsigned.body(), "SIGNATURE"), unsigned.body());
    assertTrue(unsigned.body().contains("does not verify with any active IdP certificate"));
    assertEquals(bob, text(unsigned.body(), "nameId"));
  }

  @Test
  void worksWithSsoOffAndTurnsNothingOn() throws Exception {
    SsoOrg off = SsoOrg.create(dns, "https://idp-off.test/sso");
    String offAdmin = off.member("ADMIN");
    WebClient console = signedIn(off, offAdmin);
    off.settings(Json.createObjectBuilder().add("enabled", false).build());

    AuthnRequests.Received request = startTest(console, off);
    HttpResponse<String> report =
        console.postResponse(off.org.id(), off.login(offAdmin, request.id()).xml(), null);
    assertEquals(200, report.statusCode(), report.body());
    assertTrue(report.body().contains("Test SSO passed"), report.body());

    SsoApi.Reply settings = SsoApi.send("GET", off.org.sso(), off.org.token(), null, null);
    assertFalse(settings.json().getBoolean("enabled"), "SSO is still off");
    HttpResponse<String> real =
        new WebClient().postResponse(off.org.id(), off.login(offAdmin, null).xml(), null);
    assertEquals(403, real.statusCode(), "real logins stay refused while SSO is off");
  }

  @Test
  void onlyAdminsStartATestAndARealLoginCannotUseTheirRequest() throws Exception {
    assertEquals(
        403, startStatus(signedIn(sso, sso.member("MEMBER")), sso), "a member cannot start a test");
    HttpResponse<String> anonymous = new WebClient().get("/sso/saml/" + sso.org.id() + "/test");
    assertEquals(302, anonymous.statusCode(), "no session: to the console, which asks to log in");
    assertTrue(
        anonymous.headers().firstValue("Location").orElse("").contains("/console/settings/"));

    SsoOrg incomplete = SsoOrg.create(dns, "https://idp-incomplete.test/sso");
    String other = incomplete.member("ADMIN");
    WebClient console = signedIn(incomplete, other);
    incomplete.settings(
        Json.createObjectBuilder().add("enabled", false).add("idpSsoUrl", "").build());
    HttpResponse<String> missing = console.get("/sso/saml/" + incomplete.org.id() + "/test");
    assertEquals(409, missing.statusCode(), missing.body());
    assertTrue(missing.body().contains("Test SSO needs the IdP SSO URL first"), missing.body());
    assertEquals(
        404,
        console.get("/sso/saml/" + sso.org.id() + "/test").statusCode(),
        "an admin of another organization cannot test this one (nor learn that it exists)");

    // the test's request, answered as a real login by a browser holding its cookie: a report only
    WebClient admins = signedIn(sso, admin);
    AuthnRequests.Received request = startTest(admins, sso);
    WebClient thief = new WebClient();
    thief.setCookie("__Host-portcullis-sso", admins.cookie("__Host-portcullis-sso"));
    HttpResponse<String> r =
        thief.postResponse(sso.org.id(), sso.login(admin, request.id()).xml(), null);
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("Test SSO passed"), r.body());
    assertEquals(302, thief.get("/console/index").statusCode(), "no session from a test");
  }

  /** A browser with a console session of {@code email}, through an IdP-initiated SSO login. */
  static WebClient signedIn(SsoOrg org, String email) throws Exception {
    WebClient browser = new WebClient();
    HttpResponse<String> login =
        browser.postResponse(org.org.id(), org.login(email, null).xml(), null);
    assertEquals(302, login.statusCode(), login.body());
    assertEquals(200, browser.get("/console/index").statusCode());
    return browser;
  }

  private static int startStatus(WebClient browser, SsoOrg org) throws Exception {
    return browser.get("/sso/saml/" + org.org.id() + "/test").statusCode();
  }

  private static AuthnRequests.Received startTest(WebClient browser, SsoOrg org) throws Exception {
    HttpResponse<String> start = browser.get("/sso/saml/" + org.org.id() + "/test");
    assertEquals(302, start.statusCode(), start.body());
    String location = start.headers().firstValue("Location").orElse("");
    assertTrue(location.startsWith(org.idpSsoUrl), location);
    AuthnRequests.Received request = AuthnRequests.fromRedirect(location, org.spCertificate);
    assertEquals(org.spEntityId + "/acs", request.postbackUrl());
    return request;
  }

  private static String verdict(String html, String rule) {
    Matcher m =
        Pattern.compile("<tr id=\"rule-" + rule + "\"[^>]*>.*?<td class=\"verdict\">([a-z ]+)<")
            .matcher(html);
    return m.find() ? m.group(1) : null;
  }

  private static String text(String html, String id) {
    Matcher m = Pattern.compile("id=\"" + id + "\">([^<]*)<").matcher(html);
    assertTrue(m.find(), id + " in " + html);
    return m.group(1);
  }

  private static JsonObject auditEntry(SsoOrg org, String action, String reference)
      throws Exception {
    for (JsonValue v : Json.createReader(new StringReader(org.audit())).readArray()) {
      JsonObject e = v.asJsonObject();
      if (e.getString("action", "").equals(action)
          && e.getString("after", "").contains(reference)) {
        return e;
      }
    }
    throw new AssertionError(action + " " + reference + " not in the audit log");
  }

  private static boolean loggedIn(SsoOrg org, String email) throws Exception {
    for (JsonValue v : Json.createReader(new StringReader(org.audit())).readArray()) {
      JsonObject e = v.asJsonObject();
      if (e.getString("action", "").equals("login.sso")
          && e.getString("target", "").equals(email)) {
        return true;
      }
    }
    return false;
  }
}
