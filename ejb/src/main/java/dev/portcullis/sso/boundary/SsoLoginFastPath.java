package dev.portcullis.sso.boundary;

import dev.portcullis.audit.control.AuditLog;
import dev.portcullis.platform.control.EmailAddress;
import dev.portcullis.platform.control.ReturnPath;
import dev.portcullis.platform.control.SecureTokens;
import dev.portcullis.sso.control.IdpAttributes;
import dev.portcullis.sso.control.LoginConfigs;
import dev.portcullis.sso.control.LoginConfigs.LoginConfig;
import dev.portcullis.sso.control.SsoUrls;
import dev.portcullis.sso.saml.ResponseValidator;
import dev.portcullis.sso.saml.SamlBootstrap;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The common SSO login, done cheaply: a response of an active member of the organization, through
 * an IdP whose configuration this server remembers ({@link LoginConfigs}), on PostgreSQL, either
 * IdP-initiated or answering a login request this browser started. It checks the response by every
 * rule of {@link ResponseValidator} against the remembered configuration without a query, then
 * completes the login with one statement, in a transaction of its own: only if the configuration
 * still has the stamp it was remembered with, the email's domain is verified by the organization
 * and bound to this IdP (as {@code SsoPolicy.domainRefusal} rules), the email is that of an active
 * user who is an active member and, for an SP-initiated response, the login request it answers was
 * started in this browser through this IdP and is unused and unexpired (as {@link
 * OutstandingRequests#claim} rules), does it consume that request, record the assertion ID (the
 * replay entry, as {@link ReplayStore#use}) and, if that was its first use, write the {@code
 * login.sso} audit entry.
 *
 * <p>Anything else (a refusal, a stale configuration, a Test SSO or step-up answer, someone to
 * provision, Shared SSO, IdP groups to join, Derby) it leaves alone, having written nothing, and
 * {@link SsoLoginService#acceptResponse} judges the response as always. So it decides nothing
 * {@code acceptResponse} would decide otherwise: it only spares the common case the general path's
 * queries and transaction.
 */
@ApplicationScoped
public class SsoLoginFastPath {

  private static final Logger LOG = Logger.getLogger(SsoLoginFastPath.class.getName());

  /** See the class comment; the parameters are numbered as {@link LoginConfigs#STAMP} wants. */
  static final String LOGIN =
      "WITH cfg AS (SELECT 1 FROM organization o JOIN sso_settings s ON s.organization_id = o.id"
          + " WHERE o.id = ?1 AND "
          + LoginConfigs.STAMP
          + " = ?3),"
          + " m AS (SELECT u.id FROM cfg, verified_domain v"
          + " LEFT JOIN sso_idp_domain d ON d.domain = v.domain"
          + " AND d.organization_id = v.organization_id"
          + " JOIN membership ms ON ms.organization_id = v.organization_id"
          + " JOIN app_user u ON u.id = ms.user_id"
          + " WHERE v.domain = ?4 AND v.organization_id = ?1 AND u.email = ?5"
          + " AND d.connection_id IS NOT DISTINCT FROM CAST(?2 AS VARCHAR)"
          + " AND ms.active AND u.active),"
          // SP-initiated: the login request answered, of this IdP, this browser, unused, unexpired,
          // neither Test SSO nor step-up (OutstandingRequests.claim), consumed
          + " q AS (UPDATE sso_authn_request SET consumed_at = ?8 WHERE id = ?11"
          + " AND organization_id = ?1 AND connection_id IS NOT DISTINCT FROM CAST(?2 AS VARCHAR)"
          + " AND browser_hash = ?12 AND consumed_at IS NULL AND expires_at > ?8"
          + " AND tested_by IS NULL AND step_up_of IS NULL AND EXISTS (SELECT 1 FROM m)"
          + " RETURNING return_to),"
          + " r AS (INSERT INTO sso_replay (assertion_id, organization_id, connection_id, expires_at)"
          + " SELECT ?6, ?1, ?2, ?7 FROM m"
          + " WHERE CAST(?11 AS VARCHAR) IS NULL OR EXISTS (SELECT 1 FROM q)"
          + " ON CONFLICT (assertion_id) DO NOTHING RETURNING 1),"
          + " a AS (INSERT INTO audit_event (organization_id, occurred_at, actor_id, actor_label,"
          + " action, target_type, target_id, target_label, after_state, client_address)"
          + " SELECT ?1, ?8, m.id, ?5, 'login.sso', 'user', m.id, ?5, ?9, ?10 FROM m, r RETURNING 1)"
          + " SELECT (SELECT max(m.id) FROM m), (SELECT count(*) FROM r), (SELECT count(*) FROM cfg),"
          + " (SELECT max(q.return_to) FROM q)";

  /** {@link #LOGIN} with JDBC's placeholders, and which parameter each one takes. */
  private static final String SQL = LOGIN.replaceAll("\\?\\d+", "?");

  private static final int[] PARAMETERS =
      java.util.regex.Pattern.compile("\\?(\\d+)")
          .matcher(LOGIN)
          .results()
          .mapToInt(m -> Integer.parseInt(m.group(1)))
          .toArray();

  @Resource(lookup = "jdbc/portcullis")
  DataSource dataSource;

  @Inject LoginConfigs configs;

  @Inject SsoUrls urls;

  @Inject Clock clock;

  /**
   * The login of {@code samlResponse} at the postback URL of the organization's IdP {@code
   * connectionId} (null: primary), if it is the common case (see the class comment); empty when
   * {@link SsoLoginService#acceptResponse} must judge it. {@code browserNonce}: the random value of
   * the browser's login cookie, if it sent one.
   */
  public Optional<SsoLoginService.Success> login(
      String organizationId,
      String connectionId,
      String samlResponse,
      String relayState,
      String browserNonce,
      String client) {
    try {
      LoginConfig config = configs.remembered(organizationId, connectionId).orElse(null);
      if (config == null || samlResponse == null || !SamlBootstrap.isReady()) {
        return Optional.empty();
      }
      byte[] xml = Base64.getMimeDecoder().decode(samlResponse);
      Instant now = clock.instant();
      ResponseValidator.Accepted accepted =
          ResponseValidator.validate(xml, SsoLoginService.expectations(urls, config, now));
      if ((accepted.inResponseTo() != null && browserNonce == null)
          || (config.idpManagedAccess()
              && !IdpAttributes.groups(accepted.attributes(), config.groupAttribute()).isEmpty())) {
        return Optional.empty();
      }
      String email = EmailAddress.normalize(accepted.email());
      String browserHash = browserNonce == null ? null : SecureTokens.sha256(browserNonce);
      return complete(config, accepted, email, browserHash, client, now)
          .map(
              done ->
                  new SsoLoginService.Success(
                      done.userId(),
                      email,
                      ReturnPath.orDefault(
                          accepted.inResponseTo() == null
                              ? ReturnPath.local(relayState).orElse(null)
                              : done.returnTo())));
    } catch (ResponseValidator.Refused | IllegalArgumentException e) {
      return Optional.empty();
    } catch (SQLException e) {
      // the general path judges the response; that this path fails is worth knowing
      LOG.log(Level.WARNING, "The one-statement SSO login failed; the general one takes over", e);
      return Optional.empty();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "The one-statement SSO login gave way to the general one", e);
      return Optional.empty();
    }
  }

  /** A login {@link #LOGIN} completed: who, and where an SP-initiated login was going. */
  private record Done(String userId, String returnTo) {}

  /** Runs {@link #LOGIN}; empty when it wrote nothing. */
  private Optional<Done> complete(
      LoginConfig config,
      ResponseValidator.Accepted accepted,
      String email,
      String browserHash,
      String client,
      Instant now)
      throws SQLException {
    Object[] values = {
      null,
      config.organizationId(),
      config.connectionId(),
      config.stamp(),
      EmailAddress.domainOf(email),
      email,
      accepted.assertionId(),
      Timestamp.from(accepted.replayUntil()),
      Timestamp.from(now),
      AuditLog.stateJson(SsoLoginService.loginDetails(accepted, config.idpName())),
      AuditLog.clientAddress(client),
      accepted.inResponseTo(),
      browserHash
    };
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(SQL)) {
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true);
      }
      for (int i = 0; i < PARAMETERS.length; i++) {
        Object v = values[PARAMETERS[i]];
        if (v == null) {
          s.setNull(i + 1, Types.VARCHAR);
        } else {
          s.setObject(i + 1, v);
        }
      }
      try (ResultSet r = s.executeQuery()) {
        r.next();
        String userId = r.getString(1);
        if (userId != null && r.getLong(2) == 1) {
          return Optional.of(new Done(userId, r.getString(4)));
        }
        if (r.getLong(3) == 0) {
          configs.forget(config.organizationId(), config.connectionId());
        }
        return Optional.empty();
      }
    }
  }
}
