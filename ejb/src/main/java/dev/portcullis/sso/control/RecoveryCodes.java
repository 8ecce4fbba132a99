package dev.portcullis.sso.control;

import dev.portcullis.org.control.OrgAccess;
import dev.portcullis.org.entity.Membership;
import dev.portcullis.platform.control.SecureTokens;
import dev.portcullis.sso.entity.RecoveryCode;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Owners' one-time recovery codes under strict SSO. A code is 16 characters of an unambiguous
 * base-32 alphabet (80 random bits) shown as four groups of four; only its SHA-256 is stored, so
 * the lookup by hash reveals nothing a stolen database would not. A code is spent by a conditional
 * update, so two logins racing with one code cannot both get in.
 */
@Dependent
public class RecoveryCodes {

  /** Crockford's base 32: no I, L, O or U to misread. */
  private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  private static final int LENGTH = 16;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** What presenting a code came to. */
  public sealed interface Attempt {}

  /** Spent now: whose organization it opened, and how many the Owner has left there. */
  public record Spent(String organizationId, long remaining) implements Attempt {}

  /**
   * A code of this user that is spent already (earlier, or by a login racing this one): whoever
   * presents it knew the code, so this is no guess to throttle.
   */
  public record AlreadySpent() implements Attempt {}

  /** Not a code of this user (wrong, spent earlier, replaced, or they are no Owner any more). */
  public record Invalid() implements Attempt {}

  @PersistenceContext EntityManager em;

  @Inject OrgAccess access;

  /** Replaces the Owner's unused codes in the organization with a fresh batch, returned once. */
  public List<String> issue(String organizationId, String userId, Instant now) {
    em.createNamedQuery("RecoveryCode.deleteUnusedOf")
        .setParameter("org", organizationId)
        .setParameter("user", userId)
        .executeUpdate();
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < RecoveryCode.BATCH; i++) {
      String code = newCode();
      em.persist(new RecoveryCode(organizationId, userId, hash(code), now));
      codes.add(code);
    }
    return codes;
  }

  /**
   * Spends a code of this user, if it is theirs, unused, and they are still an active Owner of the
   * organization that issued it.
   */
  public Attempt spend(String userId, String code, Instant now) {
    String normalized = normalize(code);
    if (normalized == null) {
      return new Invalid();
    }
    Optional<RecoveryCode> found =
        em.createNamedQuery("RecoveryCode.byHash", RecoveryCode.class)
            .setParameter("hash", hash(normalized))
            .getResultStream()
            .findFirst()
            .filter(c -> c.getUserId().equals(userId));
    if (found.isPresent() && found.get().isUsed()) {
      return new AlreadySpent();
    }
    if (found.isEmpty()
        || access
            .membership(found.get().getOrganizationId(), userId)
            .filter(Membership::isActiveOwner)
            .isEmpty()) {
      return new Invalid();
    }
    int spent =
        em.createNamedQuery("RecoveryCode.spend")
            .setParameter("id", found.get().getId())
            .setParameter("now", now)
            .executeUpdate();
    if (spent != 1) {
      return new AlreadySpent();
    }
    String org = found.get().getOrganizationId();
    return new Spent(org, unused(org, userId));
  }

  /** The Owner's codes not yet spent in the organization. */
  public long unused(String organizationId, String userId) {
    return em.createNamedQuery("RecoveryCode.unusedOf", RecoveryCode.class)
        .setParameter("org", organizationId)
        .setParameter("user", userId)
        .getResultStream()
        .count();
  }

  /** Unused codes held by the organization's active Owners: none means strict SSO locks out. */
  public long unusedOfOwners(String organizationId) {
    return em.createNamedQuery("RecoveryCode.countUnusedOfOwners", Long.class)
        .setParameter("org", organizationId)
        .getSingleResult();
  }

  /** The code as typed, without spaces or dashes, upper case; {@code null} if it cannot be one. */
  static String normalize(String code) {
    if (code == null || code.length() > 64) {
      return null;
    }
    String c = code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    if (c.length() != LENGTH) {
      return null;
    }
    return c.chars().allMatch(ch -> ALPHABET.indexOf(ch) >= 0) ? c : null;
  }

  static String newCode() {
    StringBuilder b = new StringBuilder(LENGTH + 3);
    for (int i = 0; i < LENGTH; i++) {
      if (i > 0 && i % 4 == 0) {
        b.append('-');
      }
      b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  private static String hash(String code) {
    return SecureTokens.sha256(normalize(code));
  }
}
