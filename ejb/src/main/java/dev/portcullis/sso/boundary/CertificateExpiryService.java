package dev.portcullis.sso.boundary;

import dev.portcullis.org.entity.Organization;
import dev.portcullis.sso.control.CertificateExpiring;
import dev.portcullis.sso.control.IdpCertificates;
import dev.portcullis.sso.entity.IdpCertificate;
import dev.portcullis.sso.entity.IdpConnection;
import dev.portcullis.sso.entity.SsoSettings;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

/**
 * Expiry warnings of IdP signing certificates (PRODUCT §3): at 30, 7 and 1 days before a
 * certificate's notAfter its organization's Owners and Admins get an email, once per threshold.
 * Which threshold was sent is kept with the certificate, so restarts, several servers and the
 * testing switch running beside the timer never send one twice: each certificate is checked in a
 * transaction of its own, holding its row's lock.
 */
@Stateless
public class CertificateExpiryService {

  @PersistenceContext EntityManager em;

  @Inject IdpCertificates certs;

  @Inject Event<CertificateExpiring> expiring;

  /** The ids of the certificates that are active at {@code now} and expire within 30 days. */
  public List<String> expiringSoon(Instant now) {
    return em.createNamedQuery("IdpCertificate.expiringBetween", String.class)
        .setParameter("now", now)
        .setParameter(
            "horizon", now.plus(Duration.ofDays(IdpCertificate.EXPIRY_WARNING_DAYS.get(0))))
        .getResultList();
  }

  /**
   * Sends the warning that is due for this certificate at {@code now}, if any (after commit), and
   * records it as sent. Organizations without the Enterprise plan get none: their SSO is off.
   *
   * @return whether a warning was due
   */
  public boolean warnIfDue(String certificateId, Instant now) {
    IdpCertificate cert =
        em.find(IdpCertificate.class, certificateId, LockModeType.PESSIMISTIC_WRITE);
    if (cert == null) {
      return false; // removed meanwhile
    }
    OptionalInt due = cert.expiryWarningDueAt(now);
    Organization org = em.find(Organization.class, cert.getOrganizationId());
    if (due.isEmpty() || org == null || !org.getPlan().allowsAccessSecurity()) {
      return false;
    }
    cert.markExpiryWarned(due.getAsInt());
    SsoSettings settings = em.find(SsoSettings.class, cert.getOrganizationId());
    Instant replacementUntil =
        certs.of(cert.getOrganizationId(), cert.getConnectionId()).stream()
            .filter(c -> !c.getId().equals(cert.getId()) && c.isActiveAt(now))
            .map(IdpCertificate::getNotAfter)
            .filter(notAfter -> notAfter.isAfter(cert.getNotAfter()))
            .max(Instant::compareTo)
            .orElse(null);
    expiring.fire(
        new CertificateExpiring(
            org.getId(),
            org.getName(),
            cert.getId(),
            cert.getSubject(),
            cert.getSha256(),
            cert.getNotAfter(),
            due.getAsInt(),
            cert.daysLeftAt(now),
            settings != null && settings.isEnabled(),
            replacementUntil,
            idpName(cert)));
    return true;
  }

  /** The name of the IdP connection the certificate belongs to; null for the primary IdP. */
  private String idpName(IdpCertificate cert) {
    if (cert.getConnectionId() == null) {
      return null;
    }
    IdpConnection c = em.find(IdpConnection.class, cert.getConnectionId());
    return c == null ? null : c.getName();
  }
}
