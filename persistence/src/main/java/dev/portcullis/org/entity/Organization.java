package dev.portcullis.org.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A tenant: the unit of billing, membership and access-security settings. */
@Entity
@Table(name = "organization")
@NamedQuery(
    name = "Organization.byName",
    query = "select o from Organization o where lower(o.name) = lower(:name)")
public class Organization {

  public static final int MAX_NAME_LENGTH = 200;

  @Id private String id;

  @Column(nullable = false, length = MAX_NAME_LENGTH)
  private String name;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private Plan plan;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Version private long version;

  protected Organization() {}

  public Organization(String name, Plan plan, Instant now) {
    this.id = UUID.randomUUID().toString();
    this.name = Objects.requireNonNull(name);
    this.plan = Objects.requireNonNull(plan);
    this.createdAt = now;
  }

  public String getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public Plan getPlan() {
    return plan;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public void changePlan(Plan newPlan) {
    this.plan = Objects.requireNonNull(newPlan);
  }

  public void rename(String newName) {
    this.name = Objects.requireNonNull(newName);
  }
}
