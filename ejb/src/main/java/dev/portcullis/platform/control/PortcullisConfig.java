package dev.portcullis.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Application tunables from MicroProfile Config (each key also settable as an env variable). */
@ApplicationScoped
public class PortcullisConfig {

  @Inject
  @ConfigProperty(name = "portcullis.operator.token")
  Optional<String> operatorToken;

  @Inject
  @ConfigProperty(name = "portcullis.base-url", defaultValue = "http://localhost:9080")
  String baseUrl;

  @Inject
  @ConfigProperty(name = "portcullis.demo.enabled", defaultValue = "false")
  boolean demoEnabled;

  @Inject
  @ConfigProperty(name = "portcullis.demo.owner-password")
  Optional<String> demoOwnerPassword;

  @Inject
  @ConfigProperty(name = "portcullis.api.token-lifetime", defaultValue = "PT12H")
  String tokenLifetime;

  @Inject
  @ConfigProperty(name = "portcullis.invitation.lifetime", defaultValue = "P14D")
  String invitationLifetime;

  @Inject
  @ConfigProperty(name = "portcullis.sso.metadata-refresh-interval", defaultValue = "PT24H")
  String metadataRefreshInterval;

  @Inject
  @ConfigProperty(name = "portcullis.sso.metadata-refresh.allow-insecure", defaultValue = "false")
  boolean metadataRefreshAllowInsecure;

  /** The operator token, when the operator configured one (blank counts as none). */
  public Optional<String> operatorToken() {
    return operatorToken.filter(t -> !t.isBlank());
  }

  public String baseUrl() {
    return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  public boolean demoEnabled() {
    return demoEnabled;
  }

  public Optional<String> demoOwnerPassword() {
    return demoOwnerPassword.filter(p -> !p.isBlank());
  }

  public Duration tokenLifetime() {
    return Duration.parse(tokenLifetime);
  }

  public Duration invitationLifetime() {
    return Duration.parse(invitationLifetime);
  }

  /** How often an IdP's metadata is refreshed from its metadata URL. */
  public Duration metadataRefreshInterval() {
    return Duration.parse(metadataRefreshInterval);
  }

  /**
   * Whether IdP metadata URLs may be plain http or point at private and loopback addresses (tests
   * and closed networks only: it lets admins make the server fetch from its own network).
   */
  public boolean metadataRefreshAllowInsecure() {
    return metadataRefreshAllowInsecure;
  }
}
