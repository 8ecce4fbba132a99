package dev.portcullis.scim.boundary;

import dev.portcullis.scim.control.ScimTokenUseCounter;
import dev.portcullis.scim.control.ScimTokenUseCounter.Pending;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes the uses of SCIM tokens counted in memory ({@link ScimTokenUseCounter}), adding them to
 * the tokens' rows about once a second (and when the application stops), instead of an UPDATE of
 * the token's row on every SCIM request: that one row, which every client of an organization
 * updates, serialized concurrent requests and cost a write per read.
 *
 * <p>What is written are deltas ({@code use_count + n}, {@code last_used_at} only moving forward),
 * so several servers counting the same token add up correctly. A server that crashes loses the uses
 * of at most its last second or so. Only the accounting is deferred: every request still checks its
 * token in the database, so revocation, rotation and expiry apply at once on every server. An admin
 * reading a token's status flushes this server's pending uses first ({@link #flush()}).
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
public class ScimTokenUses {

  private static final Logger LOG = Logger.getLogger(ScimTokenUses.class.getName());

  @PersistenceContext EntityManager em;

  @Resource UserTransaction tx;

  /**
   * Writes the pending uses now, each token's in a transaction of its own: every second, when the
   * application stops, and before an admin sees the counts.
   */
  @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
  public void flush() {
    for (String id : ScimTokenUseCounter.tokenIds()) {
      write(id);
    }
  }

  @PreDestroy
  void stop() {
    flush();
  }

  private void write(String tokenId) {
    Pending uses = ScimTokenUseCounter.take(tokenId);
    if (uses == null) {
      return;
    }
    try {
      tx.begin();
      try {
        em.createNamedQuery("ScimToken.countUses")
            .setParameter("id", tokenId)
            .setParameter("n", uses.count())
            .setParameter("last", uses.last())
            .executeUpdate();
        tx.commit();
      } catch (RuntimeException e) {
        tx.rollback();
        throw e;
      }
    } catch (Exception e) {
      // Not written: keep them for the next flush.
      ScimTokenUseCounter.add(tokenId, uses);
      LOG.log(Level.WARNING, "Could not write the uses of a SCIM token; retrying", e);
    }
  }
}
