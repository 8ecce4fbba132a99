package dev.portcullis.scim.boundary;

import jakarta.ejb.ApplicationException;

/**
 * A SCIM error (RFC 7644 §3.12): an HTTP status, the {@code scimType} where the RFC defines one,
 * and a detail meant for the identity provider's admin. The transaction rolls back, so a refused
 * request never leaves half-written data behind; the SCIM application's mapper writes the error
 * JSON.
 */
@ApplicationException(rollback = true)
public class ScimException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String scimType;

  public ScimException(int status, String scimType, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.scimType = scimType;
  }

  public int status() {
    return status;
  }

  /** The RFC 7644 §3.12 scimType, or null when the status says it all (404, 412, 413). */
  public String scimType() {
    return scimType;
  }

  public String detail() {
    return getMessage();
  }

  /** The filter syntax is invalid or names an attribute or operator that cannot be filtered. */
  public static ScimException invalidFilter(String detail) {
    return new ScimException(400, "invalidFilter", detail);
  }

  /** Too many results; the client should narrow its filter (or page). */
  public static ScimException tooMany(String detail) {
    return new ScimException(400, "tooMany", detail);
  }

  /** A value that must be unique in the organization already is taken. */
  public static ScimException uniqueness(String detail) {
    return new ScimException(409, "uniqueness", detail);
  }

  /** An attempt to change an immutable or read-only attribute. */
  public static ScimException mutability(String detail) {
    return new ScimException(400, "mutability", detail);
  }

  /** The request body cannot be parsed or breaks the schema's structure. */
  public static ScimException invalidSyntax(String detail) {
    return new ScimException(400, "invalidSyntax", detail);
  }

  /** A PATCH path is malformed or names nothing that can be patched. */
  public static ScimException invalidPath(String detail) {
    return new ScimException(400, "invalidPath", detail);
  }

  /** A PATCH path's filter matched no value. */
  public static ScimException noTarget(String detail) {
    return new ScimException(400, "noTarget", detail);
  }

  /** A required value is missing, or a value is not acceptable. */
  public static ScimException invalidValue(String detail) {
    return new ScimException(400, "invalidValue", detail);
  }

  /** The request asks for a protocol version the server does not support. */
  public static ScimException invalidVersion(String detail) {
    return new ScimException(400, "invalidVers", detail);
  }

  /** No such resource for this organization's token (including those outside its scope). */
  public static ScimException notFound(String detail) {
    return new ScimException(404, null, detail);
  }

  /** If-Match named another version than the current one (RFC 7644 §3.14). */
  public static ScimException preconditionFailed(String detail) {
    return new ScimException(412, null, detail);
  }

  /** The body is larger than the server accepts (RFC 7644 §3.12, 413). */
  public static ScimException tooLarge(String detail) {
    return new ScimException(413, null, detail);
  }
}
