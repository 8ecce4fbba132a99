package dev.portcullis.platform.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.audit.boundary.AuditService;
import dev.portcullis.audit.entity.AuditEvent;
import dev.portcullis.it.Deployments;
import dev.portcullis.it.Fixtures;
import dev.portcullis.it.Fixtures.Member;
import dev.portcullis.it.InNewTransaction;
import dev.portcullis.it.clock.TestClock;
import dev.portcullis.org.boundary.MemberService;
import dev.portcullis.org.boundary.OrganizationService;
import dev.portcullis.org.boundary.ProjectService;
import dev.portcullis.org.entity.Invitation;
import dev.portcullis.org.entity.OrgRole;
import dev.portcullis.org.entity.Organization;
import dev.portcullis.org.entity.Plan;
import dev.portcullis.org.entity.Project;
import dev.portcullis.org.entity.Team;
import dev.portcullis.org.entity.User;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The schema the Flyway migrations build at start-up holds what the entities map, on the real data
 * source: values come back as written (instants to the millisecond), relations and join tables
 * included, and its constraints hold.
 */
@ExtendWith(ArquillianExtension.class)
class SchemaMigratorIT {

  /** Sub-second and not on a round minute, so any loss of precision or zone shift shows. */
  private static final Instant T = Instant.parse("2031-07-14T09:26:53.589Z");

  @Deployment
  static EnterpriseArchive deployment() {
    return Deployments.ear(SchemaMigratorIT.class);
  }

  @Inject OrganizationService organizations;

  @Inject MemberService members;

  @Inject ProjectService projects;

  @Inject AuditService audit;

  @Inject InNewTransaction inNewTransaction;

  @Inject Fixtures fixtures;

  @Inject TestClock clock;

  @AfterEach
  void releaseClock() {
    clock.release();
  }

  @Test
  void anOrganizationWithMembersProjectsTeamsAndInvitationsReadsBackAsWritten() {
    clock.freezeAt(T);
    Member owner = fixtures.organizationWithOwner();
    String org = owner.organizationId();
    Member member = fixtures.addMember(org, OrgRole.MEMBER);
    Project project = projects.createProject(owner.actor(), org, "Data Warehouse", false);
    Team team = projects.createTeam(owner.actor(), org, "Analysts");
    projects.setTeamMember(owner.actor(), org, team.getId(), member.userId(), true);
    projects.setTeamGrant(owner.actor(), org, project.getId(), team.getId(), true);
    projects.setUserGrant(owner.actor(), org, project.getId(), owner.userId(), true);
    String invitee = Fixtures.uniqueEmail("invitee");
    members.add(owner.actor(), org, invitee, OrgRole.ADMIN);
    clock.advance(Duration.ofMinutes(5));
    organizations.signup(
        Actor.anonymous(invitee, "192.0.2.4"), invitee, Fixtures.PASSWORD, "Ida", "Vite", null);

    Organization o = organizations.get(Fixtures.OPERATOR, org);
    assertEquals(T, o.getCreatedAt());
    assertEquals(Plan.FREE, o.getPlan());
    User u = inNewTransaction.withEntityManager(em -> em.find(User.class, member.userId()));
    assertEquals(member.email(), u.getEmail());
    assertEquals("Tess", u.getFirstName());
    assertEquals(T, u.getCreatedAt());
    assertEquals(T, u.getUpdatedAt());
    assertTrue(u.getPasswordHash().startsWith("pbkdf2-sha512$"), "the hash, never the password");
    assertTrue(u.isActive());
    Invitation inv =
        inNewTransaction.withEntityManager(
            em ->
                em.createNamedQuery("Invitation.byOrganizationAndEmail", Invitation.class)
                    .setParameter("org", org)
                    .setParameter("email", invitee)
                    .getSingleResult());
    assertEquals(OrgRole.ADMIN, inv.getRole());
    assertEquals(T, inv.getCreatedAt());
    assertEquals(T.plus(Duration.ofDays(14)), inv.getExpiresAt());
    assertEquals(T.plus(Duration.ofMinutes(5)), inv.getAcceptedAt());
    assertEquals(owner.userId(), inv.getInvitedBy().getId());
    assertEquals(
        OrgRole.ADMIN,
        members.list(Fixtures.OPERATOR, org).stream()
            .filter(m -> m.getUser().getEmail().equals(invitee))
            .findFirst()
            .orElseThrow()
            .getRole(),
        "accepting the invitation made the invitee a member with the invited role");
    Project p =
        projects.projects(owner.actor(), org).stream()
            .filter(x -> x.getId().equals(project.getId()))
            .findFirst()
            .orElseThrow();
    assertEquals(Set.of(owner.userId()), ids(p.getGrantedUsers()));
    assertEquals(
        Set.of(team.getId()),
        p.getGrantedTeams().stream().map(Team::getId).collect(Collectors.toSet()));
    Team t = projects.teams(owner.actor(), org).get(0);
    assertEquals(Set.of(member.userId()), ids(t.getMembers()));
    assertEquals(
        List.of(project.getId()),
        projects.reachableProjects(member.actor(), org).stream().map(Project::getId).toList(),
        "the member reaches the project through the team");
    List<AuditEvent> entries =
        audit.search(Fixtures.OPERATOR, org, AuditService.Filter.none(), AuditService.MAX_RESULTS);
    assertEquals(
        Set.of(T, T.plus(Duration.ofMinutes(5))),
        entries.stream().map(AuditEvent::getOccurredAt).collect(Collectors.toSet()));
    assertEquals(entries.size(), entries.stream().map(AuditEvent::getId).distinct().count());
  }

  @Test
  void aSecondUserWithTheSameNormalizedEmailIsRefused() {
    String email = Fixtures.uniqueEmail("grace");
    organizations.signup(
        Actor.anonymous(email, "192.0.2.5"), email, Fixtures.PASSWORD, "Grace", "Hopper", null);

    String shouted = "  " + email.toUpperCase() + " ";
    ServiceException taken =
        assertThrows(
            ServiceException.class,
            () ->
                organizations.signup(
                    Actor.anonymous(shouted, "192.0.2.5"),
                    shouted,
                    Fixtures.PASSWORD,
                    "Grace",
                    "Again",
                    null));

    assertEquals("email_taken", taken.code());
    assertEquals(ServiceException.Kind.CONFLICT, taken.kind());
  }

  /** Two sign-ups racing past the service's check still cannot create the same user twice. */
  @Test
  void theDatabaseRejectsADuplicateEmailOnItsOwn() {
    String email = Fixtures.uniqueEmail("twin");
    inNewTransaction.withEntityManager(
        em -> {
          em.persist(new User(email, "First", null, Instant.now()));
          return null;
        });

    Exception duplicate =
        assertThrows(
            Exception.class,
            () ->
                inNewTransaction.withEntityManager(
                    em -> {
                      em.persist(new User(email, "Second", null, Instant.now()));
                      em.flush();
                      return null;
                    }));

    assertEquals("23505", sqlState(duplicate), "SQL state of a unique constraint violation");
  }

  private static Set<String> ids(Set<User> users) {
    return users.stream().map(User::getId).collect(Collectors.toSet());
  }

  private static String sqlState(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return null;
  }
}
