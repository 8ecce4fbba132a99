package dev.portcullis.scim.boundary;

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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Counts the uses of SCIM tokens in memory and adds them to the tokens' rows about once a second
 * (and when the application stops), instead of an UPDATE of the token's row on every SCIM request:
 * that one row, which every client of an organization updates, serialized concurrent requests and
 * cost a write per read.
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

  /** Uses not written yet: how many, and the latest. */
  record Pending(long count, Instant last) {
    Pending plus(Pending other) {
      return new Pending(count + other.count, last.isAfter(other.last) ? last : other.last);
    }
  }

  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  @PersistenceContext EntityManager em;

  @Resource UserTransaction tx;

  /** One authenticated request with the token at {@code at}. */
  public void count(String tokenId, Instant at) {
    pending.merge(tokenId, new Pending(1, at), Pending::plus);
  }

  /**
   * Writes the pending uses now, each token's in a transaction of its own: every second, when the
   * application stops, and before an admin sees the counts.
   */
  @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
  public void flush() {
    for (String id : List.copyOf(pending.keySet())) {
      write(id);
    }
  }

  @PreDestroy
  void stop() {
    flush();
  }

  private void write(String tokenId) {
    Pending uses = pending.remove(tokenId);
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
      pending.merge(tokenId, uses, Pending::plus);
      LOG.log(Level.WARNING, "Could not write the uses of a SCIM token; retrying", e);
    }
  }
}
