package dev.portcullis.scim.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * Endpoint names in any case ({@code /users}, {@code /GROUPS}), as Microsoft's SCIM reference
 * server answers them and its reference Postman collection sends them, and {@code
 * /serviceConfiguration}, that collection's name for {@code /ServiceProviderConfig}. Rewrites the
 * first path segment to the RFC 7644 name before matching; everything else (ids, query) is
 * untouched. Authentication still applies to the rewritten request.
 */
@Provider
@PreMatching
public class ScimEndpointNames implements ContainerRequestFilter {

  private static final Map<String, String> NAMES =
      Map.of(
          "users", "Users",
          "groups", "Groups",
          "serviceproviderconfig", "ServiceProviderConfig",
          "serviceconfiguration", "ServiceProviderConfig",
          "resourcetypes", "ResourceTypes",
          "schemas", "Schemas");

  @Override
  public void filter(ContainerRequestContext request) {
    URI base = request.getUriInfo().getBaseUri();
    String path = request.getUriInfo().getPath(false);
    String relative = path.startsWith("/") ? path.substring(1) : path;
    int slash = relative.indexOf('/');
    String first = slash < 0 ? relative : relative.substring(0, slash);
    String name = NAMES.get(first.toLowerCase(Locale.ROOT));
    if (name == null || name.equals(first)) {
      return;
    }
    String rest = slash < 0 ? "" : relative.substring(slash);
    URI rewritten =
        UriBuilder.fromUri(request.getUriInfo().getRequestUri())
            .replacePath(base.getRawPath().replaceAll("/$", "") + "/" + name + rest)
            .build();
    request.setRequestUri(base, rewritten);
  }
}
