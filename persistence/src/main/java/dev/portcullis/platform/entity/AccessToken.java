package dev.portcullis.platform.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A personal access token for the admin API. Only the SHA-256 of the random token is stored; the
 * token itself is shown once when it is issued.
 */
@Entity
@Table(name = "access_token")
@NamedQuery(
    name = "AccessToken.byHash",
    query = "select t from AccessToken t where t.tokenHash = :hash")
@NamedQuery(
    name = "AccessToken.revokeAllOfUser",
    query =
        "update AccessToken t set t.revokedAt = :now where t.userId = :user"
            + " and t.revokedAt is null")
public class AccessToken {

  @Id private String id;

  @Column(name = "user_id", nullable = false, length = 36)
  private String userId;

  @Column(name = "token_hash", nullable = false, length = 64, unique = true)
  private String tokenHash;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "expires_at", nullable = false)
  private Instant expiresAt;

  @Column(name = "last_used_at")
  private Instant lastUsedAt;

  @Column(name = "revoked_at")
  private Instant revokedAt;

  protected AccessToken() {}

  public AccessToken(String userId, String tokenHash, Instant now, Instant expiresAt) {
    this.id = UUID.randomUUID().toString();
    this.userId = Objects.requireNonNull(userId);
    this.tokenHash = Objects.requireNonNull(tokenHash);
    this.createdAt = now;
    this.expiresAt = expiresAt;
  }

  public String getId() {
    return id;
  }

  public String getUserId() {
    return userId;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getExpiresAt() {
    return expiresAt;
  }

  public Instant getLastUsedAt() {
    return lastUsedAt;
  }

  public boolean isUsable(Instant now) {
    return revokedAt == null && expiresAt.isAfter(now);
  }

  public void markUsed(Instant now) {
    this.lastUsedAt = now;
  }

  public void revoke(Instant now) {
    if (revokedAt == null) {
      this.revokedAt = now;
    }
  }
}
