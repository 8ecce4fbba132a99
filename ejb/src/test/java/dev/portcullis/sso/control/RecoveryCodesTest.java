package dev.portcullis.sso.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecoveryCodesTest {

  @Test
  void codesAreFourGroupsOfFourFromTheUnambiguousAlphabet() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String code = RecoveryCodes.newCode();
      assertTrue(code.matches("[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}"), code);
      assertTrue(seen.add(code), "a code repeated: " + code);
    }
  }

  @Test
  void typedCodesAreNormalizedBeforeHashing() {
    String code = RecoveryCodes.newCode();
    String typed = " " + code.toLowerCase().replace("-", " ") + " ";
    assertEquals(code.replace("-", ""), RecoveryCodes.normalize(typed));
    assertEquals(RecoveryCodes.normalize(code), RecoveryCodes.normalize(typed));
  }

  @Test
  void whatCannotBeACodeIsRefusedBeforeAnyLookup() {
    assertNull(RecoveryCodes.normalize(null));
    assertNull(RecoveryCodes.normalize(""));
    assertNull(RecoveryCodes.normalize("ABCD-EFGH-JKMN"));
    assertNull(RecoveryCodes.normalize("ABCD-EFGH-JKMN-PQRSX"));
    assertNull(RecoveryCodes.normalize("ABCD-EFGH-JKMN-PQRU")); // U is not in the alphabet
    assertNull(RecoveryCodes.normalize("x".repeat(65)));
    assertNotEquals(null, RecoveryCodes.normalize("abcd-efgh-jkmn-pqrs"));
  }
}
