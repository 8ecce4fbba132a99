package it.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import it.sso.SsoApi;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The SCIM token admin API and the SCIM API of the running server, seen from outside (for the e2e
 * and browser tests).
 */
public final class ScimApi {

  public static final String SCIM = "/scim/v2";
  public static final String SCIM_JSON = "application/scim+json";
  public static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private ScimApi() {}

  /** An answer with its headers. */
  public record Reply(int status, java.net.http.HttpHeaders headers, String body) {
    public String contentType() {
      return headers.firstValue("Content-Type").orElse("");
    }

    public Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    public JsonObject json() {
      return Json.createReader(new java.io.StringReader(body)).readObject();
    }

    @Override
    public String toString() {
      return status + " " + contentType() + " " + body;
    }
  }

  public static String tokenPath(String orgId) {
    return "/api/v1/organizations/" + orgId + "/scim/token";
  }

  /** Generates a SCIM token (Owner's or Admin's bearer) and returns the answer's JSON. */
  public static JsonObject generate(String orgId, String bearer) throws Exception {
    SsoApi.Reply r = SsoApi.send("POST", tokenPath(orgId), bearer, null, null);
    assertEquals(201, r.status(), r.body());
    return r.json();
  }

  /** A request to the SCIM API with this bearer (may be null). */
  public static Reply scim(String method, String path, String bearer, String... headers)
      throws Exception {
    return send(method, SCIM + path, bearer, null, headers);
  }

  /** A request to a path of the server under test, or to an absolute URL (a cluster's server). */
  public static Reply send(
      String method, String path, String bearer, String body, String... headers) throws Exception {
    URI uri = URI.create(path.startsWith("http") ? path : SsoApi.BASE + path);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    HttpResponse<String> r =
        HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Reply(r.statusCode(), r.headers(), r.body());
  }

  /** Status of {@code GET /scim/v2/ServiceProviderConfig} with this token. */
  public static int probe(String token) throws Exception {
    return scim("GET", "/ServiceProviderConfig", token).status();
  }
}
