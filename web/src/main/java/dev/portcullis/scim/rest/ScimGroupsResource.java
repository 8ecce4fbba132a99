package dev.portcullis.scim.rest;

import dev.portcullis.platform.control.PortcullisConfig;
import dev.portcullis.scim.boundary.ScimGroups;
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
 * {@code /scim/v2/Groups} (RFC 7644 §3.3–3.6): the organization's teams as SCIM Groups; create,
 * read, replace, modify (members), delete and list them. Requests in any JSON media type; answers
 * in {@code application/scim+json} with {@code ETag} ({@code meta.version}); {@code If-Match}
 * guards writes.
 */
@Path("Groups")
public class ScimGroupsResource {

  @Inject ScimCaller caller;

  @Inject ScimGroups groups;

  @Inject PortcullisConfig config;

  @POST
  public Response create(String body) {
    return ScimRequests.resource(
        Response.Status.CREATED,
        ScimRequests.write(
            () -> groups.create(ScimRequests.context(caller, config), ScimRequests.body(body))),
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
    Projection projection = Projection.of(attributes, excludedAttributes);
    return ScimRequests.list(
        groups.list(
            ScimRequests.context(caller, config),
            ScimRequests.list(filter, sortBy, sortOrder, startIndex, count, cursor),
            !projection.excludes("members")),
        projection);
  }

  @GET
  @Path("{id}")
  public Response get(
      @PathParam("id") String id,
      @QueryParam("attributes") String attributes,
      @QueryParam("excludedAttributes") String excludedAttributes) {
    Projection projection = Projection.of(attributes, excludedAttributes);
    return ScimRequests.resource(
        Response.Status.OK,
        groups.get(ScimRequests.context(caller, config), id, !projection.excludes("members")),
        projection,
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
                groups.replace(
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
                groups.patch(
                    ScimRequests.context(caller, config), id, ScimRequests.body(body), ifMatch)),
        Projection.of(null, null),
        false);
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
    ScimRequests.write(() -> groups.delete(ScimRequests.context(caller, config), id, ifMatch));
    return Response.noContent().build();
  }
}
