package it.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.db.Database;
import it.dns.BindServer;
import it.sso.SsoApi.Reply;
import jakarta.json.Json;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Remove SSO Configuration (PRODUCT §3): refused while SSO is on; once it is off, {@code DELETE
 * /api/v1/organizations/{org}/sso} deletes every row of the organization's SSO data — settings with
 * the SP key pair, additional IdP connections with their domain bindings, IdP certificates (the
 * primary IdP's and the connections'), outstanding AuthnRequests, replay entries — as PostgreSQL
 * shows, and leaves another organization's untouched. Audited; SSO logins stop.
 */
class RemoveSsoIT {

  /** The tables holding an organization's SSO configuration and login state. */
  static final Map<String, String> TABLES =
      Map.of(
          "sso_settings", "organization_id",
          "sso_idp_certificate", "organization_id",
          "sso_authn_request", "organization_id",
          "sso_replay", "organization_id",
          "sso_recovery_code", "organization_id",
          "sso_idp_connection", "organization_id",
          "sso_idp_domain", "organization_id");

  static BindServer dns;

  @BeforeAll
  static void startDns() throws Exception {
    dns = BindServer.fromSystemProperty();
    dns.start();
  }

  @AfterAll
  static void stopDns() throws Exception {
    dns.close();
  }

  @Test
  void removesEveryRowOfTheOrganizationsSsoDataOnlyOnceSsoIsOff() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    SsoOrg doomed = inUse(SsoOrg.create(dns, "https://idp-doomed-" + id + ".test/sso"));
    SsoOrg other = inUse(SsoOrg.create(dns, "https://idp-kept-" + id + ".test/sso"));
    for (SsoOrg o : List.of(doomed, other)) {
      for (Map.Entry<String, String> t : TABLES.entrySet()) {
        assertTrue(rows(t.getKey(), o) > 0, t.getKey() + " has rows before");
      }
    }

    Reply on = SsoApi.send("DELETE", doomed.org.sso(), doomed.org.token(), null, null);
    assertEquals(409, on.status(), on.body());
    assertEquals("sso_enabled", on.error());
    assertTrue(rows("sso_settings", doomed) == 1 && rows("sso_idp_certificate", doomed) == 2);

    String member = "member-" + id + "@" + doomed.domain;
    String memberToken = SsoApi.member(doomed.org, "MEMBER", member);
    doomed.settings(Json.createObjectBuilder().add("enabled", false).build());
    assertEquals(
        403,
        SsoApi.send("DELETE", doomed.org.sso(), memberToken, null, null).status(),
        "a member cannot remove it");
    assertEquals(
        404,
        SsoApi.send("DELETE", doomed.org.sso(), other.org.token(), null, null).status(),
        "another organization's Owner cannot either");

    Reply removed = SsoApi.send("DELETE", doomed.org.sso(), doomed.org.token(), null, null);
    assertEquals(204, removed.status(), removed.body());

    for (Map.Entry<String, String> t : TABLES.entrySet()) {
      assertEquals(0, rows(t.getKey(), doomed), t.getKey() + " of the removed organization");
      assertTrue(rows(t.getKey(), other) > 0, t.getKey() + " of the other organization");
    }
    assertTrue(doomed.audit().contains("\"action\":\"sso.removed\""), doomed.audit());

    HttpResponse<String> login =
        new WebClient().postResponse(doomed.org.id(), doomed.login(member, null).xml(), null);
    assertEquals(403, login.statusCode(), "no SSO login any more: " + login.body());
    HttpResponse<String> stillThere =
        new WebClient()
            .postResponse(other.org.id(), other.login(other.member("MEMBER"), null).xml(), null);
    assertEquals(302, stillThere.statusCode(), "the other organization's SSO works");

    Reply fresh = SsoApi.send("GET", doomed.org.sso(), doomed.org.token(), null, null);
    assertEquals(200, fresh.status(), fresh.body());
    assertFalse(fresh.json().containsKey("idpEntityId") && !fresh.json().isNull("idpEntityId"));
    assertEquals(0, fresh.json().getJsonArray("certificates").size());
    assertNotEquals(
        doomed.spCertificate,
        AuthnRequests.spCertificate(doomed.org.id()),
        "a new configuration has a new SP key pair");
  }

  /**
   * The organization with a login in progress, a login done (its replay entry), its Owner's
   * recovery codes and an additional IdP connection with a certificate and a bound domain.
   */
  private static SsoOrg inUse(SsoOrg o) throws Exception {
    String domain = "second-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    SsoOrg.verifyDomain(dns, o.org, domain);
    Reply connection =
        SsoApi.json(
            "POST",
            o.org.sso() + "/idps",
            o.org.token(),
            Json.createObjectBuilder()
                .add("name", "Second IdP")
                .add("domains", Json.createArrayBuilder().add(domain))
                .build());
    assertEquals(201, connection.status(), connection.body());
    Reply cert =
        SsoApi.send(
            "POST",
            o.org.sso() + "/idps/" + connection.json().getString("id") + "/certificates",
            o.org.token(),
            SsoApi.PEM,
            SsoApi.pem(new TestIdp("https://second.test/saml").certificate).getBytes());
    assertEquals(201, cert.status(), cert.body());
    Reply codes = SsoApi.send("POST", o.org.sso() + "/recovery-codes", o.org.token(), null, null);
    assertEquals(201, codes.status(), codes.body());
    String admin = o.member("ADMIN");
    HttpResponse<String> start = new WebClient().get("/sso/saml/" + o.org.id() + "/login");
    assertEquals(302, start.statusCode(), start.body());
    HttpResponse<String> done =
        new WebClient().postResponse(o.org.id(), o.login(admin, null).xml(), null);
    assertEquals(302, done.statusCode(), done.body());
    return o;
  }

  private static long rows(String table, SsoOrg o) throws Exception {
    return Database.count(table, TABLES.get(table), o.org.id());
  }
}
