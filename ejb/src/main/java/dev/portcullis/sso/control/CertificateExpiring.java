package dev.portcullis.sso.control;

import java.time.Instant;

/**
 * An IdP signing certificate of an organization reached an expiry warning threshold (30, 7 or 1
 * days): a CDI event fired inside the transaction that recorded the warning as sent, with
 * everything the email needs.
 *
 * @param thresholdDays the threshold reached (30, 7 or 1)
 * @param daysLeft whole days until {@code notAfter}, rounded up
 * @param ssoEnabled whether single sign-on is on for the organization
 * @param replacementUntil the expiry of another active certificate that outlives this one, or null
 *     when logins depend on this one
 * @param idpName the name of the additional IdP connection the certificate belongs to; null for the
 *     organization's primary IdP
 */
public record CertificateExpiring(
    String organizationId,
    String organizationName,
    String certificateId,
    String subject,
    String sha256,
    Instant notAfter,
    int thresholdDays,
    long daysLeft,
    boolean ssoEnabled,
    Instant replacementUntil,
    String idpName) {

  /** A certificate of the organization's primary IdP. */
  public CertificateExpiring(
      String organizationId,
      String organizationName,
      String certificateId,
      String subject,
      String sha256,
      Instant notAfter,
      int thresholdDays,
      long daysLeft,
      boolean ssoEnabled,
      Instant replacementUntil) {
    this(
        organizationId,
        organizationName,
        certificateId,
        subject,
        sha256,
        notAfter,
        thresholdDays,
        daysLeft,
        ssoEnabled,
        replacementUntil,
        null);
  }
}
