package dev.portcullis.sso.boundary;

import dev.portcullis.platform.boundary.ReconfirmationService;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every ten minutes, drops outstanding AuthnRequests, replay entries and step-up re-confirmations
 * that can no longer be used. A non-persistent timer: it runs on every server, and a purge done
 * twice deletes nothing twice.
 */
@Singleton
public class SsoHousekeeping {

  private static final Logger LOG = Logger.getLogger(SsoHousekeeping.class.getName());

  @EJB OutstandingRequests requests;

  @EJB ReplayStore replay;

  @EJB ReconfirmationService reconfirmations;

  @Inject Clock clock;

  @Schedule(hour = "*", minute = "*/10", persistent = false)
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  void purgeExpired() {
    try {
      int purged = purge();
      LOG.fine(() -> "Purged " + purged + " expired SSO requests and replay entries");
    } catch (RuntimeException e) {
      // e.g. while the schema is still being migrated at start-up; the next run catches up
      LOG.log(Level.WARNING, "Purging expired SSO requests and replay entries failed", e);
    }
  }

  /** Purges now; the number of rows dropped. */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public int purge() {
    Instant now = clock.instant();
    return requests.purge(now) + replay.purge(now) + reconfirmations.purge(now);
  }
}
