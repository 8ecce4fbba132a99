package dev.portcullis.scim.control;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This server's SCIM token uses not yet written to the database: for each token, how many and the
 * latest. Counting is a map update, with no call through the EJB container or a CDI proxy (which
 * cost more than the update itself on every SCIM request); {@code ScimTokenUses} takes the counts
 * out and writes them. One map per deployment of the application (its class loader), so the counts
 * outlive any bean instance until they are written, also at shutdown.
 */
public final class ScimTokenUseCounter {

  /** Uses not written yet: how many, and the latest. */
  public record Pending(long count, Instant last) {
    Pending plus(Pending other) {
      return new Pending(count + other.count, last.isAfter(other.last) ? last : other.last);
    }
  }

  private static final Map<String, Pending> PENDING = new ConcurrentHashMap<>();

  private ScimTokenUseCounter() {}

  /** One authenticated request with the token at {@code at}. */
  public static void count(String tokenId, Instant at) {
    add(tokenId, new Pending(1, at));
  }

  /** Adds uses (also those taken out but not written, to write them later). */
  public static void add(String tokenId, Pending uses) {
    PENDING.merge(tokenId, uses, Pending::plus);
  }

  /** The tokens with uses pending. */
  public static List<String> tokenIds() {
    return List.copyOf(PENDING.keySet());
  }

  /** Takes the token's pending uses out (null if none), to write them. */
  public static Pending take(String tokenId) {
    return PENDING.remove(tokenId);
  }
}
