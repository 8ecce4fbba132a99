package it.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The admin API of the running server, seen from outside: plain HTTP requests, JSON answers, and
 * fixtures (people, organizations) created through the API itself. Every fixture is new and
 * uniquely named, so tests neither depend on each other nor on their order.
 */
final class Api {

  static final String BASE = require("it.base-url").replaceAll("/+$", "");
  static final String V1 = "/api/v1";
  static final String OPERATOR = require("it.operator-token");
  static final String DEMO_OWNER = "owner@acme.test";
  static final String DEMO_OWNER_PASSWORD = require("it.demo-owner-password");
  static final String JSON = "application/json";

  /** Passwords of the people tests sign up; long enough for the policy. */
  static final String PASSWORD = "correct horse battery staple";

  /**
   * HTTP/1.1: over plain http the JDK client would otherwise try an h2c upgrade on every new
   * connection, and with parallel requests Liberty then sometimes leaves one waiting for seconds.
   */
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private Api() {}

  private static String require(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("System property " + property + " is not set");
    }
    return value;
  }

  // ---- requests ----

  /** An answer of the server. */
  record Reply(int status, HttpHeaders headers, String body) {

    String contentType() {
      return headers.firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    }

    Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    JsonValue value() {
      assertTrue(contentType().startsWith(JSON), () -> "expected JSON, got " + this);
      try (JsonReader r = Json.createReader(new StringReader(body))) {
        return r.readValue();
      } catch (RuntimeException e) {
        throw new AssertionError("not JSON: " + this, e);
      }
    }

    JsonObject json() {
      return value().asJsonObject();
    }

    JsonArray array() {
      return value().asJsonArray();
    }

    String error() {
      return json().getString("error");
    }

    String message() {
      return json().getString("message");
    }

    @Override
    public String toString() {
      return status + " " + contentType() + " " + body;
    }
  }

  /** A request with full control over the content type and body (either may be null). */
  static Reply send(
      String method,
      String path,
      String token,
      String contentType,
      String body,
      String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(60));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    try {
      HttpResponse<String> r =
          HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Reply get(String path, String token) {
    return send("GET", path, token, null, null);
  }

  static Reply post(String path, String token, JsonObject body) {
    return send("POST", path, token, JSON, body.toString());
  }

  static Reply put(String path, String token, JsonObject body) {
    return send("PUT", path, token, JSON, body == null ? null : body.toString());
  }

  static Reply patch(String path, String token, JsonObject body) {
    return send("PATCH", path, token, JSON, body.toString());
  }

  static Reply delete(String path, String token) {
    return send("DELETE", path, token, null, null);
  }

  static JsonObject obj(Object... keysAndValues) {
    var b = Json.createObjectBuilder();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      String key = (String) keysAndValues[i];
      Object v = keysAndValues[i + 1];
      if (v == null) {
        b.addNull(key);
      } else if (v instanceof JsonValue j) {
        b.add(key, j);
      } else if (v instanceof Boolean bool) {
        b.add(key, bool);
      } else {
        b.add(key, v.toString());
      }
    }
    return b.build();
  }

  // ---- assertions ----

  /** The answer has this status and the API's error body with this code. */
  static void assertError(Reply r, int status, String code) {
    assertEquals(status, r.status(), () -> "status of " + r);
    assertErrorBody(r);
    assertEquals(code, r.error(), () -> "error code of " + r);
  }

  /** A JSON {"error","message"} body, without anything of the server's insides. */
  static void assertErrorBody(Reply r) {
    assertTrue(r.contentType().startsWith(JSON), () -> "error is not JSON: " + r);
    JsonObject o = r.json();
    assertFalse(o.getString("error", "").isBlank(), () -> "no error code: " + r);
    assertFalse(o.getString("message", "").isBlank(), () -> "no message: " + r);
    String lower = r.body().toLowerCase(Locale.ROOT);
    for (String leak : List.of("exception", "<html", "\tat ", "dev.portcullis")) {
      assertFalse(lower.contains(leak), () -> "error leaks '" + leak + "': " + r);
    }
  }

  static void assertStatus(int status, Reply r) {
    assertEquals(status, r.status(), () -> "status of " + r);
  }

  // ---- fixtures ----

  static String unique(String label) {
    return label + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String email(String label) {
    return unique(label).toLowerCase(Locale.ROOT) + "@api-it.test";
  }

  /** Someone signed up through the API, with a personal access token. */
  record Person(String id, String email, String token) {}

  /** An organization and its first Owner. */
  record Org(String id, String name, Person owner) {}

  static String token(String email, String password) {
    Reply r = post(V1 + "/auth/token", null, obj("email", email, "password", password));
    assertStatus(201, r);
    return r.json().getString("token");
  }

  /** A new user without an organization. */
  static Person person(String label) {
    String email = email(label);
    Reply r =
        post(
            V1 + "/signup",
            null,
            obj("email", email, "password", PASSWORD, "firstName", label, "lastName", "Tester"));
    assertStatus(201, r);
    return new Person(r.json().getString("userId"), email, token(email, PASSWORD));
  }

  /** A new user who signed up with a (FREE) organization of their own. */
  static Org organization(String label) {
    String email = email(label);
    String name = unique(label + " Org");
    Reply r =
        post(
            V1 + "/signup",
            null,
            obj("email", email, "password", PASSWORD, "organizationName", name));
    assertStatus(201, r);
    Person owner = new Person(r.json().getString("userId"), email, token(email, PASSWORD));
    return new Org(r.json().getString("organizationId"), name, owner);
  }

  /** A new user added to the organization by its Owner with this role. */
  static Person member(Org org, String role, String label) {
    Person p = person(label);
    Reply r = post(members(org.id()), org.owner().token(), obj("email", p.email(), "role", role));
    assertStatus(201, r);
    return p;
  }

  static String org(String orgId) {
    return V1 + "/organizations/" + orgId;
  }

  static String members(String orgId) {
    return org(orgId) + "/members";
  }

  static String member(String orgId, String userId) {
    return members(orgId) + "/" + userId;
  }

  /** The organization's members as seen by its Owner: userId → role. */
  static Map<String, String> roles(Org org) {
    Reply r = get(members(org.id()), org.owner().token());
    assertStatus(200, r);
    var out = new TreeMap<String, String>();
    r.array().forEach(v -> out.put(v.asJsonObject().getString("userId"), role(v)));
    return out;
  }

  private static String role(JsonValue member) {
    return member.asJsonObject().getString("role");
  }

  /** The members list as the operator sees it (independent of any member's rights). */
  static JsonArray membersAsOperator(String orgId) {
    Reply r = get(members(orgId), OPERATOR);
    assertStatus(200, r);
    return r.array();
  }

  static Optional<JsonObject> find(JsonArray array, String key, String value) {
    return array.stream()
        .map(JsonValue::asJsonObject)
        .filter(o -> value.equals(o.getString(key, null)))
        .findFirst();
  }

  static JsonObject require(JsonArray array, String key, String value) {
    return find(array, key, value)
        .orElseGet(() -> fail("no entry with " + key + "=" + value + " in " + array));
  }

  // ---- CSV (RFC 4180) ----

  /** Rows of an RFC 4180 document: quoted cells, doubled quotes, CRLF or LF line ends. */
  static List<List<String>> csv(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(cell.toString());
        cell.setLength(0);
      } else if (c == '\r' || c == '\n') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        row.add(cell.toString());
        cell.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
      } else {
        cell.append(c);
      }
    }
    if (cell.length() > 0 || !row.isEmpty()) {
      row.add(cell.toString());
      rows.add(row);
    }
    return rows;
  }
}
