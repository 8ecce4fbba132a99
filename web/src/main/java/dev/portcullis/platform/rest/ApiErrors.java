package dev.portcullis.platform.rest;

import dev.portcullis.platform.control.Jsonp;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The admin API's error body: {@code {"error": code, "message": text}}. */
public final class ApiErrors {

  private ApiErrors() {}

  public static Response.ResponseBuilder response(
      Response.StatusType status, String code, String message) {
    String body =
        Jsonp.createObjectBuilder().add("error", code).add("message", message).build().toString();
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
  }
}
