package dev.portcullis.sso.control;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest with AES-256-GCM. The output is base64 of {@code version(1) | iv(12) |
 * ciphertext+tag}; a context string (e.g. the organization ID) is bound as associated data, so a
 * ciphertext copied into another organization's row does not decrypt.
 */
public final class AesGcmSealer {

  private static final byte VERSION = 1;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  /**
   * @param base64Key 32 bytes, base64
   */
  public AesGcmSealer(String base64Key) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64Key.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the key-encryption key is not valid base64");
    }
    if (raw.length != 32) {
      throw new IllegalArgumentException(
          "the key-encryption key must be 32 bytes (base64), not " + raw.length);
    }
    this.key = new SecretKeySpec(raw, "AES");
  }

  public String seal(byte[] plaintext, String context) {
    try {
      byte[] iv = new byte[IV_BYTES];
      RANDOM.nextBytes(iv);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext);
      return Base64.getEncoder()
          .encodeToString(
              ByteBuffer.allocate(1 + IV_BYTES + sealed.length)
                  .put(VERSION)
                  .put(iv)
                  .put(sealed)
                  .array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * @throws IllegalArgumentException when the data was altered, or sealed with another key
   */
  public byte[] open(String sealed, String context) {
    byte[] all = Base64.getDecoder().decode(sealed);
    if (all.length < 1 + IV_BYTES + TAG_BITS / 8 || all[0] != VERSION) {
      throw new IllegalArgumentException("not a sealed value");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 1, IV_BYTES));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(all, 1 + IV_BYTES, all.length - 1 - IV_BYTES);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new IllegalArgumentException("sealed value altered or sealed with another key");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }
}
