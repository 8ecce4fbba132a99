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
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * A user's place in an organization, with its organization role: the member's own {@link #getRole()
 * role}, and the {@link #getTeamRole() role their teams give them}; what they may do follows the
 * higher of the two ({@link #getEffectiveRole()}). It is also the organization's SCIM User (RFC
 * 7643 §4.1): its id is the SCIM id (opaque, stable, and unrelated to the user's global id), and it
 * carries the SCIM attributes that belong to the organization's view of the user (userName,
 * externalId, displayName, title, the enterprise extension). Its version is the SCIM ETag.
 */
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
    name = "Membership.byOrganizationAndEmail",
    query =
        "select m from Membership m join fetch m.user u where m.organization.id = :org"
            + " and u.email = :email")
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
@NamedQuery(
    name = "Membership.byOrganizationAndUserNameKey",
    query = "select m from Membership m where m.organization.id = :org and m.userNameKey = :key")
@NamedQuery(
    name = "Membership.byOrganizationAndIds",
    query = "select m from Membership m where m.organization.id = :org and m.id in :ids")
@NamedQuery(
    name = "Membership.byOrganizationAndUsers",
    query = "select m from Membership m where m.organization.id = :org and m.user.id in :users")
public class Membership {

  public static final int MAX_USER_NAME_LENGTH = 320;
  public static final int MAX_TITLE_LENGTH = 200;
  public static final int MAX_ENTERPRISE_LENGTH = 4000;

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

  /**
   * The highest role among the member's teams in this organization (MEMBER when none): derived from
   * the teams and stored here, recomputed by the services in the same transaction as every change
   * of team membership, of a team's role or of a team's existence, so that every authorization
   * check reads one row and never joins the teams. Never OWNER.
   */
  @Enumerated(EnumType.STRING)
  @Column(name = "team_role", nullable = false, length = 16)
  private OrgRole teamRole = OrgRole.MEMBER;

  @Column(nullable = false)
  private boolean active;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at")
  private Instant updatedAt;

  @Column(name = "user_name", length = MAX_USER_NAME_LENGTH)
  private String userName;

  @Column(name = "user_name_key", length = MAX_USER_NAME_LENGTH)
  private String userNameKey;

  @Column(name = "external_id", length = MAX_USER_NAME_LENGTH)
  private String externalId;

  @Column(name = "display_name", length = MAX_USER_NAME_LENGTH)
  private String displayName;

  @Column(name = "display_name_key", length = MAX_USER_NAME_LENGTH)
  private String displayNameKey;

  @Column(length = MAX_TITLE_LENGTH)
  private String title;

  /** The enterprise extension's attributes (RFC 7643 §4.3) as a JSON object, as accepted. */
  @Column(length = MAX_ENTERPRISE_LENGTH)
  private String enterprise;

  @Version private long version;

  protected Membership() {}

  public Membership(Organization organization, User user, OrgRole role, Instant now) {
    this.id = UUID.randomUUID().toString();
    this.organization = Objects.requireNonNull(organization);
    this.user = Objects.requireNonNull(user);
    this.role = Objects.requireNonNull(role);
    this.active = true;
    this.createdAt = now;
    this.updatedAt = now;
    this.userName = user.getEmail();
    this.userNameKey = key(user.getEmail());
  }

  /** The lower-cased form userName and displayName are compared and indexed by. */
  public static String key(String value) {
    return value == null ? null : value.toLowerCase(Locale.ROOT);
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

  /** The member's own role (what the members API and console set). */
  public OrgRole getRole() {
    return role;
  }

  /** The highest role the member's teams in this organization give them; MEMBER for none. */
  public OrgRole getTeamRole() {
    return teamRole;
  }

  /** The role the member acts with: the higher of their own and their teams'. */
  public OrgRole getEffectiveRole() {
    return role.atLeast(teamRole);
  }

  /** Whether the member's teams give them more than their own role does. */
  public boolean isRoleRaisedByTeam() {
    return getEffectiveRole() != role;
  }

  /**
   * Records the role the member's teams now give them (null or MEMBER: none); returns whether it
   * changed. A team never gives OWNER.
   */
  public boolean deriveTeamRole(OrgRole fromTeams) {
    OrgRole r = fromTeams == null ? OrgRole.MEMBER : fromTeams;
    if (!r.teamMayCarry()) {
      throw new IllegalArgumentException("A team cannot give the role " + r);
    }
    if (r == teamRole) {
      return false;
    }
    this.teamRole = r;
    return true;
  }

  public boolean isActive() {
    return active;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  /**
   * True when this membership lets its user administer the organization right now: an active Owner
   * or Admin, by their own role or through a team.
   */
  public boolean canAdminister() {
    return active && user.isActive() && getEffectiveRole().isAdministrator();
  }

  public boolean isActiveOwner() {
    return active && user.isActive() && role == OrgRole.OWNER;
  }

  public Instant getUpdatedAt() {
    return updatedAt == null ? createdAt : updatedAt;
  }

  public String getUserName() {
    return userName == null ? user.getEmail() : userName;
  }

  public String getExternalId() {
    return externalId;
  }

  public String getDisplayName() {
    return displayName;
  }

  public String getTitle() {
    return title;
  }

  public String getEnterprise() {
    return enterprise;
  }

  public long getVersion() {
    return version;
  }

  /** Sets the organization's view of the user (the SCIM attributes stored here). */
  public void describe(
      String userName,
      String externalId,
      String displayName,
      String title,
      String enterprise,
      Instant now) {
    this.userName = Objects.requireNonNull(userName);
    this.userNameKey = key(userName);
    this.externalId = externalId;
    this.displayName = displayName;
    this.displayNameKey = key(displayName);
    this.title = title;
    this.enterprise = enterprise;
    touch(now);
  }

  /** Records a change (lastModified); the service also forces the version (the ETag) on. */
  public void touch(Instant now) {
    this.updatedAt = now;
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
