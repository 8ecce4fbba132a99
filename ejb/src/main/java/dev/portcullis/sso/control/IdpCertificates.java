package dev.portcullis.sso.control;

import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.control.Databases;
import dev.portcullis.sso.entity.IdpCertificate;
import jakarta.enterprise.context.Dependent;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The signing certificates of one IdP of an organization: its primary IdP ({@code connectionId}
 * null) or one of its IdP connections. At most {@link IdpCertificate#MAX_ACTIVE} are active per
 * IdP; a certificate is configured once per organization. Callers hold the organization lock.
 */
@Dependent
public class IdpCertificates {

  @PersistenceContext EntityManager em;

  /** The IdP's certificates, soonest to expire first. */
  public List<IdpCertificate> of(String organizationId, String connectionId) {
    return ofIdp(organizationId, connectionId).getResultList();
  }

  /** The query of {@link #of}: the primary IdP's certificates, or those of a connection. */
  private TypedQuery<IdpCertificate> ofIdp(String organizationId, String connectionId) {
    return connectionId == null
        ? em.createNamedQuery("IdpCertificate.byOrganization", IdpCertificate.class)
            .setParameter("org", organizationId)
        : em.createNamedQuery("IdpCertificate.byConnection", IdpCertificate.class)
            .setParameter("org", organizationId)
            .setParameter("connection", connectionId);
  }

  /** Every certificate of the organization, of every IdP. */
  public List<IdpCertificate> allOf(String organizationId) {
    return em.createNamedQuery("IdpCertificate.allOfOrganization", IdpCertificate.class)
        .setParameter("org", organizationId)
        .getResultList();
  }

  public List<IdpCertificate> active(String organizationId, String connectionId, Instant now) {
    return of(organizationId, connectionId).stream().filter(c -> c.isActiveAt(now)).toList();
  }

  /** A signing certificate of an IdP, parsed, and until when it is active. */
  public record Signing(Instant notAfter, X509Certificate certificate) {
    public boolean isActiveAt(Instant now) {
      return IdpCertificate.activeAt(notAfter, now);
    }
  }

  /**
   * Every signing certificate of the IdP, active or not, parsed for checking signatures, read
   * without tracking changes ({@link Databases#READ_ONLY}). Only the parsing of a certificate's
   * bytes is remembered here, keyed by those bytes; which certificates the IdP has is read every
   * time (see {@link LoginConfigs} for what a server remembers of them, and how it stays current).
   */
  public List<Signing> signing(String organizationId, String connectionId) {
    TypedQuery<IdpCertificate> q = ofIdp(organizationId, connectionId);
    if (PARSED.size() > 4096) {
      PARSED.clear();
    }
    List<Signing> out = new ArrayList<>();
    for (IdpCertificate c : q.setHint(Databases.READ_ONLY, true).getResultList()) {
      out.add(
          new Signing(
              c.getNotAfter(),
              PARSED.computeIfAbsent(ByteBuffer.wrap(c.getDer()), IdpCertificates::parse)));
    }
    return out;
  }

  /** Parsed certificates by their DER bytes; emptied when it grows past a few thousand. */
  private static final Map<ByteBuffer, X509Certificate> PARSED = new ConcurrentHashMap<>();

  private static X509Certificate parse(ByteBuffer der) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der.array()));
    } catch (CertificateException e) {
      throw new IllegalStateException("stored IdP certificate unreadable", e);
    }
  }

  /**
   * Adds a certificate to the IdP: 409 {@code certificate_exists} when the organization has it
   * already (for this IdP or another), 409 {@code too_many_certificates} when the IdP has two
   * active ones.
   */
  public IdpCertificate add(
      String organizationId, String connectionId, Certificates.Parsed parsed, Instant now) {
    for (IdpCertificate c : allOf(organizationId)) {
      if (c.getSha256().equals(parsed.sha256())) {
        throw ServiceException.conflict(
            "certificate_exists",
            Objects.equals(c.getConnectionId(), connectionId)
                ? "This certificate is already configured."
                : "This certificate is already configured for another identity provider of this"
                    + " organization.");
      }
    }
    long active = active(organizationId, connectionId, now).size();
    if (active >= IdpCertificate.MAX_ACTIVE) {
      throw ServiceException.conflict(
          "too_many_certificates",
          "Two signing certificates are already active; remove the old one before adding a"
              + " third.");
    }
    IdpCertificate cert =
        IdpCertificate.of(
            organizationId,
            connectionId,
            parsed.subject(),
            parsed.sha256(),
            parsed.notAfter(),
            parsed.der(),
            now);
    em.persist(cert);
    return cert;
  }

  /** Replaces the IdP's certificates (metadata import); answers the new ones' fingerprints. */
  public List<String> replace(
      String organizationId, String connectionId, List<Certificates.Parsed> parsed, Instant now) {
    for (IdpCertificate old : of(organizationId, connectionId)) {
      em.remove(old);
    }
    em.flush();
    List<String> fingerprints = new ArrayList<>();
    for (Certificates.Parsed p : parsed) {
      fingerprints.add(add(organizationId, connectionId, p, now).getSha256());
    }
    return fingerprints;
  }
}
