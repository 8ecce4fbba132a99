package dev.portcullis.org.rest;

import dev.portcullis.org.boundary.AccessRequestService;
import dev.portcullis.org.entity.AccessRequest;
import dev.portcullis.platform.control.Jsonp;
import dev.portcullis.platform.rest.ApiRequests;
import dev.portcullis.platform.rest.JsonBody;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Access requests: a signed-in user asks to join an organization (optionally for one project); its
 * Owners and Admins list and decide them.
 */
@Path("organizations/{org}/access-requests")
@Produces(MediaType.APPLICATION_JSON)
public class AccessRequestResource {

  @Inject AccessRequestService requests;

  @Context HttpServletRequest request;

  @PathParam("org")
  String org;

  /** {@code {"projectId"?}} → 201 with the pending request. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(String body) {
    JsonBody json = JsonBody.parse(body, "projectId");
    AccessRequest r =
        requests.request(ApiRequests.actor(request), org, json.string("projectId", 36));
    return Response.status(Response.Status.CREATED).entity(json(r).toString()).build();
  }

  @GET
  public String pending() {
    JsonArrayBuilder out = Jsonp.createArrayBuilder();
    requests.pending(ApiRequests.actor(request), org).forEach(r -> out.add(json(r)));
    return out.build().toString();
  }

  @POST
  @Path("{id}/approve")
  public String approve(@PathParam("id") String id) {
    return json(requests.decide(ApiRequests.actor(request), org, id, true)).toString();
  }

  @POST
  @Path("{id}/deny")
  public String deny(@PathParam("id") String id) {
    return json(requests.decide(ApiRequests.actor(request), org, id, false)).toString();
  }

  static JsonObject json(AccessRequest r) {
    JsonObjectBuilder o =
        Jsonp.createObjectBuilder()
            .add("id", r.getId())
            .add("userId", r.getUser().getId())
            .add("email", r.getUser().getEmail())
            .add("status", r.getStatus().name())
            .add("createdAt", r.getCreatedAt().toString());
    if (r.getProject() == null) {
      o.addNull("projectId");
    } else {
      o.add("projectId", r.getProject().getId());
    }
    return o.build();
  }
}
