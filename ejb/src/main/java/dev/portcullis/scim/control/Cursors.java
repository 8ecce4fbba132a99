package dev.portcullis.scim.control;

import dev.portcullis.scim.boundary.ScimException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Cursors of keyset paging: the opaque encoding of the last id of a page, and optionally the
 * listing's totalResults as counted for its first page. The next page starts after that id, so rows
 * inserted or deleted meanwhile never make a page skip or repeat another row; carrying the total
 * spares every later page a count of the whole result (at 1,000,000 users, a pass over the
 * organization per page).
 */
public final class Cursors {

  private static final String PREFIX = "k1:";
  private static final String COUNTED = "k2:";
  private static final int MAX_LENGTH = 80;

  /** Where a page starts: after this id (null: the first page); the total, when carried. */
  public record Position(String after, Long total) {}

  private Cursors() {}

  public static String encode(String lastId) {
    return base64(PREFIX + lastId);
  }

  /** A cursor that also carries the listing's totalResults. */
  public static String encode(String lastId, long total) {
    return base64(COUNTED + total + ":" + lastId);
  }

  /** The id after which the page starts; null for an empty cursor (the first page). */
  public static String decode(String cursor) {
    return position(cursor).after();
  }

  /** The id after which the page starts and the total the cursor carries (either may be null). */
  public static Position position(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return new Position(null, null);
    }
    try {
      String s = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
      if (s.length() <= MAX_LENGTH) {
        if (s.startsWith(PREFIX) && s.length() > PREFIX.length()) {
          return new Position(s.substring(PREFIX.length()), null);
        }
        int colon = s.indexOf(':', COUNTED.length());
        if (s.startsWith(COUNTED) && colon > COUNTED.length() && colon < s.length() - 1) {
          long total = Long.parseLong(s.substring(COUNTED.length(), colon));
          if (total >= 0) {
            return new Position(s.substring(colon + 1), total);
          }
        }
      }
    } catch (IllegalArgumentException e) {
      // reported below (NumberFormatException included)
    }
    throw ScimException.invalidValue("The cursor is not one this server gave out.");
  }

  private static String base64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
