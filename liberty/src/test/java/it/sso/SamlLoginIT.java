package it.sso;

import static it.sso.SsoApi.PEM;
import static it.sso.SsoApi.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dns.BindServer;
import it.sso.SsoApi.Org;
import it.sso.SsoApi.Reply;
import jakarta.json.Json;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensaml.saml.saml2.core.NameIDType;
import org.opensaml.saml.saml2.core.StatusCode;

/**
 * The postback URL with a test IdP: a valid signed response logs the member in exactly like a
 * password login; every broken rule and known attack is refused with a reference and no session.
 */
class SamlLoginIT {

  static BindServer dns;
  static Org org;
  static String domain;
  static String member;
  static String admin;
  static String outsider;
  static String sp;
  static TestIdp idp;

  /** Just past the 2 minutes of clock skew allowed, with room for the request's own time. */
  static final Duration JUST_PAST_THE_SKEW = Duration.ofMinutes(2).plusSeconds(30);

  @BeforeAll
  static void setUp() throws Exception {
    dns = BindServer.fromSystemProperty();
    dns.start();
    String id = UUID.randomUUID().toString().substring(0, 8);
    org = SsoApi.createOrg("ENTERPRISE");
    domain = "sso-" + id + ".test";
    verifyDomain(org, domain);
    member = "member-" + id + "@" + domain;
    SsoApi.member(org, "MEMBER", member);
    admin = "admin-" + id + "@" + domain;
    SsoApi.member(org, "ADMIN", admin);

    Org other = SsoApi.createOrg("ENTERPRISE");
    String otherDomain = "victim-" + id + ".test";
    verifyDomain(other, otherDomain);
    outsider = "admin-" + id + "@" + otherDomain;
    SsoApi.member(other, "OWNER", outsider);

    idp = new TestIdp("https://idp-" + id + ".test/saml");
    assertEquals(
        201,
        send(
                "POST",
                org.sso() + "/certificates",
                org.token(),
                PEM,
                SsoApi.pem(idp.certificate).getBytes())
            .status());
    Reply on =
        SsoApi.json(
            "PUT",
            org.sso(),
            org.token(),
            Json.createObjectBuilder()
                .add("enabled", true)
                .add("idpEntityId", idp.entityId)
                .add("idpSsoUrl", "https://idp-" + id + ".test/sso")
                .build());
    assertEquals(200, on.status(), on.body());
    sp = on.json().getString("spEntityId");
  }

  @AfterAll
  static void stopDns() throws Exception {
    dns.close();
  }

  @Test
  void aSignedResponseLogsTheMemberInLikeAPasswordLogin() throws Exception {
    Browser browser = new Browser();
    HttpResponse<String> r = browser.post(org.id(), idp.login(member, sp).xml());
    assertEquals(302, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Location").orElse("").endsWith("/console/index"));
    assertEquals(200, browser.get("/console/index").statusCode(), "the session works");
    String audit = audit();
    assertTrue(audit.contains("login.sso"), audit);
  }

  /**
   * The first login through an IdP reads the organization's configuration; the later ones use what
   * the server remembers and complete in one statement (SsoLoginFastPath). Each is audited alike,
   * creates its session and goes where a local RelayState says (a foreign one is ignored).
   */
  @Test
  void everyLoginIsAuditedAlikeWhetherTheServerRemembersTheIdpOrNot() throws Exception {
    String members = "/console/settings/members?org=" + org.id();
    List<String> assertionIds = new ArrayList<>();
    for (String relayState : new String[] {members, "https://evil.example/", null, members}) {
      TestIdp.Login login = idp.login(member, sp);
      WebClient browser = new WebClient();
      HttpResponse<String> r = browser.postResponse(org.id(), login.xml(), relayState);
      assertEquals(302, r.statusCode(), r.body());
      String location = r.headers().firstValue("Location").orElse("");
      assertTrue(
          location.endsWith(members.equals(relayState) ? members : "/console/index"),
          relayState + " → " + location);
      assertEquals(200, browser.get("/console/index").statusCode(), "the session works");
      assertionIds.add(login.assertionId);
    }
    String memberId = null;
    String client = null;
    for (String assertionId : assertionIds) {
      jakarta.json.JsonObject entry = null;
      for (jakarta.json.JsonValue v :
          Json.createReader(new java.io.StringReader(audit())).readArray()) {
        jakarta.json.JsonObject e = v.asJsonObject();
        if (e.getString("after", "").contains(assertionId)) {
          assertTrue(entry == null, "one entry per login: " + assertionId);
          entry = e;
        }
      }
      assertTrue(entry != null, "the login " + assertionId + " is audited");
      assertEquals("login.sso", entry.getString("action"));
      assertEquals(member, entry.getString("actor"));
      assertEquals("user", entry.getString("targetType"));
      assertEquals(member, entry.getString("target"));
      assertEquals(entry.getString("actorId"), entry.getString("targetId"));
      assertTrue(!entry.isNull("clientAddress"), entry.toString());
      assertTrue(entry.isNull("before"), entry.toString());
      assertEquals(
          "{\"assertionId\":\"" + assertionId + "\",\"initiatedBy\":\"idp\",\"idp\":\"primary\"}",
          entry.getString("after"));
      memberId = memberId == null ? entry.getString("actorId") : memberId;
      assertEquals(memberId, entry.getString("actorId"), "the same member every time");
      client = client == null ? entry.getString("clientAddress") : client;
      assertEquals(client, entry.getString("clientAddress"), "the same client every time");
    }
  }

  @Test
  void aSignedResponseForTheWholeMessageWorksToo() throws Exception {
    TestIdp.Login login = idp.login(member, sp);
    login.signAssertion = false;
    login.signResponse = true;
    Browser browser = new Browser();
    assertEquals(302, browser.post(org.id(), login.xml()).statusCode());
  }

  @Test
  void replayedAssertionIsRefused() throws Exception {
    String xml = idp.login(member, sp).xml();
    assertEquals(302, new Browser().post(org.id(), xml).statusCode());
    refused(xml, "already used");
  }

  @Test
  void oneAssertionPostedFromManyBrowsersAtOnceLogsInOnce() throws Exception {
    String xml = idp.login(member, sp).xml();
    Matcher id = Pattern.compile("<saml2?:Assertion[^>]* ID=\"([^\"]+)\"").matcher(xml);
    assertTrue(id.find(), xml);
    int browsers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(browsers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < browsers; i++) {
      Browser browser = new Browser();
      answers.add(
          pool.submit(
              () -> {
                start.await();
                return browser.post(org.id(), xml);
              }));
    }
    start.countDown();
    int loggedIn = 0;
    for (Future<HttpResponse<String>> a : answers) {
      HttpResponse<String> r = a.get(60, TimeUnit.SECONDS);
      if (r.statusCode() == 302) {
        loggedIn++;
      } else {
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("already used"), r.body());
      }
    }
    pool.shutdown();
    assertEquals(1, loggedIn, "exactly one of the racing posts logs in");
    String audit = audit();
    assertEquals(
        1,
        audit.split(Pattern.quote(id.group(1)), -1).length - 1,
        "one login.sso entry names the assertion: " + audit);
  }

  @Test
  void unsignedOrForeignSignaturesAreRefused() throws Exception {
    TestIdp.Login unsigned = idp.login(member, sp);
    unsigned.signAssertion = false;
    refused(unsigned.xml(), "not signed");

    TestIdp.Login forged = idp.login(member, sp);
    forged.signer = new TestIdp(idp.entityId);
    refused(forged.xml(), "does not verify");

    TestIdp.Login sha1 = idp.login(member, sp);
    sha1.sha1 = true;
    refused(sha1.xml(), "SHA-1");

    // signature stripped from a validly signed response
    String stripped =
        idp.login(member, sp).xml().replaceAll("(?s)<ds:Signature.*</ds:Signature>", "");
    refused(stripped, "not signed");
  }

  @Test
  void wrongAudienceDestinationIssuerOrTimeIsRefused() throws Exception {
    TestIdp.Login audience = idp.login(member, sp);
    audience.audience = "https://elsewhere.test/sp";
    refused(audience.xml(), "audience");

    TestIdp.Login destination = idp.login(member, sp);
    destination.destination = "https://elsewhere.test/acs";
    refused(destination.xml(), "Destination");

    TestIdp.Login issuer = idp.login(member, sp);
    issuer.issuer = "https://another-idp.test";
    refused(issuer.xml(), "issuer");

    TestIdp.Login expired = idp.login(member, sp);
    expired.notOnOrAfter = Instant.now().minus(Duration.ofMinutes(10));
    refused(expired.xml(), "expired");

    TestIdp.Login solicited = idp.login(member, sp);
    solicited.inResponseTo = "_someone-elses-request";
    refused(solicited.xml(), "did not send");
  }

  @Test
  void anotherOrganizationsDomainCannotBeTakenOver() throws Exception {
    refused(idp.login(outsider, sp).xml(), "not verified by this organization");
  }

  @Test
  void commentInjectionInTheNameIdIsRefused() throws Exception {
    String attacker = member + ".attacker.test";
    String xml =
        idp.login(attacker, sp).xml().replace(member + ".attacker", member + "<!---->.attacker");
    assertTrue(xml.contains("<!---->"));
    refused(xml, "not verified by this organization");
  }

  @Test
  void wrappingDtdsAndTwoAssertionsAreRefused() throws Exception {
    String xml = idp.login(member, sp).xml();
    Matcher m = Pattern.compile("(?s)<saml2:Assertion.*</saml2:Assertion>").matcher(xml);
    assertTrue(m.find(), xml);
    String assertion = m.group();
    String evil =
        assertion
            .replace(member, "evil@" + domain)
            .replaceAll("(?s)<ds:Signature.*</ds:Signature>", "");
    refused(xml.replace(assertion, evil + assertion), "exactly one assertion");

    String dtd =
        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + xml.replaceFirst("<\\?xml[^>]*>", "");
    refused(dtd, "DTD");
  }

  @Test
  void aConfirmationForAnotherRecipientIsRefusedEvenWithTheRightDestination() throws Exception {
    TestIdp.Login login = idp.login(member, sp);
    login.recipient = sp.replace(org.id(), "another-organization") + "/acs";
    assertEquals(sp + "/acs", login.destination, "the Response's Destination is ours");
    refused(login.xml(), "no valid bearer confirmation for this postback URL");
  }

  @Test
  void notBeforeIsHonouredWithTwoMinutesOfSkew() throws Exception {
    TestIdp.Login early = idp.login(member, sp);
    early.notBefore = Instant.now().plus(JUST_PAST_THE_SKEW);
    refused(early.xml(), "not valid yet (NotBefore)");

    // an IdP whose clock runs a minute ahead
    TestIdp.Login withinSkew = idp.login(member, sp);
    withinSkew.notBefore = Instant.now().plus(Duration.ofMinutes(1));
    assertEquals(member, loggedIn(withinSkew.xml()));
  }

  @Test
  void notOnOrAfterJustPastTheSkewIsRefused() throws Exception {
    TestIdp.Login late = idp.login(member, sp);
    late.conditionsNotOnOrAfter = Instant.now().minus(JUST_PAST_THE_SKEW);
    refused(late.xml(), "expired (NotOnOrAfter)");

    // an IdP whose clock runs a minute behind
    TestIdp.Login withinSkew = idp.login(member, sp);
    withinSkew.conditionsNotOnOrAfter = Instant.now().minus(Duration.ofMinutes(1));
    assertEquals(member, loggedIn(withinSkew.xml()));
  }

  /**
   * The Web Browser SSO profile (SAML profiles §4.1.4.2) requires an AudienceRestriction naming the
   * SP, and it lives in Conditions: an assertion without Conditions is addressed to no SP in
   * particular (and valid forever), so it is refused.
   */
  @Test
  void anAssertionWithoutConditionsIsRefused() throws Exception {
    TestIdp.Login login = idp.login(member, sp);
    login.conditions = false;
    refused(login.xml(), "no Conditions");
  }

  @Test
  void aBearerConfirmationPastItsNotOnOrAfterIsRefused() throws Exception {
    TestIdp.Login login = idp.login(member, sp);
    login.confirmationNotOnOrAfter = Instant.now().minus(JUST_PAST_THE_SKEW);
    assertTrue(login.notOnOrAfter.isAfter(Instant.now()), "the Conditions are still valid");
    refused(login.xml(), "no valid bearer confirmation");
  }

  @Test
  void aPostOfMegabytesIsRefusedBeforeItIsRead() throws Exception {
    Browser browser = new Browser();
    HttpResponse<String> r = browser.post(org.id(), "<x>" + "y".repeat(2 * 1024 * 1024) + "</x>");
    assertEquals(413, r.statusCode(), r.body());
    assertTrue(r.body().contains("too large"), r.body());
    assertTrue(!r.body().contains("Exception"), r.body());
    assertEquals(302, browser.get("/console/index").statusCode(), "no session");
  }

  @Test
  void aResponseLargerThan256KbIsRefusedCleanly() throws Exception {
    // validly signed for the member: only its size is wrong
    TestIdp.Login large = idp.login(member, sp);
    large.attributes = Map.of("department", List.of("x".repeat(256 * 1024)));
    String xml = large.xml();
    assertTrue(xml.getBytes(StandardCharsets.UTF_8).length > 256 * 1024);
    refused(xml, "larger than 256 KB");

    TestIdp.Login fits = idp.login(member, sp);
    fits.attributes = Map.of("department", List.of("x".repeat(240 * 1024)));
    assertEquals(member, loggedIn(fits.xml()), "a large response within the limit is read");
  }

  /**
   * XSW1 and XSW2 (Somorovsky et al., "On Breaking SAML", 2012) against a signature on the whole
   * Response: an evil Response for the admin, around the signature, with the member's signed
   * original inside the signature's ds:Object or beside the signature.
   */
  @Test
  void wrappingAResponseSignedAsAWholeIsRefused() throws Exception {
    TestIdp.Login login = idp.login(member, sp);
    login.signAssertion = false;
    login.signResponse = true;
    String original = login.xml();
    String signature = Xsw.signature(original);
    String evil = Xsw.withId(Xsw.withoutSignature(original), "_evil").replace(member, admin);

    String inObject =
        signature.replace(
            "</ds:Signature>",
            "<ds:Object>" + Xsw.withoutSignature(original) + "</ds:Object></ds:Signature>");
    refused(Xsw.afterIssuer(evil, inObject), "exactly one assertion");
    refused(
        Xsw.afterIssuer(evil, Xsw.withoutSignature(original) + signature), "exactly one assertion");
  }

  /**
   * A wrapping that gets past "exactly one assertion": the IdP's signed error response (it has no
   * assertion; an attacker gets one by cancelling a login at the IdP) nested in an evil Response of
   * the same ID that carries the copied signature and an unsigned assertion for the admin. The
   * signature's reference resolves to the nested original, whose digest is good; the duplicate ID
   * gives it away.
   */
  @Test
  void wrappingASignedErrorResponseUnderItsOwnIdIsRefused() throws Exception {
    TestIdp.Login error = idp.login(member, sp);
    error.withAssertion = false;
    error.signResponse = true;
    error.statusCode = StatusCode.RESPONDER;
    String original = error.xml();
    Matcher id = Pattern.compile("<saml2p:Response [^>]*ID=\"([^\"]+)\"").matcher(original);
    assertTrue(id.find(), original);

    TestIdp.Login evil = idp.login(admin, sp);
    evil.responseId = id.group(1);
    evil.signAssertion = false;
    String wrapped =
        Xsw.afterIssuer(
            evil.xml(),
            Xsw.signature(original)
                + "<saml2p:Extensions xmlns:saml2p=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + Xsw.withoutSignature(original)
                + "</saml2p:Extensions>");
    refused(wrapped, "same ID twice");
  }

  /**
   * Against an assertion signature: an evil assertion for the admin with the member's assertion's
   * ID and copied signature, the signed original in its Advice (the original stays a
   * saml2:Assertion since its digest covers the element's name): refused for the second assertion
   * it brings.
   */
  @Test
  void anEvilAssertionUnderTheSignedAssertionsIdIsRefused() throws Exception {
    TestIdp.Login login = idp.login(member, sp);
    String signed = Xsw.assertion(login.xml());
    TestIdp.Login evil = idp.login(admin, sp);
    evil.assertionId = login.assertionId;
    evil.signAssertion = false;
    String evilXml = evil.xml();
    String evilAssertion = Xsw.assertion(evilXml);
    String withAdvice =
        Xsw.afterIssuer(evilAssertion, Xsw.signature(signed))
            .replaceFirst(
                "</saml2:Assertion>$",
                Matcher.quoteReplacement(
                    "<saml2:Advice>"
                        + signed.replace(Xsw.signature(signed), "")
                        + "</saml2:Advice></saml2:Assertion>"));
    refused(evilXml.replace(evilAssertion, withAdvice), "exactly one assertion");
  }

  /** Okta, Entra and others send an opaque persistent NameID and the email as an attribute. */
  @Test
  void theEmailAttributeLogsTheMemberInWhenTheNameIdIsOpaque() throws Exception {
    TestIdp.Login login = idp.login(member, sp);
    login.nameId = "00u" + UUID.randomUUID().toString().replace("-", "");
    login.nameIdFormat = NameIDType.PERSISTENT;
    login.attributes = Map.of("email", List.of(member));
    assertEquals(member, loggedIn(login.xml()));
  }

  @Test
  void anEmailAttributeOfAnotherOrganizationsDomainIsRefused() throws Exception {
    TestIdp.Login login = idp.login(member, sp);
    login.nameId = "00u" + UUID.randomUUID().toString().replace("-", "");
    login.nameIdFormat = NameIDType.PERSISTENT;
    login.attributes = Map.of("email", List.of(outsider));
    refused(login.xml(), "not verified by this organization");
  }

  /** Posts a response that must log someone in; answers whom the console shows signed in. */
  private static String loggedIn(String xml) throws Exception {
    Browser browser = new Browser();
    HttpResponse<String> r = browser.post(org.id(), xml);
    assertEquals(302, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Location").orElse("").endsWith("/console/index"));
    HttpResponse<String> console = browser.get("/console/index");
    assertEquals(200, console.statusCode(), "the session works");
    Matcher user =
        Pattern.compile("id=\"[^\"]*currentUser\"[^>]*>([^<]+)<").matcher(console.body());
    assertTrue(user.find(), console.body());
    return user.group(1).strip();
  }

  private static void refused(String xml, String reason) throws Exception {
    Browser browser = new Browser();
    HttpResponse<String> r = browser.post(org.id(), xml);
    assertEquals(403, r.statusCode(), r.body());
    assertTrue(r.body().contains("Single sign-on failed"), r.body());
    assertTrue(r.body().contains(reason), reason + " expected in: " + r.body());
    Matcher ref = Pattern.compile("id=\"reference\">([0-9a-f]{8})<").matcher(r.body());
    assertTrue(ref.find(), r.body());
    assertTrue(!r.body().contains("Exception") && !r.body().contains("at dev."), r.body());
    assertEquals(302, browser.get("/console/index").statusCode(), "no session");
    assertTrue(audit().contains(ref.group(1)), "the audit log names the reference");
    Reply errors = SsoApi.errors(org.id(), org.token());
    assertEquals(200, errors.status(), errors.body());
    assertTrue(errors.body().contains(ref.group(1)), "the SSO error log names the reference");
  }

  private static String audit() throws Exception {
    Reply r =
        send(
            "GET",
            "/api/v1/organizations/" + org.id() + "/audit?format=json",
            org.token(),
            null,
            null);
    assertEquals(200, r.status(), r.body());
    return r.body();
  }

  /** Cuts and pastes of a serialized signed response, for XML signature wrapping. */
  private static final class Xsw {
    static String signature(String xml) {
      Matcher m = Pattern.compile("(?s)<ds:Signature.*?</ds:Signature>").matcher(xml);
      assertTrue(m.find(), xml);
      return m.group();
    }

    /** The document without its XML declaration and its (first) signature. */
    static String withoutSignature(String xml) {
      return xml.replaceFirst("<\\?xml[^>]*>", "").replace(signature(xml), "");
    }

    static String assertion(String xml) {
      Matcher m = Pattern.compile("(?s)<saml2:Assertion.*</saml2:Assertion>").matcher(xml);
      assertTrue(m.find(), xml);
      return m.group();
    }

    /** The Response with another ID. */
    static String withId(String response, String id) {
      return response.replaceFirst(
          "(<saml2p:Response [^>]*ID=\")[^\"]+\"", "$1" + Matcher.quoteReplacement(id) + "\"");
    }

    /** Inserts after the first Issuer (where a signature goes). */
    static String afterIssuer(String xml, String insert) {
      int at = xml.indexOf("</saml2:Issuer>");
      assertTrue(at > 0, xml);
      at += "</saml2:Issuer>".length();
      return xml.substring(0, at) + insert + xml.substring(at);
    }
  }

  static void verifyDomain(Org o, String domain) throws Exception {
    SsoApi.verifyDomain(dns, o, domain);
  }

  /** A browser: its own cookies, no automatic redirects. */
  static final class Browser {
    final HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    HttpResponse<String> post(String orgId, String xml) throws Exception {
      String form =
          "SAMLResponse=" + URLEncoder.encode(TestIdp.encode(xml), StandardCharsets.US_ASCII);
      return http.send(
          HttpRequest.newBuilder(URI.create(SsoApi.BASE + "/sso/saml/" + orgId + "/acs"))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
      return http.send(
          HttpRequest.newBuilder(URI.create(SsoApi.BASE + path)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }
}
