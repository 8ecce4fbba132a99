package it.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;

import it.dns.BindServer;
import it.sso.SsoApi.Org;
import it.sso.SsoApi.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.UUID;

/**
 * An Enterprise organization with a verified domain (through the tests' DNS server) and SSO on with
 * a {@link TestIdp}: what the login tests start from.
 */
final class SsoOrg {

  final Org org;
  final String domain;
  final TestIdp idp;
  final String spEntityId;
  final X509Certificate spCertificate;
  final String idpSsoUrl;

  private SsoOrg(
      Org org,
      String domain,
      TestIdp idp,
      String spEntityId,
      X509Certificate spCertificate,
      String idpSsoUrl) {
    this.org = org;
    this.domain = domain;
    this.idp = idp;
    this.spEntityId = spEntityId;
    this.spCertificate = spCertificate;
    this.idpSsoUrl = idpSsoUrl;
  }

  /**
   * The organization, its domain verified, SSO on with the IdP at {@code idpSsoUrl}; members added
   * with {@link #member} before Require SSO is turned on can still sign up with a password.
   */
  static SsoOrg create(BindServer dns, String idpSsoUrl) throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    Org org = SsoApi.createOrg("ENTERPRISE");
    String domain = "login-" + id + ".test";
    verifyDomain(dns, org, domain);
    TestIdp idp = new TestIdp("https://idp-" + id + ".test/saml");
    assertEquals(
        201,
        SsoApi.send(
                "POST",
                org.sso() + "/certificates",
                org.token(),
                SsoApi.PEM,
                SsoApi.pem(idp.certificate).getBytes())
            .status());
    Reply on =
        settings(
            org,
            Json.createObjectBuilder()
                .add("enabled", true)
                .add("idpEntityId", idp.entityId)
                .add("idpSsoUrl", idpSsoUrl)
                .build());
    return new SsoOrg(
        org,
        domain,
        idp,
        on.json().getString("spEntityId"),
        AuthnRequests.spCertificate(org.id()),
        idpSsoUrl);
  }

  /** A new user of the verified domain with a password, added with {@code role}. */
  String member(String role) throws Exception {
    String email =
        role.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
    SsoApi.member(org, role, email);
    return email;
  }

  /** {@code PUT /sso} with these fields; must succeed. */
  Reply settings(JsonObject changes) throws Exception {
    return settings(org, changes);
  }

  /** A response of the IdP for {@code email}, answering {@code requestId} (null: unsolicited). */
  TestIdp.Login login(String email, String requestId) {
    TestIdp.Login login = idp.login(email, spEntityId);
    login.inResponseTo = requestId;
    return login;
  }

  /** The organization's audit log, JSON. */
  String audit() throws Exception {
    Reply r =
        SsoApi.send(
            "GET",
            "/api/v1/organizations/" + org.id() + "/audit?format=json",
            org.token(),
            null,
            null);
    assertEquals(200, r.status(), r.body());
    return r.body();
  }

  private static Reply settings(Org org, JsonObject changes) throws Exception {
    Reply r = SsoApi.json("PUT", org.sso(), org.token(), changes);
    assertEquals(200, r.status(), r.body());
    return r;
  }

  static void verifyDomain(BindServer dns, Org o, String domain) throws Exception {
    Reply claim =
        SsoApi.json(
            "POST",
            "/api/v1/organizations/" + o.id() + "/domains",
            o.token(),
            Json.createObjectBuilder().add("domain", domain).add("password", o.password()).build());
    assertEquals(201, claim.status(), claim.body());
    JsonObject c = claim.json();
    dns.setTxt(domain, List.of(List.of(c.getJsonObject("txtRecord").getString("value"))));
    Reply verified =
        SsoApi.send(
            "POST",
            "/api/v1/organizations/" + o.id() + "/domains/" + c.getString("id") + "/verify",
            o.token(),
            null,
            null);
    assertEquals("VERIFIED", verified.json().getString("status"), verified.body());
  }
}
