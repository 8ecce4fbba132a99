package it.scim;

import static it.scim.ScimApi.SCIM_JSON;
import static it.scim.ScimApi.generate;
import static it.scim.ScimApi.scim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.sso.SsoApi;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Discovery (RFC 7644 §4; RFC 7643 §5–§7) with a valid SCIM token. */
class ScimDiscoveryIT {

  static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
  static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
  static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
  static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

  static String token;

  @BeforeAll
  static void token() throws Exception {
    SsoApi.Org org = SsoApi.createOrg("ENTERPRISE");
    token = generate(org.id(), org.token()).getString("token");
  }

  @Test
  void serviceProviderConfigStatesWhatTheProductSupports() throws Exception {
    ScimApi.Reply r = scim("GET", "/ServiceProviderConfig", token, "Accept", SCIM_JSON);
    assertEquals(200, r.status(), r.toString());
    assertTrue(r.contentType().startsWith(SCIM_JSON), r.toString());
    JsonObject c = r.json();
    assertEquals(
        "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig",
        c.getJsonArray("schemas").getString(0));
    assertTrue(c.getJsonObject("patch").getBoolean("supported"));
    assertFalse(c.getJsonObject("bulk").getBoolean("supported"));
    assertTrue(c.getJsonObject("filter").getBoolean("supported"));
    assertEquals(200, c.getJsonObject("filter").getInt("maxResults"));
    assertFalse(c.getJsonObject("changePassword").getBoolean("supported"));
    assertTrue(c.getJsonObject("sort").getBoolean("supported"));
    assertTrue(c.getJsonObject("etag").getBoolean("supported"));
    assertEquals(
        "oauthbearertoken",
        c.getJsonArray("authenticationSchemes").getJsonObject(0).getString("type"));
    assertTrue(
        c.getJsonObject("meta").getString("location").endsWith("/scim/v2/ServiceProviderConfig"));
  }

  @Test
  void answersAreScimJsonWhateverJsonTheClientAccepts() throws Exception {
    for (String accept : List.of("application/json", "*/*", SCIM_JSON)) {
      ScimApi.Reply r = scim("GET", "/ResourceTypes", token, "Accept", accept);
      assertEquals(200, r.status(), accept + " " + r);
      assertTrue(r.contentType().startsWith(SCIM_JSON), accept + " " + r);
    }
  }

  @Test
  void resourceTypesListUsersWithTheEnterpriseExtensionAndGroups() throws Exception {
    ScimApi.Reply r = scim("GET", "/ResourceTypes", token);
    assertEquals(200, r.status(), r.toString());
    JsonObject list = r.json();
    assertEquals(LIST, list.getJsonArray("schemas").getString(0));
    assertEquals(2, list.getInt("totalResults"));
    JsonObject user = scim("GET", "/ResourceTypes/User", token).json();
    assertEquals("/Users", user.getString("endpoint"));
    assertEquals(USER, user.getString("schema"));
    assertEquals(
        ENTERPRISE, user.getJsonArray("schemaExtensions").getJsonObject(0).getString("schema"));
    JsonObject group = scim("GET", "/ResourceTypes/Group", token).json();
    assertEquals("/Groups", group.getString("endpoint"));
    assertEquals(GROUP, group.getString("schema"));
  }

  @Test
  void schemasDescribeUserEnterpriseUserAndGroup() throws Exception {
    JsonObject list = scim("GET", "/Schemas", token).json();
    assertEquals(3, list.getInt("totalResults"));
    JsonObject user = scim("GET", "/Schemas/" + USER, token).json();
    JsonObject userName = attribute(user.getJsonArray("attributes"), "userName");
    assertTrue(userName.getBoolean("required"));
    assertFalse(userName.getBoolean("caseExact"), "userName is case-insensitive (RFC 7643 §4.1.1)");
    assertEquals("server", userName.getString("uniqueness"));
    assertEquals(
        "never", attribute(user.getJsonArray("attributes"), "password").getString("returned"));
    JsonObject emails = attribute(user.getJsonArray("attributes"), "emails");
    assertTrue(emails.getBoolean("multiValued"));
    assertEquals("value", emails.getJsonArray("subAttributes").getJsonObject(0).getString("name"));
    JsonObject enterprise = scim("GET", "/Schemas/" + ENTERPRISE, token).json();
    attribute(enterprise.getJsonArray("attributes"), "manager");
    JsonObject group = scim("GET", "/Schemas/" + GROUP, token).json();
    attribute(group.getJsonArray("attributes"), "members");
  }

  @Test
  void unknownDiscoveryResourcesAreScimErrors() throws Exception {
    for (String path : List.of("/Schemas/urn:nothing", "/ResourceTypes/Printer", "/Nothing")) {
      ScimApi.Reply r = scim("GET", path, token);
      assertEquals(404, r.status(), path + " " + r);
      assertTrue(r.contentType().startsWith(SCIM_JSON), r.toString());
      assertEquals("404", r.json().getString("status"));
      assertEquals(ScimApi.ERROR_SCHEMA, r.json().getJsonArray("schemas").getString(0));
    }
    ScimApi.Reply r = scim("DELETE", "/ServiceProviderConfig", token);
    assertEquals(405, r.status(), r.toString());
    assertEquals("405", r.json().getString("status"));
  }

  private static JsonObject attribute(JsonArray attributes, String name) {
    for (JsonValue v : attributes) {
      if (v.asJsonObject().getString("name").equals(name)) {
        return v.asJsonObject();
      }
    }
    throw new AssertionError(name + " not in " + attributes);
  }
}
