package it.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /openapi} documents both APIs, each path under its own application (API.md). */
class ScimOpenApiIT {

  @Test
  void theOpenApiDocumentListsTheAdminAndTheScimPaths() throws Exception {
    ScimApi.Reply r = ScimApi.send("GET", "/openapi?format=JSON", null, null);
    assertEquals(200, r.status(), r.toString());
    JsonObject doc = r.json();
    JsonObject paths = doc.getJsonObject("paths");
    for (String path :
        List.of(
            "/scim/v2/ServiceProviderConfig",
            "/scim/v2/ResourceTypes",
            "/scim/v2/ResourceTypes/{id}",
            "/scim/v2/Schemas",
            "/scim/v2/Schemas/{id}",
            "/api/v1/organizations/{org}/scim/token",
            "/api/v1/organizations/{org}/scim/token/rotate",
            "/api/v1/auth/token",
            "/api/v1/organizations/{org}/sso")) {
      assertTrue(paths.containsKey(path), "OpenAPI lacks " + path + ": " + paths.keySet());
    }
    for (String key : paths.keySet()) {
      assertTrue(
          key.startsWith("/api/v1/") || key.startsWith("/scim/v2/"),
          "a path outside both APIs: " + key);
    }
    assertFalse(paths.containsKey("/api/v1/ServiceProviderConfig"), paths.keySet().toString());
    assertFalse(paths.containsKey("/scim/v2/auth/token"), paths.keySet().toString());

    JsonObject scimGet = paths.getJsonObject("/scim/v2/ServiceProviderConfig").getJsonObject("get");
    assertTrue(
        scimGet.getJsonArray("security").getJsonObject(0).containsKey("scimToken"),
        scimGet.toString());
    assertTrue(
        doc.getJsonObject("components").getJsonObject("securitySchemes").containsKey("scimToken"));
  }
}
