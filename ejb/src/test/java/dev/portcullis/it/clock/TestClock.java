package dev.portcullis.it.clock;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.interceptor.Interceptor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The application's time during in-container tests: the system clock until a test freezes it, then
 * an instant that moves only when the test says so. It lives in a library of the test EAR and is an
 * enabled alternative, so it replaces {@code ClockProducer}'s clock in every module; services and
 * timers see the test's time, and no test sleeps.
 */
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
@ApplicationScoped
public class TestClock {

  private final AtomicReference<Instant> frozen = new AtomicReference<>();

  @Produces
  Clock clock() {
    return new ControlledClock(this, ZoneOffset.UTC);
  }

  /** Stops time at the current instant (to the millisecond, which every database keeps). */
  public Instant freeze() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    frozen.set(now);
    return now;
  }

  /** Stops time at the given instant. */
  public Instant freezeAt(Instant instant) {
    frozen.set(instant);
    return instant;
  }

  /** Moves frozen time forward. */
  public Instant advance(Duration duration) {
    return frozen.updateAndGet(
        t -> {
          if (t == null) {
            throw new IllegalStateException("freeze() the clock before advancing it");
          }
          return t.plus(duration);
        });
  }

  /** Back to the system clock. */
  public void release() {
    frozen.set(null);
  }

  Instant now() {
    Instant t = frozen.get();
    return t != null ? t : Instant.now();
  }

  private static final class ControlledClock extends Clock {
    private final TestClock source;
    private final ZoneId zone;

    ControlledClock(TestClock source, ZoneId zone) {
      this.source = source;
      this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
      return new ControlledClock(source, newZone);
    }

    @Override
    public Instant instant() {
      return source.now();
    }
  }
}
