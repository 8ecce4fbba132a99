package dev.portcullis.sso.control;

import dev.portcullis.org.entity.Organization;
import dev.portcullis.sso.entity.SsoSettings;
import dev.portcullis.sso.saml.SpKeys;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

/**
 * An organization's SSO settings row, which holds its policies, its primary IdP and the SP key pair
 * every IdP of the organization uses.
 */
@Dependent
public class SsoSettingsRows {

  @PersistenceContext EntityManager em;

  @Inject Clock clock;

  @Inject KeyEncryption keys;

  /** The settings row, created with a fresh SP key pair on first use. */
  public SsoSettings settingsFor(String organizationId) {
    SsoSettings s = em.find(SsoSettings.class, organizationId);
    if (s != null) {
      return s;
    }
    em.find(Organization.class, organizationId, LockModeType.PESSIMISTIC_WRITE);
    s = em.find(SsoSettings.class, organizationId);
    if (s != null) {
      return s;
    }
    Instant now = clock.instant();
    SpKeys.Generated generated = SpKeys.generate(organizationId, now);
    try {
      s =
          new SsoSettings(
              organizationId,
              keys.seal(generated.privateKey().getEncoded(), organizationId),
              Base64.getEncoder().encodeToString(generated.certificate().getEncoded()),
              now);
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
    em.persist(s);
    return s;
  }
}
