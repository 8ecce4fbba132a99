package bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The load generator's HTTP/1.1 client for the benchmarks' measured requests: one kept-alive
 * connection per client thread, the request written as prepared bytes, the answer read just far
 * enough to judge it (status, headers, body by Content-Length or chunks). {@link
 * java.net.http.HttpClient} costs about a millisecond of CPU per request here, as much as a part of
 * the server's own work, and the load generator shares the two cores with the server; this one
 * costs a small fraction of that. Plain HTTP only; reconnects when the server closes.
 */
final class LeanHttp {

  /** An answer: status, headers as sent (name: value), body. */
  record Answer(int status, List<String> headers, byte[] body) {
    String header(String name) {
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      for (String h : headers) {
        if (h.toLowerCase(Locale.ROOT).startsWith(prefix)) {
          return h.substring(prefix.length()).strip();
        }
      }
      return null;
    }

    List<String> all(String name) {
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      List<String> out = new ArrayList<>();
      for (String h : headers) {
        if (h.toLowerCase(Locale.ROOT).startsWith(prefix)) {
          out.add(h.substring(prefix.length()).strip());
        }
      }
      return out;
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final String host;
  private final int port;
  private final ThreadLocal<Connection> connections = new ThreadLocal<>();

  LeanHttp(URI base) {
    if (!"http".equals(base.getScheme())) {
      throw new IllegalArgumentException("plain HTTP only: " + base);
    }
    this.host = base.getHost();
    this.port = base.getPort() < 0 ? 80 : base.getPort();
  }

  /** The bytes of a form POST to {@code path}, to send with {@link #send}. */
  byte[] formPost(String path, String form) {
    return request("POST", path, List.of("Content-Type: application/x-www-form-urlencoded"), form);
  }

  /**
   * The bytes of a request of any method to {@code path} (with its query), with extra {@code
   * headers} ("Name: value") and a UTF-8 {@code body} (null: none), to send with {@link #send}.
   */
  byte[] request(String method, String path, List<String> headers, String body) {
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head =
        new StringBuilder(256)
            .append(method)
            .append(' ')
            .append(path)
            .append(" HTTP/1.1\r\nHost: ")
            .append(host)
            .append(':')
            .append(port)
            .append("\r\n");
    for (String h : headers) {
      head.append(h).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Length: ").append(content.length).append("\r\n");
    }
    byte[] top = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[top.length + content.length];
    System.arraycopy(top, 0, all, 0, top.length);
    System.arraycopy(content, 0, all, top.length, content.length);
    return all;
  }

  /** Sends prepared request bytes on this thread's connection and reads the answer. */
  Answer send(byte[] request) throws IOException {
    Connection c = connections.get();
    if (c != null) {
      try {
        return c.exchange(request);
      } catch (IOException stale) {
        // the server closed the kept-alive connection between two requests: once more, anew
        c.close();
      }
    }
    c = new Connection(host, port);
    connections.set(c);
    return c.exchange(request);
  }

  private static final class Connection {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    Connection(String host, int port) throws IOException {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(60_000);
      socket.connect(new InetSocketAddress(host, port), 10_000);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }

    Answer exchange(byte[] request) throws IOException {
      out.write(request);
      out.flush();
      String statusLine = line();
      if (statusLine == null) {
        throw new IOException("connection closed");
      }
      int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
      List<String> headers = new ArrayList<>();
      long length = -1;
      boolean chunked = false;
      boolean close = false;
      for (String h = line(); h != null && !h.isEmpty(); h = line()) {
        headers.add(h);
        String lower = h.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Long.parseLong(h.substring(15).strip());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        } else if (lower.startsWith("connection:") && lower.contains("close")) {
          close = true;
        }
      }
      byte[] body;
      if (chunked) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int size = chunkSize(); size > 0; size = chunkSize()) {
          b.write(in.readNBytes(size));
          line();
        }
        for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
          // trailers: none expected
        }
        body = b.toByteArray();
      } else if (length >= 0) {
        body = in.readNBytes((int) length);
      } else {
        body = in.readAllBytes();
        close = true;
      }
      if (close) {
        close();
      }
      return new Answer(status, headers, body);
    }

    private int chunkSize() throws IOException {
      String l = line();
      if (l == null) {
        throw new IOException("connection closed in a chunked body");
      }
      int semicolon = l.indexOf(';');
      return Integer.parseInt((semicolon < 0 ? l : l.substring(0, semicolon)).strip(), 16);
    }

    /** A line without its CRLF; null at the end of the stream. */
    private String line() throws IOException {
      StringBuilder b = new StringBuilder(64);
      int c;
      while ((c = in.read()) != -1) {
        if (c == '\n') {
          int n = b.length();
          if (n > 0 && b.charAt(n - 1) == '\r') {
            b.setLength(n - 1);
          }
          return b.toString();
        }
        b.append((char) c);
      }
      return b.length() == 0 ? null : b.toString();
    }

    void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
