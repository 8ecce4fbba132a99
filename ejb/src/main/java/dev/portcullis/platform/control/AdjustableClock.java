package dev.portcullis.platform.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock in UTC, plus an offset that only the testing switch ({@code
 * portcullis.testing.enabled}) lets an operator move, so end-to-end tests can live through days of
 * domain re-checks without sleeping. In production the offset is always zero.
 */
public final class AdjustableClock extends Clock {

  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return Clock.offset(Clock.system(zone), offset.get());
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset.get());
  }

  public Duration offset() {
    return offset.get();
  }

  void setOffset(Duration newOffset) {
    offset.set(newOffset);
  }
}
