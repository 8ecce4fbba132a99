package dev.portcullis.sso.boundary;

import dev.portcullis.audit.control.AuditLog;
import dev.portcullis.domainclaim.boundary.DomainClaimService;
import dev.portcullis.domainclaim.entity.VerifiedDomain;
import dev.portcullis.org.control.OrgAccess;
import dev.portcullis.org.control.Users;
import dev.portcullis.org.entity.Organization;
import dev.portcullis.org.entity.User;
import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.control.EmailAddress;
import dev.portcullis.sso.control.SsoUrls;
import dev.portcullis.sso.entity.IdpCertificate;
import dev.portcullis.sso.entity.SsoSettings;
import dev.portcullis.sso.saml.ResponseValidator;
import dev.portcullis.sso.saml.SamlBootstrap;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The postback URL's business: accepts a SAML response for an organization only if it passes every
 * rule (signature, issuer, audience, destination, time, one assertion, replay, the email's domain
 * verified by <em>this</em> organization, an active member with that email). Never throws: a
 * refusal is an outcome with a reference id, and its audit entry commits.
 */
@Stateless
public class SsoLoginService {

  private static final Logger LOG = Logger.getLogger(SsoLoginService.class.getName());

  public sealed interface Outcome permits Success, Refused {}

  public record Success(String userId, String email) implements Outcome {}

  /** {@code reference} is shown to the user and written to the audit entry and the log. */
  public record Refused(String reference, String message) implements Outcome {}

  @PersistenceContext EntityManager em;

  @Inject Clock clock;

  @Inject AuditLog audit;

  @Inject SsoUrls urls;

  @Inject Users users;

  @Inject OrgAccess access;

  @EJB ReplayStore replay;

  @EJB DomainClaimService domains;

  @EJB SamlBootstrap saml;

  public Outcome acceptResponse(String organizationId, String samlResponse, String client) {
    String reference = UUID.randomUUID().toString().substring(0, 8);
    Organization org =
        organizationId == null || organizationId.length() > 36
            ? null
            : em.find(Organization.class, organizationId);
    SsoSettings settings = org == null ? null : em.find(SsoSettings.class, organizationId);
    if (org == null
        || !org.getPlan().allowsAccessSecurity()
        || settings == null
        || !settings.isEnabled()
        || !saml.ready()) {
      LOG.info(() -> "SSO response refused [" + reference + "]: SSO not enabled");
      return new Refused(reference, "Single sign-on is not set up for this organization.");
    }
    String email = null;
    try {
      byte[] xml;
      try {
        xml = Base64.getMimeDecoder().decode(samlResponse == null ? "" : samlResponse);
      } catch (IllegalArgumentException e) {
        throw new ServiceException(
            ServiceException.Kind.INVALID, "sso_refused", "The SAML response is not base64.");
      }
      Instant now = clock.instant();
      ResponseValidator.Accepted accepted =
          ResponseValidator.validate(
              xml,
              new ResponseValidator.Expectations(
                  settings.getIdpEntityId(),
                  urls.spEntityId(organizationId),
                  urls.postbackUrl(organizationId),
                  activeCertificates(organizationId, now),
                  settings.isAllowIdpInitiated(),
                  now));
      email = accepted.email();
      String normalized = EmailAddress.normalize(accepted.email());
      email = normalized;
      String domain = EmailAddress.domainOf(normalized);
      boolean verified =
          domains.verifiedDomains(organizationId).stream()
              .map(VerifiedDomain::getDomain)
              .anyMatch(domain::equals);
      if (!verified) {
        throw refusal("The email's domain " + domain + " is not verified by this organization.");
      }
      if (!firstUse(accepted, organizationId)) {
        throw refusal("This assertion was already used (replay).");
      }
      User user =
          users
              .byEmail(normalized)
              .filter(User::isActive)
              .filter(
                  u ->
                      access
                          .membership(organizationId, u.getId())
                          .filter(m -> m.isActive())
                          .isPresent())
              .orElseThrow(
                  () ->
                      refusal(
                          "No active member of this organization has the email "
                              + normalized
                              + "."));
      audit.record(
          Actor.user(user.getId(), user.getEmail(), client),
          organizationId,
          "login.sso",
          new AuditLog.Target("user", user.getId(), user.getEmail()),
          null,
          Map.of("assertionId", accepted.assertionId()));
      return new Success(user.getId(), user.getEmail());
    } catch (ResponseValidator.Refused e) {
      return refused(organizationId, reference, e.getMessage(), email, client);
    } catch (ServiceException e) {
      return refused(organizationId, reference, e.getMessage(), email, client);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "SSO response failed unexpectedly [" + reference + "]", e);
      return refused(
          organizationId, reference, "The SAML response could not be processed.", email, client);
    }
  }

  private boolean firstUse(ResponseValidator.Accepted accepted, String organizationId) {
    try {
      return replay.firstUse(accepted.assertionId(), organizationId, accepted.replayUntil());
    } catch (EJBException concurrentUse) {
      return false;
    }
  }

  private Refused refused(
      String organizationId, String reference, String reason, String email, String client) {
    LOG.info(() -> "SSO response refused [" + reference + "]: " + reason);
    audit.record(
        Actor.anonymous(email == null ? "saml" : email, client),
        organizationId,
        "login.sso_refused",
        new AuditLog.Target("sso_settings", organizationId, "Single sign-on"),
        null,
        Map.of("reference", reference, "reason", reason));
    return new Refused(reference, reason);
  }

  private static ServiceException refusal(String message) {
    return ServiceException.invalid("sso_refused", message);
  }

  private List<X509Certificate> activeCertificates(String organizationId, Instant now) {
    List<X509Certificate> out = new ArrayList<>();
    for (IdpCertificate c :
        em.createNamedQuery("IdpCertificate.byOrganization", IdpCertificate.class)
            .setParameter("org", organizationId)
            .getResultList()) {
      if (c.isActiveAt(now)) {
        try {
          out.add(
              (X509Certificate)
                  CertificateFactory.getInstance("X.509")
                      .generateCertificate(new ByteArrayInputStream(c.getDer())));
        } catch (CertificateException e) {
          throw new IllegalStateException("stored IdP certificate unreadable", e);
        }
      }
    }
    return out;
  }
}
