package dev.portcullis.sso.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.ScheduleExpression;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The inbound channel of SSO housekeeping: a persistent calendar timer, every hour at minute 17,
 * stored in the database (once per cluster, survives restarts), that sends the certificate expiry
 * warnings that are due, purges SSO error log entries older than 7 days, and refreshes the IdPs
 * whose metadata refresh from their metadata URL is due ({@link MetadataRefreshService}). Created
 * at start-up after the schema migration, like the domain-check timer. Each certificate is checked
 * in a transaction of its own; the timeout itself runs outside one.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class SsoMaintenanceTimer {

  static final String INFO = "sso-maintenance";

  private static final Logger LOG = Logger.getLogger(SsoMaintenanceTimer.class.getName());

  /** What one run did. */
  public record Run(
      int certificateWarnings,
      int errorsPurged,
      int metadataRefreshed,
      int metadataRefreshFailed) {}

  private final ReentrantLock running = new ReentrantLock();

  @Resource TimerService timers;

  @EJB CertificateExpiryService expiry;

  @EJB SsoErrorLogService errors;

  @EJB MetadataRefreshService metadata;

  @Inject Clock clock;

  @PostConstruct
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  void schedule() {
    List<Timer> existing =
        timers.getTimers().stream().filter(t -> INFO.equals(t.getInfo())).toList();
    if (existing.isEmpty()) {
      timers.createCalendarTimer(
          new ScheduleExpression().hour("*").minute("17").second("0"), new TimerConfig(INFO, true));
      LOG.info("Scheduled the SSO certificate expiry checks and error log purge every hour");
    } else {
      existing.stream().skip(1).forEach(Timer::cancel);
    }
  }

  @Timeout
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  void hourly(Timer timer) {
    if (running.tryLock()) {
      try {
        run(clock.instant());
      } finally {
        running.unlock();
      }
    }
  }

  /** Runs now (the testing switch), once a run in progress has finished. */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public Run runNow() {
    running.lock();
    try {
      return run(clock.instant());
    } finally {
      running.unlock();
    }
  }

  private Run run(Instant now) {
    int warned = 0;
    for (String id : expiry.expiringSoon(now)) {
      try {
        if (expiry.warnIfDue(id, now)) {
          warned++;
        }
      } catch (RuntimeException e) { // one certificate's trouble must not stop the others
        LOG.log(Level.WARNING, "Expiry check of IdP certificate {0} failed: {1}", args(id, e));
      }
    }
    int purged = 0;
    try {
      purged = errors.purge(now);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Purging the SSO error log failed: {0}", e.toString());
    }
    MetadataRefreshService.Run refreshes = new MetadataRefreshService.Run(0, 0);
    try {
      refreshes = metadata.refreshDue(now);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Refreshing IdP metadata failed: {0}", e.getClass().getName());
    }
    if (warned > 0 || purged > 0 || refreshes.refreshed() > 0 || refreshes.failed() > 0) {
      LOG.log(
          Level.INFO,
          "SSO housekeeping: {0} certificate expiry warning(s), {1} error log entries purged,"
              + " {2} IdP metadata refresh(es), {3} failed",
          args(warned, purged, refreshes.refreshed(), refreshes.failed()));
    }
    return new Run(warned, purged, refreshes.refreshed(), refreshes.failed());
  }

  private static Object[] args(Object... values) {
    return values;
  }
}
