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

/** A user's place in an organization, with its organization role. */
@Entity
@Table(name = "membership")
@NamedQuery(
    name = "Membership.byOrganization",
    query =
        "select m from Membership m join fetch m.user where m.organization.id = :org"
            + " order by m.user.email")
@NamedQuery(
    name = "Membership.byOrganizationAndUser",
    query = "select m from Membership m where m.organization.id = :org and m.user.id = :user")
@NamedQuery(
    name = "Membership.byUser",
    query =
        "select m from Membership m join fetch m.organization where m.user.id = :user"
            + " order by m.organization.name")
@NamedQuery(
    name = "Membership.countActiveOwners",
    query =
        "select count(m) from Membership m where m.organization.id = :org"
            + " and m.role = dev.portcullis.org.entity.OrgRole.OWNER and m.active = true"
            + " and m.user.active = true")
public class Membership {

  @Id private String id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "organization_id")
  private Organization organization;

  @ManyToOne(optional = false)
  @JoinColumn(name = "user_id")
  private User user;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private OrgRole role;

  @Column(nullable = false)
  private boolean active;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Version private long version;

  protected Membership() {}

  public Membership(Organization organization, User user, OrgRole role, Instant now) {
    this.id = UUID.randomUUID().toString();
    this.organization = Objects.requireNonNull(organization);
    this.user = Objects.requireNonNull(user);
    this.role = Objects.requireNonNull(role);
    this.active = true;
    this.createdAt = now;
  }

  public String getId() {
    return id;
  }

  public Organization getOrganization() {
    return organization;
  }

  public User getUser() {
    return user;
  }

  public OrgRole getRole() {
    return role;
  }

  public boolean isActive() {
    return active;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  /** True when this membership lets its user administer the organization right now. */
  public boolean canAdminister() {
    return active && user.isActive() && role.isAdministrator();
  }

  public boolean isActiveOwner() {
    return active && user.isActive() && role == OrgRole.OWNER;
  }

  public void changeRole(OrgRole newRole) {
    this.role = Objects.requireNonNull(newRole);
  }

  public void deactivate() {
    this.active = false;
  }

  public void activate() {
    this.active = true;
  }
}
