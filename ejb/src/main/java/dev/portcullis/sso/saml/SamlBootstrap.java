package dev.portcullis.sso.saml;

import dev.portcullis.sso.control.KeyEncryption;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.opensaml.core.config.InitializationException;
import org.opensaml.core.config.InitializationService;

/**
 * Initializes OpenSAML once when the application starts (it takes seconds on small machines), so no
 * user's first SSO login pays for it. Also says at start-up whether SSO can work at all.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class SamlBootstrap {

  private static final Logger LOG = Logger.getLogger(SamlBootstrap.class.getName());

  @Inject KeyEncryption keys;

  private static volatile boolean ready;

  @PostConstruct
  void start() {
    long started = System.nanoTime();
    try {
      InitializationService.initialize();
      ready = true;
      LOG.info(
          () -> "OpenSAML initialized in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    } catch (InitializationException | RuntimeException e) {
      LOG.log(Level.SEVERE, "OpenSAML failed to initialize; SAML single sign-on is disabled", e);
    }
    keys.problem()
        .ifPresent(
            p ->
                LOG.severe(
                    "SAML single sign-on is disabled: "
                        + p
                        + ". Set it to the base64 of 32 random bytes (openssl rand -base64 32)."));
  }

  public boolean ready() {
    return ready;
  }

  /** As {@link #ready()}, without a call through the container (for the hottest path). */
  public static boolean isReady() {
    return ready;
  }
}
