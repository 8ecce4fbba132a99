package dev.portcullis.platform.boundary;

import dev.portcullis.platform.control.SecureTokens;
import dev.portcullis.platform.entity.Reconfirmation;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Step-up through the identity provider (PRODUCT §2: "SSO-only admins re-confirm through the IdP"):
 * the re-confirmations that accepted answers to step-up requests leave ({@link #record}, by the
 * SAML postback), which the user's console session in the same browser takes ({@link #attach}) and
 * one sensitive change spends ({@link #spend}), within {@link Reconfirmation#LIFETIME}. In the
 * database, so the postback and the console may be served by different servers, and a row lock
 * makes two changes racing for one re-confirmation spend it once.
 */
@Stateless
public class ReconfirmationService {

  @PersistenceContext EntityManager em;

  @Inject Clock clock;

  /** Remembers an accepted re-confirmation of the user (in the caller's transaction). */
  public Reconfirmation record(
      String userId,
      String browserHash,
      String returnTo,
      String reference,
      Instant authnInstant,
      Instant now) {
    Reconfirmation r =
        new Reconfirmation(userId, browserHash, returnTo, reference, authnInstant, now);
    em.persist(r);
    return r;
  }

  /**
   * The acting user's console session takes the re-confirmation {@code id}, in the browser whose
   * login cookie holds {@code browserNonce}; returns the page to go back to (null: none). Refused
   * with 403 {@code reconfirmation_refused} and the reason otherwise.
   */
  public Optional<String> attach(Actor actor, String id, String browserNonce) {
    Reconfirmation r = locked(id).orElse(null);
    if (r == null || actor.userId() == null) {
      throw refused("This confirmation is unknown; confirm through your identity provider again.");
    }
    Reconfirmation.Use use =
        r.attach(
            actor.userId(),
            browserNonce == null ? null : SecureTokens.sha256(browserNonce),
            clock.instant());
    switch (use) {
      case DONE:
        return Optional.ofNullable(r.getReturnTo());
      case NOT_YOURS:
        throw refused(
            "This confirmation is another user's: you are logged in to the console as "
                + actor.label()
                + ". Log in as the user who confirmed, or confirm again.");
      case OTHER_BROWSER:
        throw refused(
            "This confirmation was made in another browser (or this browser did not keep the"
                + " single sign-on cookie); confirm again in this one.");
      case ALREADY_TAKEN:
        throw refused("This confirmation was already taken; confirm again.");
      case EXPIRED:
      default:
        throw refused(expired());
    }
  }

  /** Until when the acting user can spend the re-confirmation {@code id}, if they can. */
  public Optional<Instant> usableUntil(Actor actor, String id) {
    if (id == null || id.length() > 36 || actor.userId() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(em.find(Reconfirmation.class, id))
        .filter(r -> r.usable(actor.userId(), clock.instant()) == Reconfirmation.Use.DONE)
        .map(Reconfirmation::getExpiresAt);
  }

  /**
   * Spends the acting user's re-confirmation {@code id} for one change, in the caller's
   * transaction: a change refused afterwards rolls back and leaves it unspent. 403 {@code
   * reauthentication_failed} with the reason when it cannot be spent.
   */
  public Reconfirmation spend(Actor actor, String id) {
    Reconfirmation r = actor.userId() == null ? null : locked(id).orElse(null);
    if (r == null) {
      throw failed("Confirm through your identity provider first.");
    }
    switch (r.spend(actor.userId(), clock.instant())) {
      case DONE:
        return r;
      case ALREADY_USED:
        throw failed(
            "Your confirmation through your identity provider was already used for another"
                + " change; confirm again.");
      case EXPIRED:
        throw failed(expired());
      case NOT_YOURS:
      case NOT_TAKEN:
      default:
        throw failed("Confirm through your identity provider first.");
    }
  }

  /** Drops re-confirmations that can no longer be spent. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int purge(Instant now) {
    return em.createNamedQuery("Reconfirmation.purge").setParameter("now", now).executeUpdate();
  }

  private Optional<Reconfirmation> locked(String id) {
    if (id == null || id.length() > 36) {
      return Optional.empty();
    }
    return Optional.ofNullable(em.find(Reconfirmation.class, id, LockModeType.PESSIMISTIC_WRITE));
  }

  private static String expired() {
    return "Your confirmation through your identity provider has expired (it lasts "
        + Reconfirmation.LIFETIME.toMinutes()
        + " minutes); confirm again.";
  }

  private static ServiceException failed(String message) {
    return ServiceException.forbidden("reauthentication_failed", message);
  }

  private static ServiceException refused(String message) {
    return ServiceException.forbidden("reconfirmation_refused", message);
  }
}
