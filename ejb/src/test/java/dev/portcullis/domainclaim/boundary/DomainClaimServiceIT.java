package dev.portcullis.domainclaim.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.audit.boundary.AuditService;
import dev.portcullis.audit.entity.AuditEvent;
import dev.portcullis.domainclaim.boundary.DomainClaimService.DueCheck;
import dev.portcullis.domainclaim.boundary.DomainClaimService.DuePage;
import dev.portcullis.domainclaim.boundary.DomainClaimService.Position;
import dev.portcullis.domainclaim.entity.CheckResult;
import dev.portcullis.domainclaim.entity.ClaimStatus;
import dev.portcullis.domainclaim.entity.DomainClaim;
import dev.portcullis.it.Deployments;
import dev.portcullis.it.Fixtures;
import dev.portcullis.it.Fixtures.Member;
import dev.portcullis.it.clock.TestClock;
import dev.portcullis.org.entity.OrgRole;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How a sweep reads due claims and records checks on them: page by page, and each check in a
 * transaction of its own that leaves alone a claim changed since the sweep read it.
 */
@ExtendWith(ArquillianExtension.class)
class DomainClaimServiceIT {

  @Deployment
  static EnterpriseArchive deployment() {
    return Deployments.ear(DomainClaimServiceIT.class);
  }

  @Inject DomainClaimService claims;

  @Inject AuditService audit;

  @Inject Fixtures fixtures;

  @Inject TestClock clock;

  private Member owner;

  @BeforeEach
  void anOwnerWithAPassword() {
    // An instant of its own in 2001, so that no other test's claims are due with these.
    clock.freezeAt(
        Instant.parse("2001-01-01T00:00:00Z")
            .plus(Duration.ofMinutes(ThreadLocalRandom.current().nextInt(500_000))));
    Member anyone = fixtures.organizationWithOwner();
    owner = fixtures.addMember(anyone.organizationId(), OrgRole.OWNER);
  }

  @AfterEach
  void releaseClock() {
    clock.release();
  }

  private DomainClaim claim() {
    return claims.claim(
        owner.actor(),
        owner.organizationId(),
        Fixtures.unique("sweep") + ".com",
        Fixtures.PASSWORD);
  }

  private DomainClaim reread(DomainClaim c) {
    return claims.get(owner.actor(), owner.organizationId(), c.getId());
  }

  private static DueCheck due(DomainClaim read) {
    return new DueCheck(read, read.getNextCheckAt(), read.getVersion());
  }

  private static Position after(DueCheck check) {
    return new Position(check.scheduledAt(), check.id());
  }

  private static List<String> ids(DuePage page) {
    return page.taken().stream().map(DueCheck::id).toList();
  }

  @Test
  void dueClaimsComePageByPageEachExactlyOnce() {
    DueCheck before = due(reread(claim()));
    clock.advance(Duration.ofMillis(1));
    List<String> mine = List.of(claim().getId(), claim().getId(), claim().getId());
    Instant now = clock.advance(Duration.ofMinutes(3));
    Instant until = now.plus(Duration.ofMinutes(5));

    // After the first claim: only the three claimed a millisecond later follow (before now).
    DuePage first = claims.due(now, after(before), 2, until);
    DuePage second = claims.due(now, first.next(), 2, until);

    assertEquals(2, first.taken().size());
    assertTrue(first.full());
    assertEquals(1, second.taken().size(), "all three are due at once: the id breaks the tie");
    assertFalse(second.full());
    List<String> paged = Stream.concat(ids(first).stream(), ids(second).stream()).toList();
    assertEquals(mine.stream().sorted().toList(), paged, "in id order, none twice");
  }

  @Test
  void aClaimOneSweepTookIsNobodyElsesUntilItsLeaseEnds() {
    DueCheck before = due(reread(claim()));
    clock.advance(Duration.ofMillis(1));
    List<String> mine = List.of(claim().getId(), claim().getId(), claim().getId());
    Instant now = clock.advance(Duration.ofMinutes(3));
    Duration lease = Duration.ofMinutes(5);

    DuePage taken = claims.due(now, after(before), 10, now.plus(lease));
    DuePage meanwhile = claims.due(now, after(before), 10, now.plus(lease));

    assertEquals(mine.stream().sorted().toList(), ids(taken));
    assertTrue(ids(meanwhile).isEmpty(), "another sweep at the same time gets none of them");

    // The first sweep checks one of them and dies before the other two.
    DueCheck checked =
        taken.taken().stream().filter(c -> c.id().equals(mine.get(0))).findFirst().orElseThrow();
    claims.applyCheck(checked, CheckResult.ABSENT, now);
    DomainClaim recorded = reread(checked.claim());
    assertEquals(CheckResult.ABSENT, recorded.getLastCheckResult(), "the lease's version is kept");
    assertEquals(1, recorded.getAttempts());

    Instant later = clock.advance(lease.plusMinutes(1));
    DuePage afterLease = claims.due(later, after(before), 10, later.plus(lease));
    assertTrue(
        ids(afterLease).containsAll(mine.subList(1, 3)),
        "the claims the dead sweep left unchecked are due again once its lease is over");
  }

  @Test
  void aCheckThatChangesOnlyTheScheduleIsRecorded() {
    DomainClaim read = reread(claim());
    Instant now = clock.advance(Duration.ofMinutes(3));

    claims.applyCheck(due(read), CheckResult.ABSENT, now);

    DomainClaim after = reread(read);
    assertEquals(ClaimStatus.PENDING, after.getStatus());
    assertEquals(CheckResult.ABSENT, after.getLastCheckResult());
    assertEquals(now, after.getLastCheckedAt());
    assertEquals(1, after.getAttempts());
    assertTrue(after.getNextCheckAt().isAfter(now), "rescheduled");
  }

  @Test
  void aClaimChangedSinceTheSweepReadItIsLeftAlone() {
    DomainClaim created = reread(claim());
    DueCheck stale = due(created);
    Instant now = clock.advance(Duration.ofMinutes(3));
    claims.applyCheck(due(reread(created)), CheckResult.UNKNOWN, now);
    DomainClaim checked = reread(created);

    claims.applyCheck(stale, CheckResult.ABSENT, clock.advance(Duration.ofMinutes(1)));
    claims.applyCheck(stale, CheckResult.FOUND, clock.advance(Duration.ofMinutes(1)));

    DomainClaim after = reread(created);
    assertEquals(ClaimStatus.PENDING, after.getStatus());
    assertEquals(CheckResult.UNKNOWN, after.getLastCheckResult());
    assertEquals(1, after.getAttempts());
    assertEquals(checked.getNextCheckAt(), after.getNextCheckAt());
  }

  @Test
  void aCheckThatChangesTheStateIsAppliedWithItsAuditEntry() {
    DomainClaim read = reread(claim());
    Instant now = clock.advance(Duration.ofMinutes(3));

    claims.applyCheck(due(read), CheckResult.FOUND, now);

    assertEquals(ClaimStatus.VERIFIED, reread(read).getStatus());
    assertEquals(
        List.of("domain.verified"),
        audit
            .search(
                Fixtures.OPERATOR,
                owner.organizationId(),
                new AuditService.Filter("domain.verified", null, null, null, null),
                10)
            .stream()
            .map(AuditEvent::getAction)
            .toList());
  }
}
