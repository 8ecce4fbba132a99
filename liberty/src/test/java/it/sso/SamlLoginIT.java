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

/**
 * The postback URL with a test IdP: a valid signed response logs the member in exactly like a
 * password login; every broken rule and known attack is refused with a reference and no session.
 */
class SamlLoginIT {

  static BindServer dns;
  static Org org;
  static String domain;
  static String member;
  static String outsider;
  static String sp;
  static TestIdp idp;

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
