package dev.portcullis.scim.control;

import dev.portcullis.scim.boundary.ScimException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Cursors of keyset paging: the opaque encoding of the last id of a page. The next page starts
 * after that id, so rows inserted or deleted meanwhile never make a page skip or repeat another
 * row.
 */
public final class Cursors {

  private static final String PREFIX = "k1:";

  private Cursors() {}

  public static String encode(String lastId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((PREFIX + lastId).getBytes(StandardCharsets.UTF_8));
  }

  /** The id after which the page starts; null for an empty cursor (the first page). */
  public static String decode(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    try {
      String s = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
      if (s.startsWith(PREFIX) && s.length() > PREFIX.length() && s.length() <= 40) {
        return s.substring(PREFIX.length());
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw ScimException.invalidValue("The cursor is not one this server gave out.");
  }
}
