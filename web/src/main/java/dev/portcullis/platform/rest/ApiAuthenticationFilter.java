package dev.portcullis.platform.rest;

import dev.portcullis.platform.boundary.AccessTokenService;
import dev.portcullis.platform.boundary.Actor;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/**
 * Establishes the {@link Actor} of an admin API request from its bearer token. Only obtaining a
 * token and signing up work without one.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiAuthenticationFilter implements ContainerRequestFilter {

  static final String ACTOR = "portcullis.actor";

  @Inject AccessTokenService tokens;

  @Context HttpServletRequest servletRequest;

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath().replaceAll("^/+|/+$", "");
    String client = servletRequest.getRemoteAddr();
    if (path.equals("auth/token") || path.equals("signup")) {
      return;
    }
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    Optional<Actor> actor = Optional.empty();
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      actor = tokens.resolve(header.substring(7).strip(), client);
    }
    if (actor.isEmpty()) {
      request.abortWith(
          ApiErrors.response(
                  Response.Status.UNAUTHORIZED,
                  "unauthenticated",
                  "A valid bearer token is required (the operator token or a personal access"
                      + " token from POST /api/v1/auth/token).")
              .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"portcullis\"")
              .build());
      return;
    }
    request.setProperty(ACTOR, actor.get());
  }
}
