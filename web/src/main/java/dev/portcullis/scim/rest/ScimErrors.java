package dev.portcullis.scim.rest;

import dev.portcullis.platform.control.Jsonp;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;

/** The SCIM API's error body (RFC 7644 §3.12), as {@code application/scim+json}. */
public final class ScimErrors {

  public static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

  private ScimErrors() {}

  /**
   * {@code {"schemas":[Error], "status": "<code>", "scimType"?, "detail"}}: the status is a string
   * (RFC 7644 §3.12); {@code scimType} may be null.
   */
  public static Response.ResponseBuilder response(int status, String scimType, String detail) {
    JsonObjectBuilder body =
        Jsonp.createObjectBuilder()
            .add("schemas", Jsonp.createArrayBuilder().add(ERROR_SCHEMA))
            .add("status", Integer.toString(status));
    if (scimType != null) {
      body.add("scimType", scimType);
    }
    body.add("detail", detail);
    return Response.status(status).type(ScimApplication.SCIM_JSON).entity(body.build().toString());
  }
}
