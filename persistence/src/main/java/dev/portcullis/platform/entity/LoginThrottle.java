package dev.portcullis.platform.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;

/**
 * Failed-login bookkeeping for one key (an account, a client address, or both). Kept in the
 * database so that every server of a cluster slows the same attacker down.
 *
 * <p>Each failure doubles the wait before the next attempt, from {@code base} up to {@code max};
 * failures older than {@code forgetAfter} are forgotten. There is never a permanent lockout.
 */
@Entity
@Table(name = "login_throttle")
public class LoginThrottle {

  @Id
  @Column(name = "throttle_key", length = 400)
  private String key;

  @Column(nullable = false)
  private int failures;

  @Column(name = "last_failure_at", nullable = false)
  private Instant lastFailureAt;

  @Column(name = "blocked_until", nullable = false)
  private Instant blockedUntil;

  @Version private long version;

  protected LoginThrottle() {}

  public LoginThrottle(String key, Instant now) {
    this.key = key;
    this.failures = 0;
    this.lastFailureAt = now;
    this.blockedUntil = now;
  }

  public String getKey() {
    return key;
  }

  public int getFailures() {
    return failures;
  }

  public Instant getBlockedUntil() {
    return blockedUntil;
  }

  /** Time left before another attempt is allowed, zero when allowed now. */
  public Duration waitRemaining(Instant now) {
    return now.isBefore(blockedUntil) ? Duration.between(now, blockedUntil) : Duration.ZERO;
  }

  public void recordFailure(
      Instant now, int freeAttempts, Duration base, Duration max, Duration forgetAfter) {
    if (Duration.between(lastFailureAt, now).compareTo(forgetAfter) > 0) {
      failures = 0;
    }
    failures++;
    lastFailureAt = now;
    int excess = failures - freeAttempts;
    if (excess > 0) {
      long factor = 1L << Math.min(excess - 1, 20);
      Duration wait = base.multipliedBy(factor);
      if (wait.compareTo(max) > 0) {
        wait = max;
      }
      blockedUntil = now.plus(wait);
    }
  }
}
