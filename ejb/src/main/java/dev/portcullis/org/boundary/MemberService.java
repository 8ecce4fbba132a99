package dev.portcullis.org.boundary;

import dev.portcullis.audit.control.AuditLog;
import dev.portcullis.org.control.OrgAccess;
import dev.portcullis.org.control.TeamRoles;
import dev.portcullis.org.control.Users;
import dev.portcullis.org.entity.Invitation;
import dev.portcullis.org.entity.Membership;
import dev.portcullis.org.entity.OrgRole;
import dev.portcullis.org.entity.Organization;
import dev.portcullis.org.entity.Project;
import dev.portcullis.org.entity.Team;
import dev.portcullis.org.entity.User;
import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.control.EmailAddress;
import dev.portcullis.platform.control.PortcullisConfig;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Members of an organization: list, add or invite, change roles, remove. An organization never
 * loses its last active Owner; the organization row is locked while that is checked, so two servers
 * demoting two Owners at once cannot both succeed.
 */
@Stateless
public class MemberService {

  @PersistenceContext EntityManager em;

  @Inject OrgAccess access;

  @Inject Users users;

  @Inject AuditLog audit;

  @Inject Clock clock;

  @Inject PortcullisConfig config;

  @Inject TeamRoles teamRoles;

  /** Result of adding by email: a membership of an existing user, or an invitation. */
  public record AddResult(Membership membership, Invitation invitation) {
    public boolean invited() {
      return invitation != null;
    }
  }

  public List<Membership> list(Actor actor, String organizationId) {
    access.requireAdmin(actor, organizationId);
    return em.createNamedQuery("Membership.byOrganization", Membership.class)
        .setParameter("org", organizationId)
        .getResultList();
  }

  /**
   * A member, and the names of their teams that carry an organization role (where a role above
   * their own comes from: "Admin via team X").
   */
  public record Member(Membership membership, List<String> roleTeams) {}

  /** The members, each with the teams that carry a role they are in; by email. */
  public List<Member> listWithRoleTeams(Actor actor, String organizationId) {
    List<Membership> list = list(actor, organizationId);
    Map<String, List<String>> teams = teamRoles.roleTeams(organizationId);
    return list.stream()
        .map(m -> new Member(m, teams.getOrDefault(m.getUser().getId(), List.of())))
        .toList();
  }

  public List<Invitation> invitations(Actor actor, String organizationId) {
    access.requireAdmin(actor, organizationId);
    Instant now = clock.instant();
    return em.createNamedQuery("Invitation.byOrganization", Invitation.class)
        .setParameter("org", organizationId)
        .getResultStream()
        .filter(i -> i.isOpen(now))
        .toList();
  }

  public AddResult add(Actor actor, String organizationId, String email, OrgRole role) {
    Organization org = access.requireAdmin(actor, organizationId);
    requireRole(role);
    requireMayGrant(actor, organizationId, role);
    String normalized = EmailAddress.normalize(email);
    Instant now = clock.instant();
    var existing = users.byEmail(normalized);
    if (existing.isPresent()) {
      User user = existing.get();
      if (access.membership(organizationId, user.getId()).isPresent()) {
        throw ServiceException.conflict(
            "already_member", normalized + " is already a member of " + org.getName() + ".");
      }
      access.requireUserNameFree(organizationId, user.getEmail());
      Membership m = new Membership(org, user, role, now);
      em.persist(m);
      audit.record(actor, organizationId, "member.added", target(user), null, Map.of("role", role));
      return new AddResult(m, null);
    }
    Instant expires = now.plus(config.invitationLifetime());
    Invitation inv =
        em.createNamedQuery("Invitation.byOrganizationAndEmail", Invitation.class)
            .setParameter("org", organizationId)
            .setParameter("email", normalized)
            .getResultStream()
            .findFirst()
            .orElse(null);
    User inviter = actor.userId() == null ? null : users.byId(actor.userId()).orElse(null);
    if (inv == null) {
      inv = new Invitation(org, normalized, role, inviter, now, expires);
      em.persist(inv);
    } else {
      inv.renew(role, inviter, now, expires);
    }
    audit.record(
        actor,
        organizationId,
        "member.invited",
        new AuditLog.Target("invitation", inv.getId(), normalized),
        null,
        Map.of("role", role, "expiresAt", expires));
    return new AddResult(null, inv);
  }

  public Membership changeRole(Actor actor, String organizationId, String userId, OrgRole role) {
    access.requireAdminLocked(actor, organizationId);
    requireRole(role);
    Membership m = requireMembership(organizationId, userId);
    OrgRole before = m.getRole();
    if (before == role) {
      return m;
    }
    if (before == OrgRole.OWNER || role == OrgRole.OWNER) {
      requireMayGrant(actor, organizationId, OrgRole.OWNER);
    }
    if (m.isActiveOwner() && role != OrgRole.OWNER) {
      requireAnotherOwner(organizationId);
    }
    m.changeRole(role);
    audit.record(
        actor,
        organizationId,
        "member.role_changed",
        target(m.getUser()),
        Map.of("role", before),
        Map.of("role", role));
    return m;
  }

  public void remove(Actor actor, String organizationId, String userId) {
    access.requireAdminLocked(actor, organizationId);
    Membership m = requireMembership(organizationId, userId);
    if (m.getRole() == OrgRole.OWNER) {
      requireMayGrant(actor, organizationId, OrgRole.OWNER);
    }
    if (m.isActiveOwner()) {
      requireAnotherOwner(organizationId);
    }
    User user = m.getUser();
    // Leaving the organization takes every grant inside it away as well.
    for (Team t :
        em.createNamedQuery("Team.byOrganization", Team.class)
            .setParameter("org", organizationId)
            .getResultList()) {
      t.removeMember(user);
    }
    for (Project p :
        em.createNamedQuery("Project.byOrganization", Project.class)
            .setParameter("org", organizationId)
            .getResultList()) {
      p.revoke(user);
    }
    em.remove(m);
    audit.record(
        actor, organizationId, "member.removed", target(user), Map.of("role", m.getRole()), null);
  }

  private Membership requireMembership(String organizationId, String userId) {
    return access
        .membership(organizationId, userId)
        .orElseThrow(() -> ServiceException.notFound("Member"));
  }

  private void requireAnotherOwner(String organizationId) {
    long owners =
        em.createNamedQuery("Membership.countActiveOwners", Long.class)
            .setParameter("org", organizationId)
            .getSingleResult();
    if (owners <= 1) {
      throw ServiceException.conflict(
          "last_owner",
          "An organization must keep at least one Owner; make someone else Owner first.");
    }
  }

  /** Only Owners (and the operator) make, unmake or remove Owners. */
  private void requireMayGrant(Actor actor, String organizationId, OrgRole role) {
    if (role != OrgRole.OWNER || actor.operator()) {
      return;
    }
    boolean owner =
        access
            .membership(organizationId, actor.userId())
            .map(Membership::isActiveOwner)
            .orElse(false);
    if (!owner) {
      throw ServiceException.forbidden("Only Owners can grant, change or remove the Owner role.");
    }
  }

  private static void requireRole(OrgRole role) {
    if (role == null) {
      throw ServiceException.invalid("invalid_role", "'role' must be OWNER, ADMIN or MEMBER.");
    }
  }

  private static AuditLog.Target target(User user) {
    return new AuditLog.Target("member", user.getId(), user.getEmail());
  }
}
