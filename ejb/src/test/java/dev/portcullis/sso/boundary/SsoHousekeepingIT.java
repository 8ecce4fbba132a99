package dev.portcullis.sso.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.it.Deployments;
import dev.portcullis.it.Fixtures;
import dev.portcullis.it.InNewTransaction;
import dev.portcullis.it.clock.TestClock;
import dev.portcullis.platform.boundary.ReconfirmationService;
import dev.portcullis.platform.entity.Reconfirmation;
import dev.portcullis.sso.entity.OutstandingRequest;
import dev.portcullis.sso.entity.ReplayEntry;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the SSO housekeeping timer runs: outstanding AuthnRequests, replay entries and step-up
 * re-confirmations that can no longer be used are deleted, the others stay.
 */
@ExtendWith(ArquillianExtension.class)
class SsoHousekeepingIT {

  @Deployment
  static EnterpriseArchive deployment() {
    return Deployments.ear(SsoHousekeepingIT.class);
  }

  @Inject Fixtures fixtures;

  @Inject InNewTransaction tx;

  @Inject TestClock clock;

  @Inject OutstandingRequests requests;

  @Inject ReplayStore replay;

  @Inject SsoHousekeeping housekeeping;

  @Inject ReconfirmationService reconfirmations;

  @AfterEach
  void releaseClock() {
    clock.release();
  }

  @Test
  void expiredRequestsAndReplayEntriesArePurgedAndTheOthersKept() throws Exception {
    Fixtures.Member owner = fixtures.organizationWithOwner();
    String org = owner.organizationId();
    Instant now = clock.freeze();
    String expired = "_expired-" + UUID.randomUUID();
    String usedButLive = "_used-" + UUID.randomUUID();
    String live = "_live-" + UUID.randomUUID();
    tx.call(
        () -> {
          requests.add(request(expired, org, now.minus(Duration.ofMinutes(11))));
          requests.add(request(usedButLive, org, now.minus(Duration.ofMinutes(1))));
          requests.add(request(live, org, now.minus(Duration.ofMinutes(2))));
          return null;
        });
    tx.call(() -> requests.claim(usedButLive, org, null, "browser", now));
    String staleConfirmation =
        tx.call(
            () ->
                reconfirmations
                    .record(owner.userId(), "browser", null, "ref1", now, now.minusSeconds(301))
                    .getId());
    String liveConfirmation =
        tx.call(
            () ->
                reconfirmations
                    .record(owner.userId(), "browser", null, "ref2", now, now.minusSeconds(299))
                    .getId());
    String oldAssertion = "_old-" + UUID.randomUUID();
    String newAssertion = "_new-" + UUID.randomUUID();
    assertTrue(replay.firstUse(oldAssertion, org, null, now.minus(Duration.ofSeconds(1))));
    assertTrue(replay.firstUse(newAssertion, org, null, now.plus(Duration.ofMinutes(5))));

    housekeeping.purge();

    tx.withEntityManager(
        em -> {
          assertNull(em.find(OutstandingRequest.class, expired), "expired request");
          assertNotNull(em.find(OutstandingRequest.class, usedButLive), "consumed, not expired");
          assertNotNull(em.find(OutstandingRequest.class, live), "outstanding");
          assertNull(em.find(ReplayEntry.class, oldAssertion), "replay entry past its time");
          assertNotNull(em.find(ReplayEntry.class, newAssertion), "replay entry still needed");
          assertNull(em.find(Reconfirmation.class, staleConfirmation), "re-confirmation expired");
          assertNotNull(em.find(Reconfirmation.class, liveConfirmation), "re-confirmation live");
          return null;
        });
    assertFalse(replay.firstUse(newAssertion, org, null, now.plus(Duration.ofMinutes(5))));
    // what a login calls, in its own transaction: on this database (Derby) the entry commits in a
    // transaction of its own, and a second use of the ID is a replay that leaves the caller's
    // transaction able to commit
    String loginAssertion = "_login-" + UUID.randomUUID();
    assertTrue(
        tx.call(() -> replay.use(loginAssertion, org, null, now.plus(Duration.ofMinutes(5)))));
    assertFalse(
        tx.call(() -> replay.use(loginAssertion, org, null, now.plus(Duration.ofMinutes(5)))));
    assertFalse(
        tx.call(() -> replay.use(newAssertion, org, null, now.plus(Duration.ofMinutes(5)))));
    tx.withEntityManager(
        em -> {
          assertNotNull(em.find(ReplayEntry.class, loginAssertion), "the login's entry");
          return null;
        });
  }

  private static OutstandingRequest request(String id, String org, Instant sent) {
    return new OutstandingRequest(
        id, org, "browser", null, sent, sent.plus(OutstandingRequests.LIFETIME));
  }
}
