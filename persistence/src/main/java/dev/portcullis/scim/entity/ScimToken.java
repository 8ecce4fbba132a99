package dev.portcullis.scim.entity;

import dev.portcullis.org.entity.Organization;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * A bearer token with which an organization's identity provider calls the SCIM API. Only the
 * SHA-256 of the random token is stored; the token is shown once, when it is generated.
 *
 * <p>A token is valid until it is revoked and until it expires. Regenerating revokes the previous
 * token at once; rotating revokes it at the end of a grace period ({@code revokedAt} in the future
 * meanwhile).
 */
@Entity
@Table(name = "scim_token")
// Authentication of every SCIM request: the token with its organization (the plan) in one read.
@NamedQuery(
    name = "ScimToken.byHashWithOrganization",
    query = "select t from ScimToken t join fetch t.organization where t.tokenHash = :hash")
@NamedQuery(
    name = "ScimToken.unrevokedOfOrganization",
    query =
        "select t from ScimToken t where t.organizationId = :org"
            + " and (t.revokedAt is null or t.revokedAt > :now) order by t.createdAt desc")
@NamedQuery(
    name = "ScimToken.countUses",
    query =
        "update ScimToken t set t.useCount = t.useCount + :n, t.lastUsedAt ="
            + " case when t.lastUsedAt is null or t.lastUsedAt < :last then :last"
            + " else t.lastUsedAt end where t.id = :id")
public class ScimToken {

  /** Shown in front of every SCIM token, so scanners and people recognise one. */
  public static final String PREFIX = "pcs_scim_";

  /** The longest grace period a rotation may give the previous token. */
  public static final Duration MAX_GRACE = Duration.ofDays(7);

  @Id private String id;

  @Column(name = "organization_id", nullable = false, length = 36)
  private String organizationId;

  /** The same column as {@link #organizationId}, read-only: for reading both in one query. */
  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "organization_id", insertable = false, updatable = false)
  private Organization organization;

  @Column(name = "token_hash", nullable = false, length = 64, unique = true)
  private String tokenHash;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "expires_at")
  private Instant expiresAt;

  @Column(name = "revoked_at")
  private Instant revokedAt;

  @Column(name = "last_used_at")
  private Instant lastUsedAt;

  @Column(name = "use_count", nullable = false)
  private long useCount;

  protected ScimToken() {}

  public ScimToken(String organizationId, String tokenHash, Instant now, Instant expiresAt) {
    if (expiresAt != null && !expiresAt.isAfter(now)) {
      throw new IllegalArgumentException("a token must expire in the future");
    }
    this.id = UUID.randomUUID().toString();
    this.organizationId = Objects.requireNonNull(organizationId);
    this.tokenHash = Objects.requireNonNull(tokenHash);
    // Microseconds: what PostgreSQL keeps, so the time shown at generation is the time stored.
    this.createdAt = now.truncatedTo(ChronoUnit.MICROS);
    this.expiresAt = expiresAt;
  }

  public String getId() {
    return id;
  }

  public String getOrganizationId() {
    return organizationId;
  }

  /** The organization; loaded with the token by {@code ScimToken.byHashWithOrganization}. */
  public Organization getOrganization() {
    return organization;
  }

  public String getTokenHash() {
    return tokenHash;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getExpiresAt() {
    return expiresAt;
  }

  /** When the token stops (or stopped) being valid through revocation; null while it is not. */
  public Instant getRevokedAt() {
    return revokedAt;
  }

  public Instant getLastUsedAt() {
    return lastUsedAt;
  }

  public long getUseCount() {
    return useCount;
  }

  public boolean isValidAt(Instant now) {
    return (revokedAt == null || revokedAt.isAfter(now))
        && (expiresAt == null || expiresAt.isAfter(now));
  }

  public boolean isExpiredAt(Instant now) {
    return expiresAt != null && !expiresAt.isAfter(now);
  }

  /** Still valid only for the grace period of a rotation. */
  public boolean isInGraceAt(Instant now) {
    return revokedAt != null && revokedAt.isAfter(now);
  }

  /** Revokes at once (or shortens a running grace period to now). */
  public void revoke(Instant now) {
    if (revokedAt == null || revokedAt.isAfter(now)) {
      this.revokedAt = now;
    }
  }

  /** Keeps the token valid for {@code grace} more, then revokes it (a rotation). */
  public void revokeAfter(Instant now, Duration grace) {
    if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
      throw new IllegalArgumentException("grace period out of range: " + grace);
    }
    Instant end = now.plus(grace);
    if (revokedAt == null || revokedAt.isAfter(end)) {
      this.revokedAt = end;
    }
  }
}
