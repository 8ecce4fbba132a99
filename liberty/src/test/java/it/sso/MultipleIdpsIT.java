package it.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dns.BindServer;
import it.sso.SsoApi.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several IdPs per organization (PRODUCT §6): besides its primary IdP, the organization has two IdP
 * connections, B and C, each with its own signing key, postback URL and SP entity ID, bound to a
 * verified domain of its own. Each IdP logs in the users of its own domain at its own postback URL
 * only: an IdP of one connection that signs a response for a user of another connection's domain
 * (or of the primary IdP's) is refused and no session is made — the cross-IdP takeover attempt —
 * and so is a response posted at the wrong postback URL or signed with the wrong key. SP-initiated
 * login goes to the connection's IdP; the admin API validates and isolates tenants.
 */
class MultipleIdpsIT {

  static BindServer dns;
  static MultiIdpOrg org;
  static String userA;
  static String userB;
  static String userC;

  @BeforeAll
  static void setUp() throws Exception {
    dns = BindServer.fromSystemProperty();
    dns.start();
    String id = UUID.randomUUID().toString().substring(0, 8);
    org = MultiIdpOrg.create(dns, "https://idp-" + id + ".test/sso/");
    userA = org.member(org.primary.domain);
    userB = org.member(org.b.domain());
    userC = org.member(org.c.domain());
  }

  @AfterAll
  static void stopDns() throws Exception {
    dns.close();
  }

  @Test
  void eachIdpLogsInItsOwnDomainsUsersAtItsOwnPostbackUrl() throws Exception {
    loggedIn(org.b.acs(), org.b.login(userB, null).xml(), userB);
    loggedIn(org.c.acs(), org.c.login(userC, null).xml(), userC);
    loggedIn(
        SsoApi.BASE + "/sso/saml/" + org.primary.org.id() + "/acs",
        org.primary.login(userA, null).xml(),
        userA);
    assertTrue(
        audited("login.sso", "\"idp\":\"" + org.b.name() + "\""),
        "the audit entry of B's login names IdP B");
  }

  @Test
  void anIdpCannotLogInUsersOfAnotherIdpsDomain() throws Exception {
    // IdP B, at its own postback URL, signs a response for a user of C's domain: takeover attempt
    refused(org.b.acs(), org.b.login(userC, null).xml(), "bound to another identity provider");
    // ... and for a user of the primary IdP's domain
    refused(org.b.acs(), org.b.login(userA, null).xml(), "primary identity provider");
    // the primary IdP cannot log in a user of B's domain either
    refused(
        SsoApi.BASE + "/sso/saml/" + org.primary.org.id() + "/acs",
        org.primary.login(userB, null).xml(),
        "bound to another identity provider");

    // B's response for its own user posted at C's postback URL: C's issuer, keys, audience
    refused(org.c.acs(), org.b.login(userB, null).xml(), "");
    // B's key claiming to be C's IdP, for a user of C's domain
    TestIdp.Login forged = org.c.login(userC, null);
    forged.signer = org.b.idp();
    refused(org.c.acs(), forged.xml(), "");
    // C's response for B's user, addressed to B's SP
    TestIdp.Login wrongIssuer = org.b.login(userB, null);
    wrongIssuer.signer = org.c.idp();
    wrongIssuer.issuer = org.c.idp().entityId;
    refused(org.b.acs(), wrongIssuer.xml(), "");

    Reply errors = SsoApi.errors(org.primary.org.id(), org.primary.org.token());
    assertEquals(200, errors.status(), errors.body());
    assertTrue(
        errors.body().contains("Identity provider " + org.b.name() + ": "),
        "the SSO error log names the connection: " + errors.body());
  }

  @Test
  void spInitiatedLoginGoesToTheConnectionsIdpAndComesBackToItsPostbackUrl() throws Exception {
    WebClient browser = new WebClient();
    HttpResponse<String> start =
        browser.get("/sso/saml/" + org.primary.org.id() + "/idps/" + org.b.id() + "/login");
    assertEquals(302, start.statusCode(), start.body());
    String location = start.headers().firstValue("Location").orElseThrow();
    assertTrue(location.startsWith(ssoUrl("b") + "?SAMLRequest="), location);
    AuthnRequests.Received request =
        AuthnRequests.fromRedirect(location, org.primary.spCertificate);
    assertEquals(org.b.acs(), request.postbackUrl());
    assertEquals(org.b.spEntityId(), request.issuer());

    // the answer of another connection's IdP, at its own postback URL, cannot use B's request
    HttpResponse<String> wrong =
        browser.postResponseTo(org.c.acs(), org.c.login(userC, request.id()).xml(), null);
    assertEquals(403, wrong.statusCode(), wrong.body());
    assertTrue(wrong.body().contains("did not send"), wrong.body());

    HttpResponse<String> acs =
        browser.postResponseTo(org.b.acs(), org.b.login(userB, request.id()).xml(), null);
    assertEquals(302, acs.statusCode(), acs.body());
    assertEquals(200, browser.get("/console/index").statusCode(), "the session works");

    // the primary IdP's login still goes to the primary IdP
    HttpResponse<String> primary =
        new WebClient().get("/sso/saml/" + org.primary.org.id() + "/login");
    assertTrue(
        primary.headers().firstValue("Location").orElseThrow().startsWith(ssoUrl("a") + "?"),
        "the primary IdP's SSO URL");
  }

  @Test
  void eachConnectionHasItsOwnSpMetadata() throws Exception {
    Reply metadata =
        SsoApi.send(
            "GET",
            "/sso/saml/" + org.primary.org.id() + "/idps/" + org.b.id() + "/metadata",
            null,
            null,
            null);
    assertEquals(200, metadata.status(), metadata.body());
    assertTrue(metadata.body().contains("entityID=\"" + org.b.spEntityId() + "\""));
    assertTrue(metadata.body().contains("Location=\"" + org.b.acs() + "\""));
    assertEquals(
        404,
        SsoApi.send(
                "GET",
                "/sso/saml/" + org.primary.org.id() + "/idps/" + UUID.randomUUID() + "/metadata",
                null,
                null,
                null)
            .status());
  }

  @Test
  void theApiValidatesAndChangesNothingOnBadInput() throws Exception {
    SsoApi.Org o = org.primary.org;
    String unverified = "unverified-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    Reply notVerified =
        SsoApi.json(
            "POST",
            o.sso() + "/idps",
            o.token(),
            Json.createObjectBuilder()
                .add("name", "Bad")
                .add("domains", Json.createArrayBuilder().add(unverified))
                .build());
    assertEquals(400, notVerified.status(), notVerified.body());
    assertEquals("domain_not_verified", notVerified.error());
    assertTrue(notVerified.message().contains(unverified), notVerified.message());

    Reply taken =
        SsoApi.json(
            "PUT",
            o.sso() + "/idps/" + org.c.id(),
            o.token(),
            Json.createObjectBuilder()
                .add("domains", Json.createArrayBuilder().add(org.c.domain()).add(org.b.domain()))
                .build());
    assertEquals(409, taken.status(), taken.body());
    assertEquals("domain_bound", taken.error());
    assertTrue(taken.message().contains(org.b.name()), taken.message());

    Reply noName =
        SsoApi.json("POST", o.sso() + "/idps", o.token(), Json.createObjectBuilder().build());
    assertEquals(400, noName.status(), noName.body());
    assertEquals("invalid_name", noName.error());

    Reply badUrl =
        SsoApi.json(
            "PUT",
            o.sso() + "/idps/" + org.c.id(),
            o.token(),
            Json.createObjectBuilder().add("idpSsoUrl", "ftp://idp.test/").build());
    assertEquals(400, badUrl.status(), badUrl.body());
    assertEquals("invalid_sso_url", badUrl.error());

    Reply badBinding =
        SsoApi.json(
            "PUT",
            o.sso() + "/idps/" + org.c.id(),
            o.token(),
            Json.createObjectBuilder().add("idpSsoBinding", "SOAP").build());
    assertEquals(400, badBinding.status());
    assertEquals("invalid_binding", badBinding.error());

    Reply duplicate =
        SsoApi.send(
            "POST",
            o.sso() + "/idps/" + org.c.id() + "/certificates",
            o.token(),
            SsoApi.PEM,
            SsoApi.pem(org.b.idp().certificate).getBytes());
    assertEquals(409, duplicate.status(), duplicate.body());
    assertEquals("certificate_exists", duplicate.error());

    Reply garbage =
        SsoApi.send(
            "POST",
            o.sso() + "/idps/" + org.c.id() + "/certificates",
            o.token(),
            SsoApi.PEM,
            "not a certificate".getBytes());
    assertEquals(400, garbage.status(), garbage.body());

    JsonObject c =
        SsoApi.send("GET", o.sso() + "/idps/" + org.c.id(), o.token(), null, null).json();
    assertEquals(
        List.of(org.c.domain()), c.getJsonArray("domains").getValuesAs(JsonString::getString));
    assertEquals(1, c.getJsonArray("certificates").size());
    assertEquals(ssoUrl("c"), c.getString("idpSsoUrl"), "nothing changed");
    assertEquals("REDIRECT", c.getString("idpSsoBinding"));
  }

  @Test
  void anotherOrganizationsAdminAndMembersCannotSeeOrChangeTheConnections() throws Exception {
    SsoApi.Org other = SsoApi.createOrg("ENTERPRISE");
    String idps = org.primary.org.sso() + "/idps";
    assertEquals(404, SsoApi.send("GET", idps, other.token(), null, null).status());
    assertEquals(
        404, SsoApi.send("GET", idps + "/" + org.b.id(), other.token(), null, null).status());
    assertEquals(
        404, SsoApi.send("DELETE", idps + "/" + org.b.id(), other.token(), null, null).status());
    // the other organization's own API does not know B either
    assertEquals(
        404,
        SsoApi.send("GET", other.sso() + "/idps/" + org.b.id(), other.token(), null, null)
            .status());
    assertEquals(
        404,
        SsoApi.send("DELETE", other.sso() + "/idps/" + org.b.id(), other.token(), null, null)
            .status());
    String memberToken = SsoApi.member(org.primary.org, "MEMBER");
    assertEquals(403, SsoApi.send("GET", idps, memberToken, null, null).status());

    SsoApi.Org free = SsoApi.createOrg("FREE");
    Reply plan = SsoApi.send("GET", free.sso() + "/idps", free.token(), null, null);
    assertEquals(403, plan.status(), plan.body());
    assertEquals("plan_required", plan.error());

    Reply list = SsoApi.send("GET", idps, org.primary.org.token(), null, null);
    assertEquals(200, list.status(), list.body());
    List<String> ids =
        list.array().getValuesAs(JsonObject.class).stream().map(c -> c.getString("id")).toList();
    assertTrue(ids.contains(org.b.id()) && ids.contains(org.c.id()), list.body());
  }

  @Test
  void aDeletedConnectionsDomainLogsInThroughThePrimaryIdp() throws Exception {
    SsoApi.Org o = org.primary.org;
    String domain = "third-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    SsoOrg.verifyDomain(dns, o, domain);
    TestIdp third = new TestIdp("https://third-" + domain + "/saml");
    Reply created =
        SsoApi.json(
            "POST",
            o.sso() + "/idps",
            o.token(),
            Json.createObjectBuilder()
                .add("name", "Third")
                .add("idpEntityId", third.entityId)
                .add("idpSsoUrl", "https://third.test/sso")
                .add("domains", Json.createArrayBuilder().add(domain))
                .build());
    assertEquals(201, created.status(), created.body());
    String id = created.json().getString("id");
    String user = org.member(domain);
    refused(
        SsoApi.BASE + "/sso/saml/" + o.id() + "/acs",
        org.primary.login(user, null).xml(),
        "bound to another identity provider");

    assertEquals(
        204, SsoApi.send("DELETE", o.sso() + "/idps/" + id, o.token(), null, null).status());
    assertTrue(org.primary.audit().contains("\"action\":\"sso.idp.deleted\""));
    loggedIn(
        SsoApi.BASE + "/sso/saml/" + o.id() + "/acs", org.primary.login(user, null).xml(), user);
    assertEquals(
        404,
        new WebClient().get("/sso/saml/" + o.id() + "/idps/" + id + "/login").statusCode(),
        "the deleted connection's login is gone");
  }

  @Test
  void testSsoOfAConnectionJudgesByThatConnectionsRules() throws Exception {
    WebClient console = SsoTestIT.signedIn(org.primary, org.primary.member("ADMIN"));
    HttpResponse<String> start =
        console.get("/sso/saml/" + org.primary.org.id() + "/idps/" + org.b.id() + "/test");
    assertEquals(302, start.statusCode(), start.body());
    String location = start.headers().firstValue("Location").orElseThrow();
    assertTrue(location.startsWith(ssoUrl("b") + "?"), location);
    AuthnRequests.Received request =
        AuthnRequests.fromRedirect(location, org.primary.spCertificate);
    assertEquals(org.b.acs(), request.postbackUrl());

    // IdP B answers for a user of C's domain: the report says which rule a real login breaks
    HttpResponse<String> report =
        console.postResponseTo(org.b.acs(), org.b.login(userC, request.id()).xml(), null);
    assertEquals(200, report.statusCode(), report.body());
    assertTrue(report.body().contains("Test SSO failed"), report.body());
    assertTrue(report.body().contains("bound to another identity provider"), report.body());
    assertTrue(
        audited("sso.tested", "\"idp\":\"" + org.b.name() + "\""),
        "the sso.tested entry names the connection");
  }

  @Test
  void aRemovedDomainLosesItsBinding() throws Exception {
    SsoApi.Org o = org.primary.org;
    String domain = "removed-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    SsoOrg.verifyDomain(dns, o, domain);
    Reply created =
        SsoApi.json(
            "POST",
            o.sso() + "/idps",
            o.token(),
            Json.createObjectBuilder()
                .add("name", "Removed domain's IdP")
                .add("domains", Json.createArrayBuilder().add(domain))
                .build());
    assertEquals(201, created.status(), created.body());
    String claim = null;
    for (JsonObject c :
        SsoApi.send("GET", "/api/v1/organizations/" + o.id() + "/domains", o.token(), null, null)
            .array()
            .getValuesAs(JsonObject.class)) {
      if (c.getString("domain").equals(domain)) {
        claim = c.getString("id");
      }
    }
    assertEquals(
        204,
        SsoApi.send(
                "DELETE",
                "/api/v1/organizations/" + o.id() + "/domains/" + claim,
                o.token(),
                null,
                null)
            .status());
    Reply after =
        SsoApi.send(
            "GET", o.sso() + "/idps/" + created.json().getString("id"), o.token(), null, null);
    assertEquals(0, after.json().getJsonArray("domains").size(), after.body());
    assertEquals(
        0,
        it.db.Database.count("sso_idp_domain", "connection_id", created.json().getString("id")),
        "the binding row is gone");
  }

  /** Whether the organization's audit log has an entry {@code action} whose after-state has it. */
  @Test
  void underIdpManagedAccessAConnectionsIdpProvisionsOnlyItsOwnDomainsPeople() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    MultiIdpOrg managed = MultiIdpOrg.create(dns, "https://idp-jit-" + id + ".test/sso/");
    Reply on =
        managed.primary.settings(Json.createObjectBuilder().add("idpManagedAccess", true).build());
    assertEquals(200, on.status(), on.body());

    String newcomer = "newcomer-" + id + "@" + managed.b.domain();
    loggedIn(managed.b.acs(), managed.b.login(newcomer, null).xml(), newcomer);
    assertTrue(membersOf(managed).contains(newcomer), "B's first login made them a member");

    // B's IdP, under managed access too, cannot bring in someone of C's domain
    String intruder = "intruder-" + id + "@" + managed.c.domain();
    refused(
        managed.b.acs(),
        managed.b.login(intruder, null).xml(),
        "bound to another identity provider");
    assertFalse(membersOf(managed).contains(intruder), "nobody was provisioned");
  }

  private static String membersOf(MultiIdpOrg o) throws Exception {
    Reply r =
        SsoApi.send(
            "GET",
            "/api/v1/organizations/" + o.primary.org.id() + "/members",
            o.primary.org.token(),
            null,
            null);
    assertEquals(200, r.status(), r.body());
    return r.body();
  }

  private static boolean audited(String action, String inAfter) throws Exception {
    for (JsonValue v : Json.createReader(new StringReader(org.primary.audit())).readArray()) {
      JsonObject e = v.asJsonObject();
      if (e.getString("action", "").equals(action) && e.getString("after", "").contains(inAfter)) {
        return true;
      }
    }
    return false;
  }

  private static String ssoUrl(String label) {
    return org.primary.idpSsoUrl.substring(0, org.primary.idpSsoUrl.length() - 1) + label;
  }

  private static void loggedIn(String acs, String xml, String email) throws Exception {
    WebClient browser = new WebClient();
    HttpResponse<String> r = browser.postResponseTo(acs, xml, null);
    assertEquals(302, r.statusCode(), r.body());
    HttpResponse<String> page = browser.get("/console/index");
    assertEquals(200, page.statusCode(), "the session works");
    assertTrue(page.body().contains(email), email + " is signed in");
  }

  private static void refused(String acs, String xml, String reason) throws Exception {
    WebClient browser = new WebClient();
    HttpResponse<String> r = browser.postResponseTo(acs, xml, null);
    assertEquals(403, r.statusCode(), r.body());
    assertTrue(r.body().contains(reason), reason + " in " + r.body());
    assertFalse(r.headers().firstValue("Location").isPresent());
    assertEquals(302, browser.get("/console/index").statusCode(), "no session");
  }
}
