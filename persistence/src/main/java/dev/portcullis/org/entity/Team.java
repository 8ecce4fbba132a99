package dev.portcullis.org.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A group of an organization's users; SCIM Groups map to teams. A team can carry an organization
 * role (PRODUCT §6, groups to roles): each of its members has at least that role in the
 * organization. The role each member gets from their teams is kept on the membership ({@link
 * Membership#getTeamRole()}), recomputed by the services whenever it may change.
 */
@Entity
@Table(name = "team")
@NamedQuery(
    name = "Team.byOrganizationAndName",
    query = "select t from Team t where t.organization.id = :org and t.name = :name")
@NamedQuery(
    name = "Team.byOrganization",
    query = "select t from Team t where t.organization.id = :org order by t.name")
@NamedQuery(
    name = "Team.rolesOfUsers",
    query =
        "select u.id, t.role from Team t join t.members u where t.organization.id = :org"
            + " and u.id in :users and t.role <> dev.portcullis.org.entity.OrgRole.MEMBER"
            + " and t.id <> :except")
@NamedQuery(
    name = "Team.roleCarryingByOrganization",
    query =
        "select u.id, t.name from Team t join t.members u where t.organization.id = :org"
            + " and t.role <> dev.portcullis.org.entity.OrgRole.MEMBER order by t.name")
public class Team {

  @Id private String id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "organization_id")
  private Organization organization;

  @Column(nullable = false, length = 200)
  private String name;

  @ManyToMany
  @JoinTable(
      name = "team_member",
      joinColumns = @JoinColumn(name = "team_id"),
      inverseJoinColumns = @JoinColumn(name = "user_id"))
  private Set<User> members = new HashSet<>();

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "external_id", length = 320)
  private String externalId;

  @Column(name = "updated_at")
  private Instant updatedAt;

  /** The organization role the team gives its members: ADMIN, or MEMBER for none; never OWNER. */
  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private OrgRole role = OrgRole.MEMBER;

  @Version private long version;

  protected Team() {}

  public Team(Organization organization, String name, Instant now) {
    this.id = UUID.randomUUID().toString();
    this.organization = Objects.requireNonNull(organization);
    this.name = Objects.requireNonNull(name);
    this.createdAt = now;
    this.updatedAt = now;
  }

  public String getExternalId() {
    return externalId;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt == null ? createdAt : updatedAt;
  }

  public long getVersion() {
    return version;
  }

  /** The SCIM view of the team (RFC 7643 §4.2): its externalId; records the change. */
  public void describe(String externalId, Instant now) {
    this.externalId = externalId;
    this.updatedAt = now;
  }

  public void touch(Instant now) {
    this.updatedAt = now;
  }

  public String getId() {
    return id;
  }

  public Organization getOrganization() {
    return organization;
  }

  public String getName() {
    return name;
  }

  public Set<User> getMembers() {
    return Collections.unmodifiableSet(members);
  }

  public boolean addMember(User user) {
    return members.add(user);
  }

  public boolean removeMember(User user) {
    return members.remove(user);
  }

  public void rename(String newName) {
    this.name = Objects.requireNonNull(newName);
  }

  /** The organization role each member has at least through this team; MEMBER for none. */
  public OrgRole getRole() {
    return role;
  }

  /** Whether the team gives its members a role beyond membership. */
  public boolean carriesRole() {
    return role != OrgRole.MEMBER;
  }

  /**
   * Gives the team an organization role (MEMBER: none); returns whether it changed. A team never
   * carries OWNER ({@link OrgRole#teamMayCarry()}).
   */
  public boolean carry(OrgRole newRole, Instant now) {
    Objects.requireNonNull(newRole);
    if (!newRole.teamMayCarry()) {
      throw new IllegalArgumentException("A team cannot carry the role " + newRole);
    }
    if (newRole == role) {
      return false;
    }
    this.role = newRole;
    this.updatedAt = now;
    return true;
  }
}
