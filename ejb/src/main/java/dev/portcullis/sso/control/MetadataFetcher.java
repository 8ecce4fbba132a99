package dev.portcullis.sso.control;

import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.control.PortcullisConfig;
import dev.portcullis.sso.saml.IdpMetadataReader;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Downloads an IdP's metadata from its metadata URL, guarded against server-side request forgery:
 * the host is resolved once and every address checked ({@link MetadataUrls#isPublic}) before the
 * server connects, and the connection goes to the checked address (no second lookup an attacker's
 * DNS could answer differently); https verifies the certificate for the URL's host name. No
 * redirects are followed, connecting and reading time out after 10 seconds, and more than 1 MB is
 * refused. Each failure is a {@link ServiceException} with a message naming the problem and no
 * internals. Plain HTTP/1.0 keeps the response simple (no chunked encoding, no keep-alive).
 */
@Dependent
public class MetadataFetcher {

  static final int TIMEOUT_MILLIS = 10_000;

  private static final int MAX_HEADER_BYTES = 16 * 1024;

  @Inject PortcullisConfig config;

  /** The metadata bytes at {@code url}, checked again as when it was configured. */
  public byte[] fetch(String url) {
    boolean allowInsecure = config.metadataRefreshAllowInsecure();
    URI uri = MetadataUrls.validate(url, allowInsecure);
    if (uri == null) {
      throw ServiceException.conflict(
          "no_metadata_url", "Set the IdP metadata URL before refreshing from it.");
    }
    String host = MetadataUrls.host(uri);
    boolean https = uri.getScheme().equalsIgnoreCase("https");
    int port = uri.getPort() == -1 ? (https ? 443 : 80) : uri.getPort();
    InetAddress address = resolve(host, allowInsecure);
    long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000L;
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(address, port), TIMEOUT_MILLIS);
      plain.setSoTimeout(TIMEOUT_MILLIS);
      Socket socket = plain;
      if (https) {
        SSLSocket tls = (SSLSocket) tls().getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters params = tls.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        if (!host.contains(":") && !host.matches("[0-9.]+")) { // SNI names hosts, not IPs
          params.setServerNames(List.of(new SNIHostName(host)));
        }
        tls.setSSLParameters(params);
        tls.startHandshake();
        socket = tls;
      }
      return exchange(socket, uri, host, port, https, deadline);
    } catch (SocketTimeoutException e) {
      throw gateway("The IdP metadata URL did not answer within 10 seconds.");
    } catch (SSLException e) {
      throw gateway(
          "The TLS connection to "
              + host
              + " failed (is its certificate valid and issued for this host name?).");
    } catch (IOException e) {
      throw gateway("The IdP metadata URL could not be reached (" + host + ":" + port + ").");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * TLS trusting the JDK's public certificate authorities (not the application server's own
   * keystores, which serve its own endpoints): IdPs publish metadata under public certificates.
   */
  private static SSLContext tls() throws GeneralSecurityException {
    SSLContext context = TLS;
    if (context == null) {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init((KeyStore) null);
      context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      TLS = context;
    }
    return context;
  }

  private static volatile SSLContext TLS;

  private static InetAddress resolve(String host, boolean allowInsecure) {
    InetAddress[] all;
    try {
      all = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw gateway("The host name " + host + " of the IdP metadata URL does not resolve.");
    }
    if (!allowInsecure) {
      for (InetAddress a : all) {
        if (!MetadataUrls.isPublic(a)) {
          throw ServiceException.invalid(
              "invalid_metadata_url",
              "The host name "
                  + host
                  + " of the IdP metadata URL resolves to a private or local address.");
        }
      }
    }
    return all[0];
  }

  private static byte[] exchange(
      Socket socket, URI uri, String host, int port, boolean https, long deadline)
      throws IOException {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    boolean defaultPort = port == (https ? 443 : 80);
    String hostHeader =
        (host.contains(":") ? "[" + host + "]" : host) + (defaultPort ? "" : ":" + port);
    String request =
        "GET "
            + path
            + " HTTP/1.0\r\nHost: "
            + hostHeader
            + "\r\nAccept: application/samlmetadata+xml, application/xml, text/xml, */*"
            + "\r\nUser-Agent: Portcullis-metadata-refresh\r\nConnection: close\r\n\r\n";
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    String head = readHead(in, deadline);
    String[] lines = head.split("\r\n");
    String[] status = lines[0].split(" ", 3);
    if (status.length < 2 || !status[0].startsWith("HTTP/")) {
      throw gateway("The IdP metadata URL did not answer with HTTP.");
    }
    int code;
    try {
      code = Integer.parseInt(status[1]);
    } catch (NumberFormatException e) {
      throw gateway("The IdP metadata URL did not answer with HTTP.");
    }
    long contentLength = -1;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0
          && lines[i]
              .substring(0, colon)
              .strip()
              .toLowerCase(Locale.ROOT)
              .equals("content-length")) {
        try {
          contentLength = Long.parseLong(lines[i].substring(colon + 1).strip());
        } catch (NumberFormatException e) {
          throw gateway("The IdP metadata URL answered with an invalid Content-Length.");
        }
      }
    }
    if (code >= 300 && code < 400) {
      throw gateway(
          "The IdP metadata URL redirects elsewhere (HTTP "
              + code
              + "); redirects are not followed: enter the final address.");
    }
    if (code != 200) {
      throw gateway("The IdP metadata URL answered HTTP " + code + " instead of the metadata.");
    }
    if (contentLength > IdpMetadataReader.MAX_BYTES) {
      throw gateway("The metadata at the IdP metadata URL is larger than 1 MB.");
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) != -1) {
      body.write(buffer, 0, n);
      if (body.size() > IdpMetadataReader.MAX_BYTES) {
        throw gateway("The metadata at the IdP metadata URL is larger than 1 MB.");
      }
      if (contentLength >= 0 && body.size() >= contentLength) {
        break;
      }
      checkDeadline(deadline);
    }
    if (contentLength >= 0 && body.size() < contentLength) {
      throw gateway("The IdP metadata URL's answer was cut short.");
    }
    return body.toByteArray();
  }

  /** The status line and headers, up to the blank line. */
  private static String readHead(InputStream in, long deadline) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b == -1) {
        throw gateway("The IdP metadata URL closed the connection without an answer.");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (head.size() > MAX_HEADER_BYTES) {
        throw gateway("The IdP metadata URL answered with oversized headers.");
      }
      if ((head.size() & 1023) == 0) {
        checkDeadline(deadline);
      }
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static void checkDeadline(long deadline) throws SocketTimeoutException {
    if (System.nanoTime() - deadline > 0) {
      throw new SocketTimeoutException();
    }
  }

  private static ServiceException gateway(String message) {
    return ServiceException.badGateway("metadata_fetch_failed", message);
  }
}
