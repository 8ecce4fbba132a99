package dev.portcullis.org.entity;

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
 * An invitation of an email that has no user yet. It turns into a membership when a user with that
 * email signs up before it expires.
 */
@Entity
@Table(name = "invitation")
@NamedQuery(
    name = "Invitation.byOrganization",
    query = "select i from Invitation i where i.organization.id = :org order by i.email")
@NamedQuery(
    name = "Invitation.byOrganizationAndEmail",
    query = "select i from Invitation i where i.organization.id = :org and i.email = :email")
@NamedQuery(
    name = "Invitation.openForEmail",
    query =
        "select i from Invitation i where i.email = :email and i.acceptedAt is null"
            + " and i.expiresAt > :now")
public class Invitation {

  @Id private String id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "organization_id")
  private Organization organization;

  @Column(nullable = false, length = 320)
  private String email;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private OrgRole role;

  @ManyToOne
  @JoinColumn(name = "invited_by")
  private User invitedBy;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "expires_at", nullable = false)
  private Instant expiresAt;

  @Column(name = "accepted_at")
  private Instant acceptedAt;

  @Version private long version;

  protected Invitation() {}

  public Invitation(
      Organization organization,
      String normalizedEmail,
      OrgRole role,
      User invitedBy,
      Instant now,
      Instant expiresAt) {
    this.id = UUID.randomUUID().toString();
    this.organization = Objects.requireNonNull(organization);
    this.email = Objects.requireNonNull(normalizedEmail);
    this.role = Objects.requireNonNull(role);
    this.invitedBy = invitedBy;
    this.createdAt = now;
    this.expiresAt = expiresAt;
  }

  public String getId() {
    return id;
  }

  public Organization getOrganization() {
    return organization;
  }

  public String getEmail() {
    return email;
  }

  public OrgRole getRole() {
    return role;
  }

  public User getInvitedBy() {
    return invitedBy;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getExpiresAt() {
    return expiresAt;
  }

  public Instant getAcceptedAt() {
    return acceptedAt;
  }

  public boolean isOpen(Instant now) {
    return acceptedAt == null && expiresAt.isAfter(now);
  }

  /** Re-sends an invitation: the new role applies and the expiry starts again. */
  public void renew(OrgRole newRole, User by, Instant now, Instant newExpiry) {
    this.role = Objects.requireNonNull(newRole);
    this.invitedBy = by;
    this.createdAt = now;
    this.expiresAt = newExpiry;
    this.acceptedAt = null;
  }

  public void accept(Instant now) {
    this.acceptedAt = now;
  }
}
