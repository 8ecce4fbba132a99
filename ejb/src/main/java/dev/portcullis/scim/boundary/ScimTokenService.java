package dev.portcullis.scim.boundary;

import dev.portcullis.audit.control.AuditLog;
import dev.portcullis.org.control.OrgAccess;
import dev.portcullis.org.entity.Organization;
import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.control.SecureTokens;
import dev.portcullis.scim.control.ScimTokenUseCounter;
import dev.portcullis.scim.entity.ScimToken;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SCIM bearer tokens of an organization (PRODUCT §4, §6): generate (shown once; revokes the
 * previous token at once), rotate (the previous token stays valid for a grace period of at most 7
 * days), revoke, an optional expiry, and authentication of SCIM requests. Owners and Admins only,
 * Enterprise plan only; every change is audited, never with the token.
 */
@Stateless
public class ScimTokenService {

  /** Random bytes in a token: 256 bits. */
  static final int TOKEN_BYTES = 32;

  /** Longer bearer values are refused without a database lookup. */
  static final int MAX_BEARER_LENGTH = 256;

  /** A token once generated: the secret (to show once) and its stored record. */
  public record Issued(String token, ScimToken record) {}

  /**
   * The organization's tokens as an admin sees them: the current one (valid or expired, not
   * revoked), and the previous one while a rotation's grace period runs.
   */
  public record Status(Optional<ScimToken> current, Optional<ScimToken> previous) {}

  /**
   * Who a valid SCIM token stands for; {@code planAllows} is false when the organization is no
   * longer on the Enterprise plan (the request is then forbidden, not unauthenticated).
   */
  public record Authentication(String organizationId, String tokenId, boolean planAllows) {}

  @PersistenceContext EntityManager em;

  @Inject OrgAccess access;

  @Inject AuditLog audit;

  @Inject Clock clock;

  @EJB ScimTokenUses uses;

  public Status status(Actor actor, String organizationId) {
    requireEnterprise(access.requireAdmin(actor, organizationId));
    // This server's uses not written yet (in a transaction of their own), so the counts are
    // current.
    uses.flush();
    return status(organizationId, clock.instant());
  }

  /**
   * Generates a new token and revokes every earlier one at once (including one in a grace period).
   *
   * @param expiresAt when the new token expires; null for never
   */
  public Issued generate(Actor actor, String organizationId, Instant expiresAt) {
    requireEnterprise(access.requireAdminLocked(actor, organizationId));
    Instant now = clock.instant();
    requireFuture(expiresAt, now);
    List<ScimToken> earlier = unrevoked(organizationId, now);
    earlier.forEach(t -> t.revoke(now));
    Issued issued = issue(organizationId, now, expiresAt);
    Map<String, Object> after = state(issued.record());
    after.put("revokedTokenIds", ids(earlier));
    audit.record(
        actor, organizationId, "scim.token_generated", target(issued.record()), null, after);
    return issued;
  }

  /**
   * Generates a new token and keeps the current one valid for {@code grace} (at most 7 days), so
   * the identity provider can be switched over first. A token already in a grace period is revoked
   * at once: at most two tokens are valid.
   */
  public Issued rotate(Actor actor, String organizationId, Duration grace, Instant expiresAt) {
    requireEnterprise(access.requireAdminLocked(actor, organizationId));
    Instant now = clock.instant();
    if (grace == null
        || grace.isNegative()
        || grace.isZero()
        || grace.compareTo(ScimToken.MAX_GRACE) > 0) {
      throw ServiceException.invalid(
          "invalid_grace_period", "The grace period must be more than 0 and at most 7 days.");
    }
    requireFuture(expiresAt, now);
    Status before = status(organizationId, now);
    ScimToken current =
        before
            .current()
            .filter(t -> t.isValidAt(now))
            .orElseThrow(
                () ->
                    ServiceException.conflict(
                        "no_scim_token",
                        "There is no valid SCIM token to rotate; generate one instead."));
    before.previous().ifPresent(t -> t.revoke(now));
    current.revokeAfter(now, grace);
    Issued issued = issue(organizationId, now, expiresAt);
    Map<String, Object> after = state(issued.record());
    after.put("previousTokenId", current.getId());
    after.put("previousValidUntil", current.getRevokedAt());
    before.previous().ifPresent(t -> after.put("revokedTokenIds", t.getId()));
    audit.record(actor, organizationId, "scim.token_rotated", target(issued.record()), null, after);
    return issued;
  }

  /** Revokes every valid token of the organization at once; true if there was one. */
  public boolean revoke(Actor actor, String organizationId) {
    requireEnterprise(access.requireAdminLocked(actor, organizationId));
    Instant now = clock.instant();
    List<ScimToken> revoked = unrevoked(organizationId, now);
    if (revoked.isEmpty()) {
      return false;
    }
    revoked.forEach(t -> t.revoke(now));
    Map<String, Object> after = new LinkedHashMap<>();
    after.put("revokedTokenIds", ids(revoked));
    audit.record(actor, organizationId, "scim.token_revoked", target(revoked.get(0)), null, after);
    return true;
  }

  /**
   * Authenticates a SCIM request's bearer token: found by its hash, compared in constant time,
   * valid at the application's time. Counts the use in memory ({@link ScimTokenUses} writes the
   * counts about once a second). Empty when the token is unknown, revoked or expired. One read,
   * outside a transaction (its begin and commit would cost more CPU than the read).
   */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Optional<Authentication> authenticate(String bearer) {
    if (bearer == null
        || bearer.length() > MAX_BEARER_LENGTH
        || !bearer.startsWith(ScimToken.PREFIX)) {
      return Optional.empty();
    }
    String hash = SecureTokens.sha256(bearer);
    Instant now = clock.instant();
    // One read: the token and its organization (for the plan) by a join on the token's unique
    // hash. (Selecting the token and a value of the organization instead would be a report query,
    // which EclipseLink prepares again on every execution.)
    Optional<ScimToken> found =
        em
            .createNamedQuery("ScimToken.byHashWithOrganization", ScimToken.class)
            .setParameter("hash", hash)
            .getResultList()
            .stream()
            .findFirst()
            .filter(t -> sameHash(t.getTokenHash(), hash))
            .filter(t -> t.isValidAt(now));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ScimToken token = found.get();
    Organization org = token.getOrganization();
    if (org == null) {
      return Optional.empty();
    }
    if (!org.getPlan().allowsAccessSecurity()) {
      return Optional.of(new Authentication(org.getId(), token.getId(), false));
    }
    ScimTokenUseCounter.count(token.getId(), now);
    return Optional.of(new Authentication(org.getId(), token.getId(), true));
  }

  private Issued issue(String organizationId, Instant now, Instant expiresAt) {
    String secret = SecureTokens.generate(ScimToken.PREFIX, TOKEN_BYTES);
    ScimToken token = new ScimToken(organizationId, SecureTokens.sha256(secret), now, expiresAt);
    em.persist(token);
    return new Issued(secret, token);
  }

  private Status status(String organizationId, Instant now) {
    List<ScimToken> tokens = unrevoked(organizationId, now);
    Optional<ScimToken> current = tokens.stream().filter(t -> t.getRevokedAt() == null).findFirst();
    Optional<ScimToken> previous = tokens.stream().filter(t -> t.isInGraceAt(now)).findFirst();
    return new Status(current, previous);
  }

  private List<ScimToken> unrevoked(String organizationId, Instant now) {
    return em.createNamedQuery("ScimToken.unrevokedOfOrganization", ScimToken.class)
        .setParameter("org", organizationId)
        .setParameter("now", now)
        .getResultList();
  }

  private static boolean sameHash(String stored, String presented) {
    return MessageDigest.isEqual(
        stored.getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII));
  }

  private static void requireFuture(Instant expiresAt, Instant now) {
    if (expiresAt != null && !expiresAt.isAfter(now)) {
      throw ServiceException.invalid("invalid_expiry", "The expiry must be in the future.");
    }
  }

  private static void requireEnterprise(Organization org) {
    if (!org.getPlan().allowsAccessSecurity()) {
      throw ServiceException.forbidden("plan_required", "SCIM is part of the Enterprise plan.");
    }
  }

  private static AuditLog.Target target(ScimToken t) {
    return new AuditLog.Target("scim_token", t.getId(), "SCIM token");
  }

  private static String ids(List<ScimToken> tokens) {
    return String.join(",", tokens.stream().map(ScimToken::getId).toList());
  }

  private static Map<String, Object> state(ScimToken t) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("tokenId", t.getId());
    s.put("createdAt", t.getCreatedAt());
    s.put("expiresAt", t.getExpiresAt());
    return s;
  }
}
