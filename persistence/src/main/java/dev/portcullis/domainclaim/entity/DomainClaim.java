package dev.portcullis.domainclaim.entity;

import dev.portcullis.org.entity.Organization;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An organization's claim on a DNS domain, proven by the TXT record {@code
 * portcullis-domain-verify=<token>} at the domain's apex. The claim carries its own check schedule
 * ({@code nextCheckAt}, {@code attempts}) so that timers only ask "what is due?".
 */
@Entity
@Table(name = "domain_claim")
@NamedQuery(
    name = "DomainClaim.byOrganization",
    query = "select c from DomainClaim c where c.organization.id = :org order by c.domain")
@NamedQuery(
    name = "DomainClaim.byOrganizationAndDomain",
    query = "select c from DomainClaim c where c.organization.id = :org and c.domain = :domain")
@NamedQuery(
    name = "DomainClaim.pendingOfOthers",
    query =
        "select c from DomainClaim c where c.domain = :domain and c.organization.id <> :org"
            + " and c.status = dev.portcullis.domainclaim.entity.ClaimStatus.PENDING")
@NamedQuery(
    name = "DomainClaim.due",
    query =
        "select c.id, c.nextCheckAt from DomainClaim c where c.nextCheckAt <= :now"
            + " and (c.status = dev.portcullis.domainclaim.entity.ClaimStatus.PENDING"
            + " or c.status = dev.portcullis.domainclaim.entity.ClaimStatus.VERIFIED)"
            + " order by c.nextCheckAt, c.id")
@NamedQuery(
    name = "DomainClaim.dueAfter",
    query =
        "select c.id, c.nextCheckAt from DomainClaim c where c.nextCheckAt <= :now"
            + " and (c.status = dev.portcullis.domainclaim.entity.ClaimStatus.PENDING"
            + " or c.status = dev.portcullis.domainclaim.entity.ClaimStatus.VERIFIED)"
            + " and c.nextCheckAt >= :afterAt and (c.nextCheckAt > :afterAt or c.id > :afterId)"
            + " order by c.nextCheckAt, c.id")
// A sweep takes the due claims it is about to check (a row-level claim of work): their next check
// moves to the end of the lease and check_lease names the sweep. Whichever sweep (of whichever
// server) updates a row first has it; the others find it no longer due. A sweep that dies leaves
// its claims to the first sweep after the lease ends.
@NamedQuery(
    name = "DomainClaim.lease",
    query =
        "update DomainClaim c set c.nextCheckAt = :until, c.checkLease = :lease,"
            + " c.version = c.version + 1 where c.id in :ids and c.nextCheckAt <= :now"
            + " and (c.status = dev.portcullis.domainclaim.entity.ClaimStatus.PENDING"
            + " or c.status = dev.portcullis.domainclaim.entity.ClaimStatus.VERIFIED)")
@NamedQuery(
    name = "DomainClaim.leased",
    query =
        "select c from DomainClaim c join fetch c.organization where c.id in :ids"
            + " and c.checkLease = :lease")
@NamedQuery(
    name = "DomainClaim.withOrganization",
    query = "select c from DomainClaim c join fetch c.organization where c.id = :id")
// Writes the state a check left on a claim read earlier (outside this transaction), unless the
// claim
// has changed since: a sweep's way to record a check that changes nothing else, without reading the
// claim again. Every field recordCheck may touch is written.
@NamedQuery(
    name = "DomainClaim.writeCheck",
    query =
        "update DomainClaim c set c.status = :status, c.statusReason = :statusReason,"
            + " c.verifiedAt = :verifiedAt, c.lastCheckedAt = :lastCheckedAt,"
            + " c.lastCheckResult = :lastCheckResult, c.nextCheckAt = :nextCheckAt,"
            + " c.attempts = :attempts, c.absentSince = :absentSince, c.warnedAt = :warnedAt,"
            + " c.version = c.version + 1 where c.id = :id and c.version = :version")
public class DomainClaim {

  public static final String RECORD_PREFIX = "portcullis-domain-verify=";

  /** What a check changed, for the service to act on (audit, email, ownership). */
  public enum Transition {
    NONE,
    /** The token was found for a pending claim: the service verifies or rejects it. */
    TOKEN_FOUND,
    EXPIRED,
    /** First authoritative absence of a verified domain's record. */
    WARNED,
    /** The record is back after a warning. */
    RESTORED,
    UNVERIFIED
  }

  @Id private String id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "organization_id")
  private Organization organization;

  @Column(nullable = false, length = 253)
  private String domain;

  @Column(nullable = false, length = 64)
  private String token;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private ClaimStatus status;

  @Column(name = "status_reason", length = 500)
  private String statusReason;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "verified_at")
  private Instant verifiedAt;

  @Column(name = "last_checked_at")
  private Instant lastCheckedAt;

  @Enumerated(EnumType.STRING)
  @Column(name = "last_check_result", length = 16)
  private CheckResult lastCheckResult;

  @Column(name = "next_check_at")
  private Instant nextCheckAt;

  @Column(nullable = false)
  private int attempts;

  @Column(name = "absent_since")
  private Instant absentSince;

  @Column(name = "warned_at")
  private Instant warnedAt;

  /** The sweep that last took this claim to check it (see {@code DomainClaim.lease}). */
  @Column(name = "check_lease", length = 36)
  private String checkLease;

  @Version private long version;

  protected DomainClaim() {}

  public DomainClaim(
      Organization organization,
      String normalizedDomain,
      String token,
      Instant now,
      VerificationPolicy policy) {
    this.id = UUID.randomUUID().toString();
    this.organization = Objects.requireNonNull(organization);
    this.domain = Objects.requireNonNull(normalizedDomain);
    restart(token, now, policy);
  }

  /** Starts verification over with a fresh token (a new claim, or a retry). */
  public void restart(String newToken, Instant now, VerificationPolicy policy) {
    this.token = Objects.requireNonNull(newToken);
    this.status = ClaimStatus.PENDING;
    this.statusReason = null;
    this.createdAt = now;
    this.verifiedAt = null;
    this.lastCheckedAt = null;
    this.lastCheckResult = null;
    this.attempts = 0;
    this.absentSince = null;
    this.warnedAt = null;
    this.nextCheckAt = now.plus(policy.pendingWait(1));
  }

  /** The exact TXT record value that proves this claim. */
  public String expectedRecord() {
    return RECORD_PREFIX + token;
  }

  /**
   * Records one DNS check. Pending claims back off and expire; verified domains warn on the first
   * authoritative absence and unverify after {@code unverifyAfter} of continuous absence. Unknown
   * results only reschedule.
   */
  public Transition recordCheck(CheckResult result, Instant now, VerificationPolicy policy) {
    lastCheckedAt = now;
    lastCheckResult = result;
    attempts++;
    if (status == ClaimStatus.PENDING) {
      if (result == CheckResult.FOUND) {
        return Transition.TOKEN_FOUND;
      }
      if (!now.isBefore(createdAt.plus(policy.verifyWindow()))) {
        status = ClaimStatus.EXPIRED;
        statusReason =
            "The record was not found within " + policy.verifyWindow().toDays() + " days.";
        nextCheckAt = null;
        return Transition.EXPIRED;
      }
      nextCheckAt = now.plus(policy.pendingWait(attempts + 1));
      return Transition.NONE;
    }
    if (status != ClaimStatus.VERIFIED) {
      nextCheckAt = null;
      return Transition.NONE;
    }
    switch (result) {
      case FOUND -> {
        boolean wasAbsent = absentSince != null;
        absentSince = null;
        warnedAt = null;
        nextCheckAt = now.plus(policy.recheckInterval());
        return wasAbsent ? Transition.RESTORED : Transition.NONE;
      }
      case ABSENT -> {
        if (absentSince == null) {
          absentSince = now;
          warnedAt = now;
          nextCheckAt = now.plus(policy.recheckInterval());
          return Transition.WARNED;
        }
        if (!now.isBefore(absentSince.plus(policy.unverifyAfter()))) {
          status = ClaimStatus.UNVERIFIED;
          statusReason = "The verification record was missing from DNS since " + absentSince + ".";
          nextCheckAt = null;
          verifiedAt = null;
          return Transition.UNVERIFIED;
        }
        nextCheckAt = now.plus(policy.recheckInterval());
        return Transition.NONE;
      }
      default -> {
        nextCheckAt = now.plus(policy.unknownRetry());
        return Transition.NONE;
      }
    }
  }

  public void markVerified(Instant now, VerificationPolicy policy) {
    status = ClaimStatus.VERIFIED;
    statusReason = null;
    verifiedAt = now;
    absentSince = null;
    warnedAt = null;
    nextCheckAt = now.plus(policy.recheckInterval());
  }

  public void reject(String reason) {
    status = ClaimStatus.REJECTED;
    statusReason = reason;
    nextCheckAt = null;
  }

  /** When the domain will unverify if its record stays missing, or null. */
  public Instant unverifiesAt(VerificationPolicy policy) {
    return absentSince == null ? null : absentSince.plus(policy.unverifyAfter());
  }

  /** Shared SSO: the claim (and its DNS checks) now belongs to {@code admin}. */
  public void transferTo(Organization admin) {
    this.organization = admin;
  }

  public String getId() {
    return id;
  }

  public Organization getOrganization() {
    return organization;
  }

  public String getDomain() {
    return domain;
  }

  public String getToken() {
    return token;
  }

  public ClaimStatus getStatus() {
    return status;
  }

  public String getStatusReason() {
    return statusReason;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getVerifiedAt() {
    return verifiedAt;
  }

  public Instant getLastCheckedAt() {
    return lastCheckedAt;
  }

  public CheckResult getLastCheckResult() {
    return lastCheckResult;
  }

  public Instant getNextCheckAt() {
    return nextCheckAt;
  }

  public int getAttempts() {
    return attempts;
  }

  public Instant getAbsentSince() {
    return absentSince;
  }

  public Instant getWarnedAt() {
    return warnedAt;
  }

  public long getVersion() {
    return version;
  }
}
