package dev.portcullis.domainclaim.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.portcullis.domainclaim.entity.DomainClaim.Transition;
import dev.portcullis.org.entity.Organization;
import dev.portcullis.org.entity.Plan;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DomainClaimTest {

  private static final VerificationPolicy POLICY = VerificationPolicy.DEFAULT;
  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  private final DomainClaim claim =
      new DomainClaim(
          new Organization("Acme", Plan.ENTERPRISE, T0), "acme.test", "tok", T0, POLICY);

  @Test
  void aNewClaimIsPendingWithItsRecordAndAFirstCheckWithinMinutes() {
    assertEquals(ClaimStatus.PENDING, claim.getStatus());
    assertEquals("portcullis-domain-verify=tok", claim.expectedRecord());
    assertEquals(T0.plus(Duration.ofMinutes(2)), claim.getNextCheckAt());
  }

  @Test
  void pendingChecksBackOffThenExpireAfterSevenDays() {
    Instant t = T0.plus(Duration.ofMinutes(2));
    assertEquals(Transition.NONE, claim.recordCheck(CheckResult.ABSENT, t, POLICY));
    assertEquals(t.plus(Duration.ofMinutes(5)), claim.getNextCheckAt());
    t = claim.getNextCheckAt();
    claim.recordCheck(CheckResult.UNKNOWN, t, POLICY);
    assertEquals(t.plus(Duration.ofMinutes(15)), claim.getNextCheckAt());
    for (int i = 0; i < 10; i++) {
      claim.recordCheck(CheckResult.ABSENT, claim.getNextCheckAt(), POLICY);
    }
    assertEquals(
        Duration.ofHours(2), Duration.between(claim.getLastCheckedAt(), claim.getNextCheckAt()));
    assertEquals(
        Transition.EXPIRED,
        claim.recordCheck(CheckResult.ABSENT, T0.plus(Duration.ofDays(7)), POLICY));
    assertEquals(ClaimStatus.EXPIRED, claim.getStatus());
    assertNull(claim.getNextCheckAt());
  }

  @Test
  void foundTokenIsReportedAndVerificationSchedulesDailyRechecks() {
    assertEquals(Transition.TOKEN_FOUND, claim.recordCheck(CheckResult.FOUND, T0, POLICY));
    claim.markVerified(T0, POLICY);
    assertEquals(ClaimStatus.VERIFIED, claim.getStatus());
    assertEquals(T0.plus(Duration.ofDays(1)), claim.getNextCheckAt());
  }

  @Test
  void verifiedDomainWarnsOnceThenUnverifiesAfterSevenDaysOfAbsence() {
    claim.markVerified(T0, POLICY);
    Instant d1 = T0.plus(Duration.ofDays(1));
    assertEquals(Transition.WARNED, claim.recordCheck(CheckResult.ABSENT, d1, POLICY));
    assertEquals(d1.plus(Duration.ofDays(7)), claim.unverifiesAt(POLICY));
    for (int day = 2; day < 8; day++) {
      assertEquals(
          Transition.NONE,
          claim.recordCheck(CheckResult.ABSENT, T0.plus(Duration.ofDays(day)), POLICY));
    }
    assertEquals(
        Transition.UNVERIFIED,
        claim.recordCheck(CheckResult.ABSENT, d1.plus(Duration.ofDays(7)), POLICY));
    assertEquals(ClaimStatus.UNVERIFIED, claim.getStatus());
  }

  @Test
  void resolverFailuresNeverUnverifyAndARestoredRecordClearsTheWarning() {
    claim.markVerified(T0, POLICY);
    Instant d1 = T0.plus(Duration.ofDays(1));
    claim.recordCheck(CheckResult.ABSENT, d1, POLICY);
    for (int day = 2; day < 30; day++) {
      assertEquals(
          Transition.NONE,
          claim.recordCheck(CheckResult.UNKNOWN, T0.plus(Duration.ofDays(day)), POLICY));
    }
    assertEquals(ClaimStatus.VERIFIED, claim.getStatus());
    assertEquals(
        Transition.RESTORED,
        claim.recordCheck(CheckResult.FOUND, T0.plus(Duration.ofDays(31)), POLICY));
    assertNull(claim.getAbsentSince());
  }
}
