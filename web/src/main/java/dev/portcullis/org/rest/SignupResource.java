package dev.portcullis.org.rest;

import dev.portcullis.org.boundary.OrganizationService;
import dev.portcullis.org.entity.Organization;
import dev.portcullis.org.entity.User;
import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.platform.control.EmailAddress;
import dev.portcullis.platform.control.Jsonp;
import dev.portcullis.platform.control.PasswordHasher;
import dev.portcullis.platform.rest.ApiRequests;
import dev.portcullis.platform.rest.JsonBody;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Self-service sign-up. */
@Path("signup")
@Produces(MediaType.APPLICATION_JSON)
public class SignupResource {

  @Inject OrganizationService organizations;

  @Context HttpServletRequest request;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response signup(String body) {
    JsonBody json =
        JsonBody.parse(body, "email", "password", "firstName", "lastName", "organizationName");
    OrganizationService.SignupResult result =
        organizations.signup(
            Actor.anonymous("signup", ApiRequests.client(request)),
            json.requiredString("email", EmailAddress.MAX_LENGTH),
            json.requiredString("password", PasswordHasher.MAX_LENGTH),
            json.string("firstName", User.MAX_NAME_LENGTH),
            json.string("lastName", User.MAX_NAME_LENGTH),
            json.string("organizationName", Organization.MAX_NAME_LENGTH));
    JsonObjectBuilder out = Jsonp.createObjectBuilder().add("userId", result.userId());
    if (result.organizationId() != null) {
      out.add("organizationId", result.organizationId());
    }
    return Response.status(Response.Status.CREATED).entity(out.build().toString()).build();
  }
}
