package dev.portcullis.scim.rest;

import dev.portcullis.scim.boundary.ScimTokenService;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/**
 * Authenticates every SCIM request with the organization's SCIM token ({@code Authorization: Bearer
 * pcs_scim_...}, RFC 6750) and establishes the {@link ScimCaller}. A missing, unknown, revoked or
 * expired token is a 401 with {@code WWW-Authenticate: Bearer}; a valid token of an organization no
 * longer on the Enterprise plan is a 403. The token never reaches a log.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ScimAuthenticationFilter implements ContainerRequestFilter {

  @Inject ScimTokenService tokens;

  @Inject ScimCaller caller;

  @Context HttpServletRequest servletRequest;

  @Override
  public void filter(ContainerRequestContext request) {
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    Optional<ScimTokenService.Authentication> auth = Optional.empty();
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      auth = tokens.authenticate(header.substring(7).strip());
    }
    if (auth.isEmpty()) {
      request.abortWith(
          ScimErrors.response(
                  401,
                  null,
                  "A valid SCIM token is required as a bearer token (Authorization: Bearer ...)."
                      + " It may have been revoked, rotated out or expired.")
              .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"portcullis-scim\"")
              .build());
      return;
    }
    if (!auth.get().planAllows()) {
      request.abortWith(
          ScimErrors.response(403, null, "SCIM is part of the Enterprise plan.").build());
      return;
    }
    caller.authenticated(
        auth.get().organizationId(), auth.get().tokenId(), servletRequest.getRemoteAddr());
  }
}
