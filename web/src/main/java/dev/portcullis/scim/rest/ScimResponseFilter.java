package dev.portcullis.scim.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Every SCIM answer with a body is {@code application/scim+json} (RFC 7644 §3.1), whatever JSON
 * type the client accepts ({@code application/json} included), and is never cached.
 */
@Provider
public class ScimResponseFilter implements ContainerResponseFilter {

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.hasEntity()) {
      response.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, ScimApplication.SCIM_JSON);
    }
    response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
  }
}
