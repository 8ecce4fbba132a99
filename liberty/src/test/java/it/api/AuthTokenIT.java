package it.api;

import static it.api.Api.DEMO_OWNER;
import static it.api.Api.DEMO_OWNER_PASSWORD;
import static it.api.Api.OPERATOR;
import static it.api.Api.PASSWORD;
import static it.api.Api.V1;
import static it.api.Api.assertError;
import static it.api.Api.assertStatus;
import static it.api.Api.obj;
import static it.api.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.api.Api.Org;
import it.api.Api.Person;
import it.api.Api.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Personal access tokens: POST /api/v1/auth/token and bearer authentication of the admin API. */
class AuthTokenIT {

  private static Reply login(String email, String password) {
    return post(V1 + "/auth/token", null, obj("email", email, "password", password));
  }

  @Test
  void theRightPasswordGivesAnExpiringToken() {
    Reply r = login(DEMO_OWNER, DEMO_OWNER_PASSWORD);

    assertStatus(201, r);
    String token = r.json().getString("token");
    Instant expiresAt = Instant.parse(r.json().getString("expiresAt"));
    assertTrue(token.length() >= 32, "token too short to be secret: " + token.length());
    assertTrue(expiresAt.isAfter(Instant.now()), "expires in the past: " + expiresAt);
    assertTrue(
        expiresAt.isBefore(Instant.now().plus(Duration.ofDays(31))),
        "a personal token should not live for months: " + expiresAt);
    assertEquals("no-store", r.header("Cache-Control").orElse(""));
    Reply again = login(DEMO_OWNER, DEMO_OWNER_PASSWORD);
    assertNotEquals(token, again.json().getString("token"), "each login issues a new token");
  }

  @Test
  void aTokenActsForItsUser() {
    Org org = Api.organization("TokenUser");

    Reply mine = Api.get(Api.org(org.id()), org.owner().token());
    Reply anonymous = Api.get(Api.org(org.id()), null);

    assertStatus(200, mine);
    assertEquals(org.name(), mine.json().getString("name"));
    assertError(anonymous, 401, "unauthenticated");
  }

  @Test
  void emailsAreMatchedWithoutRegardToCaseOrSurroundingSpaces() {
    Person p = Api.person("CaseLogin");

    assertStatus(201, login("  " + p.email().toUpperCase() + " ", PASSWORD));
  }

  @Test
  void aWrongPasswordAndAnUnknownEmailGetTheSame401() {
    Person p = Api.person("WrongPw");

    Reply wrong = login(p.email(), "not the password at all");
    Reply unknown = login(Api.email("nobody"), "not the password at all");

    assertError(wrong, 401, "unauthenticated");
    assertError(unknown, 401, "unauthenticated");
    assertEquals(wrong.message(), unknown.message(), "the answer must not reveal who exists");
    assertFalse(wrong.body().contains("not the password"), "never echo the password");
  }

  /**
   * Three failures are free; then the account, from this address, must wait (doubling each time),
   * even with the right password. Uses its own user so that nobody else is slowed down.
   */
  @Test
  void repeatedFailuresAreThrottledPerAccountAndAddress() {
    Person victim = Api.person("Throttled");
    Person bystander = Api.person("Bystander");

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      statuses.add(login(victim.email(), "wrong password " + i).status());
    }
    assertEquals(List.of(401, 401, 401), statuses, "the first three failures are free");
    // The fourth failure starts a wait of one second that doubles with each further failure, so
    // a few immediate attempts hit it however slow this machine is.
    int failures = 3;
    Instant lastFailureSent = null;
    Reply throttled = null;
    for (int i = 0; i < 5 && throttled == null; i++) {
      Instant sent = Instant.now();
      Reply r = login(victim.email(), "wrong password again");
      if (r.status() == 429) {
        throttled = r;
      } else {
        assertError(r, 401, "unauthenticated");
        failures++;
        lastFailureSent = sent;
      }
    }
    assertNotNull(throttled, "no 429 after " + failures + " failed attempts");
    assertTrue(failures > 3, "throttled before the free attempts were used up");
    assertError(throttled, 429, "too_many_attempts");
    assertTrue(throttled.message().matches(".*\\d+ seconds?.*"), throttled.message());

    // While the wait lasts, even the right password is refused. The server started the wait no
    // earlier than the last failure was sent, so until then a 201 would be a bug.
    Instant waitsAtLeastUntil = lastFailureSent.plusSeconds(1L << (failures - 4));
    Reply right = login(victim.email(), PASSWORD);
    if (Instant.now().isBefore(waitsAtLeastUntil)) {
      assertError(right, 429, "too_many_attempts");
    }
    assertStatus(201, login(bystander.email(), PASSWORD));
  }

  @Test
  void aBurstOfWrongPasswordsForOneAccountIsAnsweredAndCounted() throws Exception {
    // the first failures of a new account and address race to create their throttle rows
    Person target = Api.person("Burst");
    int attempts = 12;
    ExecutorService pool = Executors.newFixedThreadPool(attempts);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Reply>> answers = new ArrayList<>();
    for (int i = 0; i < attempts; i++) {
      String wrong = "wrong password " + i;
      answers.add(
          pool.submit(
              () -> {
                start.await();
                return login(target.email(), wrong);
              }));
    }
    start.countDown();
    List<Integer> statuses = new ArrayList<>();
    for (Future<Reply> a : answers) {
      statuses.add(a.get(60, TimeUnit.SECONDS).status());
    }
    pool.shutdown();
    assertTrue(
        statuses.stream().allMatch(s -> s == 401 || s == 429),
        "each wrong password is refused or throttled, none fails: " + statuses);
    assertTrue(statuses.contains(401), "the first ones are refused as usual: " + statuses);
  }

  @Test
  void requestsWithoutAValidBearerTokenAreRefused() {
    String orgs = V1 + "/organizations/whatever";
    List<Reply> refused =
        List.of(
            Api.get(orgs, null),
            Api.send("GET", orgs, null, null, null, "Authorization", "Bearer"),
            Api.send("GET", orgs, null, null, null, "Authorization", "Bearer "),
            Api.get(orgs, "pcp_thisIsNotAToken"),
            Api.get(orgs, OPERATOR + "x"),
            Api.get(orgs, "x".repeat(5000)),
            Api.send("GET", orgs, null, null, null, "Authorization", "Basic b3BlcmF0b3I6eA=="),
            Api.send("GET", orgs, null, null, null, "Authorization", OPERATOR));

    for (Reply r : refused) {
      assertError(r, 401, "unauthenticated");
      assertTrue(
          r.header("WWW-Authenticate").orElse("").startsWith("Bearer"),
          "401 without a Bearer challenge: " + r.headers());
    }
  }

  @Test
  void theBearerSchemeIsCaseInsensitive() {
    Reply r =
        Api.send(
            "GET",
            V1 + "/organizations/whatever",
            null,
            null,
            null,
            "Authorization",
            "bearer " + OPERATOR);

    assertError(r, 404, "not_found");
  }
}
