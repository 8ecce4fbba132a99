package dev.portcullis.sso.boundary;

import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.control.PortcullisConfig;
import dev.portcullis.sso.control.MetadataFetcher;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Refreshes an IdP's settings from its metadata URL (PRODUCT §6, certificate rollover): "Refresh
 * now" for the primary IdP and each additional IdP connection, and the periodic refresh of every
 * IdP whose last attempt is older than {@code portcullis.sso.metadata-refresh-interval}. The
 * download runs outside any transaction (no database lock is held while a remote server answers);
 * applying the metadata is one transaction that changes everything or nothing, exactly as an XML
 * import; a failure is recorded on the IdP in a transaction of its own and answered with its
 * problem (502 {@code metadata_fetch_failed} when the download failed, 502 with the import's code
 * when the metadata is unusable).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MetadataRefreshService {

  private static final Logger LOG = Logger.getLogger(MetadataRefreshService.class.getName());

  /** What one periodic run did. */
  public record Run(int refreshed, int failed) {}

  @EJB SsoSettingsService sso;

  @EJB IdpConnectionService connections;

  @Inject MetadataFetcher fetcher;

  @Inject PortcullisConfig config;

  /** Refresh now, for the primary IdP: answers the settings as GET does. */
  public SsoConfiguration refresh(Actor actor, String organizationId) {
    String url = sso.metadataUrlForRefresh(actor, organizationId);
    return attempt(
        () -> sso.applyRefreshedMetadata(actor, organizationId, url, fetcher.fetch(url)),
        error -> sso.recordRefreshFailure(organizationId, url, error));
  }

  /** Refresh now, for an additional IdP connection: answers the connection as GET does. */
  public IdpConnectionView refresh(Actor actor, String organizationId, String connectionId) {
    String url = connections.metadataUrlForRefresh(actor, organizationId, connectionId);
    return attempt(
        () ->
            connections.applyRefreshedMetadata(
                actor, organizationId, connectionId, url, fetcher.fetch(url)),
        error -> connections.recordRefreshFailure(organizationId, connectionId, url, error));
  }

  /**
   * Refreshes every IdP whose last refresh attempt is older than the interval, each on its own; one
   * IdP's failure is recorded and logged and does not stop the others.
   */
  public Run refreshDue(Instant now) {
    Instant due = now.minus(config.metadataRefreshInterval());
    int refreshed = 0;
    int failed = 0;
    for (String org : sso.dueForRefresh(due)) {
      if (periodic("primary IdP of organization " + org, () -> refresh(Actor.system(), org))) {
        refreshed++;
      } else {
        failed++;
      }
    }
    for (IdpConnectionService.Due d : connections.dueForRefresh(due)) {
      String what = "IdP connection " + d.connectionId() + " of organization " + d.organizationId();
      if (periodic(what, () -> refresh(Actor.system(), d.organizationId(), d.connectionId()))) {
        refreshed++;
      } else {
        failed++;
      }
    }
    return new Run(refreshed, failed);
  }

  private static boolean periodic(String what, Supplier<?> refresh) {
    try {
      refresh.get();
      return true;
    } catch (ServiceException e) { // the message names the problem, never a secret
      if ("plan_required".equals(e.code())) {
        LOG.log(Level.FINE, "No metadata refresh of the {0}: not on the Enterprise plan", what);
        return false;
      }
      LOG.log(
          Level.WARNING,
          "Metadata refresh of the {0} failed ({1}): {2}",
          new Object[] {what, e.code(), e.getMessage()});
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Metadata refresh of the {0} failed: {1}",
          new Object[] {what, e.getClass().getName()});
    }
    return false;
  }

  private interface Failure {
    void record(String error);
  }

  private static <T> T attempt(Supplier<T> refresh, Failure failure) {
    try {
      return refresh.get();
    } catch (ServiceException e) {
      if (e.kind() == ServiceException.Kind.FORBIDDEN
          || e.kind() == ServiceException.Kind.NOT_FOUND
          || e.kind() == ServiceException.Kind.UNAUTHENTICATED
          || "metadata_url_changed".equals(e.code())
          || "sso_unavailable".equals(e.code())) {
        throw e;
      }
      failure.record(e.getMessage());
      if (e.kind() == ServiceException.Kind.INVALID && !"invalid_metadata_url".equals(e.code())) {
        // the metadata the IdP serves is unusable: the remote side's problem, not the request's
        throw ServiceException.badGateway(e.code(), e.getMessage());
      }
      throw e;
    } catch (RuntimeException e) {
      failure.record("The refresh failed on this server; see its log.");
      throw e;
    }
  }
}
