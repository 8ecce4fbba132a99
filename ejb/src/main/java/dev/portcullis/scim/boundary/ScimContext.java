package dev.portcullis.scim.boundary;

import dev.portcullis.platform.boundary.Actor;

/**
 * Who calls: the organization a SCIM token belongs to, the token's id (written into the audit log
 * as the actor) and the client's address; and the base URL resources' locations start with.
 */
public record ScimContext(
    String organizationId, String tokenId, String clientAddress, String baseUrl) {

  public Actor actor() {
    return Actor.anonymous("scim-token:" + tokenId, clientAddress);
  }

  public String location(String resourceType, String id) {
    return baseUrl + "/scim/v2/" + resourceType + "/" + id;
  }
}
