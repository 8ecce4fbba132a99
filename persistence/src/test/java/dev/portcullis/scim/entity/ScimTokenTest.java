package dev.portcullis.scim.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScimTokenTest {

  private static final Instant NOW = Instant.parse("2026-01-01T10:00:00.123456789Z");

  @Test
  void aNewTokenIsValidUntilItExpires() {
    ScimToken t = new ScimToken("org-1", "hash", NOW, NOW.plus(Duration.ofHours(2)));
    assertTrue(t.isValidAt(NOW));
    assertTrue(t.isValidAt(NOW.plus(Duration.ofMinutes(119))));
    assertFalse(t.isValidAt(NOW.plus(Duration.ofHours(2))));
    assertTrue(t.isExpiredAt(NOW.plus(Duration.ofHours(2))));
    assertEquals(Instant.parse("2026-01-01T10:00:00.123456Z"), t.getCreatedAt());
  }

  @Test
  void anExpiryInThePastIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new ScimToken("org-1", "hash", NOW, NOW));
  }

  @Test
  void revokingEndsItAtOnceAndShortensAGracePeriod() {
    ScimToken t = new ScimToken("org-1", "hash", NOW, null);
    t.revokeAfter(NOW, Duration.ofDays(7));
    assertTrue(t.isInGraceAt(NOW.plus(Duration.ofDays(6))));
    assertTrue(t.isValidAt(NOW.plus(Duration.ofDays(6))));
    assertFalse(t.isValidAt(NOW.plus(Duration.ofDays(7))));
    t.revoke(NOW.plusSeconds(1));
    assertFalse(t.isValidAt(NOW.plusSeconds(1)));
    t.revokeAfter(NOW.plusSeconds(2), Duration.ofDays(1));
    assertFalse(t.isValidAt(NOW.plusSeconds(3)), "a revoked token never comes back");
  }

  @Test
  void aGracePeriodLongerThanSevenDaysIsRefused() {
    ScimToken t = new ScimToken("org-1", "hash", NOW, null);
    assertThrows(
        IllegalArgumentException.class,
        () -> t.revokeAfter(NOW, Duration.ofDays(7).plusMinutes(1)));
  }
}
