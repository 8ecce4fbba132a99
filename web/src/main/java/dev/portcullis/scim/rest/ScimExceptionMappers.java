package dev.portcullis.scim.rest;

import dev.portcullis.platform.boundary.ServiceException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns every failure of the SCIM API into an RFC 7644 §3.12 error; never a stack trace. Registered
 * on {@link ScimApplication} only (the admin API has its own).
 */
public final class ScimExceptionMappers {

  private static final Logger LOG = Logger.getLogger(ScimExceptionMappers.class.getName());

  private ScimExceptionMappers() {}

  static int status(ServiceException.Kind kind) {
    return switch (kind) {
      case INVALID -> 400;
      case UNAUTHENTICATED -> 401;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case TOO_MANY_REQUESTS -> 429;
      case BAD_GATEWAY -> 502;
    };
  }

  /** A service's refusal; {@code invalidValue} for bad input (RFC 7644 §3.12, Table 9). */
  @Provider
  public static class ServiceExceptionMapper implements ExceptionMapper<ServiceException> {
    @Override
    public Response toResponse(ServiceException e) {
      String scimType = e.kind() == ServiceException.Kind.INVALID ? "invalidValue" : null;
      return ScimErrors.response(status(e.kind()), scimType, e.getMessage()).build();
    }
  }

  @Provider
  public static class WebApplicationExceptionMapper
      implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
      Response original = e.getResponse();
      int status = original.getStatus();
      String detail;
      if (e instanceof NotFoundException) {
        detail = "No such resource.";
      } else if (e instanceof NotAllowedException) {
        detail = "This method is not allowed here.";
      } else if (e instanceof NotSupportedException) {
        detail = "Send the body as application/scim+json or application/json.";
      } else if (e instanceof NotAcceptableException) {
        detail = "The SCIM API answers in application/scim+json; accept that.";
      } else if (status >= 500) {
        LOG.log(Level.WARNING, "SCIM request failed", e);
        detail = "The request could not be completed.";
      } else {
        detail = "The request is not valid.";
      }
      Response.ResponseBuilder b = ScimErrors.response(status, null, detail);
      String allow = original.getHeaderString(HttpHeaders.ALLOW);
      if (allow != null) {
        b.header(HttpHeaders.ALLOW, allow);
      }
      return b.build();
    }
  }

  /** Anything else: a 500 with an incident id that the server log also names. */
  @Provider
  public static class CatchAllMapper implements ExceptionMapper<Throwable> {
    @Override
    public Response toResponse(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof ServiceException se) {
          return new ServiceExceptionMapper().toResponse(se);
        }
      }
      String incident = UUID.randomUUID().toString();
      LOG.log(Level.SEVERE, "SCIM API incident " + incident, e);
      return ScimErrors.response(
              500, null, "The request could not be completed (incident " + incident + ").")
          .build();
    }
  }
}
