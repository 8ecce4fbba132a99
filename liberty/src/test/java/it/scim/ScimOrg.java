package it.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import it.dns.BindServer;
import it.sso.SsoApi;
import it.sso.SsoApi.Org;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.UUID;

/**
 * An Enterprise organization with a verified domain and a SCIM token, and requests to its SCIM API
 * as an identity provider makes them.
 */
public final class ScimOrg {

  public final Org org;
  public final String domain;
  public final String token;

  private ScimOrg(Org org, String domain, String token) {
    this.org = org;
    this.domain = domain;
    this.token = token;
  }

  public static ScimOrg create(BindServer dns) throws Exception {
    Org org = SsoApi.createOrg("ENTERPRISE");
    String domain = "scim-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    SsoApi.verifyDomain(dns, org, domain);
    return forDomain(org, domain);
  }

  /** The organization, whose {@code domain} is verified already, with a new SCIM token. */
  public static ScimOrg forDomain(Org org, String domain) throws Exception {
    return new ScimOrg(org, domain, ScimApi.generate(org.id(), org.token()).getString("token"));
  }

  /** A fresh address in the verified domain. */
  public String email(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
  }

  public ScimApi.Reply get(String path) throws Exception {
    return ScimApi.scim("GET", path, token);
  }

  public ScimApi.Reply send(String method, String path, String body, String... headers)
      throws Exception {
    String[] all = new String[headers.length + 2];
    all[0] = "Content-Type";
    all[1] = ScimApi.SCIM_JSON;
    System.arraycopy(headers, 0, all, 2, headers.length);
    return ScimApi.send(method, ScimApi.SCIM + path, token, body, all);
  }

  /** POST /Users of a minimal user with this userName (also the email); must answer 201. */
  public JsonObject createUser(String userName) throws Exception {
    ScimApi.Reply r = send("POST", "/Users", user(userName).toString());
    assertEquals(201, r.status(), r.body());
    return r.json();
  }

  public static JsonObject user(String userName) {
    return Json.createObjectBuilder()
        .add("schemas", Json.createArrayBuilder().add("urn:ietf:params:scim:schemas:core:2.0:User"))
        .add("userName", userName)
        .add("name", Json.createObjectBuilder().add("givenName", "Ann").add("familyName", "Lee"))
        .add("active", true)
        .build();
  }

  /** The filter, URL-encoded for a query string. */
  public static String q(String filter) {
    return java.net.URLEncoder.encode(filter, java.nio.charset.StandardCharsets.UTF_8);
  }
}
