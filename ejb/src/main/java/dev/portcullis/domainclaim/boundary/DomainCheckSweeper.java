package dev.portcullis.domainclaim.boundary;

import dev.portcullis.domainclaim.control.DnsTxtLookup;
import dev.portcullis.domainclaim.entity.CheckResult;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Checks every claim that is due: DNS lookups run on the {@code concurrent/dnsChecks} executor, at
 * most {@code portcullis.dns.concurrency} at once, outside any transaction; each result is applied
 * to its claim in a transaction of its own. A sweep never holds one transaction for many claims and
 * never runs on a request thread.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DomainCheckSweeper {

  private static final Logger LOG = Logger.getLogger(DomainCheckSweeper.class.getName());

  /** What one sweep did. */
  public record Sweep(int due, int checked, int found, int absent, int unknown, int failed) {}

  @EJB DomainClaimService claims;

  @Inject DnsTxtLookup dns;

  @Resource(lookup = "concurrent/dnsChecks")
  ManagedExecutorService executor;

  @Inject
  @ConfigProperty(name = "portcullis.dns.concurrency", defaultValue = "64")
  int concurrency;

  @Inject
  @ConfigProperty(name = "portcullis.domains.sweep-limit", defaultValue = "200000")
  int sweepLimit;

  public Sweep sweep(Instant now) {
    List<DomainClaimService.DueCheck> due = claims.due(now, sweepLimit);
    Semaphore inFlight = new Semaphore(Math.max(1, concurrency));
    AtomicInteger found = new AtomicInteger();
    AtomicInteger absent = new AtomicInteger();
    AtomicInteger unknown = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<CompletableFuture<Void>> work = new ArrayList<>(due.size());
    for (DomainClaimService.DueCheck check : due) {
      inFlight.acquireUninterruptibly();
      work.add(
          CompletableFuture.runAsync(
                  () -> {
                    CheckResult result = dns.check(check.domain(), check.expectedRecord());
                    (result == CheckResult.FOUND
                            ? found
                            : result == CheckResult.ABSENT ? absent : unknown)
                        .incrementAndGet();
                    claims.applyCheck(check, result, now);
                  },
                  executor)
              .whenComplete(
                  (ok, error) -> {
                    inFlight.release();
                    if (error != null) {
                      failed.incrementAndGet();
                      LOG.log(
                          Level.WARNING, "Domain check of " + check.domain() + " failed", error);
                    }
                  }));
    }
    CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    Sweep sweep =
        new Sweep(
            due.size(),
            due.size() - failed.get(),
            found.get(),
            absent.get(),
            unknown.get(),
            failed.get());
    if (!due.isEmpty()) {
      LOG.info(() -> "Domain check sweep: " + sweep);
    }
    return sweep;
  }
}
