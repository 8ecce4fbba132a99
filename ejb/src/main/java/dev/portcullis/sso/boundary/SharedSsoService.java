package dev.portcullis.sso.boundary;

import dev.portcullis.audit.control.AuditLog;
import dev.portcullis.domainclaim.entity.ClaimStatus;
import dev.portcullis.domainclaim.entity.DomainClaim;
import dev.portcullis.domainclaim.entity.VerifiedDomain;
import dev.portcullis.org.control.OrgAccess;
import dev.portcullis.org.entity.Membership;
import dev.portcullis.org.entity.Organization;
import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.control.SecureTokens;
import dev.portcullis.sso.entity.SsoLink;
import dev.portcullis.sso.entity.SsoLinkCode;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Shared SSO (PRODUCT §3): an admin organization's Owner generates a linking code; the Owner of
 * another Enterprise organization enters it to link. While linked, the linked organization's own
 * SSO settings and verified domains are ignored; its people of the admin organization's domains log
 * in through the admin organization's IdP (see {@link SsoLoginService}). No chains: an admin
 * organization cannot link elsewhere, a linked organization cannot share, never with itself.
 * Linking, unlinking and domain transfers are Owners' business and audited in both organizations.
 */
@Stateless
public class SharedSsoService {

  /** How long a linking code can be used. */
  public static final Duration CODE_LIFETIME = Duration.ofHours(24);

  static final String CODE_PREFIX = "pcl_";

  /** An organization on the other side of a link, as either side sees it. */
  public record LinkedOrganization(String id, String name, Instant linkedAt) {}

  /**
   * The sharing state of an organization: {@code admin} when it is linked (null otherwise), {@code
   * linked} the organizations linked to it, {@code openCodes} its unused unexpired codes.
   */
  public record State(LinkedOrganization admin, List<LinkedOrganization> linked, int openCodes) {}

  /** A new linking code, shown once. */
  public record NewCode(String code, Instant expiresAt) {}

  @PersistenceContext EntityManager em;

  @Inject OrgAccess access;

  @Inject AuditLog audit;

  @Inject Clock clock;

  /** The state, for Owners and Admins of the organization. */
  public State state(Actor actor, String organizationId) {
    access.requireAdmin(actor, organizationId);
    Instant now = clock.instant();
    LinkedOrganization admin =
        Optional.ofNullable(em.find(SsoLink.class, organizationId))
            .map(l -> view(l.getAdminOrganizationId(), l))
            .orElse(null);
    List<LinkedOrganization> linked =
        links(organizationId).stream().map(l -> view(l.getOrganizationId(), l)).toList();
    int open =
        (int)
            em.createNamedQuery("SsoLinkCode.byAdmin", SsoLinkCode.class)
                .setParameter("org", organizationId)
                .getResultStream()
                .filter(c -> c.getUsedAt() == null && c.getExpiresAt().isAfter(now))
                .count();
    return new State(admin, linked, open);
  }

  /**
   * A new linking code of the admin organization, for its Owner: {@value #CODE_PREFIX} and 192
   * random bits, valid for {@link #CODE_LIFETIME}, once. 409 {@code linked} when the organization
   * is itself linked to an admin organization.
   */
  public NewCode generateCode(Actor actor, String organizationId) {
    Organization org = requireOwner(actor, organizationId);
    em.find(Organization.class, organizationId, LockModeType.PESSIMISTIC_WRITE);
    if (em.find(SsoLink.class, organizationId) != null) {
      throw ServiceException.conflict(
          "linked",
          org.getName()
              + " uses the single sign-on of another organization; unlink it before sharing its"
              + " own.");
    }
    Instant now = clock.instant();
    String code = SecureTokens.generate(CODE_PREFIX, 24);
    SsoLinkCode row =
        new SsoLinkCode(
            organizationId,
            SecureTokens.sha256(code),
            actor.userId(),
            now,
            now.plus(CODE_LIFETIME));
    em.persist(row);
    audit.record(
        actor,
        organizationId,
        "sso.sharing.code_created",
        new AuditLog.Target("sso_link_code", row.getId(), "Linking code"),
        null,
        Map.of("expiresAt", row.getExpiresAt().toString()));
    return new NewCode(code, row.getExpiresAt());
  }

  /**
   * Links the organization, for its Owner, to the admin organization whose code this is. 400 {@code
   * invalid_code} for a wrong, used or expired code; 409 {@code already_linked}, {@code sharing}
   * (it has linked organizations itself), {@code self_link}, {@code admin_linked} (the admin
   * organization is linked elsewhere), {@code plan_required} (either is not Enterprise).
   */
  public LinkedOrganization link(Actor actor, String organizationId, String code) {
    Organization org = requireOwner(actor, organizationId);
    if (code == null || code.isBlank() || code.length() > 100) {
      throw invalidCode();
    }
    SsoLinkCode row =
        em.createNamedQuery("SsoLinkCode.byHash", SsoLinkCode.class)
            .setParameter("hash", SecureTokens.sha256(code.strip()))
            .setLockMode(LockModeType.PESSIMISTIC_WRITE)
            .getResultStream()
            .findFirst()
            .orElseThrow(SharedSsoService::invalidCode);
    Instant now = clock.instant();
    if (row.getUsedAt() != null) {
      throw ServiceException.invalid("invalid_code", "This linking code was already used.");
    }
    if (!row.getExpiresAt().isAfter(now)) {
      throw ServiceException.invalid(
          "invalid_code", "This linking code has expired; ask for a new one.");
    }
    String adminId = row.getAdminOrganizationId();
    if (adminId.equals(organizationId)) {
      throw ServiceException.conflict(
          "self_link", "An organization cannot link to its own single sign-on.");
    }
    // both rows locked, in a fixed order: two links at once cannot make a chain
    lockInOrder(organizationId, adminId);
    Organization admin = em.find(Organization.class, adminId);
    if (em.find(SsoLink.class, organizationId) != null) {
      throw ServiceException.conflict(
          "already_linked",
          org.getName() + " is already linked to an admin organization; unlink it first.");
    }
    if (!links(organizationId).isEmpty()) {
      throw ServiceException.conflict(
          "sharing",
          org.getName() + " shares its single sign-on with other organizations; it cannot link.");
    }
    if (em.find(SsoLink.class, adminId) != null) {
      throw ServiceException.conflict(
          "admin_linked", "The organization of this code is itself linked elsewhere.");
    }
    if (!admin.getPlan().allowsAccessSecurity()) {
      throw ServiceException.conflict(
          "plan_required", "The organization of this code is not on the Enterprise plan.");
    }
    row.use(organizationId, now);
    SsoLink link = new SsoLink(organizationId, adminId, actor.userId(), now);
    em.persist(link);
    em.flush(); // a second link racing this one fails here, on the primary key
    Map<String, Object> after =
        Map.of(
            "linkedOrganization", org.getId(),
            "linkedOrganizationName", org.getName(),
            "adminOrganization", admin.getId(),
            "adminOrganizationName", admin.getName());
    audit.record(actor, organizationId, "sso.sharing.linked", target(admin), null, after);
    audit.record(actor, adminId, "sso.sharing.linked", target(org), null, after);
    return view(adminId, link);
  }

  /**
   * Ends the link of {@code linkedOrganizationId}, for an Owner of either side ({@code
   * organizationId}: the side the Owner acts for). The linked organization's own SSO settings and
   * domains count again at once. 404 when there is no such link.
   */
  public void unlink(Actor actor, String organizationId, String linkedOrganizationId) {
    requireOwner(actor, organizationId, false);
    SsoLink link =
        linkedOrganizationId == null || linkedOrganizationId.length() > 36
            ? null
            : em.find(SsoLink.class, linkedOrganizationId);
    if (link == null
        || !(link.getOrganizationId().equals(organizationId)
            || link.getAdminOrganizationId().equals(organizationId))) {
      throw ServiceException.notFound("Link");
    }
    Organization linked = em.find(Organization.class, link.getOrganizationId());
    Organization admin = em.find(Organization.class, link.getAdminOrganizationId());
    Map<String, Object> before =
        Map.of(
            "linkedOrganization", linked.getId(),
            "linkedOrganizationName", linked.getName(),
            "adminOrganization", admin.getId(),
            "adminOrganizationName", admin.getName(),
            "linkedAt", link.getLinkedAt().toString());
    em.remove(link);
    audit.record(actor, linked.getId(), "sso.sharing.unlinked", target(admin), before, null);
    audit.record(actor, admin.getId(), "sso.sharing.unlinked", target(linked), before, null);
  }

  /**
   * Moves a verified domain of the linked organization, for its Owner, to its admin organization:
   * the claim (with its DNS record and checks) and the verified domain change organization; the
   * domain's binding to an IdP connection of the linked organization ends. 409 {@code not_linked},
   * {@code not_verified}, {@code claimed_by_admin} (the admin organization has a claim of its own
   * for the domain).
   */
  public void transferDomain(Actor actor, String organizationId, String claimId) {
    Organization org = requireOwner(actor, organizationId);
    DomainClaim claim =
        claimId == null || claimId.length() > 36 ? null : em.find(DomainClaim.class, claimId);
    if (claim == null || !claim.getOrganization().getId().equals(organizationId)) {
      throw ServiceException.notFound("Domain claim");
    }
    SsoLink link = em.find(SsoLink.class, organizationId);
    if (link == null) {
      throw ServiceException.conflict(
          "not_linked",
          "A domain can be transferred only to the admin organization "
              + org.getName()
              + " is linked to.");
    }
    lockInOrder(organizationId, link.getAdminOrganizationId());
    VerifiedDomain verified = em.find(VerifiedDomain.class, claim.getDomain());
    if (claim.getStatus() != ClaimStatus.VERIFIED
        || verified == null
        || !verified.getClaimId().equals(claim.getId())) {
      throw ServiceException.conflict("not_verified", "Only a verified domain can be transferred.");
    }
    Organization admin = em.find(Organization.class, link.getAdminOrganizationId());
    boolean adminClaims =
        em.createQuery(
                    "select count(c) from DomainClaim c where c.organization.id = :org and c.domain ="
                        + " :domain",
                    Long.class)
                .setParameter("org", admin.getId())
                .setParameter("domain", claim.getDomain())
                .getSingleResult()
            > 0;
    if (adminClaims) {
      throw ServiceException.conflict(
          "claimed_by_admin",
          admin.getName()
              + " has a claim of its own for "
              + claim.getDomain()
              + "; it removes that claim first.");
    }
    em.createQuery("delete from IdpDomain d where d.domain = :domain")
        .setParameter("domain", claim.getDomain())
        .executeUpdate();
    claim.transferTo(admin);
    verified.transferTo(admin.getId());
    Map<String, Object> change =
        Map.of(
            "domain", claim.getDomain(),
            "from", org.getId(),
            "fromName", org.getName(),
            "to", admin.getId(),
            "toName", admin.getName());
    AuditLog.Target target = new AuditLog.Target("domain_claim", claim.getId(), claim.getDomain());
    audit.record(actor, organizationId, "domain.transferred", target, null, change);
    audit.record(actor, admin.getId(), "domain.transferred", target, null, change);
  }

  private List<SsoLink> links(String adminOrganizationId) {
    return em.createNamedQuery("SsoLink.byAdmin", SsoLink.class)
        .setParameter("org", adminOrganizationId)
        .getResultList();
  }

  private LinkedOrganization view(String organizationId, SsoLink link) {
    Organization o = em.find(Organization.class, organizationId);
    return new LinkedOrganization(
        organizationId, o == null ? organizationId : o.getName(), link.getLinkedAt());
  }

  private void lockInOrder(String a, String b) {
    String first = a.compareTo(b) < 0 ? a : b;
    String second = first.equals(a) ? b : a;
    em.find(Organization.class, first, LockModeType.PESSIMISTIC_WRITE);
    em.find(Organization.class, second, LockModeType.PESSIMISTIC_WRITE);
  }

  /** The Enterprise organization, if the actor is an active Owner of it. */
  private Organization requireOwner(Actor actor, String organizationId) {
    return requireOwner(actor, organizationId, true);
  }

  /**
   * The organization, if the actor is an active Owner of it (and, with {@code enterprise}, it is on
   * the Enterprise plan: unlinking is allowed on any plan, so that a downgrade never traps a link).
   */
  private Organization requireOwner(Actor actor, String organizationId, boolean enterprise) {
    Organization org = access.requireAdmin(actor, organizationId);
    if (actor.operator()
        || access
            .membership(organizationId, actor.userId())
            .filter(Membership::isActiveOwner)
            .isEmpty()) {
      throw ServiceException.forbidden(
          "owner_required", "Only Owners of " + org.getName() + " can do this.");
    }
    if (enterprise && !org.getPlan().allowsAccessSecurity()) {
      throw ServiceException.forbidden(
          "plan_required", "Shared single sign-on is part of the Enterprise plan.");
    }
    return org;
  }

  private static AuditLog.Target target(Organization other) {
    return new AuditLog.Target("organization", other.getId(), other.getName());
  }

  private static ServiceException invalidCode() {
    return ServiceException.invalid("invalid_code", "This linking code is not valid.");
  }
}
