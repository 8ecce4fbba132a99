package dev.portcullis.platform.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecureTokensTest {

  @Test
  void tokensAreUrlSafeCarryTheirPrefixAndDiffer() {
    String a = SecureTokens.generate("pcp_", 32);
    String b = SecureTokens.generate("pcp_", 32);
    assertTrue(a.matches("pcp_[A-Za-z0-9_-]{43}"), a);
    assertNotEquals(a, b);
  }

  @Test
  void hashesAreStableHex() {
    assertEquals(
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
        SecureTokens.sha256("hello"));
  }

  @Test
  void constantTimeEqualsComparesValues() {
    assertTrue(SecureTokens.constantTimeEquals("abc", "abc"));
    assertFalse(SecureTokens.constantTimeEquals("abc", "abd"));
    assertFalse(SecureTokens.constantTimeEquals("abc", null));
  }
}
