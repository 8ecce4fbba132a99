package dev.portcullis.audit.rest;

import dev.portcullis.audit.boundary.AuditService;
import dev.portcullis.audit.entity.AuditEvent;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.rest.ApiRequests;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** An organization's audit log, newest first, as JSON or CSV. */
@Path("organizations/{org}/audit")
public class AuditResource {

  @Inject AuditService audit;

  @Context HttpServletRequest request;

  @GET
  @Produces({"application/json", "text/csv"})
  public Response audit(
      @PathParam("org") String org,
      @QueryParam("format") @DefaultValue("json") String format,
      @QueryParam("action") String action,
      @QueryParam("actor") String actor,
      @QueryParam("target") String target,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("limit") @DefaultValue("1000") String limit) {
    if (!format.equals("json") && !format.equals("csv")) {
      throw ServiceException.invalid("invalid_format", "'format' must be json or csv.");
    }
    int max;
    try {
      max = Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      throw ServiceException.invalid("invalid_limit", "'limit' must be a number.");
    }
    List<AuditEvent> events =
        audit.search(
            ApiRequests.actor(request),
            org,
            new AuditService.Filter(
                action, actor, target, instant("from", from), instant("to", to)),
            max);
    if (format.equals("csv")) {
      return Response.ok(AuditFormat.csv(events), "text/csv; charset=UTF-8")
          .header("Content-Disposition", "attachment; filename=\"audit.csv\"")
          .build();
    }
    return Response.ok(AuditFormat.json(events), "application/json").build();
  }

  private static Instant instant(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw ServiceException.invalid(
          "invalid_" + name,
          "'" + name + "' must be an ISO-8601 instant such as 2026-01-31T00:00:00Z.");
    }
  }
}
