package dev.portcullis.audit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.audit.boundary.AuditService;
import dev.portcullis.audit.boundary.AuditService.Filter;
import dev.portcullis.audit.entity.AuditEvent;
import dev.portcullis.it.Deployments;
import dev.portcullis.it.Fixtures;
import dev.portcullis.it.Fixtures.Member;
import dev.portcullis.it.InNewTransaction;
import dev.portcullis.it.clock.TestClock;
import dev.portcullis.org.boundary.MemberService;
import dev.portcullis.org.entity.OrgRole;
import dev.portcullis.platform.boundary.ServiceException;
import jakarta.ejb.EJBException;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An audit entry exists exactly when the change it records was committed. */
@ExtendWith(ArquillianExtension.class)
class AuditLogIT {

  private static final String ROLE_CHANGED = "member.role_changed";

  @Deployment
  static EnterpriseArchive deployment() {
    return Deployments.ear(AuditLogIT.class);
  }

  @Inject MemberService members;

  @Inject AuditService audit;

  @Inject InNewTransaction inNewTransaction;

  @Inject Fixtures fixtures;

  @Inject TestClock clock;

  private Member owner;
  private Member member;

  @BeforeEach
  void organizationWithAMember() {
    owner = fixtures.organizationWithOwner();
    member = fixtures.addMember(owner.organizationId(), OrgRole.MEMBER);
  }

  @AfterEach
  void releaseClock() {
    clock.release();
  }

  @Test
  void aChangeWritesExactlyOneEntryWithWhoWhatBeforeAndAfter() {
    Instant now = clock.freeze();

    members.changeRole(owner.actor(), owner.organizationId(), member.userId(), OrgRole.ADMIN);

    List<AuditEvent> entries = roleChanges();
    assertEquals(1, entries.size());
    AuditEvent entry = entries.get(0);
    assertEquals(now, entry.getOccurredAt());
    assertEquals(owner.userId(), entry.getActorId());
    assertEquals(owner.email(), entry.getActorLabel());
    assertEquals("member", entry.getTargetType());
    assertEquals(member.userId(), entry.getTargetId());
    assertEquals(member.email(), entry.getTargetLabel());
    assertEquals("{\"role\":\"MEMBER\"}", entry.getBeforeState());
    assertEquals("{\"role\":\"ADMIN\"}", entry.getAfterState());
    assertEquals(owner.actor().clientAddress(), entry.getClientAddress());
  }

  @Test
  void aRefusedChangeLeavesNoEntry() {
    Member admin = fixtures.addMember(owner.organizationId(), OrgRole.ADMIN);
    int entriesBefore = allEntries().size();

    ServiceException lastOwner =
        assertThrows(
            ServiceException.class,
            () ->
                members.changeRole(
                    owner.actor(), owner.organizationId(), owner.userId(), OrgRole.MEMBER));
    ServiceException onlyOwnersMakeOwners =
        assertThrows(
            ServiceException.class,
            () ->
                members.changeRole(
                    admin.actor(), owner.organizationId(), member.userId(), OrgRole.OWNER));

    assertEquals("last_owner", lastOwner.code());
    assertEquals(ServiceException.Kind.FORBIDDEN, onlyOwnersMakeOwners.kind());
    assertEquals(List.of(), roleChanges());
    assertEquals(entriesBefore, allEntries().size());
  }

  @Test
  void theEntryIsRolledBackWithTheChangeItRecords() {
    // The change succeeds, then the same request fails later and its transaction rolls back.
    EJBException failedLater =
        assertThrows(
            EJBException.class,
            () ->
                inNewTransaction.call(
                    () -> {
                      members.changeRole(
                          owner.actor(), owner.organizationId(), member.userId(), OrgRole.ADMIN);
                      assertEquals(1, roleChanges().size(), "written in the change's transaction");
                      throw new IllegalStateException("the request fails after the change");
                    }));

    assertTrue(causedBy(failedLater, "the request fails after the change"));
    assertEquals(OrgRole.MEMBER, fixtures.roleOf(member));
    assertEquals(List.of(), roleChanges());
  }

  private List<AuditEvent> roleChanges() {
    return audit.search(
        Fixtures.OPERATOR,
        owner.organizationId(),
        new Filter(ROLE_CHANGED, null, null, null, null),
        AuditService.MAX_RESULTS);
  }

  private static boolean causedBy(Throwable thrown, String message) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (message.equals(t.getMessage())) {
        return true;
      }
    }
    return false;
  }

  private List<AuditEvent> allEntries() {
    return audit.search(
        Fixtures.OPERATOR, owner.organizationId(), Filter.none(), AuditService.MAX_RESULTS);
  }
}
