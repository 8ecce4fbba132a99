package it.domainclaim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** The admin API calls the domain-claiming tests (and the console's browser test) make. */
public final class ClaimsApi {

  static final String BASE = System.getProperty("it.base-url", "http://localhost:9080");
  static final String OPERATOR = System.getProperty("it.operator-token");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ClaimsApi() {}

  public record Org(String id, String ownerEmail, String password, String token) {}

  record Reply(int status, String body) {
    JsonObject object() {
      return (JsonObject) parse();
    }

    JsonArray array() {
      return (JsonArray) parse();
    }

    private JsonStructure parse() {
      return Json.createReader(new StringReader(body)).read();
    }
  }

  /** The same organization with a fresh token (after the clock moved past the old one's expiry). */
  static Org relogin(Org o) throws Exception {
    return new Org(o.id(), o.ownerEmail(), o.password(), token(o.ownerEmail(), o.password()));
  }

  /** Moves the server's clock (testing switch) to real time plus {@code offset}. */
  public static void setClock(java.time.Duration offset) throws Exception {
    Reply r =
        send(
            "PUT",
            "/api/v1/testing/clock",
            OPERATOR,
            Json.createObjectBuilder().add("offset", offset.toString()).build().toString());
    assertEquals(200, r.status(), r.body());
  }

  /** Runs the domain-check sweep that the timer runs every minute. */
  static JsonObject sweep() throws Exception {
    Reply r = send("POST", "/api/v1/testing/domain-checks", OPERATOR, null);
    assertEquals(200, r.status(), r.body());
    return r.object();
  }

  static Reply claim(Org o, String domain) throws Exception {
    return send(
        "POST",
        "/api/v1/organizations/" + o.id() + "/domains",
        o.token(),
        Json.createObjectBuilder()
            .add("domain", domain)
            .add("password", o.password())
            .build()
            .toString());
  }

  static Reply verify(Org o, String claimId) throws Exception {
    return send(
        "POST",
        "/api/v1/organizations/" + o.id() + "/domains/" + claimId + "/verify",
        o.token(),
        null);
  }

  public static JsonArray list(Org o) throws Exception {
    Reply r = send("GET", "/api/v1/organizations/" + o.id() + "/domains", o.token(), null);
    assertEquals(200, r.status(), r.body());
    return r.array();
  }

  static List<String> auditActions(Org o) throws Exception {
    Reply r =
        send("GET", "/api/v1/organizations/" + o.id() + "/audit?format=json", o.token(), null);
    assertEquals(200, r.status(), r.body());
    return r.array().stream()
        .map(v -> v.asJsonObject().getString("action"))
        .collect(Collectors.toList());
  }

  public static Org createOrg(String name) throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String email = "owner-" + id + "@claims.test";
    String password = "owner-password-" + id;
    Reply created =
        send(
            "POST",
            "/api/v1/organizations",
            OPERATOR,
            Json.createObjectBuilder()
                .add("name", name)
                .add("plan", "ENTERPRISE")
                .add(
                    "owner",
                    Json.createObjectBuilder().add("email", email).add("password", password))
                .build()
                .toString());
    assertEquals(201, created.status(), created.body());
    return new Org(created.object().getString("id"), email, password, token(email, password));
  }

  /** Signs a new person up (no organization); answers the email. */
  static String signup(String email, String password) throws Exception {
    Reply r =
        send(
            "POST",
            "/api/v1/signup",
            null,
            Json.createObjectBuilder()
                .add("email", email)
                .add("password", password)
                .add("firstName", "Test")
                .add("lastName", "Person")
                .build()
                .toString());
    assertEquals(201, r.status(), r.body());
    return email;
  }

  /** The Owner adds an existing user to the organization with this role. */
  static void addMember(Org o, String email, String role) throws Exception {
    Reply r =
        send(
            "POST",
            "/api/v1/organizations/" + o.id() + "/members",
            o.token(),
            Json.createObjectBuilder().add("email", email).add("role", role).build().toString());
    assertEquals(201, r.status(), r.body());
  }

  static String token(String email, String password) throws Exception {
    Reply r =
        send(
            "POST",
            "/api/v1/auth/token",
            null,
            Json.createObjectBuilder()
                .add("email", email)
                .add("password", password)
                .build()
                .toString());
    assertEquals(201, r.status(), r.body());
    return r.object().getString("token");
  }

  static Reply send(String method, String path, String bearer, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(BASE + path));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    if (json != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.body());
  }
}
