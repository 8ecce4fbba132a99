package it.api;

import static it.api.Api.JSON;
import static it.api.Api.OPERATOR;
import static it.api.Api.PASSWORD;
import static it.api.Api.V1;
import static it.api.Api.assertErrorBody;
import static it.api.Api.assertStatus;
import static it.api.Api.get;
import static it.api.Api.obj;
import static it.api.Api.post;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.api.Api.Org;
import it.api.Api.Person;
import it.api.Api.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad requests to every endpoint that takes a body: each is refused with a 4xx and the JSON error
 * body (never an HTML page or a stack trace), and nothing was created or changed afterwards.
 */
class BadInputIT {

  /** An endpoint with a body that it would accept. */
  private record Endpoint(
      String method, String path, String token, JsonObject valid, Set<String> optional) {
    Endpoint(String method, String path, String token, JsonObject valid) {
      this(method, path, token, valid, Set.of());
    }

    Reply send(String contentType, String body) {
      return Api.send(method, path, token, contentType, body);
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  private Org org;
  private Person member;
  private String projectId;
  private List<Endpoint> endpoints;

  /** Emails that valid bodies would have created a user or invitation for. */
  private List<String> freshEmails;

  private String before;

  @BeforeEach
  void organizationWithSomethingInIt() {
    org = Api.organization("BadInput");
    member = Api.member(org, "MEMBER", "BadInputMember");
    projectId = TenantIsolationIT.projectId(org, "Existing");
    String teamId = TenantIsolationIT.teamId(org, "Existing");
    String signupEmail = Api.email("badsignup");
    String ownerEmail = Api.email("badowner");
    String inviteEmail = Api.email("badinvite");
    freshEmails = List.of(signupEmail, ownerEmail, inviteEmail);
    String t = org.owner().token();
    String base = Api.org(org.id());
    endpoints =
        List.of(
            new Endpoint(
                "POST",
                V1 + "/auth/token",
                null,
                obj("email", member.email(), "password", PASSWORD)),
            new Endpoint(
                "POST",
                V1 + "/signup",
                null,
                obj(
                    "email",
                    signupEmail,
                    "password",
                    PASSWORD,
                    "firstName",
                    "Bad",
                    "organizationName",
                    "Bad Org"),
                Set.of("firstName", "organizationName")),
            new Endpoint(
                "POST",
                V1 + "/organizations",
                OPERATOR,
                obj(
                    "name",
                    "Bad Org",
                    "plan",
                    "FREE",
                    "owner",
                    obj("email", ownerEmail, "firstName", "Bad", "password", PASSWORD)),
                Set.of("firstName", "password")),
            new Endpoint("PUT", base + "/plan", OPERATOR, obj("plan", "ENTERPRISE")),
            new Endpoint("POST", base + "/members", t, obj("email", inviteEmail, "role", "ADMIN")),
            new Endpoint("PATCH", base + "/members/" + member.id(), t, obj("role", "ADMIN")),
            new Endpoint(
                "POST",
                base + "/projects",
                t,
                obj("name", "New", "allUsers", true),
                Set.of("allUsers")),
            new Endpoint("POST", base + "/teams", t, obj("name", "New")),
            new Endpoint("PATCH", base + "/teams/" + teamId, t, obj("role", "ADMIN")),
            new Endpoint(
                "PUT", base + "/projects/" + projectId + "/all-users", t, obj("granted", true)));
    before = state();
  }

  /** Everything the organization's Owner can see of it, its audit log included. */
  private String state() {
    String t = org.owner().token();
    String base = Api.org(org.id());
    StringBuilder s = new StringBuilder();
    for (String path :
        List.of(base, base + "/members", base + "/projects", base + "/teams", base + "/audit")) {
      Reply r = get(path, t);
      assertStatus(200, r);
      s.append(r.body()).append('\n');
    }
    return s.toString();
  }

  private void assertNothingChanged() {
    assertEquals(before, state(), "a refused request changed the organization");
    for (String email : freshEmails) {
      Reply signup = post(V1 + "/signup", null, obj("email", email, "password", PASSWORD));
      assertStatus(201, signup);
    }
  }

  /** Sends each endpoint the bodies made from its valid one; all must be refused. */
  private void assertRefused(
      int status, String contentType, Function<Endpoint, List<String>> badBodies) {
    assertRefused(status, List.of(contentType), badBodies);
  }

  private void assertRefused(
      int status, List<String> contentTypes, Function<Endpoint, List<String>> badBodies) {
    List<Executable> checks = new ArrayList<>();
    for (Endpoint e : endpoints) {
      for (String body : badBodies.apply(e)) {
        for (String type : contentTypes) {
          Reply r = e.send(type, body);
          checks.add(
              () -> {
                String what =
                    e
                        + " ("
                        + type
                        + ") with "
                        + abbreviate(body)
                        + " → "
                        + abbreviate(r.toString());
                assertEquals(status, r.status(), what);
                assertErrorBody(r);
              });
        }
      }
    }
    assertAll(checks);
    assertNothingChanged();
  }

  private static String abbreviate(String s) {
    return s == null ? "no body" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  @Test
  void malformedJson() {
    assertRefused(
        400,
        JSON,
        e -> {
          String v = e.valid().toString();
          return List.of(
              v.substring(0, v.length() - 1),
              v.replace("\":", "\" "),
              v.replace('"', '\''),
              "{" + v,
              v + " trailing",
              v + v,
              v + "}",
              "{,}",
              "\u0000",
              "[".repeat(30_000));
        });
  }

  @Test
  void bodiesThatAreNotAnObject() {
    assertRefused(
        400,
        JSON,
        e ->
            List.of(
                "[" + e.valid() + "]", "[]", quoted(e.valid().toString()), "42", "true", "null"));
  }

  @Test
  void missingBody() {
    assertRefused(400, JSON, e -> Arrays.asList(null, "", "   \n"));
  }

  @Test
  void unknownFields() {
    assertRefused(
        400,
        JSON,
        e ->
            List.of(
                with(e.valid(), "unexpected", JsonValue.TRUE).toString(),
                with(e.valid(), "ROLE", Json.createValue("OWNER")).toString(),
                with(e.valid(), "", JsonValue.NULL).toString()));
  }

  @Test
  void duplicateFields() {
    assertRefused(
        400,
        JSON,
        e -> {
          String v = e.valid().toString();
          String first = v.substring(1, v.indexOf(',') > 0 ? v.indexOf(',') : v.length() - 1);
          return List.of("{" + first + "," + v.substring(1));
        });
  }

  @Test
  void overLongStrings() {
    assertRefused(
        400,
        JSON,
        e -> everyLeaf(e.valid(), Set.of(), leaf -> Json.createValue("x".repeat(10_000))));
  }

  @Test
  void controlCharactersInNames() {
    Set<String> names = Set.of("name", "firstName", "organizationName");
    Set<String> others = new java.util.HashSet<>();
    endpoints.forEach(e -> collectKeys(e.valid(), others));
    others.removeAll(names);
    assertRefused(
        400, JSON, e -> everyLeaf(e.valid(), others, leaf -> Json.createValue("Evil\u0007\nName")));
  }

  private static void collectKeys(JsonObject o, Set<String> into) {
    o.forEach(
        (k, v) -> {
          if (v.getValueType() == JsonValue.ValueType.OBJECT) {
            collectKeys(v.asJsonObject(), into);
          } else {
            into.add(k);
          }
        });
  }

  @Test
  void bodiesTooLargeToRead() {
    assertRefused(
        400,
        JSON,
        e -> List.of(with(e.valid(), "padding", Json.createValue(" ".repeat(70_000))).toString()));
  }

  @Test
  void valuesOfTheWrongType() {
    assertRefused(
        400,
        JSON,
        e -> {
          List<String> out =
              new ArrayList<>(everyLeaf(e.valid(), Set.of(), leaf -> Json.createValue(42)));
          out.addAll(
              everyLeaf(e.valid(), Set.of(), leaf -> Json.createArrayBuilder().add("x").build()));
          out.addAll(
              everyLeaf(
                  e.valid(),
                  Set.of(),
                  leaf ->
                      leaf.getValueType() == JsonValue.ValueType.STRING
                          ? JsonValue.TRUE
                          : Json.createValue("true")));
          return out;
        });
  }

  @Test
  void blankAndMissingRequiredValues() {
    assertRefused(
        400,
        JSON,
        e -> {
          List<String> out =
              new ArrayList<>(everyLeaf(e.valid(), e.optional(), leaf -> JsonValue.NULL));
          out.add("{}");
          out.addAll(
              everyLeaf(
                  e.valid(),
                  e.optional(),
                  leaf ->
                      leaf.getValueType() == JsonValue.ValueType.STRING
                          ? Json.createValue("   ")
                          : JsonValue.NULL));
          return out;
        });
  }

  @Test
  void badEmails() {
    Endpoint token = endpoints.get(0);
    Endpoint signup = endpoints.get(1);
    Endpoint create = endpoints.get(2);
    Endpoint invite = endpoints.get(4);
    List<Executable> checks = new ArrayList<>();
    for (String bad :
        List.of(
            "no-at-sign", "a@b", "a@@b.test", "<script>@x.test", "x@" + "d".repeat(64) + ".test")) {
      for (Reply r :
          List.of(
              token.send(JSON, with(token.valid(), "email", Json.createValue(bad)).toString()),
              signup.send(JSON, with(signup.valid(), "email", Json.createValue(bad)).toString()),
              create.send(
                  JSON,
                  with(create.valid(), "owner", obj("email", bad, "password", PASSWORD))
                      .toString()),
              invite.send(JSON, with(invite.valid(), "email", Json.createValue(bad)).toString()))) {
        checks.add(
            () -> {
              assertTrue(r.status() == 400 || r.status() == 401, bad + " → " + r);
              assertErrorBody(r);
            });
      }
    }
    assertAll(checks);
    assertNothingChanged();
  }

  @Test
  void wrongContentTypes() {
    assertRefused(
        415,
        List.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "text/html"),
        e -> List.of(e.valid().toString()));
  }

  @Test
  void noContentTypeAtAll() {
    List<Executable> checks = new ArrayList<>();
    for (Endpoint e : endpoints) {
      Reply r = e.send(null, e.valid().toString());
      checks.add(
          () -> {
            assertTrue(r.status() == 415 || r.status() == 400, e + " → " + r);
            assertErrorBody(r);
          });
    }
    assertAll(checks);
    assertNothingChanged();
  }

  @Test
  void unknownPathsAndMethodsUnderTheApiAnswerInJson() {
    String t = org.owner().token();
    String base = Api.org(org.id());
    for (Reply r :
        List.of(
            get(V1 + "/nope", null),
            get(V1 + "/nope", t),
            get(V1, t),
            get(V1 + "/", t),
            get(base + "/nope", t),
            get(base + "/members/" + member.id() + "/more", t),
            Api.send("POST", V1 + "/organizations/" + org.id() + "/unknown", t, JSON, "{}"))) {
      assertEquals(404, r.status(), r::toString);
      assertErrorBody(r);
    }
    for (Reply r :
        List.of(
            Api.delete(base, t),
            Api.send("PUT", base + "/audit", t, JSON, "{}"),
            get(V1 + "/auth/token", null),
            get(V1 + "/signup", null))) {
      assertEquals(405, r.status(), r::toString);
      assertErrorBody(r);
    }
    assertNothingChanged();
  }

  @Test
  void unacceptableAcceptHeadersStillGetJsonErrors() {
    Reply r =
        Api.send(
            "GET",
            Api.org(org.id()) + "/members",
            org.owner().token(),
            null,
            null,
            "Accept",
            "text/html");

    Api.assertError(r, 406, "not_acceptable");
  }

  private static JsonObject with(JsonObject o, String key, JsonValue value) {
    JsonObjectBuilder b = Json.createObjectBuilder(o);
    b.add(key, value);
    return b.build();
  }

  /**
   * The object once for every leaf (in nested objects too) except the skipped ones, with that leaf
   * replaced.
   */
  private static List<String> everyLeaf(
      JsonObject o, Set<String> skipped, Function<JsonValue, JsonValue> replace) {
    List<String> out = new ArrayList<>();
    for (JsonObject variant : leafVariants(o, skipped, replace)) {
      out.add(variant.toString());
    }
    return out;
  }

  private static List<JsonObject> leafVariants(
      JsonObject o, Set<String> skipped, Function<JsonValue, JsonValue> replace) {
    List<JsonObject> out = new ArrayList<>();
    for (Map.Entry<String, JsonValue> e : o.entrySet()) {
      if (skipped.contains(e.getKey())) {
        continue;
      }
      if (e.getValue().getValueType() == JsonValue.ValueType.OBJECT) {
        for (JsonObject inner : leafVariants(e.getValue().asJsonObject(), skipped, replace)) {
          out.add(with(o, e.getKey(), inner));
        }
      } else {
        out.add(with(o, e.getKey(), replace.apply(e.getValue())));
      }
    }
    return out;
  }

  private static String quoted(String s) {
    return Json.createValue(s).toString();
  }
}
