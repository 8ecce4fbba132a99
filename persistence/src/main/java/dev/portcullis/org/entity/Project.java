package dev.portcullis.org.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
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
 * A project of an organization. Access is granted to individual users, to teams, or to All Users of
 * the organization (which is how just-in-time provisioned users get default access).
 */
@Entity
@Table(name = "project")
@NamedQuery(
    name = "Project.byOrganization",
    query = "select p from Project p where p.organization.id = :org order by p.name")
public class Project {

  @Id private String id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "organization_id")
  private Organization organization;

  @Column(nullable = false, length = 200)
  private String name;

  @Column(name = "all_users", nullable = false)
  private boolean allUsers;

  @ManyToMany
  @JoinTable(
      name = "project_user_grant",
      joinColumns = @JoinColumn(name = "project_id"),
      inverseJoinColumns = @JoinColumn(name = "user_id"))
  private Set<User> grantedUsers = new HashSet<>();

  @ManyToMany
  @JoinTable(
      name = "project_team_grant",
      joinColumns = @JoinColumn(name = "project_id"),
      inverseJoinColumns = @JoinColumn(name = "team_id"))
  private Set<Team> grantedTeams = new HashSet<>();

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Version private long version;

  protected Project() {}

  public Project(Organization organization, String name, Instant now) {
    this.id = UUID.randomUUID().toString();
    this.organization = Objects.requireNonNull(organization);
    this.name = Objects.requireNonNull(name);
    this.createdAt = now;
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

  public boolean isAllUsers() {
    return allUsers;
  }

  public Set<User> getGrantedUsers() {
    return Collections.unmodifiableSet(grantedUsers);
  }

  public Set<Team> getGrantedTeams() {
    return Collections.unmodifiableSet(grantedTeams);
  }

  public void grantAllUsers(boolean granted) {
    this.allUsers = granted;
  }

  public boolean grant(User user) {
    return grantedUsers.add(user);
  }

  public boolean revoke(User user) {
    return grantedUsers.remove(user);
  }

  public boolean grant(Team team) {
    return grantedTeams.add(team);
  }

  public boolean revoke(Team team) {
    return grantedTeams.remove(team);
  }

  /**
   * Whether a member reaches this project. Membership state (active, organization) is the caller's
   * to check; this only reads the grants.
   */
  public boolean reachableBy(User user) {
    if (allUsers || grantedUsers.contains(user)) {
      return true;
    }
    return grantedTeams.stream().anyMatch(t -> t.getMembers().contains(user));
  }
}
