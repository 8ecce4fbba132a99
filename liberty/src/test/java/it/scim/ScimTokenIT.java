package it.scim;

import static it.scim.ScimApi.ERROR_SCHEMA;
import static it.scim.ScimApi.SCIM_JSON;
import static it.scim.ScimApi.generate;
import static it.scim.ScimApi.probe;
import static it.scim.ScimApi.scim;
import static it.scim.ScimApi.tokenPath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.sso.SsoApi;
import it.sso.SsoApi.Org;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SCIM tokens end to end (PRODUCT §4, §6; API.md): generate shows the token once and revokes the
 * previous one at once, rotate keeps the previous one for a grace period, expiry, revoke, use
 * counting, isolation between organizations, the Enterprise plan, roles, bad input, and no token in
 * the server's logs.
 */
class ScimTokenIT {

  @AfterEach
  void resetClock() throws Exception {
    SsoApi.setClock(Duration.ZERO);
  }

  @Test
  void generateShowsTheTokenOnceAndRegeneratingRevokesThePreviousAtOnce() throws Exception {
    Org org = SsoApi.createOrg("ENTERPRISE");
    assertEquals(404, SsoApi.send("GET", tokenPath(org.id()), org.token(), null, null).status());

    JsonObject first = generate(org.id(), org.token());
    String a = first.getString("token");
    assertTrue(a.startsWith("pcs_scim_"), a);
    assertTrue(a.length() >= "pcs_scim_".length() + 43, "at least 256 bits: " + a);

    SsoApi.Reply status = SsoApi.send("GET", tokenPath(org.id()), org.token(), null, null);
    assertEquals(200, status.status(), status.body());
    JsonObject s = status.json();
    assertEquals(first.getString("createdAt"), s.getString("createdAt"));
    assertTrue(s.isNull("lastUsedAt"), status.body());
    assertEquals(0, s.getInt("useCount"));
    assertFalse(status.body().contains(a), "the token is shown only once");
    assertEquals(0, it.db.Database.count("scim_token", "token_hash", a), "never stored in clear");
    assertEquals(
        1,
        it.db.Database.count(
            "scim_token",
            "token_hash",
            java.util.HexFormat.of()
                .formatHex(
                    java.security.MessageDigest.getInstance("SHA-256")
                        .digest(a.getBytes(java.nio.charset.StandardCharsets.UTF_8)))),
        "only its SHA-256");

    assertEquals(200, probe(a));
    JsonObject b = generate(org.id(), org.token());
    assertNotEquals(a, b.getString("token"));
    ScimApi.Reply refused = scim("GET", "/ServiceProviderConfig", a);
    assertRefused(refused);
    assertEquals(200, probe(b.getString("token")));
    assertEquals(b.getString("id"), get(org).getString("id"));
  }

  @Test
  void everyUseIsCountedAndLastUsedMoves() throws Exception {
    Org org = SsoApi.createOrg("ENTERPRISE");
    String token = generate(org.id(), org.token()).getString("token");
    for (int i = 0; i < 3; i++) {
      assertEquals(200, probe(token));
    }
    JsonObject s = get(org);
    assertEquals(3, s.getInt("useCount"));
    Instant firstUse = Instant.parse(s.getString("lastUsedAt"));

    SsoApi.setClock(Duration.ofMinutes(5));
    assertEquals(200, scim("GET", "/Schemas", token).status());
    s = get(org);
    assertEquals(4, s.getInt("useCount"));
    assertTrue(Instant.parse(s.getString("lastUsedAt")).isAfter(firstUse), s.toString());

    assertEquals(401, probe(token + "x"));
    assertEquals(4, get(org).getInt("useCount"), "refused requests are not uses of the token");
  }

  @Test
  void rotateKeepsThePreviousTokenForTheGracePeriodOnly() throws Exception {
    Org org = SsoApi.createOrg("ENTERPRISE");
    String a = generate(org.id(), org.token()).getString("token");

    SsoApi.Reply rotated = rotate(org, Json.createObjectBuilder().add("graceHours", 24).build());
    assertEquals(201, rotated.status(), rotated.body());
    String b = rotated.json().getString("token");
    assertNotEquals(a, b);
    assertEquals(200, probe(a), "the previous token works during the grace period");
    assertEquals(200, probe(b));
    JsonObject s = get(org);
    assertEquals(rotated.json().getString("id"), s.getString("id"));
    Instant validUntil = Instant.parse(s.getJsonObject("previous").getString("validUntil"));
    assertTrue(
        Duration.between(Instant.parse(s.getString("createdAt")), validUntil).toHours() == 24,
        s.toString());

    SsoApi.setClock(Duration.ofHours(25));
    Org later = org.relogin();
    assertRefused(scim("GET", "/ServiceProviderConfig", a));
    assertEquals(200, probe(b));
    assertTrue(get(later).isNull("previous"));
  }

  @Test
  void rotatingAgainRevokesATokenStillInItsGracePeriod() throws Exception {
    Org org = SsoApi.createOrg("ENTERPRISE");
    String a = generate(org.id(), org.token()).getString("token");
    String b =
        rotate(org, Json.createObjectBuilder().add("graceHours", 48).build())
            .json()
            .getString("token");
    String c =
        rotate(org, Json.createObjectBuilder().add("graceHours", 1).build())
            .json()
            .getString("token");
    assertEquals(401, probe(a));
    assertEquals(200, probe(b));
    assertEquals(200, probe(c));
  }

  @Test
  void graceLongerThanSevenDaysAndMalformedBodiesAreRefusedAndChangeNothing() throws Exception {
    Org org = SsoApi.createOrg("ENTERPRISE");
    JsonObject issued = generate(org.id(), org.token());
    String token = issued.getString("token");
    List<String> bad =
        List.of(
            "{\"graceHours\": 169}",
            "{\"graceHours\": 0}",
            "{\"graceHours\": -1}",
            "{\"graceHours\": 1.5}",
            "{\"graceHours\": \"24\"}",
            "{}",
            "{\"graceHours\": 24, \"expiresAt\": \"tomorrow\"}",
            "{\"graceHours\": 24, \"expiresAt\": \"2000-01-01T00:00:00Z\"}",
            "{\"graceHours\": 24, \"token\": \"pcs_scim_mine\"}",
            "{\"graceHours\": 24",
            "[24]",
            "");
    for (String body : bad) {
      SsoApi.Reply r =
          SsoApi.send(
              "POST",
              tokenPath(org.id()) + "/rotate",
              org.token(),
              "application/json",
              body.getBytes(StandardCharsets.UTF_8));
      assertEquals(400, r.status(), body + " → " + r.body());
      assertFalse(r.json().getString("message").isBlank(), r.body());
      assertFalse(r.body().contains("Exception"), r.body());
    }
    for (String body : List.of("{\"expiresAt\": \"2000-01-01T00:00:00Z\"}", "{\"x\": 1}", "{")) {
      SsoApi.Reply r =
          SsoApi.send(
              "POST",
              tokenPath(org.id()),
              org.token(),
              "application/json",
              body.getBytes(StandardCharsets.UTF_8));
      assertEquals(400, r.status(), body + " → " + r.body());
    }
    assertEquals(issued.getString("id"), get(org).getString("id"));
    assertTrue(get(org).isNull("previous"));
    assertEquals(200, probe(token), "a refused request changes nothing");
  }

  @Test
  void anExpiredTokenIsRefused() throws Exception {
    Org org = SsoApi.createOrg("ENTERPRISE");
    Instant expiresAt = Instant.now().plus(Duration.ofHours(2));
    SsoApi.Reply r =
        SsoApi.json(
            "POST",
            tokenPath(org.id()),
            org.token(),
            Json.createObjectBuilder().add("expiresAt", expiresAt.toString()).build());
    assertEquals(201, r.status(), r.body());
    assertEquals(expiresAt, Instant.parse(r.json().getString("expiresAt")));
    String token = r.json().getString("token");
    assertEquals(200, probe(token));
    assertFalse(get(org).getBoolean("expired"));

    SsoApi.setClock(Duration.ofHours(3));
    assertRefused(scim("GET", "/ServiceProviderConfig", token));
    assertTrue(get(org).getBoolean("expired"), "the admin sees that the token expired");
  }

  @Test
  void revokeEndsEveryValidTokenAtOnce() throws Exception {
    Org org = SsoApi.createOrg("ENTERPRISE");
    String a = generate(org.id(), org.token()).getString("token");
    String b =
        rotate(org, Json.createObjectBuilder().add("graceHours", 24).build())
            .json()
            .getString("token");
    SsoApi.Reply revoked = SsoApi.send("DELETE", tokenPath(org.id()), org.token(), null, null);
    assertEquals(204, revoked.status(), revoked.body());
    assertEquals(401, probe(a));
    assertEquals(401, probe(b));
    assertEquals(404, SsoApi.send("GET", tokenPath(org.id()), org.token(), null, null).status());
  }

  @Test
  void tokenChangesAreAuditedWithoutTheToken() throws Exception {
    Org org = SsoApi.createOrg("ENTERPRISE");
    String a = generate(org.id(), org.token()).getString("token");
    String b =
        rotate(org, Json.createObjectBuilder().add("graceHours", 24).build())
            .json()
            .getString("token");
    SsoApi.send("DELETE", tokenPath(org.id()), org.token(), null, null);
    SsoApi.Reply audit =
        SsoApi.send(
            "GET",
            "/api/v1/organizations/" + org.id() + "/audit?format=json",
            org.token(),
            null,
            null);
    assertEquals(200, audit.status(), audit.body());
    for (String action :
        List.of("scim.token_generated", "scim.token_rotated", "scim.token_revoked")) {
      assertTrue(audit.body().contains("\"" + action + "\""), action + " in " + audit.body());
    }
    assertFalse(audit.body().contains(a));
    assertFalse(audit.body().contains(b));
    assertFalse(audit.body().contains(a.substring("pcs_scim_".length(), 20)));
  }

  @Test
  void oneOrganizationsTokenNeverReachesAnother() throws Exception {
    Org first = SsoApi.createOrg("ENTERPRISE");
    Org second = SsoApi.createOrg("ENTERPRISE");
    String a = generate(first.id(), first.token()).getString("token");
    String b = generate(second.id(), second.token()).getString("token");
    assertNotEquals(a, b);

    // A SCIM token is no admin API credential, not even for its own organization.
    assertEquals(401, SsoApi.send("GET", tokenPath(second.id()), a, null, null).status());
    assertEquals(401, SsoApi.send("POST", tokenPath(second.id()), a, null, null).status());
    assertEquals(401, SsoApi.send("GET", tokenPath(first.id()), a, null, null).status());
    // The other organization's Owner does not even learn that it exists.
    assertEquals(
        404, SsoApi.send("GET", tokenPath(second.id()), first.token(), null, null).status());
    assertEquals(
        404, SsoApi.send("DELETE", tokenPath(second.id()), first.token(), null, null).status());

    // Regenerating one organization's token leaves the other's alone.
    generate(first.id(), first.token());
    assertEquals(401, probe(a));
    assertEquals(200, probe(b));
    assertEquals(1, get(second).getInt("useCount"));
  }

  @Test
  void onlyEnterpriseOrganizationsHaveScim() throws Exception {
    Org growth = SsoApi.createOrg("GROWTH");
    SsoApi.Reply refused = SsoApi.send("POST", tokenPath(growth.id()), growth.token(), null, null);
    assertEquals(403, refused.status(), refused.body());
    assertEquals("plan_required", refused.error());
    assertEquals(
        403, SsoApi.send("GET", tokenPath(growth.id()), growth.token(), null, null).status());

    Org org = SsoApi.createOrg("ENTERPRISE");
    String token = generate(org.id(), org.token()).getString("token");
    assertEquals(200, probe(token));
    SsoApi.Reply downgraded =
        SsoApi.json(
            "PUT",
            "/api/v1/organizations/" + org.id() + "/plan",
            System.getProperty("it.operator-token"),
            Json.createObjectBuilder().add("plan", "GROWTH").build());
    assertEquals(200, downgraded.status(), downgraded.body());
    ScimApi.Reply r = scim("GET", "/ServiceProviderConfig", token);
    assertEquals(403, r.status(), r.toString());
    assertTrue(r.contentType().startsWith(SCIM_JSON), r.toString());
    assertEquals("403", r.json().getString("status"));
  }

  @Test
  void membersCannotManageTheToken() throws Exception {
    Org org = SsoApi.createOrg("ENTERPRISE");
    String admin = SsoApi.member(org, "ADMIN");
    String member = SsoApi.member(org, "MEMBER");
    assertEquals(201, SsoApi.send("POST", tokenPath(org.id()), admin, null, null).status());
    for (String method : List.of("GET", "POST", "DELETE")) {
      SsoApi.Reply r = SsoApi.send(method, tokenPath(org.id()), member, null, null);
      assertEquals(403, r.status(), method + " " + r.body());
    }
    SsoApi.Reply r =
        SsoApi.json(
            "POST",
            tokenPath(org.id()) + "/rotate",
            member,
            Json.createObjectBuilder().add("graceHours", 1).build());
    assertEquals(403, r.status(), r.body());
  }

  @Test
  void requestsWithoutAValidScimTokenAreRefusedInScimForm() throws Exception {
    Org org = SsoApi.createOrg("ENTERPRISE");
    assertRefused(scim("GET", "/ServiceProviderConfig", null));
    assertRefused(scim("GET", "/Schemas", "pcs_scim_" + "A".repeat(43)));
    assertRefused(scim("GET", "/ResourceTypes", "x".repeat(5000)));
    assertRefused(scim("GET", "/ResourceTypes", org.token()));
    assertRefused(
        scim("GET", "/ServiceProviderConfig", null, "Authorization", "Basic dXNlcjpwYXNz"));
  }

  @Test
  void noTokenReachesTheServerLogs() throws Exception {
    Org org = SsoApi.createOrg("ENTERPRISE");
    List<String> tokens = new ArrayList<>();
    String a = generate(org.id(), org.token()).getString("token");
    tokens.add(a);
    assertEquals(200, probe(a));
    String b = generate(org.id(), org.token()).getString("token");
    tokens.add(b);
    assertEquals(401, probe(a));
    tokens.add(
        rotate(org, Json.createObjectBuilder().add("graceHours", 2).build())
            .json()
            .getString("token"));
    assertEquals(200, probe(b));

    Path logs = Path.of(System.getProperty("it.server-log")).getParent();
    List<Path> files;
    try (Stream<Path> all = Files.walk(logs)) {
      files = all.filter(Files::isRegularFile).toList();
    }
    assertFalse(files.isEmpty(), "no server logs in " + logs);
    for (Path f : files) {
      String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      for (String t : tokens) {
        assertFalse(text.contains(t.substring("pcs_scim_".length())), t + " in " + f);
      }
    }
  }

  private static SsoApi.Reply rotate(Org org, JsonObject body) throws Exception {
    return SsoApi.json("POST", tokenPath(org.id()) + "/rotate", org.token(), body);
  }

  private static JsonObject get(Org org) throws Exception {
    SsoApi.Reply r = SsoApi.send("GET", tokenPath(org.id()), org.token(), null, null);
    assertEquals(200, r.status(), r.body());
    return r.json();
  }

  static void assertRefused(ScimApi.Reply r) {
    assertEquals(401, r.status(), r.toString());
    assertTrue(r.contentType().startsWith(SCIM_JSON), r.toString());
    assertTrue(r.header("WWW-Authenticate").orElse("").startsWith("Bearer"), r.toString());
    JsonObject e = r.json();
    assertEquals(ERROR_SCHEMA, e.getJsonArray("schemas").getString(0));
    assertEquals("401", e.getString("status"));
    assertFalse(e.getString("detail").isBlank());
  }
}
