package dev.portcullis.scim.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * The SCIM 2.0 API (RFC 7644) at {@code /scim/v2}, apart from the admin API: its own authentication
 * ({@link ScimAuthenticationFilter}, SCIM tokens), its own error format ({@link
 * ScimExceptionMappers}) and content type ({@link ScimResponseFilter}).
 *
 * <p>Its classes are listed explicitly in {@link #getClasses()} (no package scanning), so that its
 * providers apply to it alone and the admin API's do not apply here. <b>To add a resource</b> (e.g.
 * {@code Users}, {@code Groups}), add its class to that set: one line.
 */
@ApplicationPath("/scim/v2")
public class ScimApplication extends Application {

  /** The SCIM media type (RFC 7644 §8.1). */
  public static final String SCIM_JSON = "application/scim+json";

  /** What SCIM requests may be sent as: any JSON media type. */
  public static final String[] REQUEST_TYPES = {
    SCIM_JSON, "application/json", "application/*+json", "text/json"
  };

  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(
        ScimEndpointNames.class,
        ScimAuthenticationFilter.class,
        ScimResponseFilter.class,
        ScimExceptionMappers.ServiceExceptionMapper.class,
        ScimExceptionMappers.WebApplicationExceptionMapper.class,
        ScimExceptionMappers.CatchAllMapper.class,
        ScimExceptionMapper.class,
        ScimDiscoveryResource.class,
        ScimUsersResource.class,
        ScimGroupsResource.class);
  }
}
