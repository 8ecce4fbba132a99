package dev.portcullis.domainclaim.rest;

import dev.portcullis.domainclaim.boundary.DomainClaimService;
import dev.portcullis.domainclaim.entity.DomainClaim;
import dev.portcullis.domainclaim.entity.VerificationPolicy;
import dev.portcullis.platform.control.Jsonp;
import dev.portcullis.platform.control.PasswordHasher;
import dev.portcullis.platform.rest.ApiRequests;
import dev.portcullis.platform.rest.JsonBody;
import dev.portcullis.sso.boundary.SharedSsoService;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;

/** Domain claiming: claim (with password step-up), list, verify now, remove, transfer. */
@Path("organizations/{org}/domains")
@Produces(MediaType.APPLICATION_JSON)
public class DomainClaimResource {

  @Inject DomainClaimService claims;

  @Inject SharedSsoService sharing;

  @Context HttpServletRequest request;

  @PathParam("org")
  String org;

  /**
   * {@code {"domain","password"}} → 201 with the TXT record to publish. The password is the
   * caller's, re-entered (step-up): 400 {@code invalid_field} without it, 403 {@code
   * reauthentication_failed} when wrong. A caller without a password (provisioned by SSO or SCIM)
   * gets 403 {@code idp_reconfirmation_required} whatever they send: they confirm through their
   * identity provider in the console, which the API cannot do.
   */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response claim(String body) {
    JsonBody json = JsonBody.parse(body, "domain", "password");
    DomainClaim claim =
        claims.claim(
            ApiRequests.actor(request),
            org,
            json.string("domain", 300),
            json.string("password", PasswordHasher.MAX_LENGTH));
    return Response.status(Response.Status.CREATED).entity(json(claim).toString()).build();
  }

  @GET
  public String list() {
    JsonArrayBuilder out = Jsonp.createArrayBuilder();
    claims.list(ApiRequests.actor(request), org).forEach(c -> out.add(json(c)));
    return out.build().toString();
  }

  @GET
  @Path("{id}")
  public String get(@PathParam("id") String id) {
    return json(claims.get(ApiRequests.actor(request), org, id)).toString();
  }

  @POST
  @Path("{id}/verify")
  public String verify(@PathParam("id") String id) {
    return json(claims.verifyNow(ApiRequests.actor(request), org, id)).toString();
  }

  /**
   * Shared SSO: the linked organization's Owner moves this verified domain to its admin
   * organization → 204; the claim is the admin organization's from then on.
   */
  @POST
  @Path("{id}/transfer")
  public Response transfer(@PathParam("id") String id) {
    sharing.transferDomain(ApiRequests.actor(request), org, id);
    return Response.noContent().build();
  }

  @DELETE
  @Path("{id}")
  public Response remove(@PathParam("id") String id) {
    claims.remove(ApiRequests.actor(request), org, id);
    return Response.noContent().build();
  }

  static JsonObject json(DomainClaim c) {
    JsonObjectBuilder o =
        Jsonp.createObjectBuilder()
            .add("id", c.getId())
            .add("domain", c.getDomain())
            .add("status", c.getStatus().name())
            .add(
                "txtRecord",
                Jsonp.createObjectBuilder()
                    .add("name", c.getDomain())
                    .add("type", "TXT")
                    .add("value", c.expectedRecord()));
    instant(o, "createdAt", c.getCreatedAt());
    instant(o, "verifiedAt", c.getVerifiedAt());
    instant(o, "lastCheckedAt", c.getLastCheckedAt());
    instant(o, "nextCheckAt", c.getNextCheckAt());
    instant(o, "unverifiesAt", c.unverifiesAt(VerificationPolicy.DEFAULT));
    if (c.getLastCheckResult() == null) {
      o.addNull("lastCheckResult");
    } else {
      o.add("lastCheckResult", c.getLastCheckResult().name());
    }
    if (c.getStatusReason() == null) {
      o.addNull("statusReason");
    } else {
      o.add("statusReason", c.getStatusReason());
    }
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
