package dev.portcullis.sso.boundary;

import dev.portcullis.org.control.OrgAccess;
import dev.portcullis.org.entity.Organization;
import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.sso.entity.SsoError;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The SSO error log (PRODUCT §6): the refused SSO attempts of the last 7 days, newest first, for
 * the organization's Owners and Admins (Enterprise plan). Entries older than that are not shown and
 * are purged by {@link SsoMaintenanceTimer}.
 */
@Stateless
public class SsoErrorLogService {

  /** The most entries one read answers (a flood of forged posts must not flood the console). */
  public static final int MAX_ENTRIES = 1000;

  @PersistenceContext EntityManager em;

  @Inject OrgAccess access;

  @Inject Clock clock;

  /** The last 7 days of refusals, newest first, at most {@link #MAX_ENTRIES}. */
  public List<SsoError> recent(Actor actor, String organizationId) {
    Organization org = access.requireAdmin(actor, organizationId);
    if (!org.getPlan().allowsAccessSecurity()) {
      throw ServiceException.forbidden(
          "plan_required", "Single sign-on is part of the Enterprise plan.");
    }
    return em.createNamedQuery("SsoError.since", SsoError.class)
        .setParameter("org", organizationId)
        .setParameter("since", SsoError.oldestShownAt(clock.instant()))
        .setMaxResults(MAX_ENTRIES)
        .getResultList();
  }

  /** Deletes the entries no longer shown at {@code now}; answers how many. */
  public int purge(Instant now) {
    return em.createNamedQuery("SsoError.purge")
        .setParameter("before", SsoError.oldestShownAt(now))
        .executeUpdate();
  }
}
