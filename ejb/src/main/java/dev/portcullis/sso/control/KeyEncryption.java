package dev.portcullis.sso.control;

import dev.portcullis.platform.boundary.ServiceException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The key that encrypts every organization's SP private key, from configuration {@code
 * portcullis.sso.key-encryption-key} (base64 of 32 random bytes, e.g. {@code openssl rand -base64
 * 32}). Without it, SSO features refuse to work (and start-up logs why); nothing falls back to a
 * built-in key.
 */
@ApplicationScoped
public class KeyEncryption {

  public static final String PROPERTY = "portcullis.sso.key-encryption-key";

  @Inject
  @ConfigProperty(name = PROPERTY)
  Optional<String> configured;

  private AesGcmSealer sealer;
  private String problem;

  @PostConstruct
  void init() {
    String value = configured.filter(v -> !v.isBlank()).orElse(null);
    if (value == null) {
      problem = PROPERTY + " is not set";
      return;
    }
    try {
      sealer = new AesGcmSealer(value);
    } catch (IllegalArgumentException e) {
      problem = PROPERTY + " is unusable: " + e.getMessage();
    }
  }

  /** Why SSO cannot work on this server, or empty when the key is configured. */
  public Optional<String> problem() {
    return Optional.ofNullable(problem);
  }

  public String seal(byte[] plaintext, String context) {
    return require().seal(plaintext, context);
  }

  public byte[] open(String sealed, String context) {
    return require().open(sealed, context);
  }

  private AesGcmSealer require() {
    if (sealer == null) {
      throw ServiceException.conflict(
          "sso_unavailable",
          "Single sign-on is not available on this server: the operator has not configured its"
              + " key-encryption key.");
    }
    return sealer;
  }
}
