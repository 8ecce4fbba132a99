package dev.portcullis.sso.control;

import dev.portcullis.platform.boundary.ServiceException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;

/**
 * Reads an IdP signing certificate as people upload it (PEM, DER, or bare base64 copied out of
 * metadata) and refuses anything else with a message that says what the file actually is.
 */
public final class Certificates {

  public static final int MAX_BYTES = 64 * 1024;

  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=\\s]+");
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Certificates() {}

  /** A certificate that passed every check. */
  public record Parsed(
      X509Certificate certificate,
      byte[] der,
      String subject,
      String sha256,
      Instant notBefore,
      Instant notAfter) {}

  /** Parses and validates one certificate, refusing expired ones at {@code now}. */
  public static Parsed parse(byte[] upload, Instant now) {
    if (upload == null || upload.length == 0) {
      throw refuse("certificate_empty", "The file is empty: expected an X.509 certificate.");
    }
    if (upload.length > MAX_BYTES) {
      throw refuse(
          "certificate_too_large",
          "The file is larger than 64 KB: a signing certificate is a few kilobytes.");
    }
    String text = new String(upload, StandardCharsets.ISO_8859_1);
    String trimmed = stripBom(text).strip();
    byte[] der;
    if (trimmed.startsWith("<")) {
      throw refuse(
          "certificate_is_metadata",
          "This is metadata, not a certificate — use Import IdP metadata.");
    } else if (trimmed.contains("-----BEGIN")) {
      der = fromPem(trimmed);
    } else if (!trimmed.isEmpty() && BASE64.matcher(trimmed).matches() && looksBase64(trimmed)) {
      der = decode(trimmed);
    } else {
      der = upload;
    }
    X509Certificate cert = read(der);
    Instant notAfter = cert.getNotAfter().toInstant();
    if (!now.isBefore(notAfter)) {
      throw refuse(
          "certificate_expired",
          "This certificate expired on "
              + DAY.format(notAfter)
              + ": ask the IdP for its current signing certificate.");
    }
    return new Parsed(
        cert,
        der,
        cert.getSubjectX500Principal().getName(X500Principal.RFC2253),
        fingerprint(der),
        cert.getNotBefore().toInstant(),
        notAfter);
  }

  /** SHA-256 of {@code der}: upper-case hex pairs separated by colons, as IdP consoles show it. */
  public static String fingerprint(byte[] der) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(der);
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] fromPem(String text) {
    if (text.contains("PRIVATE KEY-----")) {
      throw refuse(
          "certificate_is_private_key",
          "This file contains a private key, not (only) a certificate. Upload the IdP's public"
              + " signing certificate, and treat this private key as exposed.");
    }
    Matcher m = PEM.matcher(text);
    byte[] der = null;
    int count = 0;
    String other = null;
    while (m.find()) {
      if ("CERTIFICATE".equals(m.group(1)) || "X509 CERTIFICATE".equals(m.group(1))) {
        count++;
        der = decode(m.group(2));
      } else {
        other = m.group(1);
      }
    }
    if (count > 1) {
      throw refuse(
          "certificate_bundle",
          "The file contains " + count + " certificates: upload the signing certificate alone.");
    }
    if (der == null) {
      throw refuse(
          "certificate_invalid",
          other == null
              ? "The PEM file is damaged: no complete certificate block was found."
              : "This PEM file holds a " + other.toLowerCase(Locale.ROOT) + ", not a certificate.");
    }
    return der;
  }

  private static byte[] decode(String base64) {
    try {
      return Base64.getMimeDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw refuse("certificate_invalid", "The certificate's base64 text is damaged.");
    }
  }

  private static X509Certificate read(byte[] der) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | RuntimeException e) {
      if (isPrivateKey(der)) {
        throw refuse(
            "certificate_is_private_key",
            "This file is a private key, not a certificate. Upload the IdP's public signing"
                + " certificate, and treat this private key as exposed.");
      }
      throw refuse(
          "certificate_invalid",
          "This file is not an X.509 certificate (expected PEM or DER, as .cer, .crt or .pem).");
    }
  }

  private static boolean isPrivateKey(byte[] der) {
    for (String algorithm : new String[] {"RSA", "EC"}) {
      try {
        KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        return true;
      } catch (Exception notThisKind) {
        // try the next algorithm
      }
    }
    return false;
  }

  private static boolean looksBase64(String s) {
    return s.replaceAll("\\s", "").length() >= 64;
  }

  private static String stripBom(String s) {
    return s.startsWith("\u00ef\u00bb\u00bf") ? s.substring(3) : s;
  }

  private static ServiceException refuse(String code, String message) {
    return ServiceException.invalid(code, message);
  }
}
