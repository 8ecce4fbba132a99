package dev.portcullis.sso.boundary;

import dev.portcullis.sso.entity.ReplayEntry;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;

/**
 * Remembers accepted assertion IDs in the database, shared by every server. Each entry commits in
 * its own transaction: the primary key lets exactly one of two concurrent uses win.
 */
@Stateless
public class ReplayStore {

  @PersistenceContext EntityManager em;

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
