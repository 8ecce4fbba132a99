package dev.portcullis.domainclaim.boundary;

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
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * The inbound channel of domain re-checks: a persistent calendar timer, every minute, stored in the
 * database (it runs once per cluster and survives restarts), that asks the sweeper to check what is
 * due. It is created at start-up after the schema migration rather than declared with
 * {@code @Schedule}, because automatic timers are stored before any start-up bean runs, when the
 * timer schema may not exist yet. A sweep still running when the next minute comes is not started
 * twice, nor run beside one started through the testing switch.
 *
 * <p>The timeout runs outside a transaction: a sweep of many claims may outlast the transaction
 * timeout, and each claim gets a transaction of its own anyway.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class DomainCheckTimer {

  static final String INFO = "domain-checks";

  private static final Logger LOG = Logger.getLogger(DomainCheckTimer.class.getName());

  private final ReentrantLock running = new ReentrantLock();

  @Resource TimerService timers;

  @EJB DomainCheckSweeper sweeper;

  @Inject Clock clock;

  // Outside a transaction: the timer store creates its tables on first use, and on PostgreSQL a
  // failed probe inside the caller's transaction would abort it.
  @PostConstruct
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  void schedule() {
    List<Timer> existing =
        timers.getTimers().stream().filter(t -> INFO.equals(t.getInfo())).toList();
    if (existing.isEmpty()) {
      timers.createCalendarTimer(
          new ScheduleExpression().hour("*").minute("*").second("0"), new TimerConfig(INFO, true));
      LOG.info("Scheduled the domain checks every minute");
    } else {
      // Two servers starting together may both have created one; keep a single schedule.
      existing.stream().skip(1).forEach(Timer::cancel);
    }
  }

  @Timeout
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  void checkDueDomains(Timer timer) {
    if (running.tryLock()) {
      try {
        sweeper.sweep(clock.instant());
      } finally {
        running.unlock();
      }
    }
  }

  /** Sweeps now (the testing switch), once a sweep in progress has finished. */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public DomainCheckSweeper.Sweep sweepNow() {
    running.lock();
    try {
      return sweeper.sweep(clock.instant());
    } finally {
      running.unlock();
    }
  }
}
