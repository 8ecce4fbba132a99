package it.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.db.Database;
import it.dns.BindServer;
import it.domainclaim.ClaimsApi;
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
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SP-initiated login over HTTP, as a browser and an IdP see it: {@code /sso/saml/{org}/login} sends
 * a signed AuthnRequest (verified here with the SP metadata's certificate), the test IdP answers
 * it, and the postback URL accepts the answer only in the browser that started the login, once, in
 * time; afterwards the user lands where they were going, never on another site.
 */
class SpInitiatedLoginIT {

  static BindServer dns;
  static SsoOrg sso;
  static String admin;

  @BeforeAll
  static void setUp() throws Exception {
    dns = BindServer.fromSystemProperty();
    dns.start();
    String id = UUID.randomUUID().toString().substring(0, 8);
    sso = SsoOrg.create(dns, "https://idp-" + id + ".test/sso?tenant=" + id);
    admin = sso.member("ADMIN");
  }

  @AfterAll
  static void stopDns() throws Exception {
    dns.close();
  }

  @Test
  void spInitiatedLoginLandsWhereTheUserWasGoing() throws Exception {
    WebClient browser = new WebClient();
    String members = "/console/settings/members?org=" + sso.org.id();

    HttpResponse<String> console = browser.get(members);
    assertEquals(302, console.statusCode());
    assertEquals(
        SsoApi.BASE + "/login?returnTo=" + URLEncoder.encode(members, StandardCharsets.UTF_8),
        location(console),
        "the login page is told where the user was going");

    HttpResponse<String> start = startLogin(browser, members);
    assertEquals(302, start.statusCode(), start.body());
    String cookie = start.headers().firstValue("Set-Cookie").orElse("");
    assertTrue(cookie.startsWith("__Host-portcullis-sso="), cookie);
    for (String attribute : List.of("Secure", "HttpOnly", "SameSite=None", "Path=/")) {
      assertTrue(cookie.contains(attribute), attribute + " in " + cookie);
    }
    assertTrue(start.headers().firstValue("Cache-Control").orElse("").startsWith("no-store"));
    assertTrue(location(start).startsWith(sso.idpSsoUrl + "&SAMLRequest="), location(start));
    AuthnRequests.Received request = AuthnRequests.fromRedirect(location(start), sso.spCertificate);
    assertEquals(sso.idpSsoUrl, request.destination());
    assertEquals(sso.spEntityId + "/acs", request.postbackUrl());
    assertEquals(sso.spEntityId, request.issuer());
    assertEquals("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST", request.protocolBinding());
    assertEquals(members, request.relayState());

    HttpResponse<String> acs =
        browser.postResponse(
            sso.org.id(), sso.login(admin, request.id()).xml(), request.relayState());

    assertEquals(302, acs.statusCode(), acs.body());
    assertEquals(SsoApi.BASE + members, location(acs));
    HttpResponse<String> page = browser.get(members);
    assertEquals(200, page.statusCode(), "the session works");
    assertTrue(page.body().contains(admin), "the members page lists the admin");
    boolean spLogin = false;
    for (JsonValue v : Json.createReader(new StringReader(sso.audit())).readArray()) {
      JsonObject e = v.asJsonObject();
      spLogin |=
          e.getString("action", "").equals("login.sso")
              && e.getString("target", "").equals(admin)
              && e.getString("after", "").contains("\"initiatedBy\":\"sp\"");
    }
    assertTrue(spLogin, "the audit log shows an SP-initiated login");
  }

  @Test
  void withoutReturnToTheLoginEndsOnTheConsole() throws Exception {
    WebClient browser = new WebClient();
    AuthnRequests.Received request = started(browser, null);
    assertEquals(null, request.relayState());
    HttpResponse<String> acs =
        browser.postResponse(sso.org.id(), sso.login(admin, request.id()).xml(), null);
    assertEquals(302, acs.statusCode(), acs.body());
    assertEquals(SsoApi.BASE + "/console/index", location(acs));
  }

  @Test
  void aResponseForAnotherBrowsersLoginIsRefusedAndDoesNotUseItUp() throws Exception {
    WebClient victim = new WebClient();
    AuthnRequests.Received request = started(victim, null);
    String xml = sso.login(admin, request.id()).xml();

    WebClient attacker = new WebClient();
    started(attacker, null); // the attacker's browser has a login cookie of its own
    refused(attacker, xml, null, "started in another browser");
    refused(new WebClient(), xml, null, "did not send the cookie");

    HttpResponse<String> acs = victim.postResponse(sso.org.id(), xml, null);
    assertEquals(
        302, acs.statusCode(), "the browser that started the login still can: " + acs.body());
  }

  @Test
  void unknownReusedOrExpiredRequestsAreRefused() throws Exception {
    WebClient browser = new WebClient();
    started(browser, null);
    refused(browser, sso.login(admin, "_" + UUID.randomUUID()).xml(), null, "did not send");

    AuthnRequests.Received request = started(browser, null);
    assertEquals(
        302,
        browser
            .postResponse(sso.org.id(), sso.login(admin, request.id()).xml(), null)
            .statusCode());
    // a second answer to the same request, in the browser the first one logged in
    HttpResponse<String> again =
        browser.postResponse(sso.org.id(), sso.login(admin, request.id()).xml(), null);
    assertEquals(403, again.statusCode(), again.body());
    assertTrue(again.body().contains("already used"), again.body());

    browser = new WebClient();
    AuthnRequests.Received late = started(browser, null);
    try {
      ClaimsApi.setClock(Duration.ofMinutes(11));
      TestIdp.Login login = sso.login(admin, late.id());
      login.notOnOrAfter = Instant.now().plus(Duration.ofMinutes(20));
      refused(browser, login.xml(), null, "has expired");
    } finally {
      ClaimsApi.setClock(Duration.ZERO);
    }
  }

  @Test
  void anotherOrganizationsRequestIsUnknownHere() throws Exception {
    SsoOrg other = SsoOrg.create(dns, "https://idp-other.test/sso");
    WebClient browser = new WebClient();
    HttpResponse<String> start = browser.get("/sso/saml/" + other.org.id() + "/login");
    AuthnRequests.Received theirs =
        AuthnRequests.fromRedirect(location(start), other.spCertificate);
    refused(browser, sso.login(admin, theirs.id()).xml(), null, "did not send");
  }

  @Test
  void responsesWhoseInResponseToNoSignatureCoversAreRefused() throws Exception {
    WebClient browser = new WebClient();
    AuthnRequests.Received request = started(browser, null);
    String unsolicited = sso.login(admin, null).xml();
    String forged =
        unsolicited.replaceFirst(
            "<saml2p:Response ", "<saml2p:Response InResponseTo=\"" + request.id() + "\" ");
    assertTrue(forged.contains(request.id()));
    refused(browser, forged, null, "not covered by a signature");
  }

  @Test
  void idpInitiatedLoginsAreRefusedWhenTheOrganizationTurnsThemOff() throws Exception {
    sso.settings(Json.createObjectBuilder().add("allowIdpInitiated", false).build());
    try {
      refused(
          new WebClient(),
          sso.login(admin, null).xml(),
          null,
          "IdP-initiated logins are turned off");

      WebClient browser = new WebClient();
      AuthnRequests.Received request = started(browser, null);
      assertEquals(
          302,
          browser
              .postResponse(sso.org.id(), sso.login(admin, request.id()).xml(), null)
              .statusCode(),
          "SP-initiated logins still work");
    } finally {
      sso.settings(Json.createObjectBuilder().add("allowIdpInitiated", true).build());
    }
    assertEquals(
        302,
        new WebClient().postResponse(sso.org.id(), sso.login(admin, null).xml(), null).statusCode(),
        "allowed again");
  }

  @Test
  void returnToAndRelayStateNeverLeadToAnotherSite() throws Exception {
    for (String evil :
        List.of(
            "https://evil.test/", "//evil.test/console", "/\\evil.test", "javascript:alert(1)")) {
      WebClient browser = new WebClient();
      AuthnRequests.Received request = started(browser, evil);
      assertEquals(null, request.relayState(), evil);
      HttpResponse<String> acs =
          browser.postResponse(sso.org.id(), sso.login(admin, request.id()).xml(), evil);
      assertEquals(302, acs.statusCode(), acs.body());
      assertEquals(SsoApi.BASE + "/console/index", location(acs), evil);
    }

    // IdP-initiated: the RelayState the IdP sends is followed only when it is a local path
    HttpResponse<String> evil =
        new WebClient()
            .postResponse(sso.org.id(), sso.login(admin, null).xml(), "https://evil.test/");
    assertEquals(SsoApi.BASE + "/console/index", location(evil));
    String members = "/console/settings/members?org=" + sso.org.id();
    HttpResponse<String> local =
        new WebClient().postResponse(sso.org.id(), sso.login(admin, null).xml(), members);
    assertEquals(SsoApi.BASE + members, location(local));
  }

  @Test
  void postBindingSendsAFormWithTheSignedRequest() throws Exception {
    sso.settings(Json.createObjectBuilder().add("idpSsoBinding", "POST").build());
    try {
      WebClient browser = new WebClient();
      String returnTo = "/console/index?from=post";
      HttpResponse<String> start = startLogin(browser, returnTo);
      assertEquals(200, start.statusCode(), start.body());
      assertTrue(start.headers().firstValue("Set-Cookie").orElse("").contains("SameSite=None"));
      String csp = start.headers().firstValue("Content-Security-Policy").orElse("");
      assertTrue(csp.contains("script-src 'sha256-"), csp);
      assertEquals(sso.idpSsoUrl, AuthnRequests.formAction(start.body()));
      AuthnRequests.Received request = AuthnRequests.fromPostForm(start.body(), sso.spCertificate);
      assertEquals(sso.idpSsoUrl, request.destination());
      assertEquals(returnTo, request.relayState());

      HttpResponse<String> acs =
          browser.postResponse(sso.org.id(), sso.login(admin, request.id()).xml(), returnTo);
      assertEquals(302, acs.statusCode(), acs.body());
      assertEquals(SsoApi.BASE + returnTo, location(acs));
    } finally {
      sso.settings(Json.createObjectBuilder().add("idpSsoBinding", "REDIRECT").build());
    }
  }

  @Test
  void importedMetadataDecidesTheBinding() throws Exception {
    SsoOrg other = SsoOrg.create(dns, "https://idp-redirect.test/sso");
    String metadata =
        "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\""
            + " xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\""
            + other.idp.entityId
            + "\"><md:IDPSSODescriptor"
            + " protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
            + "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>"
            + java.util.Base64.getEncoder().encodeToString(other.idp.certificate.getEncoded())
            + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
            + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\""
            + " Location=\"https://idp-post-only.test/sso\"/>"
            + "</md:IDPSSODescriptor></md:EntityDescriptor>";
    SsoApi.Reply imported =
        SsoApi.send(
            "POST",
            other.org.sso() + "/metadata",
            other.org.token(),
            SsoApi.METADATA,
            metadata.getBytes(StandardCharsets.UTF_8));
    assertEquals(200, imported.status(), imported.body());
    assertEquals("POST", imported.json().getString("idpSsoBinding"));

    HttpResponse<String> start = new WebClient().get("/sso/saml/" + other.org.id() + "/login");
    assertEquals(200, start.statusCode(), start.body());
    assertEquals("https://idp-post-only.test/sso", AuthnRequests.formAction(start.body()));
    AuthnRequests.fromPostForm(start.body(), other.spCertificate);

    SsoApi.Reply bad =
        SsoApi.json(
            "PUT",
            other.org.sso(),
            other.org.token(),
            Json.createObjectBuilder().add("idpSsoBinding", "ARTIFACT").build());
    assertEquals(400, bad.status(), bad.body());
    assertEquals("invalid_binding", bad.error());
  }

  @Test
  void oneAddressStartsOnlySoManyLoginsAMinuteAtOneOrganization() throws Exception {
    // the end-to-end server allows 100 a minute per client address and organization
    SsoOrg flooded = SsoOrg.create(dns, "https://idp-flooded.test/sso");
    WebClient browser = new WebClient();
    int started = 0;
    HttpResponse<String> r = null;
    while (started <= 200) {
      r = browser.get("/sso/saml/" + flooded.org.id() + "/login");
      if (r.statusCode() != 302) {
        break;
      }
      started++;
    }
    assertEquals(429, r.statusCode(), r.body());
    // a new minute may begin during the loop and start the count again, at most once
    assertTrue(started >= 1 && started <= 200, started + " logins started before the limit");
    assertTrue(r.body().contains("Too many sign-in attempts"), r.body());
    int retryAfter = Integer.parseInt(r.headers().firstValue("Retry-After").orElse("0"));
    assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
    assertEquals(
        started,
        Database.count("sso_authn_request", "organization_id", flooded.org.id()),
        "a refused start stores no request");
    // the same address still starts logins at another organization
    assertEquals(302, startLogin(new WebClient(), null).statusCode());
  }

  @Test
  void organizationsWithoutSsoHaveNoLoginToStart() throws Exception {
    SsoApi.Org plain = SsoApi.createOrg("ENTERPRISE");
    HttpResponse<String> r = new WebClient().get("/sso/saml/" + plain.id() + "/login");
    assertEquals(404, r.statusCode());
    assertTrue(r.body().contains("not set up for this organization"), r.body());
    assertTrue(r.headers().allValues("Set-Cookie").isEmpty(), "no cookie for nothing");
    assertEquals(404, new WebClient().get("/sso/saml/no-such-org/login").statusCode());
  }

  private static HttpResponse<String> startLogin(WebClient browser, String returnTo)
      throws Exception {
    String path = "/sso/saml/" + sso.org.id() + "/login";
    if (returnTo != null) {
      path += "?returnTo=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8);
    }
    return browser.get(path);
  }

  private static AuthnRequests.Received started(WebClient browser, String returnTo)
      throws Exception {
    HttpResponse<String> start = startLogin(browser, returnTo);
    assertEquals(302, start.statusCode(), start.body());
    return AuthnRequests.fromRedirect(location(start), sso.spCertificate);
  }

  private static void refused(WebClient browser, String xml, String relayState, String reason)
      throws Exception {
    HttpResponse<String> r = browser.postResponse(sso.org.id(), xml, relayState);
    assertEquals(403, r.statusCode(), r.body());
    assertTrue(r.body().contains(reason), reason + " expected in: " + r.body());
    Matcher ref = Pattern.compile("id=\"reference\">([0-9a-f]{8})<").matcher(r.body());
    assertTrue(ref.find(), r.body());
    assertEquals(302, browser.get("/console/index").statusCode(), "no session");
    assertTrue(sso.audit().contains(ref.group(1)), "the audit log names the reference");
    assertFalse(r.body().contains("Exception"), r.body());
  }

  private static String location(HttpResponse<String> r) {
    String l = r.headers().firstValue("Location").orElse("");
    return l.startsWith("/") ? SsoApi.BASE + l : l;
  }
}
