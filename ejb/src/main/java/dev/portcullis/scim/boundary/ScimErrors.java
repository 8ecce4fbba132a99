package dev.portcullis.scim.boundary;

import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.scim.control.UserRepresentation;

/** The SCIM error for a domain refusal, and the If-Match check (RFC 7644 §3.14). */
final class ScimErrors {

  private ScimErrors() {}

  static ScimException of(ServiceException e) {
    return switch (e.kind()) {
      case CONFLICT ->
          new ScimException(
              409, "uniqueness".equals(e.code()) ? "uniqueness" : null, e.getMessage());
      case NOT_FOUND -> ScimException.notFound(e.getMessage());
      case INVALID -> ScimException.invalidValue(e.getMessage());
      case FORBIDDEN -> new ScimException(403, null, e.getMessage());
      case UNAUTHENTICATED -> new ScimException(401, null, e.getMessage());
      case TOO_MANY_REQUESTS -> new ScimException(429, null, e.getMessage());
      case BAD_GATEWAY -> new ScimException(502, null, e.getMessage());
    };
  }

  /** Refuses the write when If-Match names neither "*" nor the current version. */
  static void requireVersion(String ifMatch, long version) {
    if (ifMatch == null || ifMatch.isBlank()) {
      return;
    }
    String current = UserRepresentation.etag(version);
    for (String tag : ifMatch.split(",")) {
      String t = tag.strip();
      if (t.equals("*") || t.equals(current) || t.equals(current.substring(2))) {
        return;
      }
    }
    throw ScimException.preconditionFailed(
        "The resource changed: its version is " + current + ", not " + ifMatch.strip() + ".");
  }
}
