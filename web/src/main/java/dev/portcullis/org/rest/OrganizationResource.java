package dev.portcullis.org.rest;

import dev.portcullis.org.boundary.MemberService;
import dev.portcullis.org.boundary.OrganizationService;
import dev.portcullis.org.entity.Membership;
import dev.portcullis.org.entity.OrgRole;
import dev.portcullis.org.entity.Organization;
import dev.portcullis.org.entity.Plan;
import dev.portcullis.org.entity.User;
import dev.portcullis.platform.control.EmailAddress;
import dev.portcullis.platform.control.Jsonp;
import dev.portcullis.platform.control.PasswordHasher;
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

/** Organizations, plans and members. */
@Path("organizations")
@Produces(MediaType.APPLICATION_JSON)
public class OrganizationResource {

  @Inject OrganizationService organizations;

  @Inject MemberService members;

  @Context HttpServletRequest request;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(String body) {
    JsonBody json = JsonBody.parse(body, "name", "plan", "owner");
    JsonBody owner = json.object("owner", "email", "firstName", "lastName", "password");
    Organization org =
        organizations.create(
            ApiRequests.actor(request),
            json.requiredString("name", Organization.MAX_NAME_LENGTH),
            json.requiredEnum("plan", Plan.class),
            new OrganizationService.OwnerSpec(
                owner.requiredString("email", EmailAddress.MAX_LENGTH),
                owner.string("firstName", User.MAX_NAME_LENGTH),
                owner.string("lastName", User.MAX_NAME_LENGTH),
                owner.string("password", PasswordHasher.MAX_LENGTH)));
    return Response.status(Response.Status.CREATED).entity(json(org).toString()).build();
  }

  @GET
  @Path("{org}")
  public String get(@PathParam("org") String org) {
    return json(organizations.get(ApiRequests.actor(request), org)).toString();
  }

  @PUT
  @Path("{org}/plan")
  @Consumes(MediaType.APPLICATION_JSON)
  public String changePlan(@PathParam("org") String org, String body) {
    JsonBody json = JsonBody.parse(body, "plan");
    return json(organizations.changePlan(
            ApiRequests.actor(request), org, json.requiredEnum("plan", Plan.class)))
        .toString();
  }

  @GET
  @Path("{org}/members")
  public String members(@PathParam("org") String org) {
    JsonArrayBuilder out = Jsonp.createArrayBuilder();
    for (MemberService.Member m : members.listWithRoleTeams(ApiRequests.actor(request), org)) {
      JsonArrayBuilder teams = Jsonp.createArrayBuilder();
      m.roleTeams().forEach(teams::add);
      out.add(Jsonp.createObjectBuilder(json(m.membership())).add("roleTeams", teams));
    }
    return out.build().toString();
  }

  /** 201 with the membership of an existing user, 202 with an invitation for an unknown email. */
  @POST
  @Path("{org}/members")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response addMember(@PathParam("org") String org, String body) {
    JsonBody json = JsonBody.parse(body, "email", "role");
    MemberService.AddResult result =
        members.add(
            ApiRequests.actor(request),
            org,
            json.requiredString("email", EmailAddress.MAX_LENGTH),
            json.requiredEnum("role", OrgRole.class));
    if (result.invited()) {
      var inv = result.invitation();
      return Response.status(Response.Status.ACCEPTED)
          .entity(
              Jsonp.createObjectBuilder()
                  .add("invitationId", inv.getId())
                  .add("email", inv.getEmail())
                  .add("role", inv.getRole().name())
                  .add("expiresAt", inv.getExpiresAt().toString())
                  .build()
                  .toString())
          .build();
    }
    return Response.status(Response.Status.CREATED)
        .entity(json(result.membership()).toString())
        .build();
  }

  @PATCH
  @Path("{org}/members/{userId}")
  @Consumes(MediaType.APPLICATION_JSON)
  public String changeRole(
      @PathParam("org") String org, @PathParam("userId") String userId, String body) {
    JsonBody json = JsonBody.parse(body, "role");
    return json(members.changeRole(
            ApiRequests.actor(request), org, userId, json.requiredEnum("role", OrgRole.class)))
        .toString();
  }

  @DELETE
  @Path("{org}/members/{userId}")
  public Response removeMember(@PathParam("org") String org, @PathParam("userId") String userId) {
    members.remove(ApiRequests.actor(request), org, userId);
    return Response.noContent().build();
  }

  static JsonObject json(Organization org) {
    return Jsonp.createObjectBuilder()
        .add("id", org.getId())
        .add("name", org.getName())
        .add("plan", org.getPlan().name())
        .build();
  }

  /**
   * A member: {@code role} is their own (what PATCH sets), {@code effectiveRole} the one they act
   * with, the higher of their own and their teams' (PRODUCT §6, groups to roles).
   */
  static JsonObject json(Membership m) {
    return Jsonp.createObjectBuilder()
        .add("userId", m.getUser().getId())
        .add("email", m.getUser().getEmail())
        .add("role", m.getRole().name())
        .add("effectiveRole", m.getEffectiveRole().name())
        .add("active", m.isActive() && m.getUser().isActive())
        .build();
  }
}
