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
import dev.portcullis.platform.control.ReturnPath;
import dev.portcullis.platform.control.SecureTokens;
import dev.portcullis.sso.control.KeyEncryption;
import dev.portcullis.sso.control.SsoErrorLog;
import dev.portcullis.sso.control.SsoUrls;
import dev.portcullis.sso.entity.IdpCertificate;
import dev.portcullis.sso.entity.OutstandingRequest;
import dev.portcullis.sso.entity.SsoBinding;
import dev.portcullis.sso.entity.SsoSettings;
import dev.portcullis.sso.saml.AuthnRequestWriter;
import dev.portcullis.sso.saml.ResponseValidator;
import dev.portcullis.sso.saml.SamlBootstrap;
import dev.portcullis.sso.saml.SpKeys;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
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
 * SAML logins of an organization. {@link #startLogin} sends a signed AuthnRequest (SP-initiated)
 * and remembers it, bound to the browser, in the database. {@link #acceptResponse} is the postback
 * URL's business: it accepts a SAML response only if it passes every rule (signature, issuer,
 * audience, destination, time, one assertion, InResponseTo of an outstanding request of this
 * organization and this browser or an allowed IdP-initiated login, replay, the email's domain
 * verified by <em>this</em> organization, an active member with that email). It never throws: a
 * refusal is an outcome with a reference id, and its audit entry commits.
 */
@Stateless
public class SsoLoginService {

  private static final Logger LOG = Logger.getLogger(SsoLoginService.class.getName());

  public sealed interface Outcome permits Success, Refused {}

  /** {@code returnTo}: the local path the user goes to now. */
  public record Success(String userId, String email, String returnTo) implements Outcome {}

  /**
   * How the browser takes a new AuthnRequest to the IdP: for {@link SsoBinding#REDIRECT}, {@code
   * location} is the whole signed URL; for {@link SsoBinding#POST}, the form's action, with the
   * {@code SAMLRequest} and {@code RelayState} (may be null) fields.
   */
  public record LoginStart(
      SsoBinding binding, String location, String samlRequest, String relayState) {}

  /** {@code reference} is shown to the user and written to the audit entry and the log. */
  public record Refused(String reference, String message) implements Outcome {}

  @PersistenceContext EntityManager em;

  @Inject Clock clock;

  @Inject AuditLog audit;

  @Inject SsoUrls urls;

  @Inject Users users;

  @Inject OrgAccess access;

  @Inject SsoErrorLog errorLog;

  @EJB ReplayStore replay;

  @EJB DomainClaimService domains;

  @EJB SamlBootstrap saml;

  @EJB OutstandingRequests requests;

  @Inject KeyEncryption keys;

  /**
   * Starts an SP-initiated login: a signed AuthnRequest for the organization's IdP, remembered
   * (until it is answered or {@link OutstandingRequests#LIFETIME} passes) with the SHA-256 of the
   * browser's random {@code browserNonce} and where the user goes afterwards ({@code returnTo},
   * kept only if it is a local path). Refuses with 404 when the organization has no SSO on, 409
   * {@code sso_unavailable} when this server cannot do SAML.
   */
  public LoginStart startLogin(String organizationId, String browserNonce, String returnTo) {
    Organization org =
        organizationId == null || organizationId.length() > 36
            ? null
            : em.find(Organization.class, organizationId);
    SsoSettings settings = org == null ? null : em.find(SsoSettings.class, organizationId);
    if (org == null
        || !org.getPlan().allowsAccessSecurity()
        || settings == null
        || !settings.isEnabled()) {
      throw new ServiceException(
          ServiceException.Kind.NOT_FOUND,
          "sso_not_enabled",
          "Single sign-on is not set up for this organization.");
    }
    if (!saml.ready()) {
      throw ServiceException.conflict(
          "sso_unavailable", "Single sign-on is not available on this server (see its log).");
    }
    if (browserNonce == null || browserNonce.length() < 32 || browserNonce.length() > 128) {
      throw ServiceException.invalid("invalid_browser", "The login cookie is not usable.");
    }
    Instant now = clock.instant();
    String local = ReturnPath.local(returnTo).orElse(null);
    String relayState =
        local != null
                && local.getBytes(StandardCharsets.UTF_8).length
                    <= AuthnRequestWriter.MAX_RELAY_STATE_BYTES
            ? local
            : null;
    AuthnRequestWriter.Request request =
        new AuthnRequestWriter.Request(
            AuthnRequestWriter.newId(),
            urls.spEntityId(organizationId),
            urls.postbackUrl(organizationId),
            settings.getIdpSsoUrl(),
            now);
    java.security.PrivateKey key =
        SpKeys.privateKey(keys.open(settings.getSpPrivateKey(), organizationId));
    LoginStart start;
    if (settings.getIdpSsoBinding() == SsoBinding.POST) {
      AuthnRequestWriter.PostForm form =
          AuthnRequestWriter.postForm(
              request, relayState, key, certificate(settings.getSpCertificate()));
      start = new LoginStart(SsoBinding.POST, form.action(), form.samlRequest(), relayState);
    } else {
      start =
          new LoginStart(
              SsoBinding.REDIRECT,
              AuthnRequestWriter.redirectUrl(request, relayState, key),
              null,
              relayState);
    }
    requests.add(
        new OutstandingRequest(
            request.id(),
            organizationId,
            SecureTokens.sha256(browserNonce),
            local,
            now,
            now.plus(OutstandingRequests.LIFETIME)));
    return start;
  }

  /**
   * Judges a response posted to the organization's postback URL. {@code relayState} is used (as the
   * page to go to) only for IdP-initiated logins and only when it is a local path; {@code
   * browserNonce} is the random value of the browser's login cookie, if it sent one.
   */
  public Outcome acceptResponse(
      String organizationId,
      String samlResponse,
      String relayState,
      String browserNonce,
      String client) {
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
      String returnTo = answeredRequest(accepted, organizationId, browserNonce, relayState, now);
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
          Map.of(
              "assertionId",
              accepted.assertionId(),
              "initiatedBy",
              accepted.inResponseTo() == null ? "idp" : "sp"));
      return new Success(user.getId(), user.getEmail(), ReturnPath.orDefault(returnTo));
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

  /**
   * For an SP-initiated response, consumes the request it answers (it must be this organization's,
   * started in this browser, unexpired and unused) and returns where that login was going. For an
   * IdP-initiated one (the validator has checked that the organization allows them), the RelayState
   * if it is a local path.
   */
  private String answeredRequest(
      ResponseValidator.Accepted accepted,
      String organizationId,
      String browserNonce,
      String relayState,
      Instant now) {
    if (accepted.inResponseTo() == null) {
      return ReturnPath.local(relayState).orElse(null);
    }
    OutstandingRequests.Claim claim =
        requests.claim(
            accepted.inResponseTo(),
            organizationId,
            browserNonce == null ? null : SecureTokens.sha256(browserNonce),
            now);
    switch (claim.match()) {
      case CONSUMED:
        return claim.request().orElseThrow().getReturnTo();
      case OTHER_BROWSER:
        throw refusal(
            browserNonce == null
                ? "The response answers a login request, but this browser did not send the cookie"
                    + " of the login it started (cookies blocked, or the site is not on HTTPS)."
                : "The response answers a login request that was started in another browser.");
      case EXPIRED:
        throw refusal(
            "The login request this response answers has expired (after "
                + OutstandingRequests.LIFETIME.toMinutes()
                + " minutes); start the login again.");
      case ALREADY_USED:
        throw refusal("The login request this response answers was already used.");
      case UNKNOWN:
      default:
        throw refusal("The response answers a login request this server did not send.");
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
    errorLog.record(organizationId, reference, reason, email, client);
    return new Refused(reference, reason);
  }

  private static ServiceException refusal(String message) {
    return ServiceException.invalid("sso_refused", message);
  }

  private static X509Certificate certificate(String base64) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
    } catch (CertificateException e) {
      throw new IllegalStateException("stored SP certificate is unreadable", e);
    }
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
