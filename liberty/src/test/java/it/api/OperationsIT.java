package it.api;

import static it.api.Api.assertStatus;
import static it.api.Api.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.api.Api.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What operators' monitoring and tooling rely on: health, metrics, the OpenAPI document. */
class OperationsIT {

  @Test
  void readinessAndLivenessAreUp() {
    for (String path : List.of("/health/ready", "/health/live", "/health")) {
      Reply r = get(path, null);

      assertStatus(200, r);
      assertEquals("UP", r.json().getString("status"), path);
      assertTrue(!r.json().getJsonArray("checks").isEmpty(), path + " has no checks");
    }
  }

  @Test
  void readinessIncludesTheDatabase() {
    Reply r = get("/health/ready", null);

    assertTrue(r.body().contains("\"database\""), r.body());
  }

  @Test
  void metricsAreInPrometheusTextFormat() {
    Reply r = get("/metrics", null);

    assertStatus(200, r);
    assertTrue(r.contentType().startsWith("text/plain"), r.contentType());
    assertTrue(r.body().contains("# TYPE "), "no Prometheus TYPE lines");
    assertTrue(
        r.body().lines().anyMatch(l -> l.matches("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*\\})? \\S+")));
  }

  @Test
  void passwordLoginsAreCountedByOutcome() {
    Api.Person p = Api.person("Counted");

    Reply r = get("/metrics?scope=application", null);

    assertStatus(200, r);
    assertTrue(
        r.body()
            .lines()
            .anyMatch(
                l ->
                    l.startsWith("portcullis_password_logins_total{")
                        && l.contains("outcome=\"success\"")),
        r.body());
    assertTrue(p.token() != null);
  }

  @Test
  void theOpenApiDocumentDescribesTheAdminApi() {
    Reply r = get("/openapi", null);

    assertStatus(200, r);
    for (String path :
        List.of(
            "/api/v1/organizations:",
            "/api/v1/organizations/{org}/members:",
            "/api/v1/organizations/{org}/members/{userId}:",
            "/api/v1/organizations/{org}/audit:",
            "/api/v1/organizations/{org}/projects:",
            "/api/v1/organizations/{org}/teams:",
            "/api/v1/organizations/{org}/teams/{team}:",
            "/api/v1/auth/token:",
            "/api/v1/signup:")) {
      assertTrue(r.body().contains(path), "OpenAPI lacks " + path);
    }
  }
}
