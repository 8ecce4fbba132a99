package dev.portcullis.org.rest;

import dev.portcullis.org.boundary.ProjectService;
import dev.portcullis.org.entity.Project;
import dev.portcullis.org.entity.Team;
import dev.portcullis.org.entity.User;
import dev.portcullis.platform.rest.ApiRequests;
import dev.portcullis.platform.rest.JsonBody;
import jakarta.inject.Inject;
import jakarta.json.Json;
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

/**
 * Projects, teams and grants of an organization (what the console's Projects page does). Its root
 * path is the same as {@link OrganizationResource}'s: JAX-RS picks one root path before it looks at
 * methods (Jakarta REST 4.0 §3.7.2), so a longer root such as {@code organizations/{org}} would
 * hide that resource's {@code {org}/members} methods.
 */
@Path("organizations")
@Produces(MediaType.APPLICATION_JSON)
public class ProjectResource {

  @Inject ProjectService projects;

  @Context HttpServletRequest request;

  @PathParam("org")
  String org;

  @GET
  @Path("{org}/projects")
  public String projects() {
    JsonArrayBuilder out = Json.createArrayBuilder();
    projects.projects(ApiRequests.actor(request), org).forEach(p -> out.add(json(p)));
    return out.build().toString();
  }

  @POST
  @Path("{org}/projects")
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
  @Path("{org}/projects/{project}/all-users")
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
  @Path("{org}/projects/{project}/users/{user}")
  public Response grantUser(@PathParam("project") String project, @PathParam("user") String user) {
    projects.setUserGrant(ApiRequests.actor(request), org, project, user, true);
    return Response.noContent().build();
  }

  @DELETE
  @Path("{org}/projects/{project}/users/{user}")
  public Response revokeUser(@PathParam("project") String project, @PathParam("user") String user) {
    projects.setUserGrant(ApiRequests.actor(request), org, project, user, false);
    return Response.noContent().build();
  }

  @PUT
  @Path("{org}/projects/{project}/teams/{team}")
  public Response grantTeam(@PathParam("project") String project, @PathParam("team") String team) {
    projects.setTeamGrant(ApiRequests.actor(request), org, project, team, true);
    return Response.noContent().build();
  }

  @DELETE
  @Path("{org}/projects/{project}/teams/{team}")
  public Response revokeTeam(@PathParam("project") String project, @PathParam("team") String team) {
    projects.setTeamGrant(ApiRequests.actor(request), org, project, team, false);
    return Response.noContent().build();
  }

  @GET
  @Path("{org}/teams")
  public String teams() {
    JsonArrayBuilder out = Json.createArrayBuilder();
    projects.teams(ApiRequests.actor(request), org).forEach(t -> out.add(json(t)));
    return out.build().toString();
  }

  @POST
  @Path("{org}/teams")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response createTeam(String body) {
    JsonBody json = JsonBody.parse(body, "name");
    Team t = projects.createTeam(ApiRequests.actor(request), org, json.requiredString("name", 200));
    return Response.status(Response.Status.CREATED).entity(json(t).toString()).build();
  }

  @PUT
  @Path("{org}/teams/{team}/members/{user}")
  public Response addTeamMember(@PathParam("team") String team, @PathParam("user") String user) {
    projects.setTeamMember(ApiRequests.actor(request), org, team, user, true);
    return Response.noContent().build();
  }

  @DELETE
  @Path("{org}/teams/{team}/members/{user}")
  public Response removeTeamMember(@PathParam("team") String team, @PathParam("user") String user) {
    projects.setTeamMember(ApiRequests.actor(request), org, team, user, false);
    return Response.noContent().build();
  }

  static JsonObject json(Project p) {
    JsonArrayBuilder users = Json.createArrayBuilder();
    p.getGrantedUsers().stream()
        .sorted(Comparator.comparing(User::getEmail))
        .forEach(u -> users.add(u.getId()));
    JsonArrayBuilder teams = Json.createArrayBuilder();
    p.getGrantedTeams().stream()
        .sorted(Comparator.comparing(Team::getName))
        .forEach(t -> teams.add(t.getId()));
    return Json.createObjectBuilder()
        .add("id", p.getId())
        .add("name", p.getName())
        .add("allUsers", p.isAllUsers())
        .add("users", users)
        .add("teams", teams)
        .build();
  }

  static JsonObject json(Team t) {
    JsonArrayBuilder members = Json.createArrayBuilder();
    t.getMembers().stream()
        .sorted(Comparator.comparing(User::getEmail))
        .forEach(u -> members.add(u.getId()));
    return Json.createObjectBuilder()
        .add("id", t.getId())
        .add("name", t.getName())
        .add("members", members)
        .build();
  }
}
