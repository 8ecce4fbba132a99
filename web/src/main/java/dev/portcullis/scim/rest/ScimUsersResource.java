package dev.portcullis.scim.rest;

import dev.portcullis.platform.control.PortcullisConfig;
import dev.portcullis.scim.boundary.ScimUsers;
import dev.portcullis.scim.control.Projection;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * {@code /scim/v2/Users} (RFC 7644 §3.3–3.6): create, read, replace, modify, delete and list the
 * organization's users. Requests in any JSON media type; answers in {@code application/scim+json}
 * with {@code ETag} ({@code meta.version}); {@code If-Match} guards writes.
 */
@Path("Users")
public class ScimUsersResource {

  @Inject ScimCaller caller;

  @Inject ScimUsers users;

  @Inject PortcullisConfig config;

  @POST
  public Response create(String body) {
    return ScimRequests.resource(
        Response.Status.CREATED,
        ScimRequests.write(
            () -> users.create(ScimRequests.context(caller, config), ScimRequests.body(body))),
        Projection.of(null, null),
        true);
  }

  @GET
  public Response list(
      @QueryParam("filter") String filter,
      @QueryParam("sortBy") String sortBy,
      @QueryParam("sortOrder") String sortOrder,
      @QueryParam("startIndex") String startIndex,
      @QueryParam("count") String count,
      @QueryParam("cursor") String cursor,
      @QueryParam("attributes") String attributes,
      @QueryParam("excludedAttributes") String excludedAttributes) {
    return ScimRequests.list(
        users.list(
            ScimRequests.context(caller, config),
            // Checked here, before the call (see ScimUsers.query).
            ScimUsers.query(
                ScimRequests.list(filter, sortBy, sortOrder, startIndex, count, cursor))),
        Projection.of(attributes, excludedAttributes));
  }

  @GET
  @Path("{id}")
  public Response get(
      @PathParam("id") String id,
      @QueryParam("attributes") String attributes,
      @QueryParam("excludedAttributes") String excludedAttributes) {
    return ScimRequests.resource(
        Response.Status.OK,
        users.get(ScimRequests.context(caller, config), id),
        Projection.of(attributes, excludedAttributes),
        false);
  }

  @PUT
  @Path("{id}")
  public Response replace(
      @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, String body) {
    return ScimRequests.resource(
        Response.Status.OK,
        ScimRequests.write(
            () ->
                users.replace(
                    ScimRequests.context(caller, config), id, ScimRequests.body(body), ifMatch)),
        Projection.of(null, null),
        false);
  }

  @PATCH
  @Path("{id}")
  public Response patch(
      @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, String body) {
    return ScimRequests.resource(
        Response.Status.OK,
        ScimRequests.write(
            () ->
                users.patch(
                    ScimRequests.context(caller, config), id, ScimRequests.body(body), ifMatch)),
        Projection.of(null, null),
        false);
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
    ScimRequests.write(() -> users.delete(ScimRequests.context(caller, config), id, ifMatch));
    return Response.noContent().build();
  }
}
