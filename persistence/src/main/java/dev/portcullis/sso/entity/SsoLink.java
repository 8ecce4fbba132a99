package dev.portcullis.sso.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * Shared SSO: an organization linked to the admin organization whose IdP and verified domains it
 * uses. The linked organization is the primary key, so it links to one admin organization at most.
 */
@Entity
@Table(name = "sso_link")
@NamedQuery(
    name = "SsoLink.byAdmin",
    query = "select l from SsoLink l where l.adminOrganizationId = :org order by l.linkedAt")
public class SsoLink {

  @Id
  @Column(name = "organization_id", length = 36)
  private String organizationId;

  @Column(name = "admin_organization_id", nullable = false, length = 36)
  private String adminOrganizationId;

  @Column(name = "linked_at", nullable = false)
  private Instant linkedAt;

  @Column(name = "linked_by", length = 36)
  private String linkedBy;

  protected SsoLink() {}

  public SsoLink(
      String organizationId, String adminOrganizationId, String linkedBy, Instant linkedAt) {
    this.organizationId = Objects.requireNonNull(organizationId);
    this.adminOrganizationId = Objects.requireNonNull(adminOrganizationId);
    this.linkedBy = linkedBy;
    this.linkedAt = Objects.requireNonNull(linkedAt);
  }

  public String getOrganizationId() {
    return organizationId;
  }

  public String getAdminOrganizationId() {
    return adminOrganizationId;
  }

  public Instant getLinkedAt() {
    return linkedAt;
  }

  public String getLinkedBy() {
    return linkedBy;
  }
}
