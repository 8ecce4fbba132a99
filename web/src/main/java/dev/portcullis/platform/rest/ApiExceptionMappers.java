package dev.portcullis.platform.rest;

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
import java.sql.SQLException;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Turns every failure of the admin API into its JSON error body; never a stack trace. */
public final class ApiExceptionMappers {

  private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class.getName());

  private ApiExceptionMappers() {}

  static Response.Status status(ServiceException.Kind kind) {
    return switch (kind) {
      case INVALID -> Response.Status.BAD_REQUEST;
      case UNAUTHENTICATED -> Response.Status.UNAUTHORIZED;
      case FORBIDDEN -> Response.Status.FORBIDDEN;
      case NOT_FOUND -> Response.Status.NOT_FOUND;
      case CONFLICT -> Response.Status.CONFLICT;
      case TOO_MANY_REQUESTS -> Response.Status.TOO_MANY_REQUESTS;
      case BAD_GATEWAY -> Response.Status.BAD_GATEWAY;
    };
  }

  @Provider
  public static class ServiceExceptionMapper implements ExceptionMapper<ServiceException> {
    @Override
    public Response toResponse(ServiceException e) {
      Response.ResponseBuilder b = ApiErrors.response(status(e.kind()), e.code(), e.getMessage());
      if (e.retryAfterSeconds() > 0) {
        b.header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
      }
      return b.build();
    }
  }

  @Provider
  public static class WebApplicationExceptionMapper
      implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
      Response original = e.getResponse();
      int status = original.getStatus();
      String code;
      String message;
      if (e instanceof NotFoundException) {
        code = "not_found";
        message = "No such resource.";
      } else if (e instanceof NotAllowedException) {
        code = "method_not_allowed";
        message = "This method is not allowed here.";
      } else if (e instanceof NotSupportedException) {
        code = "unsupported_media_type";
        message = "Send the body as application/json.";
      } else if (e instanceof NotAcceptableException) {
        code = "not_acceptable";
        message = "This resource answers in JSON (the audit log also in CSV); accept that.";
      } else if (status >= 500) {
        LOG.log(Level.WARNING, "Admin API request failed", e);
        code = "internal_error";
        message = "The request could not be completed.";
      } else {
        code = "bad_request";
        message = "The request is not valid.";
      }
      Response.ResponseBuilder b = ApiErrors.response(original.getStatusInfo(), code, message);
      String allow = original.getHeaderString(HttpHeaders.ALLOW);
      if (allow != null) {
        b.header(HttpHeaders.ALLOW, allow);
      }
      return b.build();
    }
  }

  /**
   * Anything else. A database constraint hit by a concurrent change becomes a 409; the rest is a
   * 500 with an incident id that the server log also names.
   */
  @Provider
  public static class CatchAllMapper implements ExceptionMapper<Throwable> {
    @Override
    public Response toResponse(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof ServiceException se) {
          return new ServiceExceptionMapper().toResponse(se);
        }
        if (t instanceof SQLException sql
            && sql.getSQLState() != null
            && sql.getSQLState().startsWith("23")) {
          return ApiErrors.response(
                  Response.Status.CONFLICT,
                  "conflict",
                  "The change conflicts with another change made at the same time; retry.")
              .build();
        }
        if (t instanceof jakarta.persistence.OptimisticLockException) {
          return ApiErrors.response(
                  Response.Status.CONFLICT,
                  "conflict",
                  "The change conflicts with another change made at the same time; retry.")
              .build();
        }
      }
      String incident = UUID.randomUUID().toString();
      LOG.log(Level.SEVERE, "Admin API incident " + incident, e);
      return ApiErrors.response(
              Response.Status.INTERNAL_SERVER_ERROR,
              "internal_error",
              "The request could not be completed (incident " + incident + ").")
          .build();
    }
  }
}
