package dev.portcullis.platform.rest;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** MicroProfile Health checks behind {@code /health/ready} and {@code /health/live}. */
public final class HealthChecks {

  private HealthChecks() {}

  /** Ready when the database answers; a load balancer stops sending traffic otherwise. */
  @Readiness
  @ApplicationScoped
  public static class Database implements HealthCheck {

    @Resource(lookup = "jdbc/portcullis")
    DataSource dataSource;

    @Override
    public HealthCheckResponse call() {
      try (Connection c = dataSource.getConnection()) {
        boolean valid = c.isValid(2);
        return HealthCheckResponse.named("database").status(valid).build();
      } catch (Exception e) {
        return HealthCheckResponse.named("database").down().build();
      }
    }
  }

  /** Alive while the application answers at all. */
  @Liveness
  @ApplicationScoped
  public static class Application implements HealthCheck {
    @Override
    public HealthCheckResponse call() {
      return HealthCheckResponse.up("portcullis");
    }
  }
}
