package dev.portcullis.sso.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AesGcmSealerTest {

  static String key() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return Base64.getEncoder().encodeToString(k);
  }

  final AesGcmSealer sealer = new AesGcmSealer(key());
  final byte[] secret = "private key bytes".getBytes(StandardCharsets.UTF_8);

  @Test
  void roundTripsAndNeverRepeatsCiphertext() {
    String a = sealer.seal(secret, "org-1");
    String b = sealer.seal(secret, "org-1");
    assertNotEquals(a, b);
    assertArrayEquals(secret, sealer.open(a, "org-1"));
    assertArrayEquals(secret, sealer.open(b, "org-1"));
  }

  @Test
  void refusesAnotherOrganizationsCiphertext() {
    String sealed = sealer.seal(secret, "org-1");
    assertThrows(IllegalArgumentException.class, () -> sealer.open(sealed, "org-2"));
  }

  @Test
  void refusesAlteredCiphertextAndAnotherKey() {
    byte[] raw = Base64.getDecoder().decode(sealer.seal(secret, "org-1"));
    raw[raw.length - 5] ^= 1;
    String altered = Base64.getEncoder().encodeToString(raw);
    assertThrows(IllegalArgumentException.class, () -> sealer.open(altered, "org-1"));
    String sealed = sealer.seal(secret, "org-1");
    assertThrows(
        IllegalArgumentException.class, () -> new AesGcmSealer(key()).open(sealed, "org-1"));
  }

  @Test
  void refusesKeysOfTheWrongLength() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new AesGcmSealer(Base64.getEncoder().encodeToString(new byte[16])));
    assertThrows(IllegalArgumentException.class, () -> new AesGcmSealer("not base64!"));
  }
}
