package it.scim;

import static it.scim.ScimApi.SCIM_JSON;
import static it.scim.ScimApi.generate;
import static it.scim.ScimApi.scim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dns.BindServer;
import it.sso.SsoApi;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Discovery (RFC 7644 §4; RFC 7643 §5–§7) with a valid SCIM token. */
class ScimDiscoveryIT {

  static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
  static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
  static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
  static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

  static String token;
  static BindServer dns;

  @BeforeAll
  static void token() throws Exception {
    SsoApi.Org org = SsoApi.createOrg("ENTERPRISE");
    token = generate(org.id(), org.token()).getString("token");
    dns = BindServer.fromSystemProperty();
    dns.start();
  }

  @AfterAll
  static void stopDns() throws Exception {
    dns.close();
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
  void schemasSayWhichUserAttributesAreStoredAndWhichAreIgnored() throws Exception {
    JsonArray attributes = scim("GET", "/Schemas/" + USER, token).json().getJsonArray("attributes");
    for (String name : List.of("userName", "displayName", "title", "active", "emails")) {
      assertTrue(
          attribute(attributes, name).getString("description").startsWith("Stored."),
          name + " " + attribute(attributes, name));
    }
    for (String name : List.of("addresses", "phoneNumbers", "nickName", "preferredLanguage")) {
      JsonObject a = attribute(attributes, name);
      assertTrue(a.getString("description").startsWith("Accepted and ignored"), a.toString());
      assertEquals("never", a.getString("returned"), a.toString());
      assertEquals("writeOnly", a.getString("mutability"), a.toString());
    }
    JsonObject formatted =
        attribute(attribute(attributes, "name").getJsonArray("subAttributes"), "formatted");
    assertEquals("readOnly", formatted.getString("mutability"), formatted.toString());
    assertTrue(formatted.getString("description").startsWith("Set by the server."));

    // What the schema says is what a provisioned user shows: every top-level attribute sent is
    // returned when stored and absent when ignored.
    ScimOrg scim = ScimOrg.create(dns);
    JsonObject sent =
        Json.createObjectBuilder(ScimOrg.user(scim.email("schema")))
            .add("displayName", "Ann Lee")
            .add("title", "Engineer")
            .add("nickName", "Annie")
            .add("preferredLanguage", "en")
            .add(
                "addresses",
                Json.createArrayBuilder().add(Json.createObjectBuilder().add("country", "DE")))
            .add(
                "phoneNumbers",
                Json.createArrayBuilder().add(Json.createObjectBuilder().add("value", "+49 1")))
            .add(
                "emails",
                Json.createArrayBuilder()
                    .add(
                        Json.createObjectBuilder()
                            .add("value", scim.email("mail"))
                            .add("primary", true)))
            .build();
    ScimApi.Reply created = scim.send("POST", "/Users", sent.toString());
    assertEquals(201, created.status(), created.toString());
    JsonObject user = scim.get("/Users/" + created.json().getString("id")).json();
    for (String name : sent.keySet()) {
      if (name.equals("schemas")) {
        continue;
      }
      boolean stored = attribute(attributes, name).getString("description").startsWith("Stored.");
      assertEquals(stored, user.containsKey(name), name + ": " + user);
    }
  }

  @Test
  void endpointNamesAreAnsweredInAnyCaseAndServiceConfigurationIsServiceProviderConfig()
      throws Exception {
    // Microsoft's reference server answers these, and its Postman collection sends them.
    ScimApi.Reply config = scim("GET", "/serviceConfiguration", token);
    assertEquals(200, config.status(), config.toString());
    assertTrue(config.json().getJsonObject("patch").getBoolean("supported"));
    for (String path : List.of("/users", "/GROUPS", "/resourcetypes/User", "/schemas")) {
      ScimApi.Reply r = scim("GET", path, token);
      assertEquals(200, r.status(), path + " " + r);
    }
    ScimApi.Reply r = scim("GET", "/users", null);
    assertEquals(401, r.status(), "still authenticated: " + r);
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
