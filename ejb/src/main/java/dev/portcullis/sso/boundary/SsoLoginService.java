package dev.portcullis.sso.boundary;

import dev.portcullis.audit.control.AuditLog;
import dev.portcullis.org.control.OrgAccess;
import dev.portcullis.org.control.Users;
import dev.portcullis.org.entity.Membership;
import dev.portcullis.org.entity.Organization;
import dev.portcullis.org.entity.User;
import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.platform.boundary.ReconfirmationService;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.control.EmailAddress;
import dev.portcullis.platform.control.ReturnPath;
import dev.portcullis.platform.control.SecureTokens;
import dev.portcullis.sso.control.IdpAttributes;
import dev.portcullis.sso.control.IdpCertificates;
import dev.portcullis.sso.control.KeyEncryption;
import dev.portcullis.sso.control.LoginConfigs;
import dev.portcullis.sso.control.LoginConfigs.LoginConfig;
import dev.portcullis.sso.control.SsoErrorLog;
import dev.portcullis.sso.control.SsoPolicy;
import dev.portcullis.sso.control.SsoTests;
import dev.portcullis.sso.control.SsoUrls;
import dev.portcullis.sso.entity.IdpConnection;
import dev.portcullis.sso.entity.OutstandingRequest;
import dev.portcullis.sso.entity.SsoBinding;
import dev.portcullis.sso.entity.SsoSettings;
import dev.portcullis.sso.saml.AuthnRequestWriter;
import dev.portcullis.sso.saml.ResponseValidator;
import dev.portcullis.sso.saml.SamlBootstrap;
import dev.portcullis.sso.saml.SpKeys;
import jakarta.ejb.EJB;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  public sealed interface Outcome permits Success, Refused, Tested, Reconfirmed {}

  /** {@code returnTo}: the local path the user goes to now. */
  public record Success(String userId, String email, String returnTo) implements Outcome {}

  /**
   * How the browser takes a new AuthnRequest to the IdP: for {@link SsoBinding#REDIRECT}, {@code
   * location} is the whole signed URL; for {@link SsoBinding#POST}, the form's action, with the
   * {@code SAMLRequest} and {@code RelayState} (may be null) fields.
   */
  public record LoginStart(
      SsoBinding binding, String location, String samlRequest, String relayState) {}

  /**
   * {@code reference} is shown to the user and written to the audit entry and the log; {@code
   * backTo}: the console page of a refused step-up re-confirmation, to go back to (null: a login).
   */
  public record Refused(String reference, String message, String backTo) implements Outcome {
    public Refused(String reference, String message) {
      this(reference, message, null);
    }
  }

  /**
   * The answer to a step-up request (PRODUCT §2): the user logged in again at the IdP, and the
   * re-confirmation {@code reconfirmationId} waits for their console session to take it. Nobody was
   * signed in.
   */
  public record Reconfirmed(String reconfirmationId, String userId, String email)
      implements Outcome {}

  /** The answer to an admin's Test SSO request: a report; nobody was signed in. */
  public record Tested(SsoTestReport report) implements Outcome {}

  @PersistenceContext EntityManager em;

  @Inject Clock clock;

  @Inject AuditLog audit;

  @Inject SsoUrls urls;

  @Inject Users users;

  @Inject OrgAccess access;

  @Inject SsoErrorLog errorLog;

  @EJB ReplayStore replay;

  @EJB SamlBootstrap saml;

  @EJB OutstandingRequests requests;

  @Inject KeyEncryption keys;

  @Inject SsoTests tests;

  @EJB JitProvisioning jit;

  @Inject IdpCertificates certs;

  @Inject SsoPolicy policy;

  @Inject LoginConfigs configs;

  @EJB ReconfirmationService reconfirmations;

  /**
   * Starts an SP-initiated login: a signed AuthnRequest for the organization's IdP, remembered
   * (until it is answered or {@link OutstandingRequests#LIFETIME} passes) with the SHA-256 of the
   * browser's random {@code browserNonce} and where the user goes afterwards ({@code returnTo},
   * kept only if it is a local path). Refuses with 404 when the organization has no SSO on, 409
   * {@code sso_unavailable} when this server cannot do SAML.
   */
  public LoginStart startLogin(String organizationId, String browserNonce, String returnTo) {
    return startLogin(organizationId, null, browserNonce, returnTo);
  }

  /**
   * As {@link #startLogin(String, String, String)}, with the IdP of the organization's connection
   * {@code connectionId} (null: the primary IdP). 404 for a connection the organization does not
   * have; 409 {@code sso_incomplete} while the connection lacks an IdP setting.
   */
  public LoginStart startLogin(
      String organizationId, String connectionId, String browserNonce, String returnTo) {
    Organization org =
        organizationId == null || organizationId.length() > 36
            ? null
            : em.find(Organization.class, organizationId);
    SsoSettings settings = org == null ? null : em.find(SsoSettings.class, organizationId);
    if (org == null
        || !org.getPlan().allowsAccessSecurity()
        || settings == null
        || !settings.isEnabled()
        || policy.linked(organizationId)) {
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
    Idp idp = idp(organizationId, settings, connectionId).orElseThrow(SsoLoginService::noSuchIdp);
    String missing =
        idp.missing(certs.active(organizationId, connectionId, clock.instant()).size());
    if (missing != null) {
      throw ServiceException.conflict(
          "sso_incomplete",
          "The identity provider "
              + idp.name()
              + " is not fully set up (it lacks "
              + missing
              + "): ask your administrator.");
    }
    String local = ReturnPath.local(returnTo).orElse(null);
    return send(organizationId, settings, idp, browserNonce, local, null, null);
  }

  /**
   * Starts Test SSO (PRODUCT §6, "test before enforce") for an Owner or Admin of an Enterprise
   * organization: a real SP-initiated login with its IdP, whose answer the postback URL reports
   * rule by rule instead of signing anyone in (see {@link Tested}). Single sign-on may be off; the
   * IdP settings must be complete (409 {@code sso_incomplete}). The admin comes back to the Single
   * Sign-On page afterwards.
   */
  public LoginStart startTest(Actor actor, String organizationId, String browserNonce) {
    return startTest(actor, organizationId, null, browserNonce);
  }

  /** Test SSO of the IdP of connection {@code connectionId} (null: the primary IdP). */
  public LoginStart startTest(
      Actor actor, String organizationId, String connectionId, String browserNonce) {
    Organization org = access.requireAdmin(actor, organizationId);
    if (!org.getPlan().allowsAccessSecurity()) {
      throw ServiceException.forbidden(
          "plan_required", "Single sign-on is part of the Enterprise plan.");
    }
    if (!saml.ready()) {
      throw ServiceException.conflict(
          "sso_unavailable", "Single sign-on is not available on this server (see its log).");
    }
    SsoSettings settings = em.find(SsoSettings.class, organizationId);
    Idp idp =
        settings == null
            ? null
            : idp(organizationId, settings, connectionId).orElseThrow(SsoLoginService::noSuchIdp);
    String missing =
        idp == null
            ? "the IdP entity ID"
            : idp.missing(certs.active(organizationId, connectionId, clock.instant()).size());
    if (missing != null) {
      throw ServiceException.conflict("sso_incomplete", "Test SSO needs " + missing + " first.");
    }
    if (browserNonce == null || browserNonce.length() < 32 || browserNonce.length() > 128) {
      throw ServiceException.invalid("invalid_browser", "The login cookie is not usable.");
    }
    return send(
        organizationId,
        settings,
        idp,
        browserNonce,
        "/console/settings/access-security?org=" + organizationId + "&tab=sso",
        actor.userId(),
        null);
  }

  /**
   * Starts a step-up re-confirmation (PRODUCT §2, "SSO-only admins re-confirm through the IdP") for
   * the acting user, who has no password: a signed AuthnRequest with {@code ForceAuthn="true"} to
   * the IdP that serves their email (that of the organization whose verified domain it is, through
   * the IdP connection the domain is bound to or else the primary IdP; under Shared SSO the admin
   * organization's), remembered as a step-up request of that user, bound to this browser. Its
   * accepted answer re-confirms the user for one change ({@link Reconfirmed}) and signs nobody in;
   * {@code returnTo} (kept only if it is a local path) is the console page they go back to. 409
   * {@code password_step_up} for a user with a password (they re-enter it), {@code no_idp} when no
   * IdP serves their email, {@code sso_incomplete} or {@code sso_unavailable} like a login.
   */
  public LoginStart startStepUp(Actor actor, String browserNonce, String returnTo) {
    User user =
        actor.userId() == null
            ? null
            : users.byId(actor.userId()).filter(User::isActive).orElse(null);
    if (user == null) {
      throw ServiceException.forbidden(
          "Only a user logged in to the console can confirm a change.");
    }
    if (user.hasPassword()) {
      throw ServiceException.conflict(
          "password_step_up", "Your account has a password: re-enter it to confirm the change.");
    }
    StepUpRoute route =
        stepUpRoute(user)
            .orElseThrow(
                () ->
                    ServiceException.conflict(
                        "no_idp",
                        "No identity provider serves "
                            + user.getEmail()
                            + " now (single sign-on is off for its domain), so it cannot confirm a"
                            + " change; ask another Owner or Admin."));
    if (!saml.ready()) {
      throw ServiceException.conflict(
          "sso_unavailable", "Single sign-on is not available on this server (see its log).");
    }
    if (browserNonce == null || browserNonce.length() < 32 || browserNonce.length() > 128) {
      throw ServiceException.invalid("invalid_browser", "The login cookie is not usable.");
    }
    String missing =
        route
            .idp()
            .missing(
                certs
                    .active(route.organizationId(), route.idp().connectionId(), clock.instant())
                    .size());
    if (missing != null) {
      throw ServiceException.conflict(
          "sso_incomplete",
          "The identity provider "
              + route.idp().name()
              + " is not fully set up (it lacks "
              + missing
              + "): ask your administrator.");
    }
    return send(
        route.organizationId(),
        route.settings(),
        route.idp(),
        browserNonce,
        ReturnPath.local(returnTo).orElse(null),
        null,
        user.getId());
  }

  /**
   * Whose identity provider would re-confirm the acting user (for the console to name it), e.g.
   * "Acme's identity provider"; empty when no IdP serves their email.
   */
  public Optional<String> stepUpIdp(Actor actor) {
    return Optional.ofNullable(actor.userId())
        .flatMap(users::byId)
        .flatMap(this::stepUpRoute)
        .map(
            r ->
                r.organizationName()
                    + "'s identity provider"
                    + (r.idp().connectionId() == null ? "" : " " + r.idp().name()));
  }

  /** The IdP a step-up of this user goes to, if SSO serves their email. */
  private Optional<StepUpRoute> stepUpRoute(User user) {
    return policy
        .route(user.getEmail())
        .flatMap(
            r -> {
              SsoSettings settings = em.find(SsoSettings.class, r.organizationId());
              return idp(r.organizationId(), settings, r.connectionId())
                  .map(
                      idp ->
                          new StepUpRoute(r.organizationId(), r.organizationName(), settings, idp));
            });
  }

  private record StepUpRoute(
      String organizationId, String organizationName, SsoSettings settings, Idp idp) {}

  /**
   * A signed AuthnRequest to the IdP, remembered as outstanding ({@code testedBy}: Test SSO; {@code
   * stepUpOf}: a step-up re-confirmation, sent with ForceAuthn and without RelayState).
   */
  private LoginStart send(
      String organizationId,
      SsoSettings settings,
      Idp idp,
      String browserNonce,
      String local,
      String testedBy,
      String stepUpOf) {
    Instant now = clock.instant();
    String relayState =
        local != null
                && stepUpOf == null
                && local.getBytes(StandardCharsets.UTF_8).length
                    <= AuthnRequestWriter.MAX_RELAY_STATE_BYTES
            ? local
            : null;
    AuthnRequestWriter.Request request =
        new AuthnRequestWriter.Request(
            AuthnRequestWriter.newId(),
            urls.spEntityId(organizationId, idp.connectionId()),
            urls.postbackUrl(organizationId, idp.connectionId()),
            idp.ssoUrl(),
            now,
            stepUpOf != null);
    java.security.PrivateKey key =
        SpKeys.privateKey(keys.open(settings.getSpPrivateKey(), organizationId));
    LoginStart start;
    if (idp.binding() == SsoBinding.POST) {
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
    String browserHash = SecureTokens.sha256(browserNonce);
    Instant expires = now.plus(OutstandingRequests.LIFETIME);
    OutstandingRequest outstanding =
        testedBy != null
            ? OutstandingRequest.forTest(
                request.id(), organizationId, browserHash, local, testedBy, now, expires)
            : stepUpOf != null
                ? OutstandingRequest.forStepUp(
                    request.id(), organizationId, browserHash, local, stepUpOf, now, expires)
                : new OutstandingRequest(
                    request.id(), organizationId, browserHash, local, now, expires);
    requests.add(outstanding.toConnection(idp.connectionId()));
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
    return acceptResponse(organizationId, null, samlResponse, relayState, browserNonce, client);
  }

  /**
   * As {@link #acceptResponse(String, String, String, String, String)}, at the postback URL of the
   * organization's connection {@code connectionId} (null: the primary IdP's): the response must
   * come from that connection's IdP (issuer, certificates), for that connection's SP (audience,
   * destination, outstanding request), and the email's domain must be bound to that connection (the
   * primary IdP: bound to none). An IdP of one connection never logs in users of another's.
   */
  public Outcome acceptResponse(
      String organizationId,
      String connectionId,
      String samlResponse,
      String relayState,
      String browserNonce,
      String client) {
    String reference = UUID.randomUUID().toString().substring(0, 8);
    LoginConfig config = configs.read(organizationId, connectionId).orElse(null);
    if (config == null || !config.planAllows() || !saml.ready()) {
      LOG.info(() -> "SSO response refused [" + reference + "]: SSO not enabled");
      return new Refused(reference, "Single sign-on is not set up for this organization.");
    }
    Idp idp = Idp.of(config);
    if (!config.enabled() || config.linked()) {
      // with SSO off (or ignored: Shared SSO links the organization to an admin organization),
      // only the answer to a Test SSO request is judged (and reported)
      LoginConfig current = config;
      Idp currentIdp = idp;
      Optional<Outcome> tested =
          quietlyDecoded(samlResponse)
              .flatMap(
                  xml ->
                      tested(
                          organizationId,
                          currentIdp,
                          xml,
                          expectations(current, clock.instant()),
                          browserNonce,
                          client,
                          reference));
      if (tested.isPresent()) {
        return tested.get();
      }
      LOG.info(() -> "SSO response refused [" + reference + "]: SSO not enabled");
      return new Refused(reference, "Single sign-on is not set up for this organization.");
    }
    byte[] xml = null;
    ResponseValidator.Expectations expected = null;
    String email = null;
    OutstandingRequest stepUp = null;
    try {
      try {
        xml = Base64.getMimeDecoder().decode(samlResponse == null ? "" : samlResponse);
      } catch (IllegalArgumentException e) {
        throw new ServiceException(
            ServiceException.Kind.INVALID, "sso_refused", "The SAML response is not base64.");
      }
      Instant now = clock.instant();
      expected = expectations(config, now);
      ResponseValidator.Accepted accepted = ResponseValidator.validate(xml, expected);
      email = accepted.email();
      if (accepted.inResponseTo() != null) {
        stepUp =
            requests
                .stepUpRequest(accepted.inResponseTo(), organizationId, idp.connectionId())
                .orElse(null);
        if (stepUp != null) {
          return reconfirm(stepUp, accepted, organizationId, idp, browserNonce, client, reference);
        }
      }
      String returnTo =
          answeredRequest(accepted, organizationId, idp, browserNonce, relayState, now);
      String normalized = EmailAddress.normalize(accepted.email());
      email = normalized;
      String domain = EmailAddress.domainOf(normalized);
      String wrongDomain = policy.domainRefusal(organizationId, idp.connectionId(), domain);
      if (wrongDomain != null) {
        throw refusal(wrongDomain);
      }
      if (!firstUse(accepted, organizationId, idp)) {
        throw refusal("This assertion was already used (replay).");
      }
      Landing landing = member(organizationId, config, normalized, accepted, client);
      User user = landing.user();
      Map<String, Object> details = loginDetails(accepted, idp.name());
      if (!landing.organizationId().equals(organizationId)) {
        // Shared SSO: the login is the admin organization's and the linked organization's
        details.put("organization", landing.organizationId());
        details.put("adminOrganization", organizationId);
        audit.record(
            Actor.user(user.getId(), user.getEmail(), client),
            landing.organizationId(),
            "login.sso",
            new AuditLog.Target("user", user.getId(), user.getEmail()),
            null,
            details);
      }
      audit.record(
          Actor.user(user.getId(), user.getEmail(), client),
          organizationId,
          "login.sso",
          new AuditLog.Target("user", user.getId(), user.getEmail()),
          null,
          details);
      return new Success(user.getId(), user.getEmail(), ReturnPath.orDefault(returnTo));
    } catch (ResponseValidator.Refused | ServiceException e) {
      // a refused real login may be the answer to a Test SSO request: then it is reported
      if (xml != null && expected != null) {
        Optional<Outcome> tested =
            tested(organizationId, idp, xml, expected, browserNonce, client, reference);
        if (tested.isPresent()) {
          return tested.get();
        }
      }
      return refused(
          organizationId,
          idp,
          reference,
          e.getMessage(),
          email,
          client,
          stepUp != null ? stepUp : claimedStepUp(xml, organizationId, idp));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "SSO response failed unexpectedly [" + reference + "]", e);
      return refused(
          organizationId,
          idp,
          reference,
          "The SAML response could not be processed.",
          email,
          client,
          stepUp);
    }
  }

  /**
   * The answer to a step-up request, which {@link #acceptResponse} found valid by every rule of a
   * login's response: it consumes the request (this organization's IdP, this browser, unexpired,
   * unused), and accepts only a fresh login (the assertion's AuthnInstant no earlier than the
   * request was sent, less {@link ResponseValidator#SKEW}) of the very user who asked, with an
   * email of a domain this IdP serves and an assertion never used before. Then the user holds a
   * re-confirmation for one change ({@link ReconfirmationService}), audited as {@code
   * login.sso_reconfirmed}. It signs nobody in and provisions nobody.
   */
  private Outcome reconfirm(
      OutstandingRequest request,
      ResponseValidator.Accepted accepted,
      String organizationId,
      Idp idp,
      String browserNonce,
      String client,
      String reference) {
    Instant now = clock.instant();
    OutstandingRequest.Match match =
        request.consume(
            organizationId,
            idp.connectionId(),
            browserNonce == null ? null : SecureTokens.sha256(browserNonce),
            now);
    switch (match) {
      case CONSUMED:
        break;
      case OTHER_BROWSER:
        throw refusal(
            browserNonce == null
                ? "The response answers a confirmation request, but this browser did not send the"
                    + " cookie of the confirmation it started (cookies blocked, or the site is not"
                    + " on HTTPS)."
                : "The response answers a confirmation request that was started in another"
                    + " browser.");
      case EXPIRED:
        throw refusal(
            "The confirmation request this response answers has expired (after "
                + OutstandingRequests.LIFETIME.toMinutes()
                + " minutes); start it again from the console.");
      case ALREADY_USED:
        throw refusal("The confirmation request this response answers was already used.");
      default:
        throw refusal("The response answers a request this server did not send.");
    }
    User user = users.byId(request.getStepUpOf()).filter(User::isActive).orElse(null);
    if (user == null) {
      throw refusal("The account that asked for this confirmation is deactivated or gone.");
    }
    String normalized = EmailAddress.normalize(accepted.email());
    if (!normalized.equals(user.getEmail())) {
      throw refusal(
          "The identity provider confirmed "
              + normalized
              + ", but the confirmation was asked for "
              + user.getEmail()
              + ": only your own login at the identity provider confirms your change.");
    }
    Instant authn = accepted.authnInstant();
    if (authn == null) {
      throw refusal(
          "The response does not say when you logged in (the assertion has no AuthnStatement),"
              + " so it does not show that you logged in again.");
    }
    if (authn.isBefore(request.getCreatedAt().minus(ResponseValidator.SKEW))) {
      throw refusal(
          "The identity provider did not make you log in again: the login it reports (AuthnInstant "
              + authn
              + ") is older than the confirmation request ("
              + request.getCreatedAt()
              + "). Confirm again and log in at the identity provider when it asks; it must honour"
              + " ForceAuthn.");
    }
    if (authn.isAfter(now.plus(ResponseValidator.SKEW))) {
      throw refusal(
          "The login time the identity provider reports (AuthnInstant "
              + authn
              + ") lies in the future.");
    }
    String wrongDomain =
        policy.domainRefusal(organizationId, idp.connectionId(), EmailAddress.domainOf(normalized));
    if (wrongDomain != null) {
      throw refusal(wrongDomain);
    }
    if (!firstUse(accepted, organizationId, idp)) {
      throw refusal("This assertion was already used (replay).");
    }
    String reconfirmation =
        reconfirmations
            .record(
                user.getId(),
                request.getBrowserHash(),
                request.getReturnTo(),
                reference,
                authn,
                now)
            .getId();
    Map<String, Object> details = new java.util.LinkedHashMap<>();
    details.put("reference", reference);
    details.put("assertionId", accepted.assertionId());
    details.put("authnInstant", authn.toString());
    details.put("idp", idp.name());
    audit.record(
        Actor.user(user.getId(), user.getEmail(), client),
        organizationId,
        "login.sso_reconfirmed",
        new AuditLog.Target("user", user.getId(), user.getEmail()),
        null,
        details);
    return new Reconfirmed(reconfirmation, user.getId(), user.getEmail());
  }

  /**
   * The step-up request of this organization's IdP a refused response claims to answer, if any (its
   * InResponseTo is not trusted: it only decides where the refusal page leads back to).
   */
  private OutstandingRequest claimedStepUp(byte[] xml, String organizationId, Idp idp) {
    if (xml == null) {
      return null;
    }
    return requests
        .peekStepUp(ResponseValidator.claimedInResponseTo(xml))
        .filter(r -> r.isFor(organizationId, idp.connectionId()))
        .orElse(null);
  }

  /**
   * The report on the response, when it answers a Test SSO request of the organization; empty
   * otherwise, and when judging it failed unexpectedly (the caller refuses it as usual then).
   */
  private Optional<Outcome> tested(
      String organizationId,
      Idp idp,
      byte[] xml,
      ResponseValidator.Expectations expected,
      String browserNonce,
      String client,
      String reference) {
    try {
      return tests
          .judge(
              organizationId,
              idp.connectionId(),
              idp.name(),
              xml,
              expected,
              browserNonce,
              client,
              reference)
          .map(Tested::new);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Test SSO report failed unexpectedly [" + reference + "]", e);
      return Optional.empty();
    }
  }

  private ResponseValidator.Expectations expectations(LoginConfig config, Instant now) {
    return expectations(urls, config, now);
  }

  /** What a response to the IdP of {@code config} must satisfy at {@code now}. */
  static ResponseValidator.Expectations expectations(
      SsoUrls urls, LoginConfig config, Instant now) {
    return new ResponseValidator.Expectations(
        config.idpEntityId(),
        urls.spEntityId(config.organizationId(), config.connectionId()),
        urls.postbackUrl(config.organizationId(), config.connectionId()),
        config.activeAt(now),
        config.allowIdpInitiated(),
        now);
  }

  /** What the {@code login.sso} audit entry records of the login through the IdP {@code idp}. */
  static Map<String, Object> loginDetails(ResponseValidator.Accepted accepted, String idp) {
    Map<String, Object> details = new java.util.LinkedHashMap<>();
    details.put("assertionId", accepted.assertionId());
    details.put("initiatedBy", accepted.inResponseTo() == null ? "idp" : "sp");
    details.put("idp", idp);
    return details;
  }

  private static Optional<byte[]> quietlyDecoded(String samlResponse) {
    try {
      return Optional.of(Base64.getMimeDecoder().decode(samlResponse == null ? "" : samlResponse));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The active member the accepted response logs in. Under IdP Managed Access someone of the
   * verified domains who is not a member yet is provisioned now (JIT) and joins the teams named by
   * the IdP's groups; a member whom an admin or SCIM deactivated stays out either way.
   */
  private Landing member(
      String organizationId,
      LoginConfig settings,
      String normalized,
      ResponseValidator.Accepted accepted,
      String client) {
    Optional<Membership> membership = access.membershipByEmailToRead(organizationId, normalized);
    Optional<User> existing =
        membership.isPresent() ? membership.map(Membership::getUser) : users.byEmail(normalized);
    if (membership.isEmpty() && existing.map(User::isActive).orElse(true)) {
      Optional<String> shared =
          sharedLanding(organizationId, settings, normalized, existing, accepted, client);
      if (shared.isPresent()) {
        return new Landing(users.byEmail(normalized).orElseThrow(), shared.get());
      }
    }
    if (membership.isPresent() || (existing.isPresent() && !existing.get().isActive())) {
      if (membership.isEmpty() || !membership.get().isActive() || !existing.get().isActive()) {
        throw refusal(
            "The account of "
                + normalized
                + " is deactivated in this organization; an admin (or the IdP through SCIM) can"
                + " reactivate it.");
      }
    } else if (!settings.idpManagedAccess()) {
      throw refusal(
          "No active member of this organization has the email "
              + normalized
              + " (with IdP Managed Access on, the first SSO login adds them).");
    } else {
      try {
        jit.provision(organizationId, normalized, accepted.attributes(), client);
      } catch (ServiceException e) {
        if (!"uniqueness".equals(e.code())) {
          throw e;
        }
        // a first login of the same person racing this one provisioned them: use that
        LOG.fine(() -> "JIT provisioning of a user raced another first login; using theirs");
      }
      existing = users.byEmail(normalized);
      membership = existing.flatMap(u -> access.membership(organizationId, u.getId()));
      if (membership.isEmpty() || !membership.get().isActive()) {
        throw refusal("The user " + normalized + " could not be added to this organization.");
      }
    }
    User user = existing.orElseThrow();
    if (settings.idpManagedAccess()) {
      joinGroups(organizationId, user.getId(), normalized, settings, accepted, client);
    }
    return new Landing(user, organizationId);
  }

  /** Who an accepted response logs in, and the organization they land in. */
  private record Landing(User user, String organizationId) {}

  /** Adds the user to the organization's teams the IdP's groups name (IdP Managed Access). */
  private void joinGroups(
      String organizationId,
      String userId,
      String normalized,
      LoginConfig settings,
      ResponseValidator.Accepted accepted,
      String client) {
    List<String> groups = IdpAttributes.groups(accepted.attributes(), settings.groupAttribute());
    for (int attempt = 1; !groups.isEmpty(); attempt++) {
      try {
        jit.joinTeams(organizationId, userId, normalized, groups, client);
        break;
      } catch (RuntimeException e) {
        if (attempt == 3) {
          // the login itself is sound; the next one joins the teams
          LOG.log(Level.WARNING, "Joining the IdP's groups failed three times", e);
          break;
        }
      }
    }
  }

  /**
   * Shared SSO: for someone of the admin organization's domains who is not a member of it, the
   * organization linked to it they land in: one they are an active member of (the one the IdP's
   * group attribute names, if several), else, under the admin organization's IdP Managed Access,
   * the linked organization a group names, which provisions them (JIT). Empty when no linked
   * organization applies (the admin organization's own rules decide then); a refusal when they are
   * deactivated in a linked organization.
   */
  private Optional<String> sharedLanding(
      String adminOrganizationId,
      LoginConfig settings,
      String normalized,
      Optional<User> existing,
      ResponseValidator.Accepted accepted,
      String client) {
    List<Organization> linked =
        policy.linkedTo(adminOrganizationId).stream()
            .map(l -> em.find(Organization.class, l.getOrganizationId()))
            .filter(o -> o != null && o.getPlan().allowsAccessSecurity())
            .toList();
    if (linked.isEmpty()) {
      return Optional.empty();
    }
    List<String> groups = IdpAttributes.groups(accepted.attributes(), settings.groupAttribute());
    Organization named =
        linked.stream()
            .filter(o -> groups.stream().anyMatch(g -> g.strip().equalsIgnoreCase(o.getName())))
            .findFirst()
            .orElse(null);
    if (existing.isPresent()) {
      List<Membership> memberships =
          linked.stream()
              .map(o -> access.membership(o.getId(), existing.get().getId()))
              .flatMap(Optional::stream)
              .toList();
      List<Membership> active = memberships.stream().filter(Membership::isActive).toList();
      if (!active.isEmpty()) {
        Membership chosen =
            active.stream()
                .filter(m -> named != null && m.getOrganization().getId().equals(named.getId()))
                .findFirst()
                .orElse(active.get(0));
        String landing = chosen.getOrganization().getId();
        if (settings.idpManagedAccess()) {
          joinGroups(landing, existing.get().getId(), normalized, settings, accepted, client);
        }
        return Optional.of(landing);
      }
      if (!memberships.isEmpty()) {
        throw refusal(
            "The account of "
                + normalized
                + " is deactivated in "
                + memberships.get(0).getOrganization().getName()
                + "; an admin there can reactivate it.");
      }
    }
    if (named == null || !settings.idpManagedAccess()) {
      return Optional.empty();
    }
    try {
      jit.provisionShared(
          named.getId(), adminOrganizationId, normalized, accepted.attributes(), client);
    } catch (ServiceException e) {
      if (!"uniqueness".equals(e.code())) {
        throw e;
      }
      LOG.fine(() -> "JIT provisioning of a user raced another first login; using theirs");
    }
    User user = users.byEmail(normalized).orElse(null);
    if (user == null
        || access.membership(named.getId(), user.getId()).filter(Membership::isActive).isEmpty()) {
      throw refusal("The user " + normalized + " could not be added to " + named.getName() + ".");
    }
    joinGroups(named.getId(), user.getId(), normalized, settings, accepted, client);
    return Optional.of(named.getId());
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
      Idp idp,
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
            idp.connectionId(),
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
      case TEST_REQUEST:
        throw refusal("The response answers a Test SSO request, which signs nobody in.");
      case STEP_UP_REQUEST:
        throw refusal("The response answers a confirmation request, which signs nobody in.");
      case UNKNOWN:
      default:
        throw refusal("The response answers a login request this server did not send.");
    }
  }

  private boolean firstUse(ResponseValidator.Accepted accepted, String organizationId, Idp idp) {
    return replay.use(
        accepted.assertionId(), organizationId, idp.connectionId(), accepted.replayUntil());
  }

  /**
   * Records a refusal (audit, SSO error log, which name the connection's IdP, and say so when it
   * answered the step-up request {@code stepUp}); the user sees the reason without the IdP's name.
   */
  private Refused refused(
      String organizationId,
      Idp idp,
      String reference,
      String reason,
      String email,
      String client,
      OutstandingRequest stepUp) {
    LOG.info(() -> "SSO response refused [" + reference + "]: " + reason);
    Map<String, Object> details = new java.util.LinkedHashMap<>();
    details.put("reference", reference);
    details.put("reason", reason);
    details.put("idp", idp.name());
    if (stepUp != null) {
      details.put("stepUp", true);
    }
    audit.record(
        Actor.anonymous(email == null ? "saml" : email, client),
        organizationId,
        "login.sso_refused",
        new AuditLog.Target("sso_settings", organizationId, "Single sign-on"),
        null,
        details);
    String logged = stepUp == null ? reason : "Step-up re-confirmation refused: " + reason;
    errorLog.record(
        organizationId,
        reference,
        idp.connectionId() == null ? logged : "Identity provider " + idp.name() + ": " + logged,
        email,
        client);
    return new Refused(
        reference, reason, stepUp == null ? null : ReturnPath.orDefault(stepUp.getReturnTo()));
  }

  /** How audit entries name the primary IdP. */
  static final String PRIMARY = LoginConfigs.PRIMARY;

  /**
   * The IdP a login goes through: the organization's primary IdP ({@code connectionId} null, named
   * {@value #PRIMARY}) or one of its connections.
   */
  private record Idp(
      String connectionId, String name, String entityId, String ssoUrl, SsoBinding binding) {
    static Idp of(LoginConfig config) {
      return new Idp(
          config.connectionId(),
          config.idpName(),
          config.idpEntityId(),
          config.idpSsoUrl(),
          config.binding());
    }

    String missing(int activeCertificates) {
      return SsoSettings.missingForLogin(entityId, ssoUrl, activeCertificates);
    }
  }

  /** The organization's IdP {@code connectionId} (null: primary); empty for unknown ones. */
  private Optional<Idp> idp(String organizationId, SsoSettings settings, String connectionId) {
    if (connectionId == null) {
      return Optional.of(
          new Idp(
              null,
              PRIMARY,
              settings.getIdpEntityId(),
              settings.getIdpSsoUrl(),
              settings.getIdpSsoBinding()));
    }
    IdpConnection c =
        connectionId.length() > 36 ? null : em.find(IdpConnection.class, connectionId);
    if (c == null || !c.getOrganizationId().equals(organizationId)) {
      return Optional.empty();
    }
    return Optional.of(
        new Idp(
            c.getId(), c.getName(), c.getIdpEntityId(), c.getIdpSsoUrl(), c.getIdpSsoBinding()));
  }

  private static ServiceException noSuchIdp() {
    return new ServiceException(
        ServiceException.Kind.NOT_FOUND,
        "sso_not_enabled",
        "This identity provider is not set up for this organization.");
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
}
