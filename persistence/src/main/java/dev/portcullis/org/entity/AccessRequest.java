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

/** A user's request to join an organization, or to reach one of its projects. */
@Entity
@Table(name = "access_request")
@NamedQuery(
    name = "AccessRequest.pendingByOrganization",
    query =
        "select r from AccessRequest r join fetch r.user where r.organization.id = :org"
            + " and r.status = dev.portcullis.org.entity.AccessRequest.Status.PENDING"
            + " order by r.createdAt")
@NamedQuery(
    name = "AccessRequest.pendingFor",
    query =
        "select r from AccessRequest r where r.organization.id = :org and r.user.id = :user"
            + " and r.status = dev.portcullis.org.entity.AccessRequest.Status.PENDING")
public class AccessRequest {

  public enum Status {
    PENDING,
    APPROVED,
    DENIED
  }

  @Id private String id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "organization_id")
  private Organization organization;

  @ManyToOne
  @JoinColumn(name = "project_id")
  private Project project;

  @ManyToOne(optional = false)
  @JoinColumn(name = "user_id")
  private User user;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private Status status;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "decided_at")
  private Instant decidedAt;

  @ManyToOne
  @JoinColumn(name = "decided_by")
  private User decidedBy;

  @Version private long version;

  protected AccessRequest() {}

  public AccessRequest(Organization organization, Project project, User user, Instant now) {
    this.id = UUID.randomUUID().toString();
    this.organization = Objects.requireNonNull(organization);
    this.project = project;
    this.user = Objects.requireNonNull(user);
    this.status = Status.PENDING;
    this.createdAt = now;
  }

  public String getId() {
    return id;
  }

  public Organization getOrganization() {
    return organization;
  }

  public Project getProject() {
    return project;
  }

  public User getUser() {
    return user;
  }

  public Status getStatus() {
    return status;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getDecidedAt() {
    return decidedAt;
  }

  public void decide(boolean approved, User by, Instant now) {
    if (status != Status.PENDING) {
      throw new IllegalStateException("access request already decided");
    }
    this.status = approved ? Status.APPROVED : Status.DENIED;
    this.decidedBy = by;
    this.decidedAt = now;
  }
}
