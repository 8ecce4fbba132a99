package dev.portcullis.platform.rest;

import dev.portcullis.domainclaim.boundary.DomainCheckSweeper;
import dev.portcullis.domainclaim.boundary.DomainCheckTimer;
import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.control.ClockProducer;
import dev.portcullis.platform.control.Jsonp;
import dev.portcullis.sso.boundary.SsoMaintenanceTimer;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Test-time controls for the operator, present only when {@code portcullis.testing.enabled} is true
 * (never in production): move the application's clock, run the domain-check sweep now (what the
 * persistent timer does every minute), and run the SSO housekeeping now (certificate expiry
 * warnings and the error log purge, what its timer does every hour). Otherwise every path here
 * answers 404.
 */
@Path("testing")
@Produces(MediaType.APPLICATION_JSON)
public class TestingResource {

  @Inject
  @ConfigProperty(name = "portcullis.testing.enabled", defaultValue = "false")
  boolean enabled;

  @Inject ClockProducer clocks;

  @Inject Clock now;

  @Inject DomainCheckTimer checks;

  @Inject SsoMaintenanceTimer ssoMaintenance;

  @Context HttpServletRequest request;

  /** {@code {"offset":"P7D"}}: the application's time becomes real time plus the offset. */
  @PUT
  @Path("clock")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(hidden = true)
  public String setClock(String body) {
    requireTesting();
    JsonBody json = JsonBody.parse(body, "offset");
    Duration offset;
    try {
      offset = Duration.parse(json.requiredString("offset", 64));
    } catch (DateTimeParseException e) {
      throw ServiceException.invalid("invalid_offset", "'offset' must be an ISO-8601 duration.");
    }
    clocks.setOffset(offset);
    return Jsonp.createObjectBuilder()
        .add("offset", clocks.offset().toString())
        .add("now", now.instant().toString())
        .build()
        .toString();
  }

  /**
   * Runs one domain-check sweep at the application's current time (after the timer's sweep, if one
   * is running).
   */
  @POST
  @Path("domain-checks")
  @Operation(hidden = true)
  public String sweep() {
    requireTesting();
    DomainCheckSweeper.Sweep s = checks.sweepNow();
    return Jsonp.createObjectBuilder()
        .add("due", s.due())
        .add("checked", s.checked())
        .add("found", s.found())
        .add("absent", s.absent())
        .add("unknown", s.unknown())
        .add("failed", s.failed())
        .build()
        .toString();
  }

  /**
   * Runs the SSO housekeeping at the application's current time: sends the certificate expiry
   * warnings that are due, purges error log entries older than 7 days, refreshes the IdP metadata
   * whose refresh is due.
   */
  @POST
  @Path("sso-maintenance")
  @Operation(hidden = true)
  public String ssoMaintenance() {
    requireTesting();
    SsoMaintenanceTimer.Run run = ssoMaintenance.runNow();
    return Jsonp.createObjectBuilder()
        .add("certificateWarnings", run.certificateWarnings())
        .add("errorsPurged", run.errorsPurged())
        .add("metadataRefreshed", run.metadataRefreshed())
        .add("metadataRefreshFailed", run.metadataRefreshFailed())
        .build()
        .toString();
  }

  private void requireTesting() {
    Actor actor = ApiRequests.actor(request);
    if (!enabled || !actor.operator()) {
      throw ServiceException.notFound("Resource");
    }
  }
}
