package dev.portcullis.domainclaim.entity;

/** Where a domain claim stands. */
public enum ClaimStatus {
  /** Waiting for the verification token to appear in DNS. */
  PENDING,
  /** The token was seen; the organization owns the domain. */
  VERIFIED,
  /** Not verified within the verification window; can be retried. */
  EXPIRED,
  /** Was verified, but the token was authoritatively absent for too long; can be retried. */
  UNVERIFIED,
  /** Another organization verified the domain first; can be retried if that changes. */
  REJECTED;

  /** Claims in these states may be claimed again (with a fresh token). */
  public boolean retryable() {
    return this == EXPIRED || this == UNVERIFIED || this == REJECTED;
  }
}
