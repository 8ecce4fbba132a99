package dev.portcullis.platform.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * One-way password hashes with PBKDF2-HMAC-SHA512 from the JDK (OWASP's 210,000 iterations). The
 * stored form {@code pbkdf2-sha512$<iterations>$<salt>$<hash>} keeps the parameters, so the cost
 * can rise later without breaking existing hashes.
 */
public final class PasswordHasher {

  public static final int MIN_LENGTH = 10;
  public static final int MAX_LENGTH = 256;

  private static final String ALGORITHM = "PBKDF2WithHmacSHA512";
  private static final String PREFIX = "pbkdf2-sha512";
  private static final int ITERATIONS = 210_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 512;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A hash of a password nobody knows, so unknown users cost as much as known ones. */
  private static final String DUMMY = new PasswordHasher().hash("portcullis-dummy-password");

  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = derive(password, salt, ITERATIONS, HASH_BITS);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return PREFIX
        + "$"
        + ITERATIONS
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(hash);
  }

  /** Constant-time check of a password against a stored hash; null hashes never match. */
  public boolean verify(String password, String stored) {
    if (password == null) {
      return false;
    }
    String candidate = stored == null ? DUMMY : stored;
    String[] parts = candidate.split("\\$");
    if (parts.length != 4 || !PREFIX.equals(parts[0])) {
      return false;
    }
    Base64.Decoder b64 = Base64.getDecoder();
    byte[] salt = b64.decode(parts[2]);
    byte[] expected = b64.decode(parts[3]);
    byte[] actual = derive(password, salt, Integer.parseInt(parts[1]), expected.length * 8);
    return MessageDigest.isEqual(expected, actual) && stored != null;
  }

  /** Checks the password policy; returns a message naming the problem, or null when acceptable. */
  public static String policyViolation(String password) {
    if (password == null || password.isEmpty()) {
      return "A password is required.";
    }
    if (password.length() < MIN_LENGTH) {
      return "The password must have at least " + MIN_LENGTH + " characters.";
    }
    if (password.length() > MAX_LENGTH) {
      return "The password must have at most " + MAX_LENGTH + " characters.";
    }
    if (password.isBlank()) {
      return "The password must not be only spaces.";
    }
    return null;
  }

  private static byte[] derive(String password, byte[] salt, int iterations, int bits) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, bits);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2 unavailable", e);
    } finally {
      spec.clearPassword();
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
