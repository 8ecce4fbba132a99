package dev.portcullis.sso.boundary;

import dev.portcullis.audit.control.AuditLog;
import dev.portcullis.domainclaim.entity.VerifiedDomain;
import dev.portcullis.org.control.OrgAccess;
import dev.portcullis.org.entity.Organization;
import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.control.PortcullisConfig;
import dev.portcullis.sso.control.Certificates;
import dev.portcullis.sso.control.IdpCertificates;
import dev.portcullis.sso.control.SsoSettingsRows;
import dev.portcullis.sso.control.SsoUrls;
import dev.portcullis.sso.entity.IdpCertificate;
import dev.portcullis.sso.entity.IdpConnection;
import dev.portcullis.sso.entity.IdpDomain;
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
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The additional IdP connections of an organization (PRODUCT §6, several IdPs per organization):
 * each has its own entity ID, SSO URL, binding, signing certificates and postback URL, and is bound
 * to some of the organization's verified domains, whose emails then log in through it and only
 * through it. The organization's primary IdP ({@link SsoSettingsService}) serves the verified
 * domains bound to none. The same rules and error codes as the primary IdP's settings apply; Owners
 * and Admins of Enterprise organizations only; every change is audited.
 */
@Stateless
public class IdpConnectionService {

  /** The fields of a create or update; {@code null} leaves a field unchanged. */
  public record Changes(
      Optional<String> name,
      Optional<String> idpEntityId,
      Optional<String> idpSsoUrl,
      SsoBinding idpSsoBinding,
      List<String> domains,
      Optional<String> idpMetadataUrl) {

    /** Every field but the IdP metadata URL. */
    public Changes(
        Optional<String> name,
        Optional<String> idpEntityId,
        Optional<String> idpSsoUrl,
        SsoBinding idpSsoBinding,
        List<String> domains) {
      this(name, idpEntityId, idpSsoUrl, idpSsoBinding, domains, null);
    }
  }

  /** An IdP connection whose metadata refresh is due. */
  public record Due(String organizationId, String connectionId) {}

  @PersistenceContext EntityManager em;

  @Inject OrgAccess access;

  @Inject AuditLog audit;

  @Inject Clock clock;

  @Inject SsoUrls urls;

  @Inject IdpCertificates certs;

  @Inject SsoSettingsRows rows;

  @EJB SamlBootstrap saml;

  @Inject PortcullisConfig config;

  public List<IdpConnectionView> list(Actor actor, String organizationId) {
    requireEnterprise(access.requireAdmin(actor, organizationId));
    return connections(organizationId).stream().map(this::view).toList();
  }

  /** The organization's verified domains: those an IdP connection can be bound to. */
  public List<String> verifiedDomains(Actor actor, String organizationId) {
    requireEnterprise(access.requireAdmin(actor, organizationId));
    return em.createNamedQuery("VerifiedDomain.byOrganization", VerifiedDomain.class)
        .setParameter("org", organizationId)
        .getResultStream()
        .map(VerifiedDomain::getDomain)
        .toList();
  }

  public IdpConnectionView get(Actor actor, String organizationId, String connectionId) {
    requireEnterprise(access.requireAdmin(actor, organizationId));
    return view(find(organizationId, connectionId));
  }

  /** A new connection; {@code name} is required. */
  public IdpConnectionView create(Actor actor, String organizationId, Changes changes) {
    lockEnterpriseAdmin(actor, organizationId);
    rows.settingsFor(organizationId); // the SP key pair the connection signs with
    if (connections(organizationId).size() >= IdpConnection.MAX_PER_ORGANIZATION) {
      throw ServiceException.conflict(
          "too_many_idps",
          "An organization can have at most "
              + IdpConnection.MAX_PER_ORGANIZATION
              + " additional identity providers.");
    }
    String name = changes.name() == null ? null : name(changes.name().orElse(null));
    if (name == null) {
      throw ServiceException.invalid("invalid_name", "Give the identity provider a name.");
    }
    Instant now = clock.instant();
    IdpConnection c = new IdpConnection(organizationId, name, now);
    configure(c, changes, now);
    em.persist(c);
    em.flush();
    if (changes.domains() != null) {
      bind(c, changes.domains());
    }
    IdpConnectionView view = view(c);
    audit.record(actor, organizationId, "sso.idp.created", target(c), null, state(view));
    return view;
  }

  public IdpConnectionView update(
      Actor actor, String organizationId, String connectionId, Changes changes) {
    lockEnterpriseAdmin(actor, organizationId);
    IdpConnection c = find(organizationId, connectionId);
    Map<String, Object> before = state(view(c));
    Instant now = clock.instant();
    if (changes.name() != null) {
      String name = name(changes.name().orElse(null));
      if (name == null) {
        throw ServiceException.invalid("invalid_name", "Give the identity provider a name.");
      }
      c.rename(name, now);
    }
    configure(c, changes, now);
    if (changes.domains() != null) {
      bind(c, changes.domains());
    }
    IdpConnectionView view = view(c);
    Map<String, Object> after = state(view);
    if (!after.equals(before)) {
      audit.record(actor, organizationId, "sso.idp.updated", target(c), before, after);
    }
    return view;
  }

  /**
   * Deletes the connection with its certificates and domain bindings; its domains log in through
   * the primary IdP from now on. Its outstanding login requests can no longer be answered.
   */
  public void delete(Actor actor, String organizationId, String connectionId) {
    lockEnterpriseAdmin(actor, organizationId);
    IdpConnection c = find(organizationId, connectionId);
    Map<String, Object> before = state(view(c));
    em.createQuery("delete from IdpDomain d where d.connectionId = :c")
        .setParameter("c", c.getId())
        .executeUpdate();
    em.createQuery("delete from OutstandingRequest r where r.connectionId = :c")
        .setParameter("c", c.getId())
        .executeUpdate();
    for (IdpCertificate cert : certs.of(organizationId, c.getId())) {
      em.remove(cert);
    }
    em.flush();
    em.remove(c);
    audit.record(actor, organizationId, "sso.idp.deleted", target(c), before, null);
  }

  public IdpCertificate addCertificate(
      Actor actor, String organizationId, String connectionId, byte[] upload) {
    lockEnterpriseAdmin(actor, organizationId);
    IdpConnection c = find(organizationId, connectionId);
    Instant now = clock.instant();
    IdpCertificate added =
        certs.add(organizationId, c.getId(), Certificates.parse(upload, now), now);
    Map<String, Object> after = SsoSettingsService.certificateState(added);
    after.put("idp", c.getName());
    audit.record(
        actor,
        organizationId,
        "sso.idp.certificate_added",
        new AuditLog.Target("sso_certificate", added.getId(), added.getSubject()),
        null,
        after);
    return added;
  }

  public void removeCertificate(
      Actor actor, String organizationId, String connectionId, String certificateId) {
    lockEnterpriseAdmin(actor, organizationId);
    IdpConnection c = find(organizationId, connectionId);
    IdpCertificate cert =
        SsoSettingsService.certificateIdValid(certificateId)
            ? em.find(IdpCertificate.class, certificateId)
            : null;
    if (cert == null
        || !cert.getOrganizationId().equals(organizationId)
        || !c.getId().equals(cert.getConnectionId())) {
      throw ServiceException.notFound("Certificate");
    }
    Instant now = clock.instant();
    SsoSettings s = em.find(SsoSettings.class, organizationId);
    if (s != null
        && s.isEnabled()
        && !domains(c).isEmpty()
        && cert.isActiveAt(now)
        && certs.active(organizationId, c.getId(), now).size() == 1) {
      throw ServiceException.conflict(
          "last_certificate",
          "This is the IdP's only active signing certificate, single sign-on is on and domains"
              + " log in through this IdP: add the new certificate first.");
    }
    em.remove(cert);
    Map<String, Object> before = SsoSettingsService.certificateState(cert);
    before.put("idp", c.getName());
    audit.record(
        actor,
        organizationId,
        "sso.idp.certificate_removed",
        new AuditLog.Target("sso_certificate", cert.getId(), cert.getSubject()),
        before,
        null);
  }

  /**
   * Imports the IdP's metadata: sets entity ID, SSO URL and binding and replaces the connection's
   * certificates with the metadata's signing certificates.
   */
  public IdpConnectionView importMetadata(
      Actor actor, String organizationId, String connectionId, byte[] xml) {
    lockEnterpriseAdmin(actor, organizationId);
    SsoSettingsService.requireSaml(saml);
    IdpConnection c = find(organizationId, connectionId);
    Map<String, Object> before = state(view(c));
    Instant now = clock.instant();
    IdpMetadataReader.IdpDescription idp = IdpMetadataReader.read(xml);
    List<Certificates.Parsed> parsed = SsoSettingsService.metadataCertificates(idp, now);
    c.configureIdp(
        SsoSettingsService.entityId(idp.entityId()),
        SsoSettingsService.ssoUrl(idp.ssoUrl()),
        idp.ssoBinding(),
        now);
    certs.replace(organizationId, c.getId(), parsed, now);
    IdpConnectionView view = view(c);
    audit.record(
        actor, organizationId, "sso.idp.metadata_imported", target(c), before, state(view));
    return view;
  }

  /**
   * The connection's metadata URL, for a refresh the actor asked for; 409 {@code no_metadata_url}
   * when none is set.
   */
  public String metadataUrlForRefresh(Actor actor, String organizationId, String connectionId) {
    requireEnterprise(access.requireAdmin(actor, organizationId));
    SsoSettingsService.requireSaml(saml);
    IdpConnection c = find(organizationId, connectionId);
    if (c.getIdpMetadataUrl() == null) {
      throw SsoSettingsService.noMetadataUrl();
    }
    return c.getIdpMetadataUrl();
  }

  /**
   * Applies metadata fetched from the connection's metadata URL exactly as an import does, records
   * the refresh and audits {@code sso.idp.metadata_refreshed} when something changed (see {@link
   * SsoSettingsService#applyRefreshedMetadata}).
   */
  public IdpConnectionView applyRefreshedMetadata(
      Actor actor, String organizationId, String connectionId, String url, byte[] xml) {
    lockEnterpriseAdmin(actor, organizationId);
    SsoSettingsService.requireSaml(saml);
    IdpConnection c = find(organizationId, connectionId);
    if (!url.equals(c.getIdpMetadataUrl())) {
      throw SsoSettingsService.metadataUrlChanged();
    }
    Instant now = clock.instant();
    IdpMetadataReader.IdpDescription idp = IdpMetadataReader.read(xml);
    List<Certificates.Parsed> parsed = SsoSettingsService.refreshedCertificates(idp, now);
    String entityId = SsoSettingsService.entityId(idp.entityId());
    String ssoUrl = SsoSettingsService.ssoUrl(idp.ssoUrl());
    Map<String, Object> before = state(view(c));
    List<String> oldFingerprints =
        certs.of(organizationId, c.getId()).stream()
            .map(IdpCertificate::getSha256)
            .sorted()
            .toList();
    List<String> newFingerprints =
        parsed.stream().map(Certificates.Parsed::sha256).sorted().toList();
    if (!Objects.equals(entityId, c.getIdpEntityId())
        || !Objects.equals(ssoUrl, c.getIdpSsoUrl())
        || idp.ssoBinding() != c.getIdpSsoBinding()) {
      c.configureIdp(entityId, ssoUrl, idp.ssoBinding(), now);
    }
    if (!newFingerprints.equals(oldFingerprints)) {
      certs.replace(organizationId, c.getId(), parsed, now);
    }
    c.metadataRefreshed(now);
    em.flush();
    IdpConnectionView view = view(c);
    Map<String, Object> after = state(view);
    if (!after.equals(before)) {
      after.put("metadataUrl", url);
      audit.record(actor, organizationId, "sso.idp.metadata_refreshed", target(c), before, after);
    }
    return view;
  }

  /** Records a failed refresh (its own transaction); nothing when the URL changed meanwhile. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void recordRefreshFailure(
      String organizationId, String connectionId, String url, String error) {
    IdpConnection c = em.find(IdpConnection.class, connectionId);
    if (c != null
        && c.getOrganizationId().equals(organizationId)
        && url.equals(c.getIdpMetadataUrl())) {
      c.metadataRefreshFailed(error, clock.instant());
    }
  }

  /** The connections whose metadata refresh was last attempted before {@code due}. */
  public List<Due> dueForRefresh(Instant due) {
    return em.createQuery(
            "select c.organizationId, c.id from IdpConnection c where c.metadataSource.url is not"
                + " null and (c.metadataSource.attemptedAt is null or"
                + " c.metadataSource.attemptedAt < :due) order by c.organizationId, c.id",
            Object[].class)
        .setParameter("due", due)
        .getResultStream()
        .map(r -> new Due((String) r[0], (String) r[1]))
        .toList();
  }

  /**
   * The connection's SP metadata XML, for anyone (IdP administrators download it); empty for
   * unknown organizations and connections and organizations without the Enterprise plan.
   */
  public Optional<String> spMetadata(String organizationId, String connectionId) {
    if (organizationId == null
        || organizationId.length() > 36
        || connectionId == null
        || connectionId.length() > 36) {
      return Optional.empty();
    }
    Organization org = em.find(Organization.class, organizationId);
    IdpConnection c = em.find(IdpConnection.class, connectionId);
    if (org == null
        || !org.getPlan().allowsAccessSecurity()
        || c == null
        || !c.getOrganizationId().equals(organizationId)) {
      return Optional.empty();
    }
    SsoSettingsService.requireSaml(saml);
    SsoSettings s = rows.settingsFor(organizationId);
    return Optional.of(
        SpMetadataWriter.write(
            urls.spEntityId(organizationId, c.getId()),
            urls.postbackUrl(organizationId, c.getId()),
            SsoSettingsService.certificate(s.getSpCertificate())));
  }

  private void configure(IdpConnection c, Changes changes, Instant now) {
    String entityId = c.getIdpEntityId();
    String ssoUrl = c.getIdpSsoUrl();
    if (changes.idpEntityId() != null) {
      entityId = SsoSettingsService.entityId(changes.idpEntityId().orElse(null));
    }
    if (changes.idpSsoUrl() != null) {
      ssoUrl = SsoSettingsService.ssoUrl(changes.idpSsoUrl().orElse(null));
    }
    SsoBinding binding =
        changes.idpSsoBinding() == null ? c.getIdpSsoBinding() : changes.idpSsoBinding();
    if (changes.idpMetadataUrl() != null) {
      c.idpMetadataUrl(
          SsoSettingsService.metadataUrl(changes.idpMetadataUrl().orElse(null), config));
    }
    if (!Objects.equals(entityId, c.getIdpEntityId())
        || !Objects.equals(ssoUrl, c.getIdpSsoUrl())
        || binding != c.getIdpSsoBinding()) {
      c.configureIdp(entityId, ssoUrl, binding, now);
    }
  }

  /**
   * Binds exactly these domains to the connection. Each must be a verified domain of the
   * organization (400 {@code domain_not_verified}) bound to no other connection (409 {@code
   * domain_bound}); nothing changes otherwise.
   */
  private void bind(IdpConnection c, List<String> requested) {
    TreeSet<String> wanted = new TreeSet<>();
    for (String raw : requested) {
      String domain = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
      if (domain.endsWith(".")) {
        domain = domain.substring(0, domain.length() - 1);
      }
      VerifiedDomain verified =
          domain.isEmpty() || domain.length() > 253 ? null : em.find(VerifiedDomain.class, domain);
      if (verified == null || !verified.getOrganizationId().equals(c.getOrganizationId())) {
        throw ServiceException.invalid(
            "domain_not_verified",
            "'"
                + (raw == null ? "" : raw.strip())
                + "' is not a verified domain of this organization: verify it under Domains"
                + " before binding it to an identity provider.");
      }
      IdpDomain bound = em.find(IdpDomain.class, domain);
      if (bound != null && !bound.getConnectionId().equals(c.getId())) {
        IdpConnection other = em.find(IdpConnection.class, bound.getConnectionId());
        throw ServiceException.conflict(
            "domain_bound",
            domain
                + " is already bound to the identity provider "
                + (other == null ? "of another connection" : other.getName())
                + ": remove it there first.");
      }
      wanted.add(domain);
    }
    for (IdpDomain d : bindings(c)) {
      if (!wanted.remove(d.getDomain())) {
        em.remove(d);
      }
    }
    em.flush();
    for (String domain : wanted) {
      em.persist(new IdpDomain(domain, c));
    }
    em.flush();
  }

  private List<IdpDomain> bindings(IdpConnection c) {
    return em.createNamedQuery("IdpDomain.byConnection", IdpDomain.class)
        .setParameter("connection", c.getId())
        .getResultList();
  }

  /** The bound domains that still count: verified by the organization. */
  private List<String> domains(IdpConnection c) {
    List<String> out = new ArrayList<>();
    for (IdpDomain d : bindings(c)) {
      VerifiedDomain v = em.find(VerifiedDomain.class, d.getDomain());
      if (v != null && v.getOrganizationId().equals(c.getOrganizationId())) {
        out.add(d.getDomain());
      }
    }
    return out;
  }

  private List<IdpConnection> connections(String organizationId) {
    return em.createNamedQuery("IdpConnection.byOrganization", IdpConnection.class)
        .setParameter("org", organizationId)
        .getResultList();
  }

  /** The organization's connection; 404 for unknown IDs and other organizations' connections. */
  private IdpConnection find(String organizationId, String connectionId) {
    IdpConnection c =
        connectionId == null || connectionId.length() > 36
            ? null
            : em.find(IdpConnection.class, connectionId);
    if (c == null || !c.getOrganizationId().equals(organizationId)) {
      throw ServiceException.notFound("Identity provider");
    }
    return c;
  }

  private IdpConnectionView view(IdpConnection c) {
    String org = c.getOrganizationId();
    return new IdpConnectionView(
        c,
        domains(c),
        certs.of(org, c.getId()),
        urls.spEntityId(org, c.getId()),
        urls.postbackUrl(org, c.getId()),
        urls.metadataUrl(org, c.getId()));
  }

  private void lockEnterpriseAdmin(Actor actor, String organizationId) {
    requireEnterprise(access.requireAdminLocked(actor, organizationId));
  }

  private static void requireEnterprise(Organization org) {
    SsoSettingsService.requireEnterprise(org);
  }

  private static String name(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    if (v.length() > IdpConnection.MAX_NAME_LENGTH) {
      throw ServiceException.invalid(
          "invalid_name",
          "The identity provider's name is longer than "
              + IdpConnection.MAX_NAME_LENGTH
              + " characters.");
    }
    return v;
  }

  private static AuditLog.Target target(IdpConnection c) {
    return new AuditLog.Target("sso_idp", c.getId(), c.getName());
  }

  private static Map<String, Object> state(IdpConnectionView v) {
    IdpConnection c = v.connection();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", c.getName());
    m.put("idpEntityId", c.getIdpEntityId());
    m.put("idpSsoUrl", c.getIdpSsoUrl());
    m.put("idpSsoBinding", c.getIdpSsoBinding());
    m.put("idpMetadataUrl", c.getIdpMetadataUrl());
    m.put("domains", String.join(", ", v.domains()));
    m.put(
        "certificates",
        String.join(", ", v.certificates().stream().map(IdpCertificate::getSha256).toList()));
    return m;
  }
}
