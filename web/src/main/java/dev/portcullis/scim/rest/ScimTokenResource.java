package dev.portcullis.scim.rest;

import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.control.Jsonp;
import dev.portcullis.platform.rest.ApiRequests;
import dev.portcullis.platform.rest.JsonBody;
import dev.portcullis.scim.boundary.ScimTokenService;
import dev.portcullis.scim.entity.ScimToken;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Admin API of an organization's SCIM token (part of {@code /api/v1}, not of the SCIM API): the
 * token is in an answer only when it is generated.
 */
@Path("organizations/{org}/scim/token")
@Produces(MediaType.APPLICATION_JSON)
public class ScimTokenResource {

  /** The longest grace period of a rotation, in hours (7 days). */
  static final int MAX_GRACE_HOURS = (int) ScimToken.MAX_GRACE.toHours();

  @Inject ScimTokenService tokens;

  @Inject Clock clock;

  @Context HttpServletRequest request;

  @PathParam("org")
  String org;

  @GET
  @Operation(
      summary = "The SCIM token's status (never the token)",
      description =
          "{\"id\",\"createdAt\",\"lastUsedAt\",\"useCount\",\"expiresAt\",\"expired\","
              + "\"previous\"}; previous is the token still valid during a rotation's grace"
              + " period, with validUntil. 404 when there is no token.")
  public String get() {
    ScimTokenService.Status status = tokens.status(ApiRequests.actor(request), org);
    Instant now = clock.instant();
    ScimToken current = status.current().orElseThrow(() -> ServiceException.notFound("SCIM token"));
    JsonObjectBuilder o = describe(current, now);
    if (status.previous().isPresent()) {
      o.add("previous", previous(status.previous().get(), now));
    } else {
      o.addNull("previous");
    }
    return o.build().toString();
  }

  /**
   * Generates a token and revokes every earlier one at once. Optional body {@code {"expiresAt"}} →
   * 201 {@code {"token","id","createdAt","expiresAt"}}.
   */
  @POST
  @Operation(
      summary = "Generate a SCIM token (shown only in this answer; revokes the previous one)",
      description = "Optional body {\"expiresAt\": ISO-8601 instant}.")
  public Response generate(String body) {
    Instant expiresAt = expiresAt(body);
    ScimTokenService.Issued issued = tokens.generate(ApiRequests.actor(request), org, expiresAt);
    return created(issued, null);
  }

  /**
   * Generates a token and keeps the current one valid for {@code graceHours} (1 to 168). Body
   * {@code {"graceHours","expiresAt"?}} → 201 as generate, with {@code previous}.
   */
  @POST
  @Path("rotate")
  @Operation(
      summary = "Rotate the SCIM token: a new token, the previous one valid for a grace period",
      description =
          "Body {\"graceHours\": 1..168, \"expiresAt\"?: ISO-8601 instant of the new token}.")
  public Response rotate(String body) {
    JsonBody json = JsonBody.parse(body, "graceHours", "expiresAt");
    Integer hours = json.integer("graceHours", 1, MAX_GRACE_HOURS);
    if (hours == null) {
      throw ServiceException.invalid(
          "invalid_field", "'graceHours' is required (1 to " + MAX_GRACE_HOURS + ").");
    }
    Instant expiresAt = json.instant("expiresAt");
    ScimTokenService.Issued issued =
        tokens.rotate(ApiRequests.actor(request), org, Duration.ofHours(hours), expiresAt);
    ScimTokenService.Status status = tokens.status(ApiRequests.actor(request), org);
    return created(issued, status.previous().map(p -> previous(p, clock.instant())).orElse(null));
  }

  /** Revokes every valid SCIM token of the organization at once → 204 (also when there is none). */
  @DELETE
  @Operation(summary = "Revoke the SCIM token (and one in a grace period) at once")
  public Response revoke() {
    tokens.revoke(ApiRequests.actor(request), org);
    return Response.noContent().build();
  }

  private static Instant expiresAt(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    return JsonBody.parse(body, "expiresAt").instant("expiresAt");
  }

  private Response created(ScimTokenService.Issued issued, JsonObject previous) {
    ScimToken t = issued.record();
    JsonObjectBuilder o =
        Jsonp.createObjectBuilder()
            .add("token", issued.token())
            .add("id", t.getId())
            .add("createdAt", t.getCreatedAt().toString());
    instant(o, "expiresAt", t.getExpiresAt());
    if (previous != null) {
      o.add("previous", previous);
    }
    return Response.status(Response.Status.CREATED).entity(o.build().toString()).build();
  }

  static JsonObjectBuilder describe(ScimToken t, Instant now) {
    JsonObjectBuilder o =
        Jsonp.createObjectBuilder()
            .add("id", t.getId())
            .add("createdAt", t.getCreatedAt().toString());
    instant(o, "lastUsedAt", t.getLastUsedAt());
    o.add("useCount", t.getUseCount());
    instant(o, "expiresAt", t.getExpiresAt());
    return o.add("expired", t.isExpiredAt(now));
  }

  static JsonObject previous(ScimToken t, Instant now) {
    JsonObjectBuilder o = describe(t, now);
    instant(o, "validUntil", t.getRevokedAt());
    return o.build();
  }

  private static void instant(JsonObjectBuilder o, String name, Instant value) {
    if (value == null) {
      o.addNull(name);
    } else {
      o.add(name, value.toString());
    }
  }
}
