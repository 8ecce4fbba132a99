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
 * A Shared SSO linking code of an admin organization: only the SHA-256 of the code is stored; it
 * links one organization, once, before it expires.
 */
@Entity
@Table(name = "sso_link_code")
@NamedQuery(
    name = "SsoLinkCode.byHash",
    query = "select c from SsoLinkCode c where c.codeHash = :hash")
@NamedQuery(
    name = "SsoLinkCode.byAdmin",
    query = "select c from SsoLinkCode c where c.adminOrganizationId = :org")
public class SsoLinkCode {

  @Id
  @Column(length = 36)
  private String id;

  @Column(name = "admin_organization_id", nullable = false, length = 36)
  private String adminOrganizationId;

  @Column(name = "code_hash", nullable = false, length = 64)
  private String codeHash;

  @Column(name = "created_by", length = 36)
  private String createdBy;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "expires_at", nullable = false)
  private Instant expiresAt;

  @Column(name = "used_at")
  private Instant usedAt;

  @Column(name = "used_by_organization_id", length = 36)
  private String usedByOrganizationId;

  protected SsoLinkCode() {}

  public SsoLinkCode(
      String adminOrganizationId,
      String codeHash,
      String createdBy,
      Instant createdAt,
      Instant expiresAt) {
    this.id = UUID.randomUUID().toString();
    this.adminOrganizationId = Objects.requireNonNull(adminOrganizationId);
    this.codeHash = Objects.requireNonNull(codeHash);
    this.createdBy = createdBy;
    this.createdAt = Objects.requireNonNull(createdAt);
    this.expiresAt = Objects.requireNonNull(expiresAt);
  }

  /** Marks the code used by the organization that linked with it. */
  public void use(String organizationId, Instant now) {
    this.usedAt = now;
    this.usedByOrganizationId = organizationId;
  }

  public String getId() {
    return id;
  }

  public String getAdminOrganizationId() {
    return adminOrganizationId;
  }

  public String getCodeHash() {
    return codeHash;
  }

  public String getCreatedBy() {
    return createdBy;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getExpiresAt() {
    return expiresAt;
  }

  public Instant getUsedAt() {
    return usedAt;
  }

  public String getUsedByOrganizationId() {
    return usedByOrganizationId;
  }
}
