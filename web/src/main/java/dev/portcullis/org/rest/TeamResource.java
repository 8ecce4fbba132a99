package dev.portcullis.org.rest;

import dev.portcullis.org.boundary.ProjectService;
import dev.portcullis.org.entity.OrgRole;
import dev.portcullis.org.entity.Team;
import dev.portcullis.org.entity.User;
import dev.portcullis.platform.control.Jsonp;
import dev.portcullis.platform.rest.ApiRequests;
import dev.portcullis.platform.rest.JsonBody;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;

/**
 * Teams of an organization, their members, and the organization role a team gives its members
 * ({@code role}: ADMIN, or MEMBER for none; OWNER is refused with 400 {@code invalid_role}).
 */
@Path("organizations/{org}/teams")
@Produces(MediaType.APPLICATION_JSON)
public class TeamResource {

  @Inject ProjectService projects;

  @Context HttpServletRequest request;

  @PathParam("org")
  String org;

  @GET
  public String teams() {
    JsonArrayBuilder out = Jsonp.createArrayBuilder();
    projects.teams(ApiRequests.actor(request), org).forEach(t -> out.add(json(t)));
    return out.build().toString();
  }

  /** {@code {"name", "role"?}}: a new team, without members, carrying no role unless given. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response createTeam(String body) {
    JsonBody json = JsonBody.parse(body, "name", "role");
    Team t =
        projects.createTeam(
            ApiRequests.actor(request),
            org,
            json.requiredString("name", 200),
            json.has("role") ? json.requiredEnum("role", OrgRole.class) : null);
    return Response.status(Response.Status.CREATED).entity(json(t).toString()).build();
  }

  /**
   * {@code {"role"}}: sets the organization role the team gives its members (ADMIN, or MEMBER to
   * clear it); they gain or lose it at once.
   */
  @PATCH
  @Path("{team}")
  @Consumes(MediaType.APPLICATION_JSON)
  public String changeTeam(@PathParam("team") String team, String body) {
    JsonBody json = JsonBody.parse(body, "role");
    return json(projects.setTeamRole(
            ApiRequests.actor(request), org, team, json.requiredEnum("role", OrgRole.class)))
        .toString();
  }

  /** Deletes the team: its grants go, and its members lose the role it gave them. */
  @DELETE
  @Path("{team}")
  public Response deleteTeam(@PathParam("team") String team) {
    projects.deleteTeam(ApiRequests.actor(request), org, team);
    return Response.noContent().build();
  }

  @PUT
  @Path("{team}/members/{user}")
  public Response addTeamMember(@PathParam("team") String team, @PathParam("user") String user) {
    projects.setTeamMember(ApiRequests.actor(request), org, team, user, true);
    return Response.noContent().build();
  }

  @DELETE
  @Path("{team}/members/{user}")
  public Response removeTeamMember(@PathParam("team") String team, @PathParam("user") String user) {
    projects.setTeamMember(ApiRequests.actor(request), org, team, user, false);
    return Response.noContent().build();
  }

  static JsonObject json(Team t) {
    JsonArrayBuilder members = Jsonp.createArrayBuilder();
    t.getMembers().stream()
        .sorted(Comparator.comparing(User::getEmail))
        .forEach(u -> members.add(u.getId()));
    return Jsonp.createObjectBuilder()
        .add("id", t.getId())
        .add("name", t.getName())
        .add("role", t.getRole().name())
        .add("members", members)
        .build();
  }
}
