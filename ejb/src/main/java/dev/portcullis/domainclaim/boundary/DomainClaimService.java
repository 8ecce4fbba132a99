package dev.portcullis.domainclaim.boundary;

import dev.portcullis.audit.control.AuditLog;
import dev.portcullis.domainclaim.control.DnsTxtLookup;
import dev.portcullis.domainclaim.control.DomainClaimChanged;
import dev.portcullis.domainclaim.control.DomainClaimChanged.Kind;
import dev.portcullis.domainclaim.control.DomainNames;
import dev.portcullis.domainclaim.entity.CheckResult;
import dev.portcullis.domainclaim.entity.ClaimStatus;
import dev.portcullis.domainclaim.entity.DomainClaim;
import dev.portcullis.domainclaim.entity.VerificationPolicy;
import dev.portcullis.domainclaim.entity.VerifiedDomain;
import dev.portcullis.org.control.OrgAccess;
import dev.portcullis.org.entity.Organization;
import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.platform.boundary.LoginService;
import dev.portcullis.platform.boundary.ReconfirmationService;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.boundary.StepUp;
import dev.portcullis.platform.control.SecureTokens;
import dev.portcullis.platform.entity.Reconfirmation;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Domain claiming (PRODUCT §2): Owners and Admins claim a domain after re-entering their password
 * (or, without a password, after re-confirming through their identity provider), publish the TXT
 * record, and the claim is verified when DNS shows it. One domain has at most one verified owner;
 * when one organization verifies, other organizations' pending claims for the domain are rejected
 * with the reason.
 */
@Stateless
public class DomainClaimService {

  @PersistenceContext EntityManager em;

  @Inject OrgAccess access;

  @Inject DomainNames names;

  @Inject DnsTxtLookup dns;

  @Inject AuditLog audit;

  @Inject Clock clock;

  @EJB LoginService login;

  @EJB ReconfirmationService reconfirmations;

  @Inject Event<DomainClaimChanged> changes;

  private final VerificationPolicy policy = VerificationPolicy.DEFAULT;

  public List<DomainClaim> list(Actor actor, String organizationId) {
    access.requireAdmin(actor, organizationId);
    return em.createNamedQuery("DomainClaim.byOrganization", DomainClaim.class)
        .setParameter("org", organizationId)
        .getResultList();
  }

  public DomainClaim get(Actor actor, String organizationId, String claimId) {
    access.requireAdmin(actor, organizationId);
    return find(organizationId, claimId);
  }

  /**
   * The organization's verified domains whose record was found missing (PRODUCT §2: the first
   * failed re-check warns the admins), for the console's warning banner. They unverify at {@link
   * DomainClaim#unverifiesAt} unless the record is back by then.
   */
  public List<DomainClaim> missingRecords(Actor actor, String organizationId) {
    return list(actor, organizationId).stream()
        .filter(c -> c.getStatus() == ClaimStatus.VERIFIED && c.getAbsentSince() != null)
        .toList();
  }

  /**
   * Claims a domain (or retries an expired, unverified or rejected claim with a fresh token), the
   * password re-entered (step-up). A user without a password is refused with 403 {@code
   * idp_reconfirmation_required}: they confirm through their IdP in the console.
   */
  public DomainClaim claim(Actor actor, String organizationId, String rawDomain, String password) {
    return claim(actor, organizationId, rawDomain, new StepUp.Password(password));
  }

  /**
   * Claims a domain, confirmed by the step-up given: the password re-entered, or the console
   * session's re-confirmation through the IdP, which this claim spends (a refused claim leaves it
   * unspent).
   */
  public DomainClaim claim(Actor actor, String organizationId, String rawDomain, StepUp stepUp) {
    Organization org = access.requireAdmin(actor, organizationId);
    String domain = names.normalize(rawDomain);
    Map<String, Object> confirmed = confirm(actor, stepUp);
    Instant now = clock.instant();
    requireClaimable(organizationId, domain);
    String token = SecureTokens.generate("", 24);
    DomainClaim claim = existingClaim(organizationId, domain).orElse(null);
    if (claim == null) {
      claim = new DomainClaim(org, domain, token, now, policy);
      em.persist(claim);
    } else {
      claim.restart(token, now, policy);
    }
    Map<String, Object> after = new LinkedHashMap<>();
    after.put("domain", domain);
    after.put("status", ClaimStatus.PENDING);
    after.putAll(confirmed);
    audit.record(actor, organizationId, "domain.claimed", target(claim), null, after);
    return claim;
  }

  /**
   * The normalized domain when the acting admin could claim it now (everything {@link #claim}
   * checks but the step-up): the console asks before it sends an admin to their IdP to confirm.
   */
  public String claimable(Actor actor, String organizationId, String rawDomain) {
    access.requireAdmin(actor, organizationId);
    String domain = names.normalize(rawDomain);
    requireClaimable(organizationId, domain);
    return domain;
  }

  /** The step-up, checked (a password) or spent (a re-confirmation); what the audit entry says. */
  private Map<String, Object> confirm(Actor actor, StepUp stepUp) {
    if (stepUp instanceof StepUp.IdpReconfirmation r) {
      Reconfirmation spent = reconfirmations.spend(actor, r.reconfirmationId());
      return Map.of("confirmedWith", stepUp.label(), "reconfirmation", spent.getReference());
    }
    LoginService.requireSuccess(login.reauthenticate(actor, ((StepUp.Password) stepUp).password()));
    return Map.of("confirmedWith", stepUp.label());
  }

  private Optional<DomainClaim> existingClaim(String organizationId, String domain) {
    return em.createNamedQuery("DomainClaim.byOrganizationAndDomain", DomainClaim.class)
        .setParameter("org", organizationId)
        .setParameter("domain", domain)
        .getResultStream()
        .findFirst();
  }

  /**
   * Refuses a domain the organization cannot claim now: verified already (by it or another), below
   * a domain another organization verified, or claimed by it and not retryable.
   */
  private void requireClaimable(String organizationId, String domain) {
    VerifiedDomain owner = em.find(VerifiedDomain.class, domain);
    if (owner != null) {
      throw owner.getOrganizationId().equals(organizationId)
          ? ServiceException.conflict(
              "already_verified", domain + " is already verified for this organization.")
          : ServiceException.conflict(
              "domain_taken", domain + " is already verified by another organization.");
    }
    List<String> parents = names.parents(domain);
    if (!parents.isEmpty()) {
      for (VerifiedDomain parent :
          em.createNamedQuery("VerifiedDomain.byDomains", VerifiedDomain.class)
              .setParameter("domains", parents)
              .getResultList()) {
        if (!parent.getOrganizationId().equals(organizationId)) {
          throw ServiceException.conflict(
              "parent_domain_taken",
              parent.getDomain()
                  + " is verified by another organization, so "
                  + domain
                  + " cannot be claimed.");
        }
      }
    }
    DomainClaim claim = existingClaim(organizationId, domain).orElse(null);
    if (claim != null && !claim.getStatus().retryable()) {
      throw ServiceException.conflict(
          "already_claimed",
          domain + " is already claimed by this organization (" + claim.getStatus() + ").");
    }
  }

  /** "Verify now": checks DNS at once and applies the result. */
  public DomainClaim verifyNow(Actor actor, String organizationId, String claimId) {
    access.requireAdmin(actor, organizationId);
    DomainClaim claim = find(organizationId, claimId);
    if (claim.getStatus() != ClaimStatus.PENDING && claim.getStatus() != ClaimStatus.VERIFIED) {
      throw ServiceException.conflict(
          "not_checkable",
          claim.getDomain() + " is " + claim.getStatus() + "; claim it again to get a new record.");
    }
    CheckResult result = dns.check(claim.getDomain(), claim.expectedRecord());
    apply(actor, claim, result, clock.instant());
    return claim;
  }

  /** Removes a claim; a verified domain stops counting for SSO and SCIM at once. */
  public void remove(Actor actor, String organizationId, String claimId) {
    access.requireAdmin(actor, organizationId);
    DomainClaim claim = find(organizationId, claimId);
    VerifiedDomain owned = em.find(VerifiedDomain.class, claim.getDomain());
    if (owned != null && owned.getClaimId().equals(claim.getId())) {
      unverify(owned);
    }
    em.remove(claim);
    audit.record(
        actor,
        organizationId,
        "domain.removed",
        target(claim),
        Map.of("domain", claim.getDomain(), "status", claim.getStatus()),
        null);
  }

  /**
   * A claim due for a DNS check, as a sweep read it (detached), with its schedule and version at
   * that moment; {@link #applyCheck} records the check on it.
   */
  public record DueCheck(DomainClaim claim, Instant scheduledAt, long version) {
    public String id() {
      return claim.getId();
    }
  }

  /**
   * Where a sweep is in the due claims: the schedule and id of the last claim it read (its next
   * page starts after them), and whether that page was full.
   */
  public record Position(Instant scheduledAt, String id) {}

  /** One page of due claims: those this sweep took, and where the next page starts. */
  public record DuePage(List<DueCheck> taken, Position next, boolean full) {}

  /**
   * Takes the claims whose next check is due, oldest first, at most {@code limit}, after {@code
   * after} (null for the first page), for one sweep until {@code leaseUntil}: their next check
   * moves to that instant, so that no other sweep, on this server or another, checks them
   * meanwhile; a claim another sweep took first is left out. Each comes back with the version it
   * has after the lease (what {@link #applyCheck} expects).
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public DuePage due(Instant now, Position after, int limit, Instant leaseUntil) {
    Query query =
        after == null
            ? em.createNamedQuery("DomainClaim.due")
            : em.createNamedQuery("DomainClaim.dueAfter")
                .setParameter("afterAt", after.scheduledAt())
                .setParameter("afterId", after.id());
    @SuppressWarnings("unchecked")
    List<Object[]> rows = query.setParameter("now", now).setMaxResults(limit).getResultList();
    if (rows.isEmpty()) {
      return new DuePage(List.of(), after, false);
    }
    Map<String, Instant> scheduled = new HashMap<>();
    rows.forEach(row -> scheduled.put((String) row[0], (Instant) row[1]));
    String lease = UUID.randomUUID().toString();
    em.createNamedQuery("DomainClaim.lease")
        .setParameter("until", leaseUntil)
        .setParameter("lease", lease)
        .setParameter("ids", scheduled.keySet())
        .setParameter("now", now)
        .executeUpdate();
    List<DueCheck> taken =
        em.createNamedQuery("DomainClaim.leased", DomainClaim.class)
            .setParameter("ids", scheduled.keySet())
            .setParameter("lease", lease)
            .getResultStream()
            .map(c -> new DueCheck(c, scheduled.get(c.getId()), c.getVersion()))
            .sorted(Comparator.comparing(DueCheck::scheduledAt).thenComparing(DueCheck::id))
            .toList();
    Object[] last = rows.get(rows.size() - 1);
    return new DuePage(
        taken, new Position((Instant) last[1], (String) last[0]), rows.size() == limit);
  }

  /**
   * Applies a sweep's DNS result to one claim, in its own transaction. A claim that changed since
   * the sweep read it (checked by someone else, removed, re-claimed) is left alone.
   *
   * <p>Most checks change nothing but the schedule (the record is still there): the check is
   * recorded on the claim as read and written with one conditional update, without reading the
   * claim again. A check that changes the claim's state (verified, warned, expired...) is applied
   * to the claim read afresh, with its audit entry and consequences.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void applyCheck(DueCheck check, CheckResult result, Instant now) {
    DomainClaim read = check.claim();
    if (read.recordCheck(result, now, policy) == DomainClaim.Transition.NONE) {
      em.createNamedQuery("DomainClaim.writeCheck")
          .setParameter("status", read.getStatus())
          .setParameter("statusReason", read.getStatusReason())
          .setParameter("verifiedAt", read.getVerifiedAt())
          .setParameter("lastCheckedAt", read.getLastCheckedAt())
          .setParameter("lastCheckResult", read.getLastCheckResult())
          .setParameter("nextCheckAt", read.getNextCheckAt())
          .setParameter("attempts", read.getAttempts())
          .setParameter("absentSince", read.getAbsentSince())
          .setParameter("warnedAt", read.getWarnedAt())
          .setParameter("id", check.id())
          .setParameter("version", check.version())
          .executeUpdate();
      return;
    }
    DomainClaim claim =
        em.createNamedQuery("DomainClaim.withOrganization", DomainClaim.class)
            .setParameter("id", check.id())
            .getResultStream()
            .findFirst()
            .orElse(null);
    if (claim == null || claim.getVersion() != check.version()) {
      return;
    }
    apply(Actor.system(), claim, result, now);
  }

  /** The domains an organization has verified. */
  public List<VerifiedDomain> verifiedDomains(String organizationId) {
    return em.createNamedQuery("VerifiedDomain.byOrganization", VerifiedDomain.class)
        .setParameter("org", organizationId)
        .getResultList();
  }

  /** Applies one DNS result to a claim, with its consequences and audit entries. */
  void apply(Actor actor, DomainClaim claim, CheckResult result, Instant now) {
    ClaimStatus before = claim.getStatus();
    String org = claim.getOrganization().getId();
    switch (claim.recordCheck(result, now, policy)) {
      case TOKEN_FOUND -> verifyOrReject(actor, claim, now);
      case EXPIRED -> {
        auditState(actor, claim, before, "domain.expired");
        changed(Kind.EXPIRED, claim, now);
      }
      case WARNED -> {
        Map<String, Object> after = new HashMap<>();
        after.put("status", claim.getStatus());
        after.put("unverifiesAt", claim.unverifiesAt(policy));
        audit.record(actor, org, "domain.warning", target(claim), Map.of("status", before), after);
        changed(Kind.WARNED, claim, now);
      }
      case RESTORED -> {
        auditState(actor, claim, before, "domain.record_restored");
        changed(Kind.RESTORED, claim, now);
      }
      case UNVERIFIED -> {
        VerifiedDomain owned = em.find(VerifiedDomain.class, claim.getDomain());
        if (owned != null && owned.getClaimId().equals(claim.getId())) {
          unverify(owned);
        }
        auditState(actor, claim, before, "domain.unverified");
        changed(Kind.UNVERIFIED, claim, now);
      }
      case NONE -> {}
    }
  }

  /**
   * The domain is no longer the organization's: it loses its binding to an IdP connection of the
   * organization too (it would log in through the primary IdP if verified again).
   */
  private void unverify(VerifiedDomain owned) {
    em.createQuery("delete from IdpDomain d where d.domain = :domain")
        .setParameter("domain", owned.getDomain())
        .executeUpdate();
    em.remove(owned);
  }

  private void verifyOrReject(Actor actor, DomainClaim claim, Instant now) {
    VerifiedDomain owner = em.find(VerifiedDomain.class, claim.getDomain());
    String org = claim.getOrganization().getId();
    if (owner != null && !owner.getClaimId().equals(claim.getId())) {
      claim.reject("Another organization verified " + claim.getDomain() + " first.");
      auditState(actor, claim, ClaimStatus.PENDING, "domain.rejected");
      changed(Kind.REJECTED, claim, now);
      return;
    }
    claim.markVerified(now, policy);
    if (owner == null) {
      em.persist(new VerifiedDomain(claim, now));
      em.flush(); // a concurrent verification elsewhere fails here, on the primary key
    }
    auditState(actor, claim, ClaimStatus.PENDING, "domain.verified");
    changed(Kind.VERIFIED, claim, now);
    for (DomainClaim other :
        em.createNamedQuery("DomainClaim.pendingOfOthers", DomainClaim.class)
            .setParameter("domain", claim.getDomain())
            .setParameter("org", org)
            .getResultList()) {
      other.reject("Another organization verified " + claim.getDomain() + " first.");
      auditState(Actor.system(), other, ClaimStatus.PENDING, "domain.rejected");
      changed(Kind.REJECTED, other, now);
    }
  }

  /**
   * Tells observers about a transition; the admins' emails go out once this transaction commits.
   */
  private void changed(Kind kind, DomainClaim claim, Instant now) {
    changes.fire(DomainClaimChanged.of(kind, claim, now, policy));
  }

  private void auditState(Actor actor, DomainClaim claim, ClaimStatus before, String action) {
    Map<String, Object> after = new HashMap<>();
    after.put("status", claim.getStatus());
    if (claim.getStatusReason() != null) {
      after.put("reason", claim.getStatusReason());
    }
    audit.record(
        actor,
        claim.getOrganization().getId(),
        action,
        target(claim),
        Map.of("status", before),
        after);
  }

  private DomainClaim find(String organizationId, String claimId) {
    DomainClaim claim = claimId == null ? null : em.find(DomainClaim.class, claimId);
    if (claim == null || !claim.getOrganization().getId().equals(organizationId)) {
      throw ServiceException.notFound("Domain claim");
    }
    return claim;
  }

  private static AuditLog.Target target(DomainClaim claim) {
    return new AuditLog.Target("domain", claim.getId(), claim.getDomain());
  }
}
