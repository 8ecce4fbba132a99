package dev.portcullis.platform.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OpenApiPathsTest {

  @Test
  void scannedPathsLoseWhicheverApplicationPrefixTheyGot() {
    assertEquals("/Users/{id}", OpenApiPaths.inside("/api/v1/Users/{id}"));
    assertEquals("/Users/{id}", OpenApiPaths.inside("/scim/v2/Users/{id}"));
    assertEquals("/organizations", OpenApiPaths.inside("/organizations"));
    assertEquals("/api/v10/x", OpenApiPaths.inside("/api/v10/x"));
  }

  @Test
  void pathsJoinWithoutRegexesAndStraySlashes() {
    assertEquals("/Users/{id}", OpenApiPaths.join("Users", "{id: [^/]+}"));
    assertEquals("/Schemas", OpenApiPaths.join("", "/Schemas/"));
    assertEquals("/", OpenApiPaths.join("", ""));
  }

  @Test
  void theScimApplicationsResourcesAreRecognised() {
    assertTrue(OpenApiPaths.scimPaths().contains("/ServiceProviderConfig"));
    assertTrue(OpenApiPaths.scimPaths().contains("/Schemas/{id}"));
  }
}
