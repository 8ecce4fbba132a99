package dev.portcullis.sso.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One of an Owner's one-time recovery codes for strict SSO (PRODUCT §6): the way in when nobody may
 * use a password and the IdP is down. Only the SHA-256 of the code is kept; a code is spent by the
 * first login that presents it.
 */
@Entity
@Table(name = "sso_recovery_code")
@NamedQuery(
    name = "RecoveryCode.byHash",
    query = "select c from RecoveryCode c where c.codeHash = :hash")
@NamedQuery(
    name = "RecoveryCode.unusedOf",
    query =
        "select c from RecoveryCode c where c.organizationId = :org and c.userId = :user"
            + " and c.usedAt is null")
@NamedQuery(
    name = "RecoveryCode.countUnusedOfOwners",
    query =
        "select count(c) from RecoveryCode c, Membership m where c.organizationId = :org"
            + " and c.usedAt is null and m.organization.id = c.organizationId"
            + " and m.user.id = c.userId and m.role = dev.portcullis.org.entity.OrgRole.OWNER"
            + " and m.active = true and m.user.active = true")
@NamedQuery(
    name = "RecoveryCode.deleteUnusedOf",
    query =
        "delete from RecoveryCode c where c.organizationId = :org and c.userId = :user"
            + " and c.usedAt is null")
@NamedQuery(
    name = "RecoveryCode.spend",
    query = "update RecoveryCode c set c.usedAt = :now where c.id = :id and c.usedAt is null")
@NamedQuery(
    name = "RecoveryCode.deleteOfOrganization",
    query = "delete from RecoveryCode c where c.organizationId = :org")
public class RecoveryCode {

  /** How many codes an Owner gets at a time. */
  public static final int BATCH = 10;

  @Id
  @Column(length = 36)
  private String id;

  @Column(name = "organization_id", nullable = false, length = 36)
  private String organizationId;

  @Column(name = "user_id", nullable = false, length = 36)
  private String userId;

  @Column(name = "code_hash", nullable = false, length = 64)
  private String codeHash;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "used_at")
  private Instant usedAt;

  protected RecoveryCode() {}

  public RecoveryCode(String organizationId, String userId, String codeHash, Instant now) {
    this.id = UUID.randomUUID().toString();
    this.organizationId = Objects.requireNonNull(organizationId);
    this.userId = Objects.requireNonNull(userId);
    this.codeHash = Objects.requireNonNull(codeHash);
    this.createdAt = now;
  }

  public String getId() {
    return id;
  }

  public String getOrganizationId() {
    return organizationId;
  }

  public String getUserId() {
    return userId;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public boolean isUsed() {
    return usedAt != null;
  }
}
