package it.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dns.BindServer;
import it.sso.SsoApi.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Strict SSO (PRODUCT §6, break-glass choices): under Require SSO nobody of the verified domain
 * keeps a password — Owners and Admins included — and Owners log in with one-time recovery codes,
 * shown once, stored hashed, regenerable, each use audited.
 */
class StrictSsoIT {

  static BindServer dns;

  @BeforeAll
  static void startDns() throws Exception {
    dns = BindServer.fromSystemProperty();
    dns.start();
  }

  @AfterAll
  static void stopDns() throws Exception {
    dns.close();
  }

  record Person(String email, String password, String token) {}

  @Test
  void strictSsoTakesTheOwnersPasswordAndARecoveryCodeWorksOnce() throws Exception {
    SsoOrg sso = SsoOrg.create(dns, "https://idp-strict.test/sso");
    Person owner = person(sso, "OWNER");
    Person admin = person(sso, "ADMIN");
    sso.settings(Json.createObjectBuilder().add("requireSso", true).build());

    // Without recovery codes strict SSO would lock everyone out: refused, nothing changes.
    Reply early = put(sso.org.sso(), owner.token(), strict(true));
    assertEquals(409, early.status(), early.body());
    assertEquals("recovery_codes_missing", early.error());
    assertFalse(get(sso.org.sso(), owner.token()).json().getBoolean("strictSso"));

    List<String> codes = generate(sso, owner.token());
    assertEquals(10, codes.size());
    assertEquals(10, new HashSet<>(codes).size(), "ten different codes");
    assertEquals(
        10,
        get(sso.org.sso() + "/recovery-codes", owner.token())
            .json()
            .getJsonNumber("remaining")
            .intValue());

    // An Admin may not choose it (it takes their own password away); the Owner may.
    Reply byAdmin = put(sso.org.sso(), admin.token(), strict(true));
    assertEquals(403, byAdmin.status(), byAdmin.body());
    Reply on = put(sso.org.sso(), owner.token(), strict(true));
    assertEquals(200, on.status(), on.body());
    assertTrue(on.json().getBoolean("strictSso"));

    // Nobody of the domain logs in with a password now, Owners and Admins included.
    for (Person p : List.of(owner, admin)) {
      Reply r = passwordToken(p);
      assertEquals(403, r.status(), p.email() + ": " + r.body());
      assertEquals("sso_required", r.error());
    }

    // A recovery code logs the Owner in (typed loosely), once.
    String code = codes.get(3);
    Reply in = recoveryToken(owner.email(), " " + code.toLowerCase().replace('-', ' ') + " ");
    assertEquals(201, in.status(), in.body());
    Reply me = get("/api/v1/organizations/" + sso.org.id(), in.json().getString("token"));
    assertEquals(200, me.status(), "the token works: " + me.body());
    Reply again = recoveryToken(owner.email(), code);
    assertEquals(401, again.status(), "a spent code: " + again.body());
    assertEquals(
        9,
        get(sso.org.sso() + "/recovery-codes", owner.token())
            .json()
            .getJsonNumber("remaining")
            .intValue());

    JsonObject entry = newest(sso, "login.break_glass", owner.email());
    assertTrue(entry.toString().contains("recovery_code"), entry.toString());
    assertFalse(sso.audit().contains(code), "no code in the audit log");

    // Another person's code, or the Owner's code presented for someone else, does not work.
    Reply foreign = recoveryToken(admin.email(), codes.get(4));
    assertEquals(401, foreign.status(), foreign.body());
    Reply garbage = recoveryToken(owner.email(), "not-a-code");
    assertEquals(401, garbage.status(), garbage.body());

    // Turning Require SSO off ends strict SSO too: passwords come back.
    sso.settings(Json.createObjectBuilder().add("requireSso", false).build());
    assertFalse(get(sso.org.sso(), owner.token()).json().getBoolean("strictSso"));
    assertEquals(201, passwordToken(admin).status());
  }

  @Test
  void regeneratingReplacesTheUnusedCodesAndOnlyOwnersHoldCodes() throws Exception {
    SsoOrg sso = SsoOrg.create(dns, "https://idp-strict2.test/sso");
    Person owner = person(sso, "OWNER");
    Person admin = person(sso, "ADMIN");
    List<String> first = generate(sso, owner.token());
    List<String> second = generate(sso, owner.token());
    assertTrue(second.stream().noneMatch(first::contains));
    Reply old = recoveryToken(owner.email(), first.get(0));
    assertEquals(401, old.status(), "a replaced code no longer works: " + old.body());
    assertEquals(201, recoveryToken(owner.email(), second.get(0)).status());

    Reply adminCodes = post(sso.org.sso() + "/recovery-codes", admin.token());
    assertEquals(403, adminCodes.status(), adminCodes.body());
    assertEquals("owner_required", adminCodes.error());

    Reply strictWithoutRequire = put(sso.org.sso(), owner.token(), strict(true));
    assertEquals(409, strictWithoutRequire.status(), strictWithoutRequire.body());
    assertEquals("require_sso_off", strictWithoutRequire.error());

    // Another organization's Owner cannot touch these codes (isolation: 404).
    SsoApi.Org other = SsoApi.createOrg("ENTERPRISE");
    Reply outsider = post(sso.org.sso() + "/recovery-codes", other.token());
    assertEquals(404, outsider.status(), outsider.body());
    // And a plan without Access Security has no codes.
    SsoApi.Org free = SsoApi.createOrg("FREE");
    Reply freeCodes = post(free.sso() + "/recovery-codes", free.token());
    assertEquals(403, freeCodes.status(), freeCodes.body());
  }

  @Test
  void twoLoginsRacingWithOneCodeGetInOnce() throws Exception {
    SsoOrg sso = SsoOrg.create(dns, "https://idp-strict3.test/sso");
    Person owner = person(sso, "OWNER");
    String code = generate(sso, owner.token()).get(0);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Reply>> tries = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        tries.add(pool.submit((Callable<Reply>) () -> recoveryToken(owner.email(), code)));
      }
      int ok = 0;
      for (Future<Reply> f : tries) {
        Reply r = f.get();
        if (r.status() == 201) {
          ok++;
        } else {
          assertEquals(401, r.status(), r.body());
        }
      }
      assertEquals(1, ok, "one code, one login");
    } finally {
      pool.shutdownNow();
    }
  }

  private static Person person(SsoOrg sso, String role) throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String email = role.toLowerCase() + "-" + id + "@" + sso.domain;
    String password = "member-password-" + id;
    Reply signup =
        SsoApi.json(
            "POST",
            "/api/v1/signup",
            null,
            Json.createObjectBuilder().add("email", email).add("password", password).build());
    assertEquals(201, signup.status(), signup.body());
    Reply added =
        SsoApi.json(
            "POST",
            "/api/v1/organizations/" + sso.org.id() + "/members",
            sso.org.token(),
            Json.createObjectBuilder().add("email", email).add("role", role).build());
    assertEquals(201, added.status(), added.body());
    return new Person(email, password, SsoApi.token(email, password));
  }

  private static List<String> generate(SsoOrg sso, String token) throws Exception {
    Reply r = post(sso.org.sso() + "/recovery-codes", token);
    assertEquals(201, r.status(), r.body());
    List<String> codes = new ArrayList<>();
    for (JsonValue v : r.json().getJsonArray("codes")) {
      codes.add(((JsonString) v).getString());
    }
    assertNotEquals(0, codes.size());
    return codes;
  }

  private static JsonObject strict(boolean on) {
    return Json.createObjectBuilder().add("strictSso", on).build();
  }

  private static Reply passwordToken(Person p) throws Exception {
    return SsoApi.json(
        "POST",
        "/api/v1/auth/token",
        null,
        Json.createObjectBuilder().add("email", p.email()).add("password", p.password()).build());
  }

  private static Reply recoveryToken(String email, String code) throws Exception {
    return SsoApi.json(
        "POST",
        "/api/v1/auth/token",
        null,
        Json.createObjectBuilder().add("email", email).add("recoveryCode", code).build());
  }

  private static Reply get(String path, String token) throws Exception {
    return SsoApi.send("GET", path, token, null, null);
  }

  private static Reply post(String path, String token) throws Exception {
    return SsoApi.send("POST", path, token, null, null);
  }

  private static Reply put(String path, String token, JsonObject body) throws Exception {
    return SsoApi.json("PUT", path, token, body);
  }

  private static JsonObject newest(SsoOrg sso, String action, String target) throws Exception {
    for (JsonValue v : Json.createReader(new StringReader(sso.audit())).readArray()) {
      JsonObject o = v.asJsonObject();
      if (action.equals(o.getString("action")) && target.equals(o.getString("target", ""))) {
        return o;
      }
    }
    throw new AssertionError(action + " for " + target + " not in the audit log");
  }
}
