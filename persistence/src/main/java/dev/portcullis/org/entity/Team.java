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

/** A group of an organization's users; SCIM Groups map to teams. */
@Entity
@Table(name = "team")
@NamedQuery(
    name = "Team.byOrganization",
    query = "select t from Team t where t.organization.id = :org order by t.name")
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

  @Version private long version;

  protected Team() {}

  public Team(Organization organization, String name, Instant now) {
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
}
