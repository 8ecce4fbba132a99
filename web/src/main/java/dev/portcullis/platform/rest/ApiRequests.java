package dev.portcullis.platform.rest;

import dev.portcullis.platform.boundary.Actor;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Reads what the authentication filter established about a request (JAX-RS request properties are
 * servlet request attributes on Liberty).
 */
public final class ApiRequests {

  private ApiRequests() {}

  public static Actor actor(HttpServletRequest request) {
    Object actor = request.getAttribute(ApiAuthenticationFilter.ACTOR);
    if (actor == null) {
      throw new IllegalStateException("no authenticated actor on this request");
    }
    return (Actor) actor;
  }

  public static String client(HttpServletRequest request) {
    return request.getRemoteAddr();
  }
}
