package dev.portcullis.sso.rest;

import dev.portcullis.platform.control.Jsonp;
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

/**
 * Shared SSO of an organization: linking codes and links, as the admin organization and as a linked
 * organization.
 */
@Path("organizations/{org}/sso/sharing")
@Produces(MediaType.APPLICATION_JSON)
public class SharedSsoResource {

  @Inject SharedSsoService sharing;

  @Context HttpServletRequest request;

  @PathParam("org")
  String org;

  /**
   * {@code {"admin": {"id","name","linkedAt"} or null, "linked": [{"id","name","linkedAt"}],
   * "openCodes"}}.
   */
  @GET
  public String state() {
    SharedSsoService.State s = sharing.state(ApiRequests.actor(request), org);
    JsonArrayBuilder linked = Jsonp.createArrayBuilder();
    s.linked().forEach(l -> linked.add(json(l)));
    JsonObjectBuilder o = Jsonp.createObjectBuilder();
    if (s.admin() == null) {
      o.addNull("admin");
    } else {
      o.add("admin", json(s.admin()));
    }
    return o.add("linked", linked).add("openCodes", s.openCodes()).build().toString();
  }

  /** A new linking code (Owner) → 201 {@code {"code","expiresAt"}}: the only time it is shown. */
  @POST
  @Path("codes")
  public Response generateCode() {
    SharedSsoService.NewCode code = sharing.generateCode(ApiRequests.actor(request), org);
    return Response.status(Response.Status.CREATED)
        .entity(
            Jsonp.createObjectBuilder()
                .add("code", code.code())
                .add("expiresAt", code.expiresAt().toString())
                .build()
                .toString())
        .build();
  }

  /** {@code {"code"}}: links this organization (Owner) → 201 with its admin organization. */
  @POST
  @Path("link")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response link(String body) {
    JsonBody json = JsonBody.parse(body, "code");
    SharedSsoService.LinkedOrganization admin =
        sharing.link(ApiRequests.actor(request), org, json.requiredString("code", 100));
    return Response.status(Response.Status.CREATED).entity(json(admin).toString()).build();
  }

  /** Unlinks this organization from its admin organization (its Owner) → 204. */
  @DELETE
  @Path("link")
  public Response unlink() {
    sharing.unlink(ApiRequests.actor(request), org, org);
    return Response.noContent().build();
  }

  /** The admin organization's Owner unlinks one of its linked organizations → 204. */
  @DELETE
  @Path("linked/{linkedOrg}")
  public Response unlinkOrganization(@PathParam("linkedOrg") String linkedOrg) {
    sharing.unlink(ApiRequests.actor(request), org, linkedOrg);
    return Response.noContent().build();
  }

  private static JsonObject json(SharedSsoService.LinkedOrganization l) {
    return Jsonp.createObjectBuilder()
        .add("id", l.id())
        .add("name", l.name())
        .add("linkedAt", l.linkedAt().toString())
        .build();
  }
}
