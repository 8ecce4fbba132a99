package dev.portcullis.sso.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.portcullis.sso.entity.OutstandingRequest.Match;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OutstandingRequestTest {

  private static final Instant SENT = Instant.parse("2026-01-01T10:00:00Z");

  private final OutstandingRequest request =
      new OutstandingRequest(
          "_abc", "org-1", "hash-a", "/console/index", SENT, SENT.plus(Duration.ofMinutes(10)));

  @Test
  void theBrowserThatStartedTheLoginConsumesItOnce() {
    assertEquals(Match.CONSUMED, request.consume("org-1", null, "hash-a", SENT.plusSeconds(30)));
    assertEquals(
        Match.ALREADY_USED, request.consume("org-1", null, "hash-a", SENT.plusSeconds(31)));
  }

  @Test
  void anotherBrowserCannotUseItNorBurnIt() {
    assertEquals(
        Match.OTHER_BROWSER, request.consume("org-1", null, "hash-b", SENT.plusSeconds(30)));
    assertEquals(Match.OTHER_BROWSER, request.consume("org-1", null, null, SENT.plusSeconds(30)));
    assertNull(request.getConsumedAt());
    assertEquals(Match.CONSUMED, request.consume("org-1", null, "hash-a", SENT.plusSeconds(40)));
  }

  @Test
  void anotherOrganizationsPostbackUrlDoesNotKnowIt() {
    assertEquals(Match.UNKNOWN, request.consume("org-2", null, "hash-a", SENT.plusSeconds(30)));
    assertNull(request.getConsumedAt());
  }

  @Test
  void anotherIdpsPostbackUrlOfTheSameOrganizationDoesNotKnowIt() {
    assertEquals(Match.UNKNOWN, request.consume("org-1", "idp-2", "hash-a", SENT.plusSeconds(30)));
    OutstandingRequest toConnection =
        new OutstandingRequest(
                "_def", "org-1", "hash-a", null, SENT, SENT.plus(Duration.ofMinutes(10)))
            .toConnection("idp-2");
    assertEquals(
        Match.UNKNOWN, toConnection.consume("org-1", null, "hash-a", SENT.plusSeconds(30)));
    assertEquals(
        Match.CONSUMED, toConnection.consume("org-1", "idp-2", "hash-a", SENT.plusSeconds(30)));
    assertNull(request.getConsumedAt());
  }

  @Test
  void itExpiresAfterItsLifetime() {
    assertEquals(
        Match.EXPIRED, request.consume("org-1", null, "hash-a", SENT.plus(Duration.ofMinutes(10))));
    assertNull(request.getConsumedAt());
  }

  @Test
  void aStepUpRequestNamesItsUserAndIsNoTest() {
    OutstandingRequest stepUp =
        OutstandingRequest.forStepUp(
            "_ghi", "org-1", "hash-a", null, "user-1", SENT, SENT.plus(Duration.ofMinutes(10)));
    assertEquals(true, stepUp.isStepUp());
    assertEquals(false, stepUp.isTest());
    assertEquals("user-1", stepUp.getStepUpOf());
    assertEquals(SENT, stepUp.getCreatedAt());
    assertEquals(false, request.isStepUp());
  }
}
