package dev.portcullis.org.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.it.Deployments;
import dev.portcullis.it.Fixtures;
import dev.portcullis.it.Fixtures.Member;
import dev.portcullis.it.InNewTransaction;
import dev.portcullis.org.entity.OrgRole;
import dev.portcullis.platform.boundary.ServiceException;
import jakarta.inject.Inject;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An organization never loses its last Owner, not even to two demotions at the same moment. */
@ExtendWith(ArquillianExtension.class)
class MemberServiceIT {

  @Deployment
  static EnterpriseArchive deployment() {
    return Deployments.ear(MemberServiceIT.class);
  }

  @Inject MemberService members;

  @Inject InNewTransaction inNewTransaction;

  @Inject Fixtures fixtures;

  private ExecutorService threads;

  @BeforeEach
  void startThreads() {
    threads = Executors.newFixedThreadPool(2);
  }

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void theLastOwnerCannotBeDemoted() {
    Member owner = fixtures.organizationWithOwner();

    ServiceException refused =
        assertThrows(
            ServiceException.class,
            () ->
                members.changeRole(
                    owner.actor(), owner.organizationId(), owner.userId(), OrgRole.ADMIN));

    assertEquals("last_owner", refused.code());
    assertEquals(ServiceException.Kind.CONFLICT, refused.kind());
    assertEquals(OrgRole.OWNER, fixtures.roleOf(owner), "read again in a new transaction");
  }

  @Test
  void theLastOwnerCannotBeRemoved() {
    Member owner = fixtures.organizationWithOwner();

    ServiceException refused =
        assertThrows(
            ServiceException.class,
            () -> members.remove(Fixtures.OPERATOR, owner.organizationId(), owner.userId()));

    assertEquals("last_owner", refused.code());
    assertEquals(OrgRole.OWNER, fixtures.roleOf(owner), "still a member, still Owner");
  }

  @Test
  void aRefusalRollsBackEverythingTheRequestDidBefore() throws Exception {
    Member owner = fixtures.organizationWithOwner();
    Member member = fixtures.addMember(owner.organizationId(), OrgRole.MEMBER);

    // One request: promote the member to Admin, then try to demote the last Owner.
    assertThrows(
        ServiceException.class,
        () ->
            inNewTransaction.call(
                () -> {
                  members.changeRole(
                      owner.actor(), owner.organizationId(), member.userId(), OrgRole.ADMIN);
                  return members.changeRole(
                      owner.actor(), owner.organizationId(), owner.userId(), OrgRole.MEMBER);
                }));

    assertEquals(OrgRole.MEMBER, fixtures.roleOf(member), "the promotion was rolled back too");
    assertEquals(OrgRole.OWNER, fixtures.roleOf(owner));
  }

  /**
   * Two Owners step down at the same moment, each in its own transaction. The first holds the
   * organization's row lock until it commits; the second waits for it and then finds itself the
   * last Owner. Without the lock both would see two Owners and both would succeed.
   */
  @Test
  void twoOwnersSteppingDownAtOnceLeaveExactlyOneOwner() throws Exception {
    Member first = fixtures.organizationWithOwner();
    String org = first.organizationId();
    Member second = fixtures.addMember(org, OrgRole.OWNER);
    CountDownLatch firstHasDemoted = new CountDownLatch(1);
    CountDownLatch firstMayCommit = new CountDownLatch(1);

    Future<?> firstStepsDown =
        threads.submit(
            () ->
                inNewTransaction.call(
                    () -> {
                      members.changeRole(first.actor(), org, first.userId(), OrgRole.ADMIN);
                      firstHasDemoted.countDown();
                      return firstMayCommit.await(2, TimeUnit.MINUTES);
                    }));
    assertTrue(firstHasDemoted.await(2, TimeUnit.MINUTES), "the first demotion ran");
    Future<?> secondStepsDown =
        threads.submit(
            () -> members.changeRole(second.actor(), org, second.userId(), OrgRole.ADMIN));

    // While the first transaction is open, the second must wait for it instead of deciding alone.
    assertThrows(
        TimeoutException.class,
        () -> secondStepsDown.get(2, TimeUnit.SECONDS),
        "the second demotion went ahead while the first was still uncommitted");
    firstMayCommit.countDown();
    firstStepsDown.get(2, TimeUnit.MINUTES);
    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> secondStepsDown.get(2, TimeUnit.MINUTES));

    ServiceException refused = assertInstanceOf(ServiceException.class, failed.getCause());
    assertEquals("last_owner", refused.code());
    assertEquals(1, fixtures.ownersOf(org));
    assertEquals(OrgRole.OWNER, fixtures.roleOf(second));
    assertEquals(OrgRole.ADMIN, fixtures.roleOf(first));
  }
}
