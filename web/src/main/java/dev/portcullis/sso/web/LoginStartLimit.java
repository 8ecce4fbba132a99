package dev.portcullis.sso.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How many SP-initiated logins one client address may start at one organization's IdP per minute,
 * on this server (and, counted apart, how many step-up confirmations through the IdP). Each start
 * signs an AuthnRequest and stores it for ten minutes, and anyone may ask for one, so without a
 * limit one client could fill the database. A browser needs one per login; the default leaves room
 * for a company's users behind one address. The count lives in this server's memory: with several
 * servers behind a balancer a client may start that many on each.
 */
@ApplicationScoped
public class LoginStartLimit {

  private static final long WINDOW_MILLIS = Duration.ofMinutes(1).toMillis();

  /** Above this many remembered keys, the ones of past windows are dropped. */
  private static final int MAX_KEYS = 100_000;

  @Inject
  @ConfigProperty(name = "portcullis.sso.login-starts-per-minute", defaultValue = "600")
  int perMinute;

  @Inject Clock clock;

  private final Map<String, long[]> windows = new ConcurrentHashMap<>();

  /**
   * Counts a start by this client address at this organization; false when the address has used up
   * this minute's starts there.
   */
  public boolean tryStart(String clientAddress, String organizationId) {
    long now = clock.millis();
    long window = now - now % WINDOW_MILLIS;
    if (windows.size() > MAX_KEYS) {
      windows.values().removeIf(w -> w[0] != window);
    }
    long[] counted =
        windows.compute(
            clientAddress + "|" + organizationId,
            (key, w) -> w == null || w[0] != window ? new long[] {window, 1} : bump(w));
    return counted[1] <= perMinute;
  }

  /** Seconds until the next window starts (Retry-After). */
  public long secondsToNextWindow() {
    long now = clock.millis();
    return Math.max(1, (WINDOW_MILLIS - now % WINDOW_MILLIS + 999) / 1000);
  }

  private static long[] bump(long[] w) {
    w[1]++;
    return w;
  }
}
