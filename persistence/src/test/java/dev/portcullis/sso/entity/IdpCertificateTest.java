package dev.portcullis.sso.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class IdpCertificateTest {

  private static final Instant NOT_AFTER = Instant.parse("2027-03-01T12:00:00Z");

  private static IdpCertificate certificate() {
    return new IdpCertificate(
        "org-1", "CN=idp", "AA:BB", NOT_AFTER, new byte[] {1, 2, 3}, NOT_AFTER.minus(days(400)));
  }

  private static Duration days(long n) {
    return Duration.ofDays(n);
  }

  @Test
  void eachThresholdIsDueOnceThenSilentUntilTheNext() {
    IdpCertificate c = certificate();
    assertEquals(OptionalInt.empty(), c.expiryWarningDueAt(NOT_AFTER.minus(days(31))));
    assertFalse(c.expiresSoonAt(NOT_AFTER.minus(days(31))));

    Instant thirty = NOT_AFTER.minus(days(30));
    assertEquals(OptionalInt.of(30), c.expiryWarningDueAt(thirty));
    assertTrue(c.expiresSoonAt(thirty));
    assertEquals(30, c.daysLeftAt(thirty));
    c.markExpiryWarned(30);
    assertEquals(OptionalInt.empty(), c.expiryWarningDueAt(thirty));
    assertEquals(OptionalInt.empty(), c.expiryWarningDueAt(NOT_AFTER.minus(days(8))));

    Instant seven = NOT_AFTER.minus(days(7)).plusSeconds(1);
    assertEquals(OptionalInt.of(7), c.expiryWarningDueAt(seven));
    assertEquals(7, c.daysLeftAt(seven), "rounded up");
    c.markExpiryWarned(7);
    assertEquals(OptionalInt.empty(), c.expiryWarningDueAt(NOT_AFTER.minus(days(2))));

    Instant one = NOT_AFTER.minus(Duration.ofHours(5));
    assertEquals(OptionalInt.of(1), c.expiryWarningDueAt(one));
    assertEquals(1, c.daysLeftAt(one));
    c.markExpiryWarned(1);
    assertEquals(OptionalInt.empty(), c.expiryWarningDueAt(one));
  }

  @Test
  void skippedThresholdsAreNotSentLateAndExpiredCertificatesAreNotWarned() {
    IdpCertificate c = certificate();
    Instant fiveDaysLeft = NOT_AFTER.minus(days(5));
    assertEquals(OptionalInt.of(7), c.expiryWarningDueAt(fiveDaysLeft), "only the nearest");
    c.markExpiryWarned(7);
    assertEquals(OptionalInt.empty(), c.expiryWarningDueAt(fiveDaysLeft));

    assertEquals(OptionalInt.empty(), c.expiryWarningDueAt(NOT_AFTER));
    assertFalse(c.expiresSoonAt(NOT_AFTER));
    assertEquals(0, c.daysLeftAt(NOT_AFTER.plusSeconds(1)));
  }
}
