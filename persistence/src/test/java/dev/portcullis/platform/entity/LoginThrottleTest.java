package dev.portcullis.platform.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  private static final Duration BASE = Duration.ofSeconds(1);
  private static final Duration MAX = Duration.ofSeconds(30);
  private static final Duration FORGET = Duration.ofHours(1);

  @Test
  void freeAttemptsThenDoublingWaitsUpToTheCap() {
    Instant t0 = Instant.parse("2026-11-28T10:00:00Z");
    LoginThrottle t = new LoginThrottle("acct:ann@acme.test", t0);
    for (int i = 0; i < 3; i++) {
      t.recordFailure(t0, 3, BASE, MAX, FORGET);
    }
    assertEquals(Duration.ZERO, t.waitRemaining(t0));
    t.recordFailure(t0, 3, BASE, MAX, FORGET);
    assertEquals(Duration.ofSeconds(1), t.waitRemaining(t0));
    t.recordFailure(t0, 3, BASE, MAX, FORGET);
    assertEquals(Duration.ofSeconds(2), t.waitRemaining(t0));
    for (int i = 0; i < 40; i++) {
      t.recordFailure(t0, 3, BASE, MAX, FORGET);
    }
    assertEquals(MAX, t.waitRemaining(t0), "never longer than the cap: no lockout");
    assertEquals(Duration.ZERO, t.waitRemaining(t0.plus(MAX)));
  }

  @Test
  void oldFailuresAreForgotten() {
    Instant t0 = Instant.parse("2026-11-28T10:00:00Z");
    LoginThrottle t = new LoginThrottle("k", t0);
    for (int i = 0; i < 6; i++) {
      t.recordFailure(t0, 3, BASE, MAX, FORGET);
    }
    Instant later = t0.plus(Duration.ofHours(2));
    t.recordFailure(later, 3, BASE, MAX, FORGET);
    assertEquals(1, t.getFailures());
    assertEquals(Duration.ZERO, t.waitRemaining(later));
  }
}
