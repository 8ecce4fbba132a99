package dev.portcullis.domainclaim.control;

import dev.portcullis.domainclaim.entity.DomainClaim;
import dev.portcullis.domainclaim.entity.VerificationPolicy;
import java.time.Instant;

/**
 * A domain claim changed state: a CDI event that {@code DomainClaimService} fires inside its
 * transaction, one per transition, with everything a notice needs (the claim may change again
 * before anyone reads it).
 *
 * @param at when the check that caused the change ran (the application's clock)
 * @param absentSince since when the record has been authoritatively absent, or null
 * @param unverifiesAt when the domain unverifies if its record stays absent, or null
 * @param reason the claim's status reason (rejected, expired, unverified), or null
 */
public record DomainClaimChanged(
    Kind kind,
    String claimId,
    String organizationId,
    String organizationName,
    String domain,
    String expectedRecord,
    Instant at,
    Instant absentSince,
    Instant unverifiesAt,
    String reason) {

  /** The transitions of a claim (see {@link DomainClaim#recordCheck}). */
  public enum Kind {
    VERIFIED,
    /** Another organization verified the domain first. */
    REJECTED,
    /** A pending claim's record did not appear within the verification window. */
    EXPIRED,
    /** First authoritative absence of a verified domain's record. */
    WARNED,
    /** The record is back after a warning. */
    RESTORED,
    UNVERIFIED
  }

  public static DomainClaimChanged of(
      Kind kind, DomainClaim claim, Instant at, VerificationPolicy policy) {
    return new DomainClaimChanged(
        kind,
        claim.getId(),
        claim.getOrganization().getId(),
        claim.getOrganization().getName(),
        claim.getDomain(),
        claim.expectedRecord(),
        at,
        claim.getAbsentSince(),
        claim.unverifiesAt(policy),
        claim.getStatusReason());
  }
}
