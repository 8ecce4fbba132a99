package dev.portcullis.sso.control;

import dev.portcullis.platform.control.PortcullisConfig;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

/**
 * The addresses of an organization's service provider, from {@code portcullis.base-url}: those of
 * its primary IdP ({@code /sso/saml/{org}}) and of each additional IdP connection ({@code
 * /sso/saml/{org}/idps/{connection}}). A {@code connectionId} of null means the primary IdP.
 */
@Dependent
public class SsoUrls {

  @Inject PortcullisConfig config;

  public String spEntityId(String organizationId) {
    return config.baseUrl() + path(organizationId, null);
  }

  public String postbackUrl(String organizationId) {
    return spEntityId(organizationId) + "/acs";
  }

  public String metadataUrl(String organizationId) {
    return spEntityId(organizationId) + "/metadata";
  }

  public String spEntityId(String organizationId, String connectionId) {
    return config.baseUrl() + path(organizationId, connectionId);
  }

  public String postbackUrl(String organizationId, String connectionId) {
    return spEntityId(organizationId, connectionId) + "/acs";
  }

  public String metadataUrl(String organizationId, String connectionId) {
    return spEntityId(organizationId, connectionId) + "/metadata";
  }

  /** The SP-initiated login of this IdP, relative to the application. */
  public static String loginPath(String organizationId, String connectionId) {
    return path(organizationId, connectionId) + "/login";
  }

  /** The Test SSO start of this IdP, relative to the application. */
  public static String testPath(String organizationId, String connectionId) {
    return path(organizationId, connectionId) + "/test";
  }

  private static String path(String organizationId, String connectionId) {
    return "/sso/saml/" + organizationId + (connectionId == null ? "" : "/idps/" + connectionId);
  }
}
