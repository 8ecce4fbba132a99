package dev.portcullis.org.rest;

import dev.portcullis.org.boundary.ProjectService;
import dev.portcullis.org.entity.Project;
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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;

/** Projects of an organization and who may reach them (the console's Projects page). */
@Path("organizations/{org}/projects")
@Produces(MediaType.APPLICATION_JSON)
public class ProjectResource {

  @Inject ProjectService projects;

  @Context HttpServletRequest request;

  @PathParam("org")
  String org;

  @GET
  public String projects() {
    JsonArrayBuilder out = Jsonp.createArrayBuilder();
    projects.projects(ApiRequests.actor(request), org).forEach(p -> out.add(json(p)));
    return out.build().toString();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response createProject(String body) {
    JsonBody json = JsonBody.parse(body, "name", "allUsers");
    Project p =
        projects.createProject(
            ApiRequests.actor(request),
            org,
            json.requiredString("name", 200),
            Boolean.TRUE.equals(json.bool("allUsers")));
    return Response.status(Response.Status.CREATED).entity(json(p).toString()).build();
  }

  @PUT
  @Path("{project}/all-users")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response allUsers(@PathParam("project") String project, String body) {
    JsonBody json = JsonBody.parse(body, "granted");
    Boolean granted = json.bool("granted");
    if (granted == null) {
      throw dev.portcullis.platform.boundary.ServiceException.invalid(
          "invalid_field", "'granted' is required.");
    }
    projects.setAllUsers(ApiRequests.actor(request), org, project, granted);
    return Response.noContent().build();
  }

  @PUT
  @Path("{project}/users/{user}")
  public Response grantUser(@PathParam("project") String project, @PathParam("user") String user) {
    projects.setUserGrant(ApiRequests.actor(request), org, project, user, true);
    return Response.noContent().build();
  }

  @DELETE
  @Path("{project}/users/{user}")
  public Response revokeUser(@PathParam("project") String project, @PathParam("user") String user) {
    projects.setUserGrant(ApiRequests.actor(request), org, project, user, false);
    return Response.noContent().build();
  }

  @PUT
  @Path("{project}/teams/{team}")
  public Response grantTeam(@PathParam("project") String project, @PathParam("team") String team) {
    projects.setTeamGrant(ApiRequests.actor(request), org, project, team, true);
    return Response.noContent().build();
  }

  @DELETE
  @Path("{project}/teams/{team}")
  public Response revokeTeam(@PathParam("project") String project, @PathParam("team") String team) {
    projects.setTeamGrant(ApiRequests.actor(request), org, project, team, false);
    return Response.noContent().build();
  }

  static JsonObject json(Project p) {
    JsonArrayBuilder users = Jsonp.createArrayBuilder();
    p.getGrantedUsers().stream()
        .sorted(Comparator.comparing(User::getEmail))
        .forEach(u -> users.add(u.getId()));
    JsonArrayBuilder teams = Jsonp.createArrayBuilder();
    p.getGrantedTeams().stream()
        .sorted(Comparator.comparing(Team::getName))
        .forEach(t -> teams.add(t.getId()));
    return Jsonp.createObjectBuilder()
        .add("id", p.getId())
        .add("name", p.getName())
        .add("allUsers", p.isAllUsers())
        .add("users", users)
        .add("teams", teams)
        .build();
  }
}
