package dev.portcullis.sso.control;

import dev.portcullis.platform.control.PortcullisConfig;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

/** The addresses of an organization's service provider, from {@code portcullis.base-url}. */
@Dependent
public class SsoUrls {

  @Inject PortcullisConfig config;

  public String spEntityId(String organizationId) {
    return config.baseUrl() + "/sso/saml/" + organizationId;
  }

  public String postbackUrl(String organizationId) {
    return spEntityId(organizationId) + "/acs";
  }

  public String metadataUrl(String organizationId) {
    return spEntityId(organizationId) + "/metadata";
  }
}
