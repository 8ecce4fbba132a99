package dev.portcullis.sso.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

/**
 * One X.509 signing certificate of an organization's IdP. At most {@link #MAX_ACTIVE} are active at
 * once (rollover without downtime); the service enforces the limit under the organization lock.
 */
@Entity
@Table(name = "sso_idp_certificate")
@NamedQuery(
    name = "IdpCertificate.byOrganization",
    query =
        "select c from IdpCertificate c where c.organizationId = :org order by c.notAfter, c.id")
public class IdpCertificate {

  public static final int MAX_ACTIVE = 2;

  @Id private String id;

  @Column(name = "organization_id", nullable = false, length = 36)
  private String organizationId;

  @Column(nullable = false, length = 1024)
  private String subject;

  /** SHA-256 of the DER encoding, upper-case hex pairs separated by colons. */
  @Column(nullable = false, length = 95)
  private String sha256;

  @Column(name = "not_after", nullable = false)
  private Instant notAfter;

  /** The DER encoding, base64. */
  @Column(nullable = false, length = 16000)
  private String der;

  @Column(name = "added_at", nullable = false)
  private Instant addedAt;

  protected IdpCertificate() {}

  public IdpCertificate(
      String organizationId,
      String subject,
      String sha256,
      Instant notAfter,
      byte[] der,
      Instant now) {
    this.id = UUID.randomUUID().toString();
    this.organizationId = Objects.requireNonNull(organizationId);
    this.subject = subject.length() > 1024 ? subject.substring(0, 1024) : subject;
    this.sha256 = Objects.requireNonNull(sha256);
    this.notAfter = Objects.requireNonNull(notAfter);
    this.der = Base64.getEncoder().encodeToString(der);
    this.addedAt = now;
  }

  /** Active: not yet expired at {@code now}. */
  public boolean isActiveAt(Instant now) {
    return now.isBefore(notAfter);
  }

  public String getId() {
    return id;
  }

  public String getOrganizationId() {
    return organizationId;
  }

  public String getSubject() {
    return subject;
  }

  public String getSha256() {
    return sha256;
  }

  public Instant getNotAfter() {
    return notAfter;
  }

  public byte[] getDer() {
    return Base64.getDecoder().decode(der);
  }

  public Instant getAddedAt() {
    return addedAt;
  }
}
