package dev.portcullis.it;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Runs test code in a transaction of its own, as one request would: service calls inside join it,
 * and it commits when the code returns (or rolls back on a ServiceException or a runtime error).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class InNewTransaction {

  @PersistenceContext EntityManager em;

  public <T> T call(Callable<T> work) throws Exception {
    return work.call();
  }

  /** Reads or writes entities directly, bypassing the services (to inspect the schema itself). */
  public <T> T withEntityManager(Function<EntityManager, T> work) {
    return work.apply(em);
  }
}
