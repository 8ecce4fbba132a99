package dev.portcullis.scim.rest;

import dev.portcullis.platform.boundary.Actor;
import jakarta.enterprise.context.RequestScoped;

/**
 * Who is calling the SCIM API in this request: the organization whose SCIM token authenticated it,
 * and that token's id (not the token). Set by {@code ScimAuthenticationFilter} before any resource
 * runs; every SCIM resource reads the organization from here and never from the request.
 */
@RequestScoped
public class ScimCaller {

  private String organizationId;
  private String tokenId;
  private String clientAddress;

  /** For {@code ScimAuthenticationFilter} only (public so that the CDI proxy forwards it). */
  public void authenticated(String organizationId, String tokenId, String clientAddress) {
    this.organizationId = organizationId;
    this.tokenId = tokenId;
    this.clientAddress = clientAddress;
  }

  /** The organization the request acts on. */
  public String organizationId() {
    return require(organizationId);
  }

  /** The id of the SCIM token that authenticated the request, for the audit log. */
  public String tokenId() {
    return require(tokenId);
  }

  /**
   * The caller as services and the audit log know it: no user, labelled with the token's id, from
   * the client's address.
   */
  public Actor actor() {
    return new Actor(null, "scim-token:" + tokenId(), false, clientAddress);
  }

  private static String require(String value) {
    if (value == null) {
      throw new IllegalStateException("no authenticated SCIM caller on this request");
    }
    return value;
  }
}
