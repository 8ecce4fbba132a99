package dev.portcullis.platform.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  private final PasswordHasher hasher = new PasswordHasher();

  @Test
  void verifiesTheRightPasswordOnlyAndNeverStoresItReadably() {
    String stored = hasher.hash("correct horse battery");
    assertTrue(stored.startsWith("pbkdf2-sha512$210000$"));
    assertFalse(stored.contains("correct horse battery"));
    assertTrue(hasher.verify("correct horse battery", stored));
    assertFalse(hasher.verify("correct horse batterY", stored));
    assertFalse(hasher.verify("", stored));
    assertFalse(hasher.verify(null, stored));
  }

  @Test
  void saltsEachHash() {
    assertNotEquals(hasher.hash("same password 1"), hasher.hash("same password 1"));
  }

  @Test
  void aMissingOrForeignHashNeverMatches() {
    assertFalse(hasher.verify("portcullis-dummy-password", null));
    assertFalse(hasher.verify("anything at all", "md5$abc"));
  }

  @Test
  void policyNamesTheProblem() {
    assertNotNull(PasswordHasher.policyViolation("short"));
    assertNotNull(PasswordHasher.policyViolation(null));
    assertNotNull(PasswordHasher.policyViolation("          "));
    assertNotNull(PasswordHasher.policyViolation("x".repeat(257)));
    assertNull(PasswordHasher.policyViolation("long enough password"));
  }
}
