package dev.portcullis.sso.boundary;

import dev.portcullis.platform.control.Databases;
import dev.portcullis.sso.entity.ReplayEntry;
import jakarta.annotation.Resource;
import jakarta.ejb.EJBException;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;

/**
 * Remembers accepted assertion IDs in the database, shared by every server: the primary key lets
 * exactly one of two concurrent uses win.
 */
@Stateless
public class ReplayStore {

  @PersistenceContext EntityManager em;

  @Resource SessionContext context;

  /**
   * Records the assertion ID for a login, false when it was seen before (a replay). On PostgreSQL
   * the entry is written in the caller's transaction by one {@code INSERT ... ON CONFLICT DO
   * NOTHING}: of two concurrent uses the second waits for the first's transaction, then finds the
   * row (or writes it, if the first rolled back), so exactly one login commits, and the entry
   * commits together with the login's audit entry or not at all. On other databases (embedded
   * Derby) the entry commits in a transaction of its own ({@link #firstUse}).
   */
  public boolean use(
      String assertionId, String organizationId, String connectionId, Instant expiresAt) {
    if (!Databases.postgres(em)) {
      try {
        return context
            .getBusinessObject(ReplayStore.class)
            .firstUse(assertionId, organizationId, connectionId, expiresAt);
      } catch (EJBException concurrentUse) {
        // the other use's entry committed first; this transaction is unharmed
        return false;
      }
    }
    return em.createNativeQuery(
                "INSERT INTO sso_replay (assertion_id, organization_id, connection_id, expires_at)"
                    + " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (assertion_id) DO NOTHING")
            .setParameter(1, assertionId)
            .setParameter(2, organizationId)
            .setParameter(3, connectionId)
            .setParameter(4, expiresAt)
            .executeUpdate()
        == 1;
  }

  /** False when the ID was seen before (a replay). */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public boolean firstUse(
      String assertionId, String organizationId, String connectionId, Instant expiresAt) {
    if (em.find(ReplayEntry.class, assertionId) != null) {
      return false;
    }
    em.persist(new ReplayEntry(assertionId, organizationId, connectionId, expiresAt));
    em.flush();
    return true;
  }

  /** Whether the ID was accepted before; records nothing (Test SSO). */
  public boolean seen(String assertionId) {
    return em.find(ReplayEntry.class, assertionId) != null;
  }

  /** Drops entries whose assertions could no longer be accepted anyway. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int purge(Instant now) {
    return em.createQuery("delete from ReplayEntry r where r.expiresAt < :now")
        .setParameter("now", now)
        .executeUpdate();
  }
}
