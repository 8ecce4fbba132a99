package dev.portcullis.sso.boundary;

import dev.portcullis.audit.control.AuditLog;
import dev.portcullis.domainclaim.entity.VerifiedDomain;
import dev.portcullis.org.control.OrgAccess;
import dev.portcullis.org.entity.Membership;
import dev.portcullis.org.entity.OrgRole;
import dev.portcullis.org.entity.Organization;
import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.control.PortcullisConfig;
import dev.portcullis.sso.control.Certificates;
import dev.portcullis.sso.control.IdpCertificates;
import dev.portcullis.sso.control.KeyEncryption;
import dev.portcullis.sso.control.MetadataUrls;
import dev.portcullis.sso.control.RecoveryCodes;
import dev.portcullis.sso.control.SsoPolicy;
import dev.portcullis.sso.control.SsoSettingsRows;
import dev.portcullis.sso.control.SsoUrls;
import dev.portcullis.sso.entity.IdpCertificate;
import dev.portcullis.sso.entity.IdpConnection;
import dev.portcullis.sso.entity.SsoBinding;
import dev.portcullis.sso.entity.SsoSettings;
import dev.portcullis.sso.saml.IdpMetadataReader;
import dev.portcullis.sso.saml.SamlBootstrap;
import dev.portcullis.sso.saml.SpMetadataWriter;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SAML SSO settings of an organization (PRODUCT §3): IdP entity ID and SSO URL, IdP signing
 * certificates (at most two active, for rollover), metadata import, the policy switches, and the
 * organization's own SP key pair and metadata. Owners and Admins only, Enterprise plan only; every
 * change is audited.
 */
@Stateless
public class SsoSettingsService {

  /** Policy and IdP fields of an update; {@code null} leaves a field unchanged. */
  public record Changes(
      Boolean enabled,
      Boolean requireSso,
      Boolean idpManagedAccess,
      Optional<String> idpEntityId,
      Optional<String> idpSsoUrl,
      Boolean allowIdpInitiated,
      SsoBinding idpSsoBinding,
      Boolean strictSso,
      Optional<String> groupAttribute,
      Optional<String> idpMetadataUrl) {

    /** Every field but the IdP metadata URL. */
    public Changes(
        Boolean enabled,
        Boolean requireSso,
        Boolean idpManagedAccess,
        Optional<String> idpEntityId,
        Optional<String> idpSsoUrl,
        Boolean allowIdpInitiated,
        SsoBinding idpSsoBinding,
        Boolean strictSso,
        Optional<String> groupAttribute) {
      this(
          enabled,
          requireSso,
          idpManagedAccess,
          idpEntityId,
          idpSsoUrl,
          allowIdpInitiated,
          idpSsoBinding,
          strictSso,
          groupAttribute,
          null);
    }

    /** Every field but the group attribute and the IdP metadata URL. */
    public Changes(
        Boolean enabled,
        Boolean requireSso,
        Boolean idpManagedAccess,
        Optional<String> idpEntityId,
        Optional<String> idpSsoUrl,
        Boolean allowIdpInitiated,
        SsoBinding idpSsoBinding,
        Boolean strictSso) {
      this(
          enabled,
          requireSso,
          idpManagedAccess,
          idpEntityId,
          idpSsoUrl,
          allowIdpInitiated,
          idpSsoBinding,
          strictSso,
          null,
          null);
    }

    /** Every field but strict SSO. */
    public Changes(
        Boolean enabled,
        Boolean requireSso,
        Boolean idpManagedAccess,
        Optional<String> idpEntityId,
        Optional<String> idpSsoUrl,
        Boolean allowIdpInitiated,
        SsoBinding idpSsoBinding) {
      this(
          enabled,
          requireSso,
          idpManagedAccess,
          idpEntityId,
          idpSsoUrl,
          allowIdpInitiated,
          idpSsoBinding,
          null,
          null,
          null);
    }

    /** The policy and IdP fields without IdP-initiated logins and the SSO URL's binding. */
    public Changes(
        Boolean enabled,
        Boolean requireSso,
        Boolean idpManagedAccess,
        Optional<String> idpEntityId,
        Optional<String> idpSsoUrl) {
      this(
          enabled,
          requireSso,
          idpManagedAccess,
          idpEntityId,
          idpSsoUrl,
          null,
          null,
          null,
          null,
          null);
    }
  }

  @PersistenceContext EntityManager em;

  @Inject OrgAccess access;

  @Inject AuditLog audit;

  @Inject Clock clock;

  @Inject KeyEncryption keys;

  @Inject SsoUrls urls;

  @EJB SamlBootstrap saml;

  @Inject RecoveryCodes recoveryCodes;

  @Inject IdpCertificates certs;

  @Inject SsoSettingsRows rows;

  @Inject SsoPolicy policy;

  @Inject PortcullisConfig config;

  public SsoConfiguration get(Actor actor, String organizationId) {
    requireEnterpriseAdmin(actor, organizationId);
    return view(settingsFor(organizationId));
  }

  public SsoConfiguration update(Actor actor, String organizationId, Changes changes) {
    lockEnterpriseAdmin(actor, organizationId);
    SsoSettings s = settingsFor(organizationId);
    Map<String, Object> before = state(s);
    Instant now = clock.instant();
    String entityId = s.getIdpEntityId();
    String ssoUrl = s.getIdpSsoUrl();
    if (changes.idpEntityId() != null) {
      entityId = entityId(changes.idpEntityId().orElse(null));
    }
    if (changes.idpSsoUrl() != null) {
      ssoUrl = ssoUrl(changes.idpSsoUrl().orElse(null));
    }
    SsoBinding binding =
        changes.idpSsoBinding() == null ? s.getIdpSsoBinding() : changes.idpSsoBinding();
    s.configureIdp(entityId, ssoUrl, binding, now);
    if (changes.idpMetadataUrl() != null) {
      s.idpMetadataUrl(metadataUrl(changes.idpMetadataUrl().orElse(null), config));
    }
    if (changes.groupAttribute() != null) {
      s.groupAttribute(groupAttribute(changes.groupAttribute().orElse(null)), now);
    }
    if (changes.allowIdpInitiated() != null) {
      s.allowIdpInitiated(changes.allowIdpInitiated(), now);
    }
    boolean enabled = changes.enabled() == null ? s.isEnabled() : changes.enabled();
    boolean requireSso = changes.requireSso() == null ? s.isRequireSso() : changes.requireSso();
    boolean managed =
        changes.idpManagedAccess() == null ? s.isIdpManagedAccess() : changes.idpManagedAccess();
    if (enabled) {
      String missing = s.missingForLogin(activeCertificates(organizationId, now).size());
      if (missing != null) {
        throw ServiceException.conflict(
            "sso_incomplete", "Single sign-on cannot be turned on without " + missing + ".");
      }
    }
    if (Boolean.TRUE.equals(changes.strictSso()) && !requireSso) {
      throw ServiceException.conflict(
          "require_sso_off", "Strict SSO applies under Require SSO: turn Require SSO on too.");
    }
    if (requireSso && !enabled) {
      throw ServiceException.conflict(
          "sso_disabled", "Require SSO needs single sign-on to be turned on.");
    }
    s.changePolicy(enabled, requireSso, managed, now);
    boolean strict =
        requireSso && (changes.strictSso() == null ? s.isStrictSso() : changes.strictSso());
    if (strict != s.isStrictSso()) {
      if (changes.strictSso() != null) {
        requireOwner(actor, organizationId);
      }
      if (strict && recoveryCodes.unusedOfOwners(organizationId) == 0) {
        throw ServiceException.conflict(
            "recovery_codes_missing",
            "Strict SSO leaves nobody a password: generate your recovery codes first, so an Owner"
                + " can still get in when the IdP fails.");
      }
      s.strictSso(strict, now);
    }
    Map<String, Object> after = state(s);
    if (!after.equals(before)) {
      audit.record(actor, organizationId, "sso.updated", target(organizationId), before, after);
    }
    boolean newlyRequired = s.isRequireSso() && !Boolean.TRUE.equals(before.get("requireSso"));
    boolean newlyStrict = s.isStrictSso() && !Boolean.TRUE.equals(before.get("strictSso"));
    if ((newlyRequired || newlyStrict) && !policy.linked(organizationId)) {
      int ended = endPasswordAccess(actor, organizationId, s.isStrictSso(), now);
      Map<String, Object> what = new LinkedHashMap<>();
      what.put("users", ended);
      what.put("reason", newlyStrict ? "strict SSO turned on" : "Require SSO turned on");
      audit.record(actor, organizationId, "sso.sessions_ended", target(organizationId), null, what);
    }
    return view(s);
  }

  /**
   * When Require SSO (or strict SSO) goes on, the users of the organization's verified domains who
   * may no longer log in with a password lose what their password gave them: their console sessions
   * end and their personal access tokens are revoked, so they come back through the IdP. Owners and
   * Admins of the organization (Admins through a team included) keep theirs under Require SSO
   * (break-glass), nobody does under strict SSO; the admin making the change keeps theirs either
   * way. Answers how many users it applied to. One statement per domain and kind, whatever the
   * number of users.
   */
  private int endPasswordAccess(Actor actor, String organizationId, boolean strict, Instant now) {
    String whoLoses =
        "u.email like :suffix escape '!' and u.id <> :actor"
            + (strict
                ? ""
                : " and not exists (select m from Membership m where m.user = u"
                    + " and m.organization.id = :org and m.active = true"
                    + " and (m.role in :roles or m.teamRole in :roles))");
    int ended = 0;
    for (VerifiedDomain d :
        em.createNamedQuery("VerifiedDomain.byOrganization", VerifiedDomain.class)
            .setParameter("org", organizationId)
            .getResultList()) {
      String suffix = "%@" + d.getDomain().replace("!", "!!").replace("_", "!_").replace("%", "!%");
      Query tokens =
          em.createQuery(
                  "update AccessToken t set t.revokedAt = :now where t.revokedAt is null"
                      + " and t.userId in (select u.id from User u where "
                      + whoLoses
                      + ")")
              .setParameter("now", now);
      // a console session is valid only when it began after this, in the server's real time
      Query sessions =
          em.createQuery("update User u set u.sessionsEndedAt = :ended where " + whoLoses)
              .setParameter("ended", Instant.now());
      for (Query q : List.of(tokens, sessions)) {
        q.setParameter("suffix", suffix)
            .setParameter("actor", actor.userId() == null ? "" : actor.userId());
        if (!strict) {
          q.setParameter("org", organizationId)
              .setParameter("roles", List.of(OrgRole.OWNER, OrgRole.ADMIN));
        }
      }
      tokens.executeUpdate();
      ended += sessions.executeUpdate();
    }
    return ended;
  }

  public IdpCertificate addCertificate(Actor actor, String organizationId, byte[] upload) {
    lockEnterpriseAdmin(actor, organizationId);
    settingsFor(organizationId);
    Instant now = clock.instant();
    Certificates.Parsed parsed = Certificates.parse(upload, now);
    IdpCertificate added = certs.add(organizationId, null, parsed, now);
    audit.record(
        actor,
        organizationId,
        "sso.certificate_added",
        new AuditLog.Target("sso_certificate", added.getId(), added.getSubject()),
        null,
        certificateState(added));
    return added;
  }

  public void removeCertificate(Actor actor, String organizationId, String certificateId) {
    lockEnterpriseAdmin(actor, organizationId);
    IdpCertificate cert =
        certificateIdValid(certificateId) ? em.find(IdpCertificate.class, certificateId) : null;
    if (cert == null
        || !cert.getOrganizationId().equals(organizationId)
        || cert.getConnectionId() != null) {
      throw ServiceException.notFound("Certificate");
    }
    SsoSettings s = settingsFor(organizationId);
    Instant now = clock.instant();
    if (s.isEnabled()
        && cert.isActiveAt(now)
        && activeCertificates(organizationId, now).size() == 1) {
      throw ServiceException.conflict(
          "last_certificate",
          "This is the IdP's only active signing certificate and single sign-on is on: add the"
              + " new certificate first, or turn single sign-on off.");
    }
    em.remove(cert);
    audit.record(
        actor,
        organizationId,
        "sso.certificate_removed",
        new AuditLog.Target("sso_certificate", cert.getId(), cert.getSubject()),
        certificateState(cert),
        null);
  }

  /**
   * Imports IdP metadata: sets entity ID and SSO URL and replaces the certificates with the
   * metadata's signing certificates.
   */
  public SsoConfiguration importMetadata(Actor actor, String organizationId, byte[] xml) {
    lockEnterpriseAdmin(actor, organizationId);
    requireSaml();
    SsoSettings s = settingsFor(organizationId);
    Map<String, Object> before = state(s);
    Instant now = clock.instant();
    IdpMetadataReader.IdpDescription idp = IdpMetadataReader.read(xml);
    List<Certificates.Parsed> parsed = metadataCertificates(idp, now);
    s.configureIdp(entityId(idp.entityId()), ssoUrl(idp.ssoUrl()), idp.ssoBinding(), now);
    List<String> fingerprints = certs.replace(organizationId, null, parsed, now);
    Map<String, Object> after = state(s);
    after.put("certificates", String.join(", ", fingerprints));
    audit.record(
        actor, organizationId, "sso.metadata_imported", target(organizationId), before, after);
    return view(s);
  }

  /**
   * The primary IdP's metadata URL, for a refresh the actor asked for; 409 {@code no_metadata_url}
   * when none is set.
   */
  public String metadataUrlForRefresh(Actor actor, String organizationId) {
    requireEnterpriseAdmin(actor, organizationId);
    requireSaml();
    SsoSettings s = em.find(SsoSettings.class, organizationId);
    if (s == null || s.getIdpMetadataUrl() == null) {
      throw noMetadataUrl();
    }
    return s.getIdpMetadataUrl();
  }

  /**
   * Applies metadata fetched from the primary IdP's metadata URL exactly as an import does (entity
   * ID, SSO URL and binding, signing certificates), records the refresh, and audits {@code
   * sso.metadata_refreshed} when something changed. Expired certificates the metadata still lists
   * are left out while it lists a valid one. Refused (nothing changes) when the URL changed
   * meanwhile or the metadata is unusable.
   */
  public SsoConfiguration applyRefreshedMetadata(
      Actor actor, String organizationId, String url, byte[] xml) {
    lockEnterpriseAdmin(actor, organizationId);
    requireSaml();
    SsoSettings s = settingsFor(organizationId);
    if (!url.equals(s.getIdpMetadataUrl())) {
      throw metadataUrlChanged();
    }
    Instant now = clock.instant();
    IdpMetadataReader.IdpDescription idp = IdpMetadataReader.read(xml);
    List<Certificates.Parsed> parsed = refreshedCertificates(idp, now);
    String entityId = entityId(idp.entityId());
    String ssoUrl = ssoUrl(idp.ssoUrl());
    Map<String, Object> before = state(s);
    List<String> oldFingerprints =
        certificates(organizationId).stream().map(IdpCertificate::getSha256).sorted().toList();
    before.put("certificates", String.join(", ", oldFingerprints));
    List<String> newFingerprints =
        parsed.stream().map(Certificates.Parsed::sha256).sorted().toList();
    boolean changed = false;
    if (!java.util.Objects.equals(entityId, s.getIdpEntityId())
        || !java.util.Objects.equals(ssoUrl, s.getIdpSsoUrl())
        || idp.ssoBinding() != s.getIdpSsoBinding()) {
      s.configureIdp(entityId, ssoUrl, idp.ssoBinding(), now);
      changed = true;
    }
    if (!newFingerprints.equals(oldFingerprints)) {
      certs.replace(organizationId, null, parsed, now);
      changed = true;
    }
    s.metadataRefreshed(now);
    if (changed) {
      Map<String, Object> after = state(s);
      after.put("certificates", String.join(", ", newFingerprints));
      after.put("metadataUrl", url);
      audit.record(
          actor, organizationId, "sso.metadata_refreshed", target(organizationId), before, after);
    }
    em.flush();
    return view(s);
  }

  /**
   * Records a failed refresh of the primary IdP's metadata (its own transaction: the refusal rolls
   * the refresh back); nothing when the URL changed meanwhile.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void recordRefreshFailure(String organizationId, String url, String error) {
    SsoSettings s = em.find(SsoSettings.class, organizationId);
    if (s != null && url.equals(s.getIdpMetadataUrl())) {
      s.metadataRefreshFailed(error, clock.instant());
    }
  }

  /**
   * The organizations whose primary IdP's metadata refresh was last attempted before {@code due}.
   */
  public List<String> dueForRefresh(Instant due) {
    return em.createQuery(
            "select s.organizationId from SsoSettings s where s.metadataSource.url is not null and"
                + " (s.metadataSource.attemptedAt is null or s.metadataSource.attemptedAt < :due)"
                + " order by s.organizationId",
            String.class)
        .setParameter("due", due)
        .getResultList();
  }

  /**
   * The metadata's signing certificates for a refresh: as an import, but expired ones are left out
   * while a valid one remains (IdPs keep listing the old certificate after a rollover); 400 {@code
   * certificate_expired} when all are expired.
   */
  static List<Certificates.Parsed> refreshedCertificates(
      IdpMetadataReader.IdpDescription idp, Instant now) {
    List<byte[]> valid = new ArrayList<>();
    ServiceException expired = null;
    for (byte[] der : idp.certificates()) {
      try {
        Certificates.parse(der, now);
        valid.add(der);
      } catch (ServiceException e) {
        if (!"certificate_expired".equals(e.code())) {
          throw e;
        }
        expired = e;
      }
    }
    if (valid.isEmpty() && expired != null) {
      throw ServiceException.invalid(
          "certificate_expired",
          "Every signing certificate in the metadata has expired: " + expired.getMessage());
    }
    return metadataCertificates(
        new IdpMetadataReader.IdpDescription(idp.entityId(), idp.ssoUrl(), idp.ssoBinding(), valid),
        now);
  }

  /** The metadata URL to store: {@code null} clears; 400 {@code invalid_metadata_url}. */
  static String metadataUrl(String value, PortcullisConfig config) {
    URI uri = MetadataUrls.validate(value, config.metadataRefreshAllowInsecure());
    return uri == null ? null : value.strip();
  }

  static ServiceException noMetadataUrl() {
    return ServiceException.conflict(
        "no_metadata_url", "Set the IdP metadata URL before refreshing from it.");
  }

  static ServiceException metadataUrlChanged() {
    return ServiceException.conflict(
        "metadata_url_changed", "The IdP metadata URL changed during the refresh: try again.");
  }

  /**
   * Remove SSO Configuration (PRODUCT §3): deletes, irreversibly, the organization's IdP settings
   * (with strict SSO), its additional IdP connections with their domain bindings, every IdP
   * certificate, SP key pair, outstanding AuthnRequests, replay entries and its Owners' recovery
   * codes (they served strict SSO only), and audits {@code sso.removed} with what was configured.
   * Refused with 409 {@code sso_enabled} while single sign-on is on. The SSO error log stays (it is
   * a record of refused logins like the audit log, not configuration, and empties itself within 7
   * days). Opening the settings afterwards starts a new configuration with a new SP key pair.
   * Answers whether there was anything to remove.
   */
  public boolean removeConfiguration(Actor actor, String organizationId) {
    access.requireAdminLocked(actor, organizationId);
    SsoSettings s = em.find(SsoSettings.class, organizationId);
    if (s != null && s.isEnabled()) {
      throw ServiceException.conflict(
          "sso_enabled",
          "Turn single sign-on off before removing its configuration: removing it while on would"
              + " lock your members out.");
    }
    List<IdpCertificate> all = certs.allOf(organizationId);
    List<IdpConnection> connections =
        em.createNamedQuery("IdpConnection.byOrganization", IdpConnection.class)
            .setParameter("org", organizationId)
            .getResultList();
    if (s == null && all.isEmpty() && connections.isEmpty()) {
      return false;
    }
    Map<String, Object> before = s == null ? new LinkedHashMap<>() : state(s);
    before.put(
        "certificates", String.join(", ", all.stream().map(IdpCertificate::getSha256).toList()));
    before.put(
        "idpConnections",
        String.join(", ", connections.stream().map(IdpConnection::getName).toList()));
    int requests =
        em.createQuery("delete from OutstandingRequest r where r.organizationId = :org")
            .setParameter("org", organizationId)
            .executeUpdate();
    int replays =
        em.createQuery("delete from ReplayEntry r where r.organizationId = :org")
            .setParameter("org", organizationId)
            .executeUpdate();
    int codes =
        em.createQuery("delete from RecoveryCode c where c.organizationId = :org")
            .setParameter("org", organizationId)
            .executeUpdate();
    em.createQuery("delete from IdpDomain d where d.organizationId = :org")
        .setParameter("org", organizationId)
        .executeUpdate();
    for (IdpCertificate c : all) {
      em.remove(c);
    }
    em.flush();
    for (IdpConnection c : connections) {
      em.remove(c);
    }
    if (s != null) {
      em.remove(s);
    }
    em.flush();
    before.put("outstandingRequests", requests);
    before.put("replayEntries", replays);
    before.put("recoveryCodes", codes);
    audit.record(actor, organizationId, "sso.removed", target(organizationId), before, null);
    return true;
  }

  /**
   * The organization's SP metadata XML, for anyone (IdP administrators download it); empty for
   * unknown organizations and those without the Enterprise plan.
   */
  public Optional<String> spMetadata(String organizationId) {
    if (organizationId == null || organizationId.length() > 36) {
      return Optional.empty();
    }
    Organization org = em.find(Organization.class, organizationId);
    if (org == null || !org.getPlan().allowsAccessSecurity()) {
      return Optional.empty();
    }
    requireSaml();
    SsoSettings s = settingsFor(organizationId);
    return Optional.of(
        SpMetadataWriter.write(
            urls.spEntityId(organizationId),
            urls.postbackUrl(organizationId),
            certificate(s.getSpCertificate())));
  }

  /** The signing certificates of imported IdP metadata; 400 when there are more than two. */
  static List<Certificates.Parsed> metadataCertificates(
      IdpMetadataReader.IdpDescription idp, Instant now) {
    List<Certificates.Parsed> parsed = new ArrayList<>();
    for (byte[] der : idp.certificates()) {
      parsed.add(Certificates.parse(der, now));
    }
    if (parsed.size() > IdpCertificate.MAX_ACTIVE) {
      throw ServiceException.invalid(
          "too_many_certificates",
          "The metadata lists "
              + parsed.size()
              + " signing certificates; at most "
              + IdpCertificate.MAX_ACTIVE
              + " can be active at once.");
    }
    return parsed;
  }

  private List<IdpCertificate> certificates(String organizationId) {
    return certs.of(organizationId, null);
  }

  private List<IdpCertificate> activeCertificates(String organizationId, Instant now) {
    return certs.active(organizationId, null, now);
  }

  private SsoSettings settingsFor(String organizationId) {
    return rows.settingsFor(organizationId);
  }

  private SsoConfiguration view(SsoSettings s) {
    String org = s.getOrganizationId();
    return new SsoConfiguration(
        s, certificates(org), urls.spEntityId(org), urls.postbackUrl(org), urls.metadataUrl(org));
  }

  private Organization requireEnterpriseAdmin(Actor actor, String organizationId) {
    Organization org = access.requireAdmin(actor, organizationId);
    requireEnterprise(org);
    return org;
  }

  private void lockEnterpriseAdmin(Actor actor, String organizationId) {
    requireEnterprise(access.requireAdminLocked(actor, organizationId));
  }

  /** Choosing strict SSO takes passwords from Admins too: Owners (or the operator) decide it. */
  private void requireOwner(Actor actor, String organizationId) {
    if (actor.operator()) {
      return;
    }
    if (access
        .membership(organizationId, actor.userId())
        .filter(Membership::isActiveOwner)
        .isEmpty()) {
      throw ServiceException.forbidden(
          "owner_required", "Only Owners can turn strict SSO on or off.");
    }
  }

  static void requireEnterprise(Organization org) {
    if (!org.getPlan().allowsAccessSecurity()) {
      throw ServiceException.forbidden(
          "plan_required", "Single sign-on is part of the Enterprise plan.");
    }
  }

  private void requireSaml() {
    requireSaml(saml);
  }

  static void requireSaml(SamlBootstrap saml) {
    if (!saml.ready()) {
      throw ServiceException.conflict(
          "sso_unavailable", "Single sign-on is not available on this server (see its log).");
    }
  }

  private static String groupAttribute(String value) {
    return strippedText(
        value,
        SsoSettings.MAX_GROUP_ATTRIBUTE_LENGTH,
        "invalid_group_attribute",
        "The group attribute's name is longer than 256 characters.");
  }

  static String entityId(String value) {
    return strippedText(
        value,
        SsoSettings.MAX_ENTITY_ID_LENGTH,
        "invalid_entity_id",
        "The IdP entity ID is longer than 1024 characters.");
  }

  /** The value without surrounding blanks, null when blank; too long → 400 {@code code}. */
  private static String strippedText(String value, int max, String code, String tooLong) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    if (v.length() > max) {
      throw ServiceException.invalid(code, tooLong);
    }
    return v;
  }

  static String ssoUrl(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    try {
      URI uri = new URI(v);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
      if (!(scheme.equals("https") || scheme.equals("http"))
          || uri.getHost() == null
          || v.length() > SsoSettings.MAX_URL_LENGTH) {
        throw new URISyntaxException(v, "not an http(s) URL");
      }
    } catch (URISyntaxException e) {
      throw ServiceException.invalid(
          "invalid_sso_url", "The IdP SSO URL must be an absolute https:// (or http://) URL.");
    }
    return v;
  }

  static boolean certificateIdValid(String id) {
    return id != null && id.length() <= 36;
  }

  static X509Certificate certificate(String base64) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
    } catch (CertificateException e) {
      throw new IllegalStateException("stored SP certificate is unreadable", e);
    }
  }

  private static AuditLog.Target target(String organizationId) {
    return new AuditLog.Target("sso_settings", organizationId, "Single sign-on");
  }

  private static Map<String, Object> state(SsoSettings s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", s.isEnabled());
    m.put("requireSso", s.isRequireSso());
    m.put("idpManagedAccess", s.isIdpManagedAccess());
    m.put("idpEntityId", s.getIdpEntityId());
    m.put("idpSsoUrl", s.getIdpSsoUrl());
    m.put("idpSsoBinding", s.getIdpSsoBinding());
    m.put("allowIdpInitiated", s.isAllowIdpInitiated());
    m.put("strictSso", s.isStrictSso());
    m.put("groupAttribute", s.getGroupAttribute());
    m.put("idpMetadataUrl", s.getIdpMetadataUrl());
    return m;
  }

  static Map<String, Object> certificateState(IdpCertificate c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("subject", c.getSubject());
    m.put("sha256", c.getSha256());
    m.put("notAfter", c.getNotAfter());
    return m;
  }
}
