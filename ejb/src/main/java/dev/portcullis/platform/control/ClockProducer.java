package dev.portcullis.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Duration;

/** The one source of time for services and timers, so tests can move it. */
@ApplicationScoped
public class ClockProducer {

  private final AdjustableClock clock = new AdjustableClock();

  @Produces
  Clock clock() {
    return clock;
  }

  public Duration offset() {
    return clock.offset();
  }

  /** Moves the application's time; callers check that testing is enabled. */
  public void setOffset(Duration offset) {
    clock.setOffset(offset);
  }
}
