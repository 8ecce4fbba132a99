package dev.portcullis.sso.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An accepted assertion ID, kept until the assertion could no longer be accepted anyway. */
@Entity
@Table(name = "sso_replay")
public class ReplayEntry {

  public static final int MAX_ID_LENGTH = 256;

  @Id
  @Column(name = "assertion_id", length = MAX_ID_LENGTH)
  private String assertionId;

  @Column(name = "organization_id", nullable = false, length = 36)
  private String organizationId;

  /** The IdP connection whose response used the assertion; null: the primary IdP. */
  @Column(name = "connection_id", length = 36)
  private String connectionId;

  @Column(name = "expires_at", nullable = false)
  private Instant expiresAt;

  protected ReplayEntry() {}

  public ReplayEntry(String assertionId, String organizationId, Instant expiresAt) {
    this(assertionId, organizationId, null, expiresAt);
  }

  public ReplayEntry(
      String assertionId, String organizationId, String connectionId, Instant expiresAt) {
    this.assertionId = assertionId;
    this.organizationId = organizationId;
    this.connectionId = connectionId;
    this.expiresAt = expiresAt;
  }

  public String getConnectionId() {
    return connectionId;
  }

  public String getAssertionId() {
    return assertionId;
  }

  public Instant getExpiresAt() {
    return expiresAt;
  }
}
