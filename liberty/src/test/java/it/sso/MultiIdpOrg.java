package it.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;

import it.dns.BindServer;
import it.sso.SsoApi.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.UUID;

/**
 * An Enterprise organization with SSO on and three IdPs: its primary IdP ({@link SsoOrg}, for its
 * first verified domain) and two additional IdP connections, B and C, each with its own {@link
 * TestIdp} key and bound to a verified domain of its own.
 */
final class MultiIdpOrg {

  /** One additional IdP connection as the tests use it. */
  record Connection(String id, String name, String domain, TestIdp idp, String spEntityId) {
    String acs() {
      return spEntityId + "/acs";
    }

    /** A response of this connection's IdP for {@code email}, answering {@code requestId}. */
    TestIdp.Login login(String email, String requestId) {
      TestIdp.Login login = idp.login(email, spEntityId);
      login.inResponseTo = requestId;
      return login;
    }
  }

  final SsoOrg primary;
  final Connection b;
  final Connection c;

  private MultiIdpOrg(SsoOrg primary, Connection b, Connection c) {
    this.primary = primary;
    this.b = b;
    this.c = c;
  }

  /** The organization; each IdP's SSO URL is {@code ssoUrlBase} + "a", "b" or "c". */
  static MultiIdpOrg create(BindServer dns, String ssoUrlBase) throws Exception {
    SsoOrg primary = SsoOrg.create(dns, ssoUrlBase + "a");
    return new MultiIdpOrg(
        primary,
        connection(dns, primary, "B", ssoUrlBase + "b"),
        connection(dns, primary, "C", ssoUrlBase + "c"));
  }

  private static Connection connection(BindServer dns, SsoOrg primary, String label, String ssoUrl)
      throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String domain = "idp" + label.toLowerCase() + "-" + id + ".test";
    SsoOrg.verifyDomain(dns, primary.org, domain);
    TestIdp idp = new TestIdp("https://idp-" + label.toLowerCase() + "-" + id + ".test/saml");
    String name = "IdP " + label + " " + id;
    Reply created =
        SsoApi.json(
            "POST",
            primary.org.sso() + "/idps",
            primary.org.token(),
            Json.createObjectBuilder()
                .add("name", name)
                .add("idpEntityId", idp.entityId)
                .add("idpSsoUrl", ssoUrl)
                .add("domains", Json.createArrayBuilder().add(domain))
                .build());
    assertEquals(201, created.status(), created.body());
    JsonObject c = created.json();
    Reply cert =
        SsoApi.send(
            "POST",
            primary.org.sso() + "/idps/" + c.getString("id") + "/certificates",
            primary.org.token(),
            SsoApi.PEM,
            SsoApi.pem(idp.certificate).getBytes());
    assertEquals(201, cert.status(), cert.body());
    return new Connection(c.getString("id"), name, domain, idp, c.getString("spEntityId"));
  }

  /** A new user of {@code domain} with a password, added as MEMBER. */
  String member(String domain) throws Exception {
    String email = "member-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
    SsoApi.member(primary.org, "MEMBER", email);
    return email;
  }
}
