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

  /**
   * Consumes the request a response answers, in the caller's transaction, for a real login: a
   * request of a Test SSO run is {@link OutstandingRequest.Match#TEST_REQUEST}, one of a step-up
   * {@link OutstandingRequest.Match#STEP_UP_REQUEST}, and stays as it was.
   */
  public Claim claim(
      String id, String organizationId, String connectionId, String browserHash, Instant now) {
    OutstandingRequest request = locked(id).orElse(null);
    if (request == null) {
      return new Claim(OutstandingRequest.Match.UNKNOWN, Optional.empty());
    }
    if (request.isTest() && request.isFor(organizationId, connectionId)) {
      return new Claim(OutstandingRequest.Match.TEST_REQUEST, Optional.empty());
    }
    if (request.isStepUp() && request.isFor(organizationId, connectionId)) {
      return new Claim(OutstandingRequest.Match.STEP_UP_REQUEST, Optional.empty());
    }
    OutstandingRequest.Match match =
        request.consume(organizationId, connectionId, browserHash, now);
    return new Claim(
        match,
        match == OutstandingRequest.Match.CONSUMED ? Optional.of(request) : Optional.empty());
  }

  /**
   * The Test SSO request with this ID of the organization's IdP {@code connectionId} (null: the
   * primary), locked for the caller's transaction (which consumes it), if there is one; empty for
   * real logins' requests and unknown IDs.
   */
  public Optional<OutstandingRequest> testRequest(
      String id, String organizationId, String connectionId) {
    return locked(id)
        .filter(OutstandingRequest::isTest)
        .filter(r -> r.isFor(organizationId, connectionId));
  }

  /**
   * The step-up request with this ID of the organization's IdP {@code connectionId} (null: the
   * primary), locked for the caller's transaction, if there is one; empty for other requests.
   */
  public Optional<OutstandingRequest> stepUpRequest(
      String id, String organizationId, String connectionId) {
    return locked(id)
        .filter(OutstandingRequest::isStepUp)
        .filter(r -> r.isFor(organizationId, connectionId));
  }

  /** The step-up request with this ID, unlocked and as it is, if there is one. */
  public Optional<OutstandingRequest> peekStepUp(String id) {
    if (id == null || id.length() > OutstandingRequest.MAX_ID_LENGTH) {
      return Optional.empty();
    }
    return Optional.ofNullable(em.find(OutstandingRequest.class, id))
        .filter(OutstandingRequest::isStepUp);
  }

  private Optional<OutstandingRequest> locked(String id) {
    if (id == null || id.length() > OutstandingRequest.MAX_ID_LENGTH) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        em.find(OutstandingRequest.class, id, LockModeType.PESSIMISTIC_WRITE));
  }

  /** Drops requests that can no longer be answered, used or not. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int purge(Instant now) {
    return em.createQuery("delete from OutstandingRequest r where r.expiresAt < :now")
        .setParameter("now", now)
        .executeUpdate();
  }
}
