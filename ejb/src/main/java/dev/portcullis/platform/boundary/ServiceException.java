package dev.portcullis.platform.boundary;

import jakarta.ejb.ApplicationException;

/**
 * A refusal a caller can act on: bad input, missing rights, a conflict with the current state. It
 * carries a stable machine-readable code (e.g. {@code last_owner}) and a message meant for people.
 * The transaction rolls back, so a refused request never leaves half-written data behind.
 */
@ApplicationException(rollback = true)
public class ServiceException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What kind of refusal this is; inbound adapters map it to their protocol's status. */
  public enum Kind {
    INVALID,
    UNAUTHENTICATED,
    FORBIDDEN,
    NOT_FOUND,
    CONFLICT,
    TOO_MANY_REQUESTS,
    /** Another server this one fetched from failed or answered something unusable. */
    BAD_GATEWAY
  }

  private final Kind kind;
  private final String code;
  private long retryAfterSeconds;

  public ServiceException(Kind kind, String code, String message) {
    super(message, null, false, false);
    this.kind = kind;
    this.code = code;
  }

  /** For {@link Kind#TOO_MANY_REQUESTS}: how long to wait, so adapters can send Retry-After. */
  public ServiceException retryAfter(long seconds) {
    this.retryAfterSeconds = seconds;
    return this;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public Kind kind() {
    return kind;
  }

  public String code() {
    return code;
  }

  public static ServiceException invalid(String code, String message) {
    return new ServiceException(Kind.INVALID, code, message);
  }

  public static ServiceException forbidden(String message) {
    return new ServiceException(Kind.FORBIDDEN, "forbidden", message);
  }

  public static ServiceException forbidden(String code, String message) {
    return new ServiceException(Kind.FORBIDDEN, code, message);
  }

  public static ServiceException unauthenticated(String message) {
    return new ServiceException(Kind.UNAUTHENTICATED, "unauthenticated", message);
  }

  public static ServiceException notFound(String what) {
    return new ServiceException(Kind.NOT_FOUND, "not_found", what + " not found");
  }

  public static ServiceException conflict(String code, String message) {
    return new ServiceException(Kind.CONFLICT, code, message);
  }

  public static ServiceException badGateway(String code, String message) {
    return new ServiceException(Kind.BAD_GATEWAY, code, message);
  }
}
