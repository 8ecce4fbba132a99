package dev.portcullis.domainclaim.entity;

import java.time.Duration;
import java.util.List;

/**
 * The timing rules of domain verification.
 *
 * @param verifyWindow how long a pending claim may wait for its record before it expires
 * @param pendingBackoff waits between checks of a pending claim; the last one repeats
 * @param recheckInterval how often a verified domain is checked again
 * @param unknownRetry how soon to retry after a check that got no authoritative answer
 * @param unverifyAfter how long the record may be authoritatively absent before the domain
 *     unverifies
 */
public record VerificationPolicy(
    Duration verifyWindow,
    List<Duration> pendingBackoff,
    Duration recheckInterval,
    Duration unknownRetry,
    Duration unverifyAfter) {

  public static final VerificationPolicy DEFAULT =
      new VerificationPolicy(
          Duration.ofDays(7),
          List.of(
              Duration.ofMinutes(2),
              Duration.ofMinutes(5),
              Duration.ofMinutes(15),
              Duration.ofMinutes(30),
              Duration.ofHours(1),
              Duration.ofHours(2)),
          Duration.ofDays(1),
          Duration.ofHours(1),
          Duration.ofDays(7));

  public VerificationPolicy {
    if (pendingBackoff.isEmpty()) {
      throw new IllegalArgumentException("pendingBackoff must not be empty");
    }
  }

  Duration pendingWait(int attempts) {
    return pendingBackoff.get(Math.min(Math.max(attempts - 1, 0), pendingBackoff.size() - 1));
  }
}
