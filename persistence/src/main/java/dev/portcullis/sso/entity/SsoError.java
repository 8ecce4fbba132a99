package dev.portcullis.sso.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One refused SSO attempt, as the organization's admins see it in the SSO error log (PRODUCT §6):
 * when, the reference the user was shown, the reason, and the email and client address when known.
 * Entries are kept for {@link #RETENTION} and never changed.
 */
@Entity
@Table(name = "sso_error")
@NamedQuery(
    name = "SsoError.since",
    query =
        "select e from SsoError e where e.organizationId = :org and e.occurredAt >= :since"
            + " order by e.occurredAt desc, e.id desc")
@NamedQuery(name = "SsoError.purge", query = "delete from SsoError e where e.occurredAt < :before")
public class SsoError {

  /** How long an entry is kept and shown. */
  public static final Duration RETENTION = Duration.ofDays(7);

  public static final int MAX_REASON_LENGTH = 1024;
  public static final int MAX_EMAIL_LENGTH = 320;
  public static final int MAX_REFERENCE_LENGTH = 16;
  public static final int MAX_CLIENT_LENGTH = 64;

  @Id
  @Column(length = 36)
  private String id;

  @Column(name = "organization_id", nullable = false, length = 36)
  private String organizationId;

  @Column(name = "occurred_at", nullable = false)
  private Instant occurredAt;

  @Column(nullable = false, length = MAX_REFERENCE_LENGTH)
  private String reference;

  @Column(nullable = false, length = MAX_REASON_LENGTH)
  private String reason;

  @Column(length = MAX_EMAIL_LENGTH)
  private String email;

  @Column(name = "client_address", length = MAX_CLIENT_LENGTH)
  private String clientAddress;

  protected SsoError() {}

  public SsoError(
      String organizationId,
      Instant occurredAt,
      String reference,
      String reason,
      String email,
      String clientAddress) {
    this.id = UUID.randomUUID().toString();
    this.organizationId = Objects.requireNonNull(organizationId);
    this.occurredAt = Objects.requireNonNull(occurredAt);
    this.reference = truncate(Objects.requireNonNull(reference), MAX_REFERENCE_LENGTH);
    this.reason =
        truncate(reason == null || reason.isBlank() ? "Refused" : reason, MAX_REASON_LENGTH);
    this.email = email == null ? null : truncate(email, MAX_EMAIL_LENGTH);
    this.clientAddress = clientAddress == null ? null : truncate(clientAddress, MAX_CLIENT_LENGTH);
  }

  /** The oldest time still shown at {@code now}. */
  public static Instant oldestShownAt(Instant now) {
    return now.minus(RETENTION);
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  public String getId() {
    return id;
  }

  public String getOrganizationId() {
    return organizationId;
  }

  public Instant getOccurredAt() {
    return occurredAt;
  }

  public String getReference() {
    return reference;
  }

  public String getReason() {
    return reason;
  }

  public String getEmail() {
    return email;
  }

  public String getClientAddress() {
    return clientAddress;
  }
}
