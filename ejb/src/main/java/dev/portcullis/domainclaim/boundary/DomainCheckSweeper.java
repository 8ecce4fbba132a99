package dev.portcullis.domainclaim.boundary;

import dev.portcullis.domainclaim.control.DnsTxtLookup;
import dev.portcullis.domainclaim.entity.CheckResult;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Checks every claim that is due. The due claims are read page by page; their DNS lookups run
 * asynchronously, at most {@code portcullis.dns.concurrency} in flight, outside any transaction and
 * without holding a thread each. A few writers ({@code portcullis.domains.sweep-writers}), threads
 * of the sweep's own from {@code concurrent/domainChecks}, apply each result to its claim in a
 * transaction of its own. A sweep therefore never holds one transaction for many claims, takes no
 * thread from the pool that serves requests, and uses only a few database connections.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DomainCheckSweeper {

  private static final Logger LOG = Logger.getLogger(DomainCheckSweeper.class.getName());

  private static final int PAGE = 500;

  /** What one sweep did. */
  public record Sweep(int due, int checked, int found, int absent, int unknown, int failed) {}

  /** A DNS answer waiting for a writer; {@code END} tells a writer that the sweep is over. */
  private record Answer(DomainClaimService.DueCheck check, CheckResult result, Throwable error) {
    static final Answer END = new Answer(null, null, null);
  }

  @EJB DomainClaimService claims;

  @Inject DnsTxtLookup dns;

  @Inject Clock clock;

  @Resource(lookup = "concurrent/domainChecks")
  ManagedThreadFactory threads;

  @Inject
  @ConfigProperty(name = "portcullis.dns.concurrency", defaultValue = "64")
  int concurrency;

  @Inject
  @ConfigProperty(name = "portcullis.domains.sweep-writers", defaultValue = "2")
  int writerCount;

  @Inject
  @ConfigProperty(name = "portcullis.domains.sweep-limit", defaultValue = "200000")
  int sweepLimit;

  @Inject
  @ConfigProperty(name = "portcullis.domains.check-lease", defaultValue = "PT5M")
  Duration lease;

  public Sweep sweep(Instant now) {
    DomainClaimService.DuePage page = claims.due(now, null, Math.min(PAGE, sweepLimit), until());
    if (page.taken().isEmpty() && !page.full()) {
      return new Sweep(0, 0, 0, 0, 0, 0);
    }
    int slots = Math.max(1, concurrency);
    // A slot is taken before a lookup and given back once its result is applied: it bounds both
    // the queries in flight and the answers waiting for a writer.
    Semaphore inFlight = new Semaphore(slots);
    BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    AtomicInteger found = new AtomicInteger();
    AtomicInteger absent = new AtomicInteger();
    AtomicInteger unknown = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<Thread> writers = new ArrayList<>();
    for (int i = 0; i < Math.max(1, writerCount); i++) {
      Thread writer =
          threads.newThread(() -> write(answers, inFlight, now, found, absent, unknown, failed));
      writer.setName("domain-check-writer-" + i);
      writer.start();
      writers.add(writer);
    }
    int due = 0;
    try {
      int read = 0;
      while (true) {
        for (DomainClaimService.DueCheck check : page.taken()) {
          if (!acquire(inFlight, 1, writers)) {
            throw new IllegalStateException("The domain check writers stopped");
          }
          dns.checkAsync(check.claim().getDomain(), check.claim().expectedRecord())
              .whenComplete((result, error) -> answers.add(new Answer(check, result, error)));
        }
        due += page.taken().size();
        read += PAGE;
        if (!page.full() || read >= sweepLimit) {
          break;
        }
        page = claims.due(now, page.next(), Math.min(PAGE, sweepLimit - read), until());
      }
    } finally {
      acquire(inFlight, slots, writers); // every answer has been applied
      writers.forEach(w -> answers.add(Answer.END));
      for (Thread writer : writers) {
        try {
          writer.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    Sweep sweep =
        new Sweep(due, due - failed.get(), found.get(), absent.get(), unknown.get(), failed.get());
    LOG.info(() -> "Domain check sweep: " + sweep);
    return sweep;
  }

  /**
   * Until when the page of claims a sweep takes now is its own: long enough to look them up and
   * apply the answers. If the server dies meanwhile, the first sweep after that checks them. Each
   * page is taken as the sweep reaches it, so the lease need not cover a whole sweep.
   */
  private Instant until() {
    return clock.instant().plus(lease);
  }

  /** Takes {@code permits}, unless every writer has stopped (the server is shutting down). */
  private static boolean acquire(Semaphore inFlight, int permits, List<Thread> writers) {
    try {
      while (!inFlight.tryAcquire(permits, 1, TimeUnit.SECONDS)) {
        if (writers.stream().noneMatch(Thread::isAlive)) {
          return false;
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Applies answers, each in a transaction of its own, until the sweep is over. */
  private void write(
      BlockingQueue<Answer> answers,
      Semaphore inFlight,
      Instant now,
      AtomicInteger found,
      AtomicInteger absent,
      AtomicInteger unknown,
      AtomicInteger failed) {
    while (true) {
      Answer answer;
      try {
        answer = answers.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (answer == Answer.END) {
        return;
      }
      try {
        if (answer.error() != null) {
          throw answer.error();
        }
        (answer.result() == CheckResult.FOUND
                ? found
                : answer.result() == CheckResult.ABSENT ? absent : unknown)
            .incrementAndGet();
        claims.applyCheck(answer.check(), answer.result(), now);
      } catch (Throwable e) {
        failed.incrementAndGet();
        LOG.log(
            Level.WARNING, "Domain check of " + answer.check().claim().getDomain() + " failed", e);
      } finally {
        inFlight.release();
      }
    }
  }
}
