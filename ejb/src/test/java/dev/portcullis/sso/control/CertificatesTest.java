package dev.portcullis.sso.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.platform.boundary.ServiceException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CertificatesTest {

  static KeyPair pair;
  static X509Certificate cert;

  @BeforeAll
  static void setUp() throws Exception {
    pair = TestCertificates.rsa();
    cert = TestCertificates.valid(pair, "idp.example.test");
  }

  @Test
  void readsPemWithSubjectFingerprintAndExpiry() throws Exception {
    byte[] pem = TestCertificates.pem("CERTIFICATE", cert.getEncoded()).getBytes();
    Certificates.Parsed p = Certificates.parse(pem, Instant.now());
    assertArrayEquals(cert.getEncoded(), p.der());
    assertEquals("CN=idp.example.test", p.subject());
    assertEquals(cert.getNotAfter().toInstant(), p.notAfter());
    String hex =
        HexFormat.of()
            .withUpperCase()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    assertEquals(hex, p.sha256().replace(":", ""));
    assertEquals(95, p.sha256().length());
  }

  @Test
  void readsDerAndBareBase64() throws Exception {
    assertEquals(
        "CN=idp.example.test", Certificates.parse(cert.getEncoded(), Instant.now()).subject());
    byte[] bare = Base64.getMimeEncoder().encodeToString(cert.getEncoded()).getBytes();
    assertEquals("CN=idp.example.test", Certificates.parse(bare, Instant.now()).subject());
  }

  @Test
  void refusesMetadataWithAPointerToImport() {
    ServiceException e =
        refused(
            "\uFEFF<?xml version=\"1.0\"?><md:EntityDescriptor/>".getBytes(StandardCharsets.UTF_8));
    assertEquals("certificate_is_metadata", e.code());
    assertEquals("This is metadata, not a certificate — use Import IdP metadata.", e.getMessage());
  }

  @Test
  void refusesPrivateKeysInPemAndDer() {
    byte[] der = pair.getPrivate().getEncoded();
    assertEquals("certificate_is_private_key", refused(der).code());
    assertEquals(
        "certificate_is_private_key",
        refused(TestCertificates.pem("PRIVATE KEY", der).getBytes()).code());
    String bundle =
        TestCertificates.pem("RSA PRIVATE KEY", der) + TestCertificates.pem("CERTIFICATE", der);
    assertEquals("certificate_is_private_key", refused(bundle.getBytes()).code());
  }

  @Test
  void refusesGarbageAndOtherPemContents() {
    ServiceException e = refused("hello, this is not a certificate".getBytes());
    assertEquals("certificate_invalid", e.code());
    assertTrue(e.getMessage().contains("not an X.509 certificate"), e.getMessage());
    ServiceException publicKey =
        refused(TestCertificates.pem("PUBLIC KEY", pair.getPublic().getEncoded()).getBytes());
    assertEquals("This PEM file holds a public key, not a certificate.", publicKey.getMessage());
    assertEquals("certificate_empty", refused(new byte[0]).code());
  }

  @Test
  void refusesExpiredCertificatesNamingTheDate() throws Exception {
    Instant now = Instant.parse("2026-06-01T00:00:00Z");
    X509Certificate old =
        TestCertificates.certificate(
            pair, "old", now.minus(Duration.ofDays(400)), Instant.parse("2026-01-31T12:00:00Z"));
    ServiceException e =
        assertThrows(ServiceException.class, () -> Certificates.parse(old.getEncoded(), now));
    assertEquals("certificate_expired", e.code());
    assertTrue(e.getMessage().contains("expired on 2026-01-31"), e.getMessage());
  }

  @Test
  void refusesBundlesOfSeveralCertificates() throws Exception {
    String two =
        TestCertificates.pem("CERTIFICATE", cert.getEncoded())
            + TestCertificates.pem("CERTIFICATE", cert.getEncoded());
    assertEquals("certificate_bundle", refused(two.getBytes()).code());
  }

  private static ServiceException refused(byte[] upload) {
    return assertThrows(ServiceException.class, () -> Certificates.parse(upload, Instant.now()));
  }
}
