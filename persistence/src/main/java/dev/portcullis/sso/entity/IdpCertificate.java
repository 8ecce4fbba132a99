package dev.portcullis.sso.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * One X.509 signing certificate of an organization's IdP: the primary one ({@code connectionId}
 * null, {@code IdpCertificate.byOrganization}) or one of its {@link IdpConnection}s. At most {@link
 * #MAX_ACTIVE} are active at once (rollover without downtime); the service enforces the limit under
 * the organization lock. Owners and Admins are warned by email {@link #EXPIRY_WARNING_DAYS} days
 * before it expires, once per threshold: the certificate remembers the last threshold it was warned
 * about.
 */
@Entity
@Table(name = "sso_idp_certificate")
@NamedQuery(
    name = "IdpCertificate.byOrganization",
    query =
        "select c from IdpCertificate c where c.organizationId = :org and c.connectionId is null"
            + " order by c.notAfter, c.id")
@NamedQuery(
    name = "IdpCertificate.byConnection",
    query =
        "select c from IdpCertificate c where c.organizationId = :org"
            + " and c.connectionId = :connection order by c.notAfter, c.id")
@NamedQuery(
    name = "IdpCertificate.allOfOrganization",
    query =
        "select c from IdpCertificate c where c.organizationId = :org order by c.notAfter, c.id")
@NamedQuery(
    name = "IdpCertificate.expiringBetween",
    query =
        "select c.id from IdpCertificate c where c.notAfter > :now and c.notAfter <= :horizon"
            + " order by c.notAfter, c.id")
public class IdpCertificate {

  public static final int MAX_ACTIVE = 2;

  /** Days before expiry at which admins are warned (PRODUCT §3), the first one first. */
  public static final List<Integer> EXPIRY_WARNING_DAYS = List.of(30, 7, 1);

  @Id private String id;

  @Column(name = "organization_id", nullable = false, length = 36)
  private String organizationId;

  /** The {@link IdpConnection} whose IdP signs with it; null: the primary IdP. */
  @Column(name = "connection_id", length = 36)
  private String connectionId;

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

  /** The smallest of {@link #EXPIRY_WARNING_DAYS} already emailed, or null. */
  @Column(name = "expiry_warned_days")
  private Integer expiryWarnedDays;

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

  /** The same certificate of a connection's IdP (null: the primary IdP). */
  public static IdpCertificate of(
      String organizationId,
      String connectionId,
      String subject,
      String sha256,
      Instant notAfter,
      byte[] der,
      Instant now) {
    IdpCertificate c = new IdpCertificate(organizationId, subject, sha256, notAfter, der, now);
    c.connectionId = connectionId;
    return c;
  }

  public String getConnectionId() {
    return connectionId;
  }

  /** Active: not yet expired at {@code now}. */
  public boolean isActiveAt(Instant now) {
    return activeAt(notAfter, now);
  }

  /** Whether a certificate that expires at {@code notAfter} is active at {@code now}. */
  public static boolean activeAt(Instant notAfter, Instant now) {
    return now.isBefore(notAfter);
  }

  /**
   * Whole days until it expires, rounded up: 30 on the day the first warning goes out; 0 once
   * expired.
   */
  public long daysLeftAt(Instant now) {
    if (!isActiveAt(now)) {
      return 0;
    }
    Duration left = Duration.between(now, notAfter);
    long days = left.toDays();
    return left.equals(Duration.ofDays(days)) ? days : days + 1;
  }

  /** Active, and expires within the first warning threshold: the console shows a banner. */
  public boolean expiresSoonAt(Instant now) {
    return isActiveAt(now) && within(EXPIRY_WARNING_DAYS.get(0), now);
  }

  /**
   * The expiry warning due at {@code now}, in days: the smallest threshold reached that was not
   * warned about yet. Thresholds skipped (a certificate added with 5 days left) are not sent late:
   * only the nearest one goes out.
   */
  public OptionalInt expiryWarningDueAt(Instant now) {
    if (!isActiveAt(now)) {
      return OptionalInt.empty();
    }
    Integer reached = null;
    for (int days : EXPIRY_WARNING_DAYS) {
      if (within(days, now)) {
        reached = days;
      }
    }
    if (reached == null || (expiryWarnedDays != null && expiryWarnedDays <= reached)) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(reached);
  }

  /** Records that the warning for {@code days} before expiry was sent. */
  public void markExpiryWarned(int days) {
    if (!EXPIRY_WARNING_DAYS.contains(days)) {
      throw new IllegalArgumentException("not a warning threshold: " + days);
    }
    this.expiryWarnedDays = days;
  }

  private boolean within(int days, Instant now) {
    return !notAfter.isAfter(now.plus(Duration.ofDays(days)));
  }

  public Integer getExpiryWarnedDays() {
    return expiryWarnedDays;
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
