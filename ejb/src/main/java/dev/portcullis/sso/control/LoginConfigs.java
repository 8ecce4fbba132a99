package dev.portcullis.sso.control;

import dev.portcullis.org.entity.Organization;
import dev.portcullis.platform.control.Databases;
import dev.portcullis.sso.entity.IdpConnection;
import dev.portcullis.sso.entity.SsoBinding;
import dev.portcullis.sso.entity.SsoSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a login at an IdP's postback URL needs to know of the organization before it reads the
 * response (its plan, SSO settings, the IdP and its signing certificates, whether Shared SSO links
 * it elsewhere), remembered per IdP so that checking a response costs no query.
 *
 * <p>A remembered configuration is never trusted on its own: on PostgreSQL it carries a {@linkplain
 * LoginConfig#stamp() stamp}, computed by the database from the rows it was read from (the
 * organization's and settings' versions, the connection's version, the IDs of the IdP's
 * certificates, the Shared SSO link), and the statement that completes a login ({@code
 * SsoLoginFastPath}) writes nothing unless the same expression still gives the same stamp. The
 * general login path ({@code SsoLoginService}) never uses a remembered configuration: it
 * {@linkplain #read reads} one, which also refreshes the memory. A change made on any server (a
 * certificate removed, SSO turned off, the plan changed) therefore applies to the next login on
 * every server; the server that notices forgets the configuration, and its next general-path login
 * reads it again. Every writer of those rows goes through JPA, which raises the versions;
 * certificates are never updated, only added and removed. On other databases (embedded Derby)
 * nothing is remembered: every login reads the configuration.
 */
@ApplicationScoped
public class LoginConfigs {

  /** How many IdPs' configurations are remembered before the memory starts again. */
  static final int MAX_REMEMBERED = 10_000;

  /**
   * The stamp of organization {@code ?1}'s IdP {@code ?2} (null: the primary IdP), as a SQL
   * expression over {@code organization o} joined with {@code sso_settings s}. PostgreSQL.
   */
  public static final String STAMP =
      "concat_ws('|', o.version, s.version,"
          + " coalesce((SELECT CAST(c.version AS VARCHAR) FROM sso_idp_connection c"
          + " WHERE c.id = ?2 AND c.organization_id = o.id), '-'),"
          + " coalesce((SELECT string_agg(k.id, ',' ORDER BY k.id) FROM sso_idp_certificate k"
          + " WHERE k.organization_id = o.id"
          + " AND k.connection_id IS NOT DISTINCT FROM CAST(?2 AS VARCHAR)), '-'),"
          + " CASE WHEN EXISTS (SELECT 1 FROM sso_link l WHERE l.organization_id = o.id)"
          + " THEN 'linked' ELSE '-' END)";

  /** The name audit entries and the SSO error log give the primary IdP. */
  public static final String PRIMARY = "primary";

  @PersistenceContext EntityManager em;

  @Inject SsoPolicy policy;

  @Inject IdpCertificates certificates;

  private final Map<String, LoginConfig> remembered = new ConcurrentHashMap<>();

  /**
   * An organization's IdP as a login sees it. {@code connectionId} null: the primary IdP. {@code
   * stamp}: see the class comment; null when it was not computed (then it is not remembered).
   */
  public record LoginConfig(
      String organizationId,
      String connectionId,
      String idpName,
      String idpEntityId,
      String idpSsoUrl,
      SsoBinding binding,
      boolean planAllows,
      boolean enabled,
      boolean linked,
      boolean allowIdpInitiated,
      boolean idpManagedAccess,
      String groupAttribute,
      List<IdpCertificates.Signing> certificates,
      String stamp) {

    /** Whether logins through this IdP may be accepted at all (the plan, SSO on, not linked). */
    public boolean admitsLogins() {
      return planAllows && enabled && !linked;
    }

    /** The certificates active at {@code now}, for checking signatures. */
    public List<X509Certificate> activeAt(Instant now) {
      return certificates.stream()
          .filter(c -> c.isActiveAt(now))
          .map(IdpCertificates.Signing::certificate)
          .toList();
    }
  }

  /**
   * The configuration this server remembers of the organization's IdP {@code connectionId} (null:
   * primary), if any: only one that {@linkplain LoginConfig#admitsLogins admits logins}, read on
   * PostgreSQL. It may be stale: whoever acts on it checks its stamp in the same statement.
   */
  public Optional<LoginConfig> remembered(String organizationId, String connectionId) {
    return organizationId == null
        ? Optional.empty()
        : Optional.ofNullable(remembered.get(key(organizationId, connectionId)));
  }

  /** Forgets a remembered configuration found stale. */
  public void forget(String organizationId, String connectionId) {
    remembered.remove(key(organizationId, connectionId));
  }

  /**
   * The configuration of the organization's IdP {@code connectionId} (null: primary), read from the
   * database now, and remembered (see {@link #remembered}). Empty when the organization, its SSO
   * settings or that connection do not exist.
   */
  public Optional<LoginConfig> read(String organizationId, String connectionId) {
    if (organizationId == null
        || organizationId.length() > 36
        || (connectionId != null && connectionId.length() > 36)) {
      return Optional.empty();
    }
    String key = key(organizationId, connectionId);
    remembered.remove(key);
    // the stamp first: rows changed after it make the stamp stale, never the configuration
    String stamp = Databases.postgres(em) ? stamp(organizationId, connectionId) : null;
    Optional<LoginConfig> config =
        policy
            .loginContext(organizationId)
            .flatMap(context -> config(context, connectionId, stamp));
    if (stamp != null && config.filter(LoginConfig::admitsLogins).isPresent()) {
      if (remembered.size() >= MAX_REMEMBERED) {
        remembered.clear();
      }
      remembered.put(key, config.get());
    }
    return config;
  }

  private String stamp(String organizationId, String connectionId) {
    List<?> rows =
        em.createNativeQuery(
                "SELECT "
                    + STAMP
                    + " FROM organization o JOIN sso_settings s ON s.organization_id = o.id"
                    + " WHERE o.id = ?1")
            .setParameter(1, organizationId)
            .setParameter(2, connectionId)
            .getResultList();
    return rows.isEmpty() ? null : (String) rows.get(0);
  }

  private Optional<LoginConfig> config(
      SsoPolicy.LoginContext context, String connectionId, String stamp) {
    Organization org = context.organization();
    SsoSettings settings = context.settings();
    String name = PRIMARY;
    String entityId = settings.getIdpEntityId();
    String ssoUrl = settings.getIdpSsoUrl();
    SsoBinding binding = settings.getIdpSsoBinding();
    if (connectionId != null) {
      IdpConnection c = em.find(IdpConnection.class, connectionId);
      if (c == null || !c.getOrganizationId().equals(org.getId())) {
        return Optional.empty();
      }
      name = c.getName();
      entityId = c.getIdpEntityId();
      ssoUrl = c.getIdpSsoUrl();
      binding = c.getIdpSsoBinding();
    }
    return Optional.of(
        new LoginConfig(
            org.getId(),
            connectionId,
            name,
            entityId,
            ssoUrl,
            binding,
            org.getPlan().allowsAccessSecurity(),
            settings.isEnabled(),
            context.linked(),
            settings.isAllowIdpInitiated(),
            settings.isIdpManagedAccess(),
            settings.getGroupAttribute(),
            certificates.signing(org.getId(), connectionId),
            stamp));
  }

  private static String key(String organizationId, String connectionId) {
    return connectionId == null ? organizationId : organizationId + "/" + connectionId;
  }
}
