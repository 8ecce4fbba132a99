package it.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.db.Database;
import it.dns.BindServer;
import it.sso.SsoApi.Org;
import it.sso.SsoApi.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Shared SSO (PRODUCT §3): an admin organization's Owner generates a linking code, another
 * organization's Owner links with it; the admin organization's IdP then logs in (and
 * JIT-provisions) people of its domains into the linked organization; the linked organization's own
 * SSO settings and domains are ignored until it unlinks; a domain moves to the admin organization;
 * nothing else of one organization is visible to the other.
 */
class SharedSsoIT {

  static BindServer dns;

  @BeforeAll
  static void setUp() throws Exception {
    dns = BindServer.fromSystemProperty();
    dns.start();
  }

  @AfterAll
  static void stopDns() throws Exception {
    dns.close();
  }

  @Test
  void aCodeLinksOnceOnlyBeforeItExpiresAndIsNeverStoredInClear() throws Exception {
    SsoOrg admin = SsoOrg.create(dns, "https://idp-shared-admin.test/sso");
    SsoOrg linked = SsoOrg.create(dns, "https://idp-shared-linked.test/sso");
    Org third = SsoApi.createOrg("ENTERPRISE");

    // only Owners, only Enterprise
    String adminOfAdmin = SsoApi.member(admin.org, "ADMIN");
    Reply notOwner = codes(admin.org.id(), adminOfAdmin);
    assertEquals(403, notOwner.status(), notOwner.body());
    Org team = SsoApi.createOrg("GROWTH");
    assertEquals(403, codes(team.id(), team.token()).status());

    Reply created = codes(admin.org.id(), admin.org.token());
    assertEquals(201, created.status(), created.body());
    String code = created.json().getString("code");
    assertTrue(code.startsWith("pcl_") && code.length() >= 4 + 32, code);
    assertEquals(0, Database.count("sso_link_code", "code_hash", code), "no code in clear");
    assertEquals(1, Database.count("sso_link_code", "code_hash", sha256(code)), "its hash only");

    Reply wrong = link(linked.org, "pcl_" + "A".repeat(32));
    assertEquals(400, wrong.status(), wrong.body());
    assertEquals("invalid_code", wrong.error());
    Reply self = link(admin.org, code);
    assertEquals(409, self.status(), self.body());
    assertEquals("self_link", self.error());
    String linkedAdminToken = SsoApi.member(linked.org, "ADMIN");
    assertEquals(403, link(linked.org.id(), linkedAdminToken, code).status(), "Owners only");

    Reply linkedReply = link(linked.org, code);
    assertEquals(201, linkedReply.status(), linkedReply.body());
    assertEquals(admin.org.id(), linkedReply.json().getString("id"));

    Reply reused = link(third, code);
    assertEquals(400, reused.status(), reused.body());
    assertEquals("invalid_code", reused.error());
    assertTrue(reused.message().contains("already used"), reused.message());

    // one admin organization at most; no chains
    String thirdCode = codes(third.id(), third.token()).json().getString("code");
    Reply second = link(linked.org, thirdCode);
    assertEquals(409, second.status(), second.body());
    assertEquals("already_linked", second.error());
    Reply sharing = link(admin.org, thirdCode);
    assertEquals(409, sharing.status(), sharing.body());
    assertEquals("sharing", sharing.error());
    Reply linkedShares = codes(linked.org.id(), linked.org.token());
    assertEquals(409, linkedShares.status(), linkedShares.body());
    assertEquals("linked", linkedShares.error());

    // both sides see the link
    JsonObject adminState = state(admin.org);
    assertTrue(adminState.isNull("admin"));
    assertEquals(1, adminState.getJsonArray("linked").size());
    assertEquals(
        linked.org.id(), adminState.getJsonArray("linked").getJsonObject(0).getString("id"));
    JsonObject linkedState = state(linked.org);
    assertEquals(admin.org.id(), linkedState.getJsonObject("admin").getString("id"));
    assertTrue(admin.audit().contains("sso.sharing.linked"));
    assertTrue(linked.audit().contains("sso.sharing.linked"));
    assertTrue(admin.audit().contains("sso.sharing.code_created"));
    assertFalse(admin.audit().contains(code), "the code is not in the audit log");

    // a code expires after 24 hours
    Org fourth = SsoApi.createOrg("ENTERPRISE");
    String late = codes(admin.org.id(), admin.org.token()).json().getString("code");
    try {
      SsoApi.setClock(Duration.ofHours(25));
      Reply expired = link(fourth.relogin(), late);
      assertEquals(400, expired.status(), expired.body());
      assertTrue(expired.message().contains("expired"), expired.message());
    } finally {
      SsoApi.setClock(Duration.ZERO);
    }
    assertEquals(1, state(admin.org).getJsonArray("linked").size(), "the fourth is not linked");
  }

  @Test
  void theAdminIdpLogsInAndProvisionsPeopleIntoTheLinkedOrganization() throws Exception {
    SsoOrg admin = SsoOrg.create(dns, "https://idp-shared-login.test/sso");
    SsoOrg linked = SsoOrg.create(dns, "https://idp-shared-login-linked.test/sso");
    String pat = "pat-" + id() + "@" + admin.domain;
    String patPassword = "pat-password-" + id();
    signup(pat, patPassword);
    addMember(linked.org, pat);

    // not linked yet: the admin organization's IdP does not log in another organization's member
    assertEquals(403, idpLogin(new WebClient(), admin, pat, Map.of()).statusCode());

    linkTogether(admin, linked);
    String adminName = state(linked.org).getJsonObject("admin").getString("name");
    assertEquals(nameOf(admin.org), adminName, "the linked side names its admin organization");

    WebClient browser = new WebClient();
    HttpResponse<String> r = idpLogin(browser, admin, pat, Map.of());
    assertEquals(302, r.statusCode(), r.body());
    HttpResponse<String> home = browser.get("/console/index");
    assertEquals(200, home.statusCode(), "signed in");
    assertTrue(home.body().contains(nameOf(linked.org)), "the console shows the linked org");
    assertTrue(linked.audit().contains("login.sso") && linked.audit().contains(pat));
    assertTrue(admin.audit().contains(pat), "the admin organization's audit log has the login");
    assertTrue(members(admin.org).stream().noneMatch(m -> m.getString("email").equals(pat)));

    // JIT: the IdP's group attribute names the linked organization
    admin.settings(
        Json.createObjectBuilder()
            .add("idpManagedAccess", true)
            .add("groupAttribute", "organization")
            .build());
    String newcomer = "new-" + id() + "@" + admin.domain;
    HttpResponse<String> jit =
        idpLogin(
            new WebClient(),
            admin,
            newcomer,
            Map.of("organization", List.of(nameOf(linked.org)), "firstName", List.of("Nia")));
    assertEquals(302, jit.statusCode(), jit.body());
    JsonObject member =
        members(linked.org).stream()
            .filter(m -> m.getString("email").equals(newcomer))
            .findFirst()
            .orElseThrow(() -> new AssertionError(newcomer + " not provisioned in linked org"));
    assertEquals("MEMBER", member.getString("role"));
    assertTrue(members(admin.org).stream().noneMatch(m -> m.getString("email").equals(newcomer)));
    assertTrue(linked.audit().contains("provisioning.user.created"));

    // without a group naming a linked organization, JIT is the admin organization's as before
    String own = "own-" + id() + "@" + admin.domain;
    assertEquals(302, idpLogin(new WebClient(), admin, own, Map.of()).statusCode());
    assertTrue(members(admin.org).stream().anyMatch(m -> m.getString("email").equals(own)));
    assertTrue(members(linked.org).stream().noneMatch(m -> m.getString("email").equals(own)));

    // the admin organization's policies apply to the linked organization's people of its domains
    admin.settings(Json.createObjectBuilder().add("requireSso", true).build());
    Reply password = passwordToken(pat, patPassword);
    assertEquals(403, password.status(), password.body());
    assertEquals("sso_required", password.error());
    assertTrue(password.message().contains(nameOf(admin.org)), password.message());
  }

  @Test
  void aLinkedOrganizationsOwnSettingsAreIgnoredWhileLinkedAndBackAfterUnlinking()
      throws Exception {
    SsoOrg admin = SsoOrg.create(dns, "https://idp-shared-own.test/sso");
    SsoOrg linked = SsoOrg.create(dns, "https://idp-shared-own-linked.test/sso");
    String email = "kim-" + id() + "@" + linked.domain;
    String password = "kim-password-" + id();
    signup(email, password);
    addMember(linked.org, email);
    linked.settings(Json.createObjectBuilder().add("requireSso", true).build());
    assertEquals("sso_required", passwordToken(email, password).error());
    assertEquals(302, new WebClient().get("/sso/saml/" + linked.org.id() + "/login").statusCode());

    linkTogether(admin, linked);
    assertEquals(201, passwordToken(email, password).status(), "its Require SSO is ignored");
    assertEquals(
        404,
        new WebClient().get("/sso/saml/" + linked.org.id() + "/login").statusCode(),
        "its own IdP is not used");
    assertEquals(403, idpLogin(new WebClient(), linked, email, Map.of()).statusCode());
    // nor does the admin organization's IdP log in people of the linked organization's own domain
    HttpResponse<String> foreign = idpLogin(new WebClient(), admin, email, Map.of());
    assertEquals(403, foreign.statusCode());
    assertTrue(foreign.body().contains("not verified by this organization"), foreign.body());

    // the admin organization's Owner unlinks it: its own settings count again
    Reply unlinked =
        SsoApi.send(
            "DELETE",
            sharing(admin.org.id()) + "/linked/" + linked.org.id(),
            admin.org.token(),
            null,
            null);
    assertEquals(204, unlinked.status(), unlinked.body());
    assertEquals("sso_required", passwordToken(email, password).error());
    assertEquals(302, idpLogin(new WebClient(), linked, email, Map.of()).statusCode());
    assertTrue(state(linked.org).isNull("admin"));
    assertTrue(admin.audit().contains("sso.sharing.unlinked"));
    assertTrue(linked.audit().contains("sso.sharing.unlinked"));

    // the linked side's Owner can unlink too, even after leaving the Enterprise plan
    linkTogether(admin, linked);
    Reply downgraded =
        SsoApi.json(
            "PUT",
            "/api/v1/organizations/" + linked.org.id() + "/plan",
            SsoApi.OPERATOR,
            Json.createObjectBuilder().add("plan", "GROWTH").build());
    assertEquals(200, downgraded.status(), downgraded.body());
    assertEquals(
        204,
        SsoApi.send("DELETE", sharing(linked.org.id()) + "/link", linked.org.token(), null, null)
            .status());
    assertEquals(
        404,
        SsoApi.send("DELETE", sharing(linked.org.id()) + "/link", linked.org.token(), null, null)
            .status(),
        "nothing left to unlink");
  }

  @Test
  void aLinkedOrganizationTransfersADomainToItsAdminOrganization() throws Exception {
    SsoOrg admin = SsoOrg.create(dns, "https://idp-shared-transfer.test/sso");
    SsoOrg linked = SsoOrg.create(dns, "https://idp-shared-transfer-linked.test/sso");
    String email = "lee-" + id() + "@" + linked.domain;
    SsoApi.member(linked.org, "MEMBER", email);
    String claimId = claimId(linked.org, linked.domain);

    Reply notLinked = transfer(linked.org.id(), linked.org.token(), claimId);
    assertEquals(409, notLinked.status(), notLinked.body());
    assertEquals("not_linked", notLinked.error());
    linkTogether(admin, linked);
    String linkedAdmin = SsoApi.member(linked.org, "ADMIN");
    assertEquals(403, transfer(linked.org.id(), linkedAdmin, claimId).status(), "Owners only");
    assertEquals(
        404, transfer(admin.org.id(), admin.org.token(), claimId).status(), "not the admin's");

    Reply moved = transfer(linked.org.id(), linked.org.token(), claimId);
    assertEquals(204, moved.status(), moved.body());
    assertTrue(domains(linked.org).stream().noneMatch(d -> d.getString("id").equals(claimId)));
    JsonObject adminClaim =
        domains(admin.org).stream()
            .filter(d -> d.getString("id").equals(claimId))
            .findFirst()
            .orElseThrow();
    assertEquals("VERIFIED", adminClaim.getString("status"));
    assertTrue(admin.audit().contains("domain.transferred"));
    assertTrue(linked.audit().contains("domain.transferred"));

    // the domain's people now log in through the admin organization's IdP, into the linked org
    WebClient browser = new WebClient();
    assertEquals(302, idpLogin(browser, admin, email, Map.of()).statusCode());
    assertEquals(200, browser.get("/console/index").statusCode());
  }

  @Test
  void nothingOfOneOrganizationIsVisibleToTheOtherButTheLink() throws Exception {
    SsoOrg admin = SsoOrg.create(dns, "https://idp-shared-iso.test/sso");
    SsoOrg linked = SsoOrg.create(dns, "https://idp-shared-iso-linked.test/sso");
    Org outsider = SsoApi.createOrg("ENTERPRISE");
    linkTogether(admin, linked);

    for (String path :
        List.of(
            "/sso",
            "/sso/sharing",
            "/members",
            "/domains",
            "/audit?format=json",
            "/sso/errors",
            "/sso/idps")) {
      assertEquals(
          404, get(linked.org.id(), path, admin.org.token()).status(), "admin reads linked" + path);
      assertEquals(
          404, get(admin.org.id(), path, linked.org.token()).status(), "linked reads admin" + path);
      assertEquals(404, get(linked.org.id(), path, outsider.token()).status(), path);
    }
    // an outsider cannot unlink, nor generate codes for, either organization
    assertEquals(
        404,
        SsoApi.send(
                "DELETE",
                sharing(admin.org.id()) + "/linked/" + linked.org.id(),
                outsider.token(),
                null,
                null)
            .status());
    assertEquals(
        404,
        SsoApi.send(
                "DELETE",
                sharing(outsider.id()) + "/linked/" + linked.org.id(),
                outsider.token(),
                null,
                null)
            .status(),
        "an organization unlinks only its own links");
    assertEquals(404, codes(admin.org.id(), outsider.token()).status());
    // what each side sees of the other: its id, name and when they linked
    JsonObject other = state(linked.org).getJsonObject("admin");
    assertEquals(Set.of("id", "name", "linkedAt"), other.keySet());
    JsonObject theLinked = state(admin.org).getJsonArray("linked").getJsonObject(0);
    assertEquals(Set.of("id", "name", "linkedAt"), theLinked.keySet());
  }

  @Test
  void twoOrganizationsUsingOneCodeAtOnceLinkOnlyOne() throws Exception {
    SsoOrg admin = SsoOrg.create(dns, "https://idp-shared-race.test/sso");
    Org first = SsoApi.createOrg("ENTERPRISE");
    Org second = SsoApi.createOrg("ENTERPRISE");
    String code = codes(admin.org.id(), admin.org.token()).json().getString("code");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Reply> a = pool.submit(() -> link(first, code));
      Future<Reply> b = pool.submit(() -> link(second, code));
      List<Integer> statuses = List.of(a.get().status(), b.get().status());
      assertTrue(
          statuses.contains(201) && statuses.contains(400),
          "one links, one is refused: " + statuses);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, state(admin.org).getJsonArray("linked").size());
  }

  @Test
  void aMemberOfSeveralLinkedOrganizationsLandsInTheOneTheGroupNames() throws Exception {
    SsoOrg admin = SsoOrg.create(dns, "https://idp-shared-groups.test/sso");
    SsoOrg one = SsoOrg.create(dns, "https://idp-shared-groups-1.test/sso");
    SsoOrg two = SsoOrg.create(dns, "https://idp-shared-groups-2.test/sso");
    String email = "both-" + id() + "@" + admin.domain;
    signup(email, "both-password-" + id());
    addMember(one.org, email);
    addMember(two.org, email);
    linkTogether(admin, one);
    linkTogether(admin, two);
    admin.settings(Json.createObjectBuilder().add("groupAttribute", "organization").build());

    HttpResponse<String> r =
        idpLogin(new WebClient(), admin, email, Map.of("organization", List.of(nameOf(two.org))));
    assertEquals(302, r.statusCode(), r.body());
    assertTrue(two.audit().contains("login.sso"), "landed in the organization the group names");
    assertFalse(one.audit().contains("login.sso"), "not in the other");
  }

  // ---- helpers

  @Test
  void aLinkedOrganizationsScimReachesTheAdminOrganizationsDomainsWhileLinked() throws Exception {
    SsoOrg admin = SsoOrg.create(dns, "https://idp-shared-scim.test/sso");
    SsoOrg linked = SsoOrg.create(dns, "https://idp-shared-scim-linked.test/sso");
    SsoOrg stranger = SsoOrg.create(dns, "https://idp-shared-scim-other.test/sso");
    String scim = it.scim.ScimApi.generate(linked.org.id(), linked.org.token()).getString("token");
    String adminScim =
        it.scim.ScimApi.generate(admin.org.id(), admin.org.token()).getString("token");
    String email = "pat-" + id() + "@" + admin.domain;
    assertEquals(400, scimCreate(scim, email).status(), "not linked yet: out of scope");

    linkTogether(admin, linked);
    it.scim.ScimApi.Reply created = scimCreate(scim, email);
    assertEquals(201, created.status(), created.body());
    String id = created.json().getString("id");
    assertEquals(1, scimCount(scim, email), "listed by the linked organization's token");
    assertEquals(200, it.scim.ScimApi.scim("GET", "/Users/" + id, scim).status());
    assertTrue(members(linked.org).stream().anyMatch(m -> m.getString("email").equals(email)));
    assertTrue(
        members(admin.org).stream().noneMatch(m -> m.getString("email").equals(email)),
        "a member of the linked organization only");
    assertEquals(0, scimCount(adminScim, email), "the admin organization's token sees its own");
    assertEquals(
        404, it.scim.ScimApi.scim("GET", "/Users/" + id, adminScim).status(), "and not theirs");
    assertEquals(
        400,
        scimCreate(scim, "pat-" + id() + "@" + stranger.domain).status(),
        "a third organization's domain stays out of scope");

    // unlinked: the admin organization's domains are out of the linked organization's reach
    Reply unlinked =
        SsoApi.send("DELETE", sharing(linked.org.id()) + "/link", linked.org.token(), null, null);
    assertEquals(204, unlinked.status(), unlinked.body());
    assertEquals(0, scimCount(scim, email));
    assertEquals(404, it.scim.ScimApi.scim("GET", "/Users/" + id, scim).status());
    assertEquals(400, scimCreate(scim, "pat-" + id() + "@" + admin.domain).status());
  }

  private static it.scim.ScimApi.Reply scimCreate(String token, String email) throws Exception {
    return it.scim.ScimApi.send(
        "POST",
        it.scim.ScimApi.SCIM + "/Users",
        token,
        "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\""
            + email
            + "\"}",
        "Content-Type",
        "application/scim+json");
  }

  private static int scimCount(String token, String email) throws Exception {
    it.scim.ScimApi.Reply r =
        it.scim.ScimApi.scim(
            "GET",
            "/Users?filter="
                + java.net.URLEncoder.encode(
                    "userName eq \"" + email + "\"", java.nio.charset.StandardCharsets.UTF_8),
            token);
    assertEquals(200, r.status(), r.body());
    return r.json().getInt("totalResults");
  }

  private static void linkTogether(SsoOrg admin, SsoOrg linked) throws Exception {
    Reply code = codes(admin.org.id(), admin.org.token());
    assertEquals(201, code.status(), code.body());
    Reply r = link(linked.org, code.json().getString("code"));
    assertEquals(201, r.status(), r.body());
  }

  private static String sharing(String orgId) {
    return "/api/v1/organizations/" + orgId + "/sso/sharing";
  }

  private static Reply codes(String orgId, String token) throws Exception {
    return SsoApi.send("POST", sharing(orgId) + "/codes", token, null, null);
  }

  private static Reply link(Org org, String code) throws Exception {
    return link(org.id(), org.token(), code);
  }

  private static Reply link(String orgId, String token, String code) throws Exception {
    return SsoApi.json(
        "POST",
        sharing(orgId) + "/link",
        token,
        Json.createObjectBuilder().add("code", code).build());
  }

  private static JsonObject state(Org org) throws Exception {
    Reply r = SsoApi.send("GET", sharing(org.id()), org.token(), null, null);
    assertEquals(200, r.status(), r.body());
    return r.json();
  }

  private static Reply transfer(String orgId, String token, String claimId) throws Exception {
    return SsoApi.send(
        "POST",
        "/api/v1/organizations/" + orgId + "/domains/" + claimId + "/transfer",
        token,
        null,
        null);
  }

  private static Reply get(String orgId, String path, String token) throws Exception {
    return SsoApi.send("GET", "/api/v1/organizations/" + orgId + path, token, null, null);
  }

  private static List<JsonObject> domains(Org org) throws Exception {
    Reply r = get(org.id(), "/domains", org.token());
    assertEquals(200, r.status(), r.body());
    return r.array().stream().map(JsonValue::asJsonObject).toList();
  }

  private static String claimId(Org org, String domain) throws Exception {
    return domains(org).stream()
        .filter(d -> d.getString("domain").equals(domain))
        .findFirst()
        .orElseThrow()
        .getString("id");
  }

  private static List<JsonObject> members(Org org) throws Exception {
    Reply r = get(org.id(), "/members", org.token());
    assertEquals(200, r.status(), r.body());
    return r.array().stream().map(JsonValue::asJsonObject).toList();
  }

  private static String nameOf(Org org) throws Exception {
    Reply r = SsoApi.send("GET", "/api/v1/organizations/" + org.id(), org.token(), null, null);
    assertEquals(200, r.status(), r.body());
    return r.json().getString("name");
  }

  private static HttpResponse<String> idpLogin(
      WebClient browser, SsoOrg org, String email, Map<String, List<String>> attributes)
      throws Exception {
    TestIdp.Login login = org.login(email, null);
    login.attributes = attributes;
    return browser.postResponse(org.org.id(), login.xml(), null);
  }

  private static Reply passwordToken(String email, String password) throws Exception {
    return SsoApi.json(
        "POST",
        "/api/v1/auth/token",
        null,
        Json.createObjectBuilder().add("email", email).add("password", password).build());
  }

  private static void signup(String email, String password) throws Exception {
    Reply r =
        SsoApi.json(
            "POST",
            "/api/v1/signup",
            null,
            Json.createObjectBuilder().add("email", email).add("password", password).build());
    assertEquals(201, r.status(), r.body());
  }

  private static void addMember(Org org, String email) throws Exception {
    Reply r =
        SsoApi.json(
            "POST",
            "/api/v1/organizations/" + org.id() + "/members",
            org.token(),
            Json.createObjectBuilder().add("email", email).add("role", "MEMBER").build());
    assertEquals(201, r.status(), r.body());
  }

  private static String sha256(String s) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  private static String id() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
