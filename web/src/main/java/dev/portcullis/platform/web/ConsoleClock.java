package dev.portcullis.platform.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;

/**
 * The application's clock for view beans: a {@link Clock} is not serializable, so view-scoped beans
 * (which the session may passivate) reach it through this application-scoped bean instead.
 */
@ApplicationScoped
public class ConsoleClock {

  @Inject Clock clock;

  public Instant now() {
    return clock.instant();
  }
}
