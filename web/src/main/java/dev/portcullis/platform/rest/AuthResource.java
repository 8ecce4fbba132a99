package dev.portcullis.platform.rest;

import dev.portcullis.platform.boundary.AccessTokenService;
import dev.portcullis.platform.control.EmailAddress;
import dev.portcullis.platform.control.Jsonp;
import dev.portcullis.platform.control.PasswordHasher;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Personal access tokens for the admin API. */
@Path("auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

  @Inject AccessTokenService tokens;

  @Context HttpServletRequest request;

  /**
   * {@code {"email","password"}} → {@code 201 {"token","expiresAt"}}; an Owner under strict SSO
   * sends {@code {"email","recoveryCode"}} instead (spends the code).
   */
  @POST
  @Path("token")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response token(String body) {
    JsonBody json = JsonBody.parse(body, "email", "password", "recoveryCode");
    String email = json.requiredString("email", EmailAddress.MAX_LENGTH);
    AccessTokenService.IssuedToken issued;
    if (json.has("recoveryCode") && !json.has("password")) {
      String code = json.requiredString("recoveryCode", 64);
      issued = tokens.issueWithRecoveryCode(email, code, ApiRequests.client(request));
    } else {
      String password = json.requiredString("password", PasswordHasher.MAX_LENGTH);
      issued = tokens.issue(email, password, ApiRequests.client(request));
    }
    return Response.status(Response.Status.CREATED)
        .header("Cache-Control", "no-store")
        .entity(
            Jsonp.createObjectBuilder()
                .add("token", issued.token())
                .add("expiresAt", issued.expiresAt().toString())
                .build()
                .toString())
        .build();
  }
}
