package dev.portcullis.platform.control;

import dev.portcullis.platform.entity.LoginThrottle;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Slows repeated failed logins down, per account, per client address and per both, without a
 * lockout that an attacker could use against a victim: the per-account wait is capped at 30
 * seconds, while the account-and-address pair (the attacker's own) backs off up to 15 minutes.
 */
@Dependent
public class LoginThrottles {

  private static final Duration FORGET_AFTER = Duration.ofHours(1);

  /** Free attempts, first wait, longest wait, per kind of key. */
  private enum Rule {
    ACCOUNT_AND_ADDRESS("pair:", 3, Duration.ofSeconds(1), Duration.ofMinutes(15)),
    ADDRESS("addr:", 20, Duration.ofSeconds(1), Duration.ofMinutes(5)),
    ACCOUNT("acct:", 10, Duration.ofSeconds(1), Duration.ofSeconds(30));

    final String prefix;
    final int free;
    final Duration base;
    final Duration max;

    Rule(String prefix, int free, Duration base, Duration max) {
      this.prefix = prefix;
      this.free = free;
      this.base = base;
      this.max = max;
    }
  }

  @PersistenceContext EntityManager em;

  /**
   * Free failures per client address before it slows down. Raise it when many people share one
   * address (a corporate proxy without X-Forwarded-For handling) or for test servers.
   */
  @Inject
  @ConfigProperty(name = "portcullis.login.address-free-attempts", defaultValue = "20")
  int addressFreeAttempts;

  /** How long this account, from this address, must still wait; zero when it may try now. */
  public Duration waitFor(String account, String address, Instant now) {
    Duration longest = Duration.ZERO;
    for (Rule rule : Rule.values()) {
      LoginThrottle t = em.find(LoginThrottle.class, key(rule, account, address));
      if (t != null) {
        Duration wait = t.waitRemaining(now);
        if (wait.compareTo(longest) > 0) {
          longest = wait;
        }
      }
    }
    return longest;
  }

  public void recordFailure(String account, String address, Instant now) {
    for (Rule rule : Rule.values()) {
      String key = key(rule, account, address);
      LoginThrottle t = em.find(LoginThrottle.class, key, LockModeType.PESSIMISTIC_WRITE);
      if (t == null && Databases.postgres(em)) {
        // the first failure of a key may race another (a burst of wrong passwords): whichever
        // inserts second waits for the first's commit and inserts nothing; both then count
        em.createNativeQuery(
                "INSERT INTO login_throttle"
                    + " (throttle_key, failures, last_failure_at, blocked_until, version)"
                    + " VALUES (?1, 0, ?2, ?3, 1) ON CONFLICT (throttle_key) DO NOTHING")
            .setParameter(1, key)
            .setParameter(2, now)
            .setParameter(3, now)
            .executeUpdate();
        t = em.find(LoginThrottle.class, key, LockModeType.PESSIMISTIC_WRITE);
      }
      if (t == null) {
        t = new LoginThrottle(key, now);
        em.persist(t);
      }
      t.recordFailure(
          now,
          rule == Rule.ADDRESS ? addressFreeAttempts : rule.free,
          rule.base,
          rule.max,
          FORGET_AFTER);
    }
  }

  /** A success from this address forgets the pair's failures (not the account's or address's). */
  public void recordSuccess(String account, String address) {
    LoginThrottle t = em.find(LoginThrottle.class, key(Rule.ACCOUNT_AND_ADDRESS, account, address));
    if (t != null) {
      em.remove(t);
    }
  }

  private static String key(Rule rule, String account, String address) {
    String a = address == null ? "-" : address;
    String k =
        switch (rule) {
          case ACCOUNT_AND_ADDRESS -> rule.prefix + account + "|" + a;
          case ADDRESS -> rule.prefix + a;
          case ACCOUNT -> rule.prefix + account;
        };
    return k.length() > 400 ? k.substring(0, 400) : k;
  }
}
