package dev.portcullis.scim.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portcullis.scim.boundary.ScimException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CursorsTest {

  private static final String ID = "0f8fad5b-d9cb-469f-a165-70867728950e";

  @Test
  void anEmptyCursorIsTheFirstPage() {
    assertEquals(new Cursors.Position(null, null), Cursors.position(""));
    assertNull(Cursors.decode(" "));
  }

  @Test
  void aCursorCarriesTheLastIdAndTheListingsTotal() {
    assertEquals(
        new Cursors.Position(ID, 1_000_000L), Cursors.position(Cursors.encode(ID, 1_000_000)));
    assertEquals(ID, Cursors.decode(Cursors.encode(ID, 0)));
  }

  @Test
  void cursorsWithoutATotalStillWork() {
    assertEquals(new Cursors.Position(ID, null), Cursors.position(Cursors.encode(ID)));
  }

  @Test
  void anythingElseIsRefused() {
    for (String bad :
        new String[] {
          "bogus",
          raw("k2:12"),
          raw("k2::" + ID),
          raw("k2:-1:" + ID),
          raw("k2:x:" + ID),
          raw("k2:1:"),
          raw("k3:" + ID),
          raw("k2:1:" + "x".repeat(80))
        }) {
      assertThrows(ScimException.class, () -> Cursors.position(bad), bad);
    }
  }

  private static String raw(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
