package dev.portcullis.audit.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One entry of the append-only audit log. There are no mutators: an entry is written once, in the
 * transaction of the change it records, and never updated or deleted by the application.
 */
@Entity
@Table(name = "audit_event")
public class AuditEvent {

  public static final int MAX_STATE_LENGTH = 8000;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "organization_id", length = 36)
  private String organizationId;

  @Column(name = "occurred_at", nullable = false)
  private Instant occurredAt;

  @Column(name = "actor_id", length = 36)
  private String actorId;

  @Column(name = "actor_label", nullable = false, length = 320)
  private String actorLabel;

  @Column(nullable = false, length = 64)
  private String action;

  @Column(name = "target_type", nullable = false, length = 32)
  private String targetType;

  @Column(name = "target_id", length = 64)
  private String targetId;

  @Column(name = "target_label", length = 320)
  private String targetLabel;

  @Column(name = "before_state", length = MAX_STATE_LENGTH)
  private String beforeState;

  @Column(name = "after_state", length = MAX_STATE_LENGTH)
  private String afterState;

  @Column(name = "client_address", length = 64)
  private String clientAddress;

  protected AuditEvent() {}

  public AuditEvent(
      String organizationId,
      Instant occurredAt,
      String actorId,
      String actorLabel,
      String action,
      String targetType,
      String targetId,
      String targetLabel,
      String beforeState,
      String afterState,
      String clientAddress) {
    this.organizationId = organizationId;
    this.occurredAt = occurredAt;
    this.actorId = actorId;
    this.actorLabel = actorLabel;
    this.action = action;
    this.targetType = targetType;
    this.targetId = targetId;
    this.targetLabel = targetLabel;
    this.beforeState = beforeState;
    this.afterState = afterState;
    this.clientAddress = clientAddress;
  }

  public Long getId() {
    return id;
  }

  public String getOrganizationId() {
    return organizationId;
  }

  public Instant getOccurredAt() {
    return occurredAt;
  }

  public String getActorId() {
    return actorId;
  }

  public String getActorLabel() {
    return actorLabel;
  }

  public String getAction() {
    return action;
  }

  public String getTargetType() {
    return targetType;
  }

  public String getTargetId() {
    return targetId;
  }

  public String getTargetLabel() {
    return targetLabel;
  }

  public String getBeforeState() {
    return beforeState;
  }

  public String getAfterState() {
    return afterState;
  }

  public String getClientAddress() {
    return clientAddress;
  }
}
