package it.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dns.BindServer;
import it.scim.ScimApi;
import jakarta.json.Json;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deprovisioning by SCIM ends what the user could still do at once (issue: SCIM §4): a console
 * session opened by SSO before the deactivation, and a personal access token, stop working.
 */
class ScimDeprovisioningIT {

  static BindServer dns;
  static SsoOrg sso;
  static String scimToken;

  @BeforeAll
  static void setUp() throws Exception {
    dns = BindServer.fromSystemProperty();
    dns.start();
    sso = SsoOrg.create(dns, "https://idp-deprovision.test/sso");
    scimToken = ScimApi.generate(sso.org.id(), sso.org.token()).getString("token");
  }

  @AfterAll
  static void stopDns() throws Exception {
    dns.close();
  }

  private static String scimId(String email) throws Exception {
    ScimApi.Reply r =
        ScimApi.scim(
            "GET",
            "/Users?filter="
                + URLEncoder.encode("userName eq \"" + email + "\"", StandardCharsets.UTF_8),
            scimToken);
    assertEquals(1, r.json().getInt("totalResults"), r.body());
    return r.json().getJsonArray("Resources").getJsonObject(0).getString("id");
  }

  private static WebClient signedIn(String email) throws Exception {
    WebClient browser = new WebClient();
    HttpResponse<String> start = browser.get("/sso/saml/" + sso.org.id() + "/login");
    assertEquals(302, start.statusCode(), start.body());
    String location = start.headers().firstValue("Location").orElseThrow();
    AuthnRequests.Received request = AuthnRequests.fromRedirect(location, sso.spCertificate);
    HttpResponse<String> acs =
        browser.postResponse(sso.org.id(), sso.login(email, request.id()).xml(), null);
    assertEquals(302, acs.statusCode(), acs.body());
    assertEquals(200, browser.get("/console/index").statusCode(), "the session works");
    return browser;
  }

  @Test
  void deactivationEndsTheConsoleSessionAndThePersonalTokenAtOnce() throws Exception {
    String email =
        "member-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@" + sso.domain;
    String pat = SsoApi.member(sso.org, "MEMBER", email);
    WebClient browser = signedIn(email);
    String orgPath = "/api/v1/organizations/" + sso.org.id();
    assertEquals(200, SsoApi.send("GET", orgPath, pat, null, null).status());

    ScimApi.Reply r =
        ScimApi.send(
            "PATCH",
            ScimApi.SCIM + "/Users/" + scimId(email),
            scimToken,
            "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}",
            "Content-Type",
            "application/scim+json");
    assertEquals(200, r.status(), r.body());

    HttpResponse<String> after = browser.get("/console/index");
    assertEquals(302, after.statusCode(), "the console session is over");
    assertTrue(after.headers().firstValue("Location").orElse("").contains("/login"));
    assertEquals(401, SsoApi.send("GET", orgPath, pat, null, null).status(), "so is the token");
  }

  @Test
  void aDeactivatedMemberIsKeptOutOfSsoAndProjectsAndReactivationGivesTheGrantsBack()
      throws Exception {
    String email =
        "leaver-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@" + sso.domain;
    String password = "leaver-password-1234";
    SsoApi.Reply signup =
        SsoApi.json(
            "POST",
            "/api/v1/signup",
            null,
            Json.createObjectBuilder().add("email", email).add("password", password).build());
    assertEquals(201, signup.status(), signup.body());
    String orgPath = "/api/v1/organizations/" + sso.org.id();
    SsoApi.Reply added =
        SsoApi.json(
            "POST",
            orgPath + "/members",
            sso.org.token(),
            Json.createObjectBuilder().add("email", email).add("role", "MEMBER").build());
    assertEquals(201, added.status(), added.body());
    String userId = added.json().getString("userId");
    String projectName = "Ledger " + userId.substring(0, 8);
    SsoApi.Reply project =
        SsoApi.json(
            "POST",
            orgPath + "/projects",
            sso.org.token(),
            Json.createObjectBuilder().add("name", projectName).build());
    assertEquals(201, project.status(), project.body());
    SsoApi.Reply granted =
        SsoApi.send(
            "PUT",
            orgPath + "/projects/" + project.json().getString("id") + "/users/" + userId,
            sso.org.token(),
            null,
            null);
    assertEquals(204, granted.status(), granted.body());
    assertTrue(
        signedIn(email).get("/console/index").body().contains(projectName),
        "the console lists the granted project");

    String scimUser = scimId(email);
    assertEquals(200, active(scimUser, false).status());

    // no new SSO session: the refusal page, no session
    WebClient browser = new WebClient();
    HttpResponse<String> refused =
        browser.postResponse(sso.org.id(), sso.login(email, null).xml(), null);
    assertEquals(403, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("is deactivated in this organization"), refused.body());
    assertEquals(302, browser.get("/console/index").statusCode(), "not signed in");
    // a password login still works (the user is active elsewhere), but the organization is
    // closed to them: it answers as if it did not exist
    String again = SsoApi.token(email, password);
    assertEquals(404, SsoApi.send("GET", orgPath, again, null, null).status());
    // the SCIM User is still there, inactive: history kept
    ScimApi.Reply inactive = ScimApi.scim("GET", "/Users/" + scimUser, scimToken);
    assertEquals(200, inactive.status(), inactive.body());
    assertTrue(!inactive.json().getBoolean("active"));

    // reactivated: SSO works again and the grant made before is back
    assertEquals(200, active(scimUser, true).status());
    assertTrue(
        signedIn(email).get("/console/index").body().contains(projectName),
        "the grant survived the deactivation");
    assertEquals(200, SsoApi.send("GET", orgPath, again, null, null).status());
  }

  private static ScimApi.Reply active(String scimUser, boolean active) throws Exception {
    return ScimApi.send(
        "PATCH",
        ScimApi.SCIM + "/Users/" + scimUser,
        scimToken,
        "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
            + "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":"
            + active
            + "}}]}",
        "Content-Type",
        "application/scim+json");
  }

  @Test
  void removalEndsTheConsoleSessionToo() throws Exception {
    String email = sso.member("MEMBER");
    WebClient browser = signedIn(email);
    ScimApi.Reply r =
        ScimApi.send("DELETE", ScimApi.SCIM + "/Users/" + scimId(email), scimToken, null);
    assertEquals(204, r.status(), r.body());
    assertEquals(302, browser.get("/console/index").statusCode(), "the console session is over");
  }
}
