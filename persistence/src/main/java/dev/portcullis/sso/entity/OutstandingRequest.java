package dev.portcullis.sso.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * An AuthnRequest this server sent and whose answer it still waits for (SP-initiated login). It
 * belongs to one organization and one browser (the SHA-256 of the random value in that browser's
 * cookie, never the value itself), expires, and is consumed by the first response that answers it.
 */
@Entity
@Table(name = "sso_authn_request")
public class OutstandingRequest {

  public static final int MAX_ID_LENGTH = 64;
  public static final int MAX_RETURN_TO_LENGTH = 1024;

  /** What a response's InResponseTo came to. */
  public enum Match {
    /** This browser's unexpired, unused request of this organization: now consumed. */
    CONSUMED,
    /** No such request of this organization. */
    UNKNOWN,
    /** Started in another browser. */
    OTHER_BROWSER,
    EXPIRED,
    ALREADY_USED,
    /** A request of a Test SSO run: a real login cannot use it (left as it was). */
    TEST_REQUEST,
    /** A request of a step-up re-confirmation: a real login cannot use it (left as it was). */
    STEP_UP_REQUEST
  }

  @Id
  @Column(length = MAX_ID_LENGTH)
  private String id;

  @Column(name = "organization_id", nullable = false, length = 36)
  private String organizationId;

  /** The {@link IdpConnection} the request went to; null: the primary IdP. */
  @Column(name = "connection_id", length = 36)
  private String connectionId;

  @Column(name = "browser_hash", nullable = false, length = 64)
  private String browserHash;

  @Column(name = "return_to", length = MAX_RETURN_TO_LENGTH)
  private String returnTo;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "expires_at", nullable = false)
  private Instant expiresAt;

  @Column(name = "consumed_at")
  private Instant consumedAt;

  /** The admin running Test SSO with this request; null for a real login. */
  @Column(name = "tested_by", length = 36)
  private String testedBy;

  /**
   * The user re-confirming their identity with this request (step-up through the IdP, sent with
   * ForceAuthn); null for a login or a test.
   */
  @Column(name = "step_up_of", length = 36)
  private String stepUpOf;

  protected OutstandingRequest() {}

  public OutstandingRequest(
      String id,
      String organizationId,
      String browserHash,
      String returnTo,
      Instant now,
      Instant expiresAt) {
    this.id = Objects.requireNonNull(id);
    this.organizationId = Objects.requireNonNull(organizationId);
    this.browserHash = Objects.requireNonNull(browserHash);
    this.returnTo = returnTo;
    this.createdAt = now;
    this.expiresAt = expiresAt;
  }

  /** The same request, sent to the IdP of connection {@code connectionId} (null: the primary). */
  public OutstandingRequest toConnection(String connectionId) {
    this.connectionId = connectionId;
    return this;
  }

  public String getConnectionId() {
    return connectionId;
  }

  /** Whether it was sent to this IdP of the organization (connection null: the primary). */
  public boolean isFor(String organization, String connection) {
    return organizationId.equals(organization) && Objects.equals(connectionId, connection);
  }

  /** A request of an admin's Test SSO run: its answer is reported, it signs nobody in. */
  public static OutstandingRequest forTest(
      String id,
      String organizationId,
      String browserHash,
      String returnTo,
      String adminUserId,
      Instant now,
      Instant expiresAt) {
    OutstandingRequest r =
        new OutstandingRequest(id, organizationId, browserHash, returnTo, now, expiresAt);
    r.testedBy = Objects.requireNonNull(adminUserId);
    return r;
  }

  /**
   * A request of a user's step-up through the IdP (PRODUCT §2): its answer, if it is a fresh login
   * of that very user, re-confirms them for one change; it signs nobody in.
   */
  public static OutstandingRequest forStepUp(
      String id,
      String organizationId,
      String browserHash,
      String returnTo,
      String userId,
      Instant now,
      Instant expiresAt) {
    OutstandingRequest r =
        new OutstandingRequest(id, organizationId, browserHash, returnTo, now, expiresAt);
    r.stepUpOf = Objects.requireNonNull(userId);
    return r;
  }

  /**
   * Consumes the request if a response for {@code organization}'s IdP {@code connection} (null: the
   * primary) arriving in the browser whose cookie hashes to {@code browserHash} may answer it; says
   * why not otherwise. A refusal leaves the request as it was, so a response replayed into another
   * browser cannot burn it.
   */
  public Match consume(String organization, String connection, String browserHash, Instant now) {
    if (!isFor(organization, connection)) {
      return Match.UNKNOWN;
    }
    if (browserHash == null || !this.browserHash.equals(browserHash)) {
      return Match.OTHER_BROWSER;
    }
    if (consumedAt != null) {
      return Match.ALREADY_USED;
    }
    if (!now.isBefore(expiresAt)) {
      return Match.EXPIRED;
    }
    consumedAt = now;
    return Match.CONSUMED;
  }

  public boolean isTest() {
    return testedBy != null;
  }

  public String getTestedBy() {
    return testedBy;
  }

  public boolean isStepUp() {
    return stepUpOf != null;
  }

  /** The user of a step-up request; null for others. */
  public String getStepUpOf() {
    return stepUpOf;
  }

  /** When the request was sent: a step-up's answer must report a login no older than this. */
  public Instant getCreatedAt() {
    return createdAt;
  }

  public String getBrowserHash() {
    return browserHash;
  }

  public String getId() {
    return id;
  }

  public String getOrganizationId() {
    return organizationId;
  }

  public String getReturnTo() {
    return returnTo;
  }

  public Instant getExpiresAt() {
    return expiresAt;
  }

  public Instant getConsumedAt() {
    return consumedAt;
  }
}
