package dev.portcullis.org.control;

import dev.portcullis.org.entity.Membership;
import dev.portcullis.org.entity.Organization;
import dev.portcullis.org.entity.User;
import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.control.Databases;
import jakarta.enterprise.context.Dependent;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/**
 * Tenant isolation and organization roles, checked by every service before it reads or writes an
 * organization's data. Someone who is not a member learns nothing: the organization is "not found".
 * A member without the needed role is "forbidden". The operator may do everything.
 */
@Dependent
public class OrgAccess {

  @PersistenceContext EntityManager em;

  public Optional<Membership> membership(String organizationId, String userId) {
    return em.createNamedQuery("Membership.byOrganizationAndUser", Membership.class)
        .setParameter("org", organizationId)
        .setParameter("user", userId)
        .getResultStream()
        .findFirst();
  }

  /**
   * The membership in the organization of the user with this normalized email, with the user, both
   * only to read (not tracked for changes: EclipseLink's read-only hint).
   */
  public Optional<Membership> membershipByEmailToRead(
      String organizationId, String normalizedEmail) {
    return em.createNamedQuery("Membership.byOrganizationAndEmail", Membership.class)
        .setParameter("org", organizationId)
        .setParameter("email", normalizedEmail)
        .setHint(Databases.READ_ONLY, true)
        .getResultStream()
        .findFirst();
  }

  /**
   * Whether {@code email} is already another member's userName in this organization: SCIM may give
   * a member a userName that is not their login email, and a userName is unique per organization
   * (without regard to case), so such an address cannot join as a member of its own.
   */
  public boolean userNameTaken(String organizationId, String email) {
    return em.createNamedQuery("Membership.byOrganizationAndUserNameKey", Membership.class)
        .setParameter("org", organizationId)
        .setParameter("key", Membership.key(email))
        .setMaxResults(1)
        .getResultStream()
        .findFirst()
        .isPresent();
  }

  /** Refuses (409 {@code user_name_taken}) when {@link #userNameTaken}. */
  public void requireUserNameFree(String organizationId, String email) {
    if (userNameTaken(organizationId, email)) {
      throw ServiceException.conflict(
          "user_name_taken",
          email
              + " is already the userName of another member of this organization (set by your"
              + " identity provider's SCIM provisioning); change that member's userName first.");
    }
  }

  /** The organization, if the actor is an active member of it (or the operator). */
  public Organization requireMember(Actor actor, String organizationId) {
    Organization org = find(organizationId);
    if (actor.operator()) {
      return org;
    }
    membership(organizationId, actor.userId())
        .filter(m -> m.isActive() && m.getUser().isActive())
        .orElseThrow(() -> ServiceException.notFound("Organization"));
    return org;
  }

  /** The organization, if the actor is an active Owner or Admin of it (or the operator). */
  public Organization requireAdmin(Actor actor, String organizationId) {
    Organization org = find(organizationId);
    if (actor.operator()) {
      return org;
    }
    Membership m =
        membership(organizationId, actor.userId())
            .filter(x -> x.isActive() && x.getUser().isActive())
            .orElseThrow(() -> ServiceException.notFound("Organization"));
    if (!m.canAdminister()) {
      throw ServiceException.forbidden(
          "Only Owners and Admins of " + org.getName() + " can do this.");
    }
    return org;
  }

  /**
   * As {@link #requireAdmin}, and locks the organization row until the transaction ends. The
   * actor's own membership is read again once the lock is held: while this transaction waited for
   * it, another may have demoted or removed the actor (two Owners demoting each other).
   */
  public Organization requireAdminLocked(Actor actor, String organizationId) {
    requireAdmin(actor, organizationId); // outsiders never get to hold the lock
    Organization org = em.find(Organization.class, organizationId, LockModeType.PESSIMISTIC_WRITE);
    if (!actor.operator()) {
      // The persistence context would answer with the membership read before the lock.
      membership(organizationId, actor.userId()).ifPresent(em::detach);
      requireAdmin(actor, organizationId);
    }
    return org;
  }

  /** The active Owners and Admins of an organization: the people its notices go to. */
  public List<User> administrators(String organizationId) {
    return em.createNamedQuery("Membership.byOrganization", Membership.class)
        .setParameter("org", organizationId)
        .getResultStream()
        .filter(Membership::canAdminister)
        .map(Membership::getUser)
        .toList();
  }

  public void requireOperator(Actor actor) {
    if (!actor.operator()) {
      throw ServiceException.forbidden("Only the operator can do this.");
    }
  }

  private Organization find(String organizationId) {
    if (organizationId == null || organizationId.length() > 36) {
      throw ServiceException.notFound("Organization");
    }
    Organization org = em.find(Organization.class, organizationId);
    if (org == null) {
      throw ServiceException.notFound("Organization");
    }
    return org;
  }
}
