package dev.portcullis.platform.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.portcullis.platform.entity.Reconfirmation.Use;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReconfirmationTest {

  private static final Instant CONFIRMED = Instant.parse("2026-01-01T10:00:00Z");

  private final Reconfirmation reconfirmation =
      new Reconfirmation(
          "user-1",
          "hash-a",
          "/console/settings/access-security?org=o",
          "ab12cd34",
          CONFIRMED.minusSeconds(20),
          CONFIRMED);

  @Test
  void theUsersSessionInTheBrowserThatConfirmedTakesItOnceAndSpendsItOnce() {
    assertEquals(Use.NOT_TAKEN, reconfirmation.spend("user-1", CONFIRMED.plusSeconds(1)));
    assertEquals(Use.DONE, reconfirmation.attach("user-1", "hash-a", CONFIRMED.plusSeconds(2)));
    assertEquals(
        Use.ALREADY_TAKEN, reconfirmation.attach("user-1", "hash-a", CONFIRMED.plusSeconds(3)));
    assertEquals(Use.DONE, reconfirmation.usable("user-1", CONFIRMED.plusSeconds(4)));
    assertEquals(Use.DONE, reconfirmation.spend("user-1", CONFIRMED.plusSeconds(5)));
    assertEquals(Use.ALREADY_USED, reconfirmation.spend("user-1", CONFIRMED.plusSeconds(6)));
  }

  @Test
  void anotherUserOrBrowserCannotTakeItNorBurnIt() {
    assertEquals(Use.NOT_YOURS, reconfirmation.attach("user-2", "hash-a", CONFIRMED));
    assertEquals(Use.OTHER_BROWSER, reconfirmation.attach("user-1", "hash-b", CONFIRMED));
    assertEquals(Use.OTHER_BROWSER, reconfirmation.attach("user-1", null, CONFIRMED));
    assertEquals(Use.DONE, reconfirmation.attach("user-1", "hash-a", CONFIRMED));
    assertEquals(Use.NOT_YOURS, reconfirmation.spend("user-2", CONFIRMED));
    assertNull(reconfirmation.getUsedAt());
    assertEquals(Use.DONE, reconfirmation.spend("user-1", CONFIRMED));
  }

  @Test
  void itExpiresFiveMinutesAfterTheIdpsAnswer() {
    Instant expiry = CONFIRMED.plus(Duration.ofMinutes(5));
    assertEquals(expiry, reconfirmation.getExpiresAt());
    assertEquals(Use.DONE, reconfirmation.attach("user-1", "hash-a", expiry.minusMillis(1)));
    assertEquals(Use.EXPIRED, reconfirmation.spend("user-1", expiry));
    assertNull(reconfirmation.getUsedAt());

    Reconfirmation late = new Reconfirmation("user-1", "hash-a", null, "ref", CONFIRMED, CONFIRMED);
    assertEquals(Use.EXPIRED, late.attach("user-1", "hash-a", expiry));
  }
}
