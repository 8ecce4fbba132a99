package dev.portcullis.sso.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.control.PortcullisConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The download itself, against local servers (plain http and local addresses allowed here). */
class MetadataFetcherTest {

  private static final byte[] METADATA =
      "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\"/>"
          .getBytes(StandardCharsets.UTF_8);

  private HttpServer server;
  private MetadataFetcher fetcher;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/ok",
        x -> {
          x.sendResponseHeaders(200, METADATA.length);
          x.getResponseBody().write(METADATA);
          x.close();
        });
    server.createContext(
        "/unsized",
        x -> {
          x.sendResponseHeaders(200, 0); // no Content-Length: read to the end
          x.getResponseBody().write(METADATA);
          x.close();
        });
    server.createContext(
        "/moved",
        x -> {
          x.getResponseHeaders().set("Location", "http://169.254.169.254/latest/meta-data");
          x.sendResponseHeaders(302, -1);
          x.close();
        });
    server.createContext(
        "/huge",
        x -> {
          x.sendResponseHeaders(200, 0);
          byte[] chunk = new byte[64 * 1024];
          try {
            for (int i = 0; i < 20; i++) {
              x.getResponseBody().write(chunk);
            }
          } catch (java.io.IOException e) {
            // the client hung up, as it should
          }
          x.close();
        });
    server.start();
    fetcher = new MetadataFetcher();
    fetcher.config = config(true);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void downloadsTheMetadata() {
    assertArrayEquals(METADATA, fetcher.fetch(url("/ok")));
    assertArrayEquals(METADATA, fetcher.fetch(url("/unsized?x=1")));
  }

  @Test
  void refusesStatusesRedirectsAndOversizedAnswers() {
    assertFailure(url("/missing"), "HTTP 404");
    assertFailure(url("/moved"), "redirects are not followed");
    assertFailure(url("/huge"), "larger than 1 MB");
  }

  @Test
  void refusesLocalAddressesUnlessAllowed() {
    fetcher.config = config(false);
    ServiceException e =
        assertThrows(
            ServiceException.class,
            () -> fetcher.fetch("https://127.0.0.1:" + server.getAddress().getPort() + "/ok"));
    assertEquals("invalid_metadata_url", e.code());
    assertThrows(ServiceException.class, () -> fetcher.fetch(url("/ok")), "plain http");
  }

  @Test
  void refusesAnUntrustedTlsCertificate() throws Exception {
    KeyPair keys = TestCertificates.rsa();
    X509Certificate cert = TestCertificates.valid(keys, "127.0.0.1");
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("k", keys.getPrivate(), "pw".toCharArray(), new Certificate[] {cert});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, "pw".toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    HttpsServer https =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(tls));
    https.createContext(
        "/ok",
        x -> {
          x.sendResponseHeaders(200, METADATA.length);
          x.getResponseBody().write(METADATA);
          x.close();
        });
    https.start();
    try {
      assertFailure("https://127.0.0.1:" + https.getAddress().getPort() + "/ok", "TLS connection");
    } finally {
      https.stop(0);
    }
  }

  private void assertFailure(String url, String message) {
    ServiceException e = assertThrows(ServiceException.class, () -> fetcher.fetch(url), url);
    assertEquals(ServiceException.Kind.BAD_GATEWAY, e.kind());
    assertEquals("metadata_fetch_failed", e.code());
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private static PortcullisConfig config(boolean allowInsecure) {
    return new PortcullisConfig() {
      @Override
      public boolean metadataRefreshAllowInsecure() {
        return allowInsecure;
      }
    };
  }
}
