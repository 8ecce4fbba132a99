package dev.portcullis.sso.boundary;

import dev.portcullis.sso.entity.OutstandingRequest;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The AuthnRequests sent and not yet answered, in the database shared by every server (a login
 * started on one server may finish on another). A response claims its request under a row lock, so
 * of two concurrent uses exactly one consumes it.
 */
@Stateless
public class OutstandingRequests {

  /** How long the user has to log in at the IdP. */
  public static final Duration LIFETIME = Duration.ofMinutes(10);

  @PersistenceContext EntityManager em;

  public void add(OutstandingRequest request) {
    em.persist(request);
  }

  /** The outcome of matching a response's InResponseTo, and the request when it matched. */
  public record Claim(OutstandingRequest.Match match, Optional<OutstandingRequest> request) {}

  /** Consumes the request a response answers, in the caller's transaction. */
  public Claim claim(String id, String organizationId, String browserHash, Instant now) {
    if (id == null || id.length() > OutstandingRequest.MAX_ID_LENGTH) {
      return new Claim(OutstandingRequest.Match.UNKNOWN, Optional.empty());
    }
    OutstandingRequest request =
        em.find(OutstandingRequest.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (request == null) {
      return new Claim(OutstandingRequest.Match.UNKNOWN, Optional.empty());
    }
    OutstandingRequest.Match match = request.consume(organizationId, browserHash, now);
    return new Claim(
        match,
        match == OutstandingRequest.Match.CONSUMED ? Optional.of(request) : Optional.empty());
  }

  /** Drops requests that can no longer be answered, used or not. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int purge(Instant now) {
    return em.createQuery("delete from OutstandingRequest r where r.expiresAt < :now")
        .setParameter("now", now)
        .executeUpdate();
  }
}
