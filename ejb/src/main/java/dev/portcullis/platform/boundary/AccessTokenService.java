package dev.portcullis.platform.boundary;

import dev.portcullis.org.entity.User;
import dev.portcullis.platform.control.PortcullisConfig;
import dev.portcullis.platform.control.SecureTokens;
import dev.portcullis.platform.entity.AccessToken;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Bearer credentials of the admin API: the operator token from configuration, and personal access
 * tokens (random, stored as SHA-256, expiring) issued against an email and password.
 */
@Stateless
public class AccessTokenService {

  /** Don't write "last used" more often than this per token. */
  private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);

  public record IssuedToken(String token, Instant expiresAt) {}

  @PersistenceContext EntityManager em;

  @EJB LoginService login;

  @Inject PortcullisConfig config;

  @Inject Clock clock;

  /**
   * Checks the password (in its own transaction, so a failure's throttling sticks even though this
   * one rolls back) and issues a token for the user; 403 {@code sso_required} when Require SSO
   * leaves the user no password login.
   */
  public IssuedToken issue(String email, String password, String clientAddress) {
    return issueFor(login.passwordLogin(email, password, clientAddress));
  }

  /** Spends an Owner's recovery code (strict SSO's break-glass) and issues a token. */
  public IssuedToken issueWithRecoveryCode(String email, String code, String clientAddress) {
    return issueFor(login.recoveryCodeLogin(email, code, clientAddress));
  }

  private IssuedToken issueFor(LoginService.Outcome outcome) {
    if (outcome instanceof LoginService.Success s) {
      return create(s.userId());
    }
    if (outcome instanceof LoginService.Throttled t) {
      throw LoginService.tooManyAttempts(t);
    }
    if (outcome instanceof LoginService.SsoRequired r) {
      throw LoginService.ssoRequired(r);
    }
    throw ServiceException.unauthenticated(((LoginService.Refused) outcome).message());
  }

  public IssuedToken create(String userId) {
    Instant now = clock.instant();
    String token = SecureTokens.generate("pcp_", 32);
    Instant expires = now.plus(config.tokenLifetime());
    em.persist(new AccessToken(userId, SecureTokens.sha256(token), now, expires));
    return new IssuedToken(token, expires);
  }

  /** Who a bearer token stands for, if anyone. */
  public Optional<Actor> resolve(String bearer, String clientAddress) {
    if (bearer == null || bearer.isBlank() || bearer.length() > 512) {
      return Optional.empty();
    }
    Optional<String> operator = config.operatorToken();
    if (operator.isPresent() && SecureTokens.constantTimeEquals(bearer, operator.get())) {
      return Optional.of(Actor.operator(clientAddress));
    }
    Instant now = clock.instant();
    Optional<AccessToken> token =
        em.createNamedQuery("AccessToken.byHash", AccessToken.class)
            .setParameter("hash", SecureTokens.sha256(bearer))
            .getResultStream()
            .findFirst()
            .filter(t -> t.isUsable(now));
    if (token.isEmpty()) {
      return Optional.empty();
    }
    User user = em.find(User.class, token.get().getUserId());
    if (user == null || !user.isActive()) {
      return Optional.empty();
    }
    AccessToken t = token.get();
    if (t.getLastUsedAt() == null
        || Duration.between(t.getLastUsedAt(), now).compareTo(LAST_USED_GRANULARITY) > 0) {
      t.markUsed(now);
    }
    return Optional.of(Actor.user(user.getId(), user.getEmail(), clientAddress));
  }
}
