package dev.portcullis.org.boundary;

import dev.portcullis.audit.control.AuditLog;
import dev.portcullis.org.control.Names;
import dev.portcullis.org.control.OrgAccess;
import dev.portcullis.org.control.Users;
import dev.portcullis.org.entity.Invitation;
import dev.portcullis.org.entity.Membership;
import dev.portcullis.org.entity.OrgRole;
import dev.portcullis.org.entity.Organization;
import dev.portcullis.org.entity.Plan;
import dev.portcullis.org.entity.User;
import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.control.EmailAddress;
import dev.portcullis.sso.control.SsoPolicy;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Organizations, their plans, and sign-up. */
@Stateless
public class OrganizationService {

  @PersistenceContext EntityManager em;

  @Inject OrgAccess access;

  @Inject Users users;

  @Inject AuditLog audit;

  @Inject Clock clock;

  @Inject SsoPolicy ssoPolicy;

  /** The first Owner of a new organization. The password is used only for a new user. */
  public record OwnerSpec(String email, String firstName, String lastName, String password) {}

  public record SignupResult(String userId, String organizationId) {}

  /** Operator: creates an organization with its first Owner (a new or an existing user). */
  public Organization create(Actor actor, String name, Plan plan, OwnerSpec owner) {
    access.requireOperator(actor);
    if (plan == null) {
      throw ServiceException.invalid("invalid_plan", "'plan' must be FREE, GROWTH or ENTERPRISE.");
    }
    if (owner == null) {
      throw ServiceException.invalid("invalid_field", "'owner' is required.");
    }
    Instant now = clock.instant();
    String orgName = Names.require("name", name, Organization.MAX_NAME_LENGTH);
    String email = EmailAddress.normalize(owner.email());
    User user =
        users
            .byEmail(email)
            .orElseGet(
                () ->
                    users.create(
                        email, owner.firstName(), owner.lastName(), owner.password(), now));
    return createOwned(actor, orgName, plan, user, now);
  }

  /**
   * Anyone: creates a user and, when a name is given, a FREE organization they own. Refused with
   * 403 {@code sso_required} when the email is in a verified domain of an organization that
   * requires SSO or lets its IdP manage access: those users log in through their IdP.
   */
  /**
   * Whether IdP Managed Access takes a sign-up of this email through the IdP: the first SSO login
   * makes them a member (JIT), so the sign-up page sends them there instead of asking for a
   * password. False for invalid emails and for Require SSO alone (its IdP admits members only).
   */
  public boolean signupThroughIdp(String email) {
    try {
      return ssoPolicy
          .signupRoute(EmailAddress.normalize(email))
          .map(SsoPolicy.Route::idpManagedAccess)
          .orElse(false);
    } catch (ServiceException invalid) {
      return false;
    }
  }

  public SignupResult signup(
      Actor actor,
      String email,
      String password,
      String firstName,
      String lastName,
      String organizationName) {
    Instant now = clock.instant();
    String normalized = EmailAddress.normalize(email);
    Optional<SsoPolicy.Route> sso = ssoPolicy.signupRoute(normalized);
    if (sso.isPresent()) {
      throw ServiceException.forbidden(
          "sso_required",
          sso.get().requireSso()
              ? SsoPolicy.ssoRequiredMessage(sso.get())
              : SsoPolicy.managedAccessMessage(sso.get()));
    }
    if (password == null) {
      throw ServiceException.invalid("weak_password", "A password is required.");
    }
    String orgName =
        organizationName == null
            ? null
            : Names.require("organizationName", organizationName, Organization.MAX_NAME_LENGTH);
    User user = users.create(normalized, firstName, lastName, password, now);
    Actor self = new Actor(user.getId(), user.getEmail(), false, actor.clientAddress());
    audit.record(
        self,
        null,
        "user.signed_up",
        new AuditLog.Target("user", user.getId(), user.getEmail()),
        null,
        Map.of("email", user.getEmail()));
    acceptOpenInvitations(self, user, now);
    String orgId = null;
    if (orgName != null) {
      orgId = createOwned(self, orgName, Plan.FREE, user, now).getId();
    }
    return new SignupResult(user.getId(), orgId);
  }

  /** Members: the organization. */
  public Organization get(Actor actor, String organizationId) {
    return access.requireMember(actor, organizationId);
  }

  /** Owners and Admins: the organization, for its settings pages. */
  public Organization administered(Actor actor, String organizationId) {
    return access.requireAdmin(actor, organizationId);
  }

  /** Operator: changes the plan. */
  public Organization changePlan(Actor actor, String organizationId, Plan plan) {
    access.requireOperator(actor);
    if (plan == null) {
      throw ServiceException.invalid("invalid_plan", "'plan' must be FREE, GROWTH or ENTERPRISE.");
    }
    Organization org = access.requireMember(actor, organizationId);
    Plan before = org.getPlan();
    if (before != plan) {
      org.changePlan(plan);
      audit.record(
          actor,
          org.getId(),
          "organization.plan_changed",
          target(org),
          Map.of("plan", before),
          Map.of("plan", plan));
    }
    return org;
  }

  /** The memberships of a user, with their organizations, by organization name. */
  public List<Membership> membershipsOf(String userId) {
    return em.createNamedQuery("Membership.byUser", Membership.class)
        .setParameter("user", userId)
        .getResultList();
  }

  private Organization createOwned(Actor actor, String name, Plan plan, User owner, Instant now) {
    Organization org = new Organization(name, plan, now);
    em.persist(org);
    em.persist(new Membership(org, owner, OrgRole.OWNER, now));
    audit.record(
        actor,
        org.getId(),
        "organization.created",
        target(org),
        null,
        Map.of("name", name, "plan", plan, "owner", owner.getEmail()));
    return org;
  }

  private void acceptOpenInvitations(Actor actor, User user, Instant now) {
    List<Invitation> open =
        em.createNamedQuery("Invitation.openForEmail", Invitation.class)
            .setParameter("email", user.getEmail())
            .setParameter("now", now)
            .getResultList();
    for (Invitation inv : open) {
      if (access.userNameTaken(inv.getOrganization().getId(), user.getEmail())) {
        // Another member (provisioned by SCIM) has this address as userName: the invitation stays
        // open, and the sign-up itself goes ahead.
        continue;
      }
      inv.accept(now);
      em.persist(new Membership(inv.getOrganization(), user, inv.getRole(), now));
      audit.record(
          actor,
          inv.getOrganization().getId(),
          "invitation.accepted",
          new AuditLog.Target("member", user.getId(), user.getEmail()),
          null,
          Map.of("role", inv.getRole()));
    }
  }

  static AuditLog.Target target(Organization org) {
    return new AuditLog.Target("organization", org.getId(), org.getName());
  }
}
