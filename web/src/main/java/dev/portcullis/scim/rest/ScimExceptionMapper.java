package dev.portcullis.scim.rest;

import dev.portcullis.scim.boundary.ScimException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A SCIM refusal as RFC 7644 §3.12 error JSON, with its status and scimType. */
@Provider
public class ScimExceptionMapper implements ExceptionMapper<ScimException> {

  @Override
  public Response toResponse(ScimException e) {
    return ScimErrors.response(e.status(), e.scimType(), e.detail()).build();
  }
}
