package dev.portcullis.sso.control;

import dev.portcullis.sso.entity.SsoError;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;

/**
 * Writes an entry of the SSO error log (PRODUCT §6) in the caller's transaction, next to the audit
 * entry of the same refusal. Only {@code SsoLoginService} calls it, for every refusal it records.
 */
@Dependent
public class SsoErrorLog {

  @PersistenceContext EntityManager em;

  @Inject Clock clock;

  /**
   * @param email the email the response asserted, or null when the refusal came before it was read
   * @param client the address of the browser that posted the response
   */
  public void record(
      String organizationId, String reference, String reason, String email, String client) {
    em.persist(new SsoError(organizationId, clock.instant(), reference, reason, email, client));
  }
}
