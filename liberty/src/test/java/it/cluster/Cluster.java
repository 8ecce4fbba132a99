package it.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The production topology on loopback, for the cluster tests ({@code *ClusterIT}, a failsafe run of
 * their own whose {@code it.base-url} is the load balancer and whose {@code it.db-url} is the
 * cluster's database): two Portcullis servers, copies of the end-to-end server the build made, each
 * a process of its own on one fresh PostgreSQL database, with sessions in the database and timer
 * failover on, behind HAProxy (Debian's), which health-checks {@code /health/ready} and retries a
 * request no server took. Started once for the whole run, stopped when it ends.
 */
public final class Cluster {

  /**
   * How soon another server may take over a dead server's timers, and how often each server looks
   * for such timers: Liberty's minimum for both (100 s).
   */
  public static final Duration TIMER_FAILOVER = Duration.ofSeconds(100);

  public static final Duration TIMER_POLL = Duration.ofSeconds(100);

  private static Cluster running;

  private final Path wlp;
  private final Path dir;
  private final String dbUrl;
  private final String balancer;
  private final Node a;
  private final Node b;
  private Process haproxy;

  private Cluster() {
    Path build = Path.of(require("it.build-dir"));
    this.wlp = build.resolve("liberty/wlp");
    this.dir = build.resolve("cluster");
    this.dbUrl = require("it.db-url");
    this.balancer = require("it.base-url").replaceAll("/+$", "");
    this.a = new Node("cluster-a", port("it.cluster.a.http.port"), port("it.cluster.a.https.port"));
    this.b = new Node("cluster-b", port("it.cluster.b.http.port"), port("it.cluster.b.https.port"));
  }

  /** The cluster, started on first use: a fresh database, both servers ready, the balancer up. */
  public static synchronized Cluster get() throws Exception {
    // Only in the cluster run, whose base URL and database are the cluster's own: picked by
    // -Dit.test into the main run, these tests would otherwise drop the main server's database.
    Assumptions.assumeTrue(
        Boolean.getBoolean("it.cluster"), "cluster tests run in the cluster-e2e run only");
    if (running == null) {
      Cluster c = new Cluster();
      Runtime.getRuntime().addShutdownHook(new Thread(c::stopQuietly, "cluster-stop"));
      c.start();
      running = c;
    }
    return running;
  }

  /**
   * Starts the cluster before a test class's own {@code @BeforeAll} methods (those of its
   * superclasses included): for a cluster variant of a single-server test class.
   */
  public static final class Started implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
      get();
    }
  }

  public Node a() {
    return a;
  }

  public Node b() {
    return b;
  }

  public List<Node> nodes() {
    return List.of(a, b);
  }

  /** The load balancer's base URL (what browsers, IdPs and SCIM clients use). */
  public String balancer() {
    return balancer;
  }

  private void start() throws Exception {
    Files.createDirectories(dir);
    freshDatabase();
    // One after the other, as an operator's first deployment would: the first migrates the schema.
    a.start();
    b.start();
    startBalancer();
  }

  private void freshDatabase() throws SQLException {
    int slash = dbUrl.lastIndexOf('/');
    String name = dbUrl.substring(slash + 1);
    if (!name.matches("[a-z0-9_]+")) {
      throw new IllegalStateException("unexpected cluster database name " + name);
    }
    try (Connection c =
            DriverManager.getConnection(
                dbUrl.substring(0, slash + 1) + "postgres",
                System.getProperty("it.db-user"),
                System.getProperty("it.db-password"));
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + name);
    }
  }

  private void startBalancer() throws Exception {
    URI front = URI.create(balancer);
    // Requests are retried on the other server only when no server took them (connection refused,
    // or a 503 while a server stops): a create that reached a server is never sent twice.
    String cfg =
        String.join(
            "\n",
            "global",
            "  maxconn 2000",
            "  log stdout format raw local0 info",
            "defaults",
            "  mode http",
            "  log global",
            "  option httplog",
            // A fresh connection to a server for each request: a kept-alive one that a stopping
            // server closes just as a request goes out would lose that request.
            "  option http-server-close",
            "  timeout connect 2s",
            "  timeout client 120s",
            "  timeout server 120s",
            "  retries 3",
            "  option redispatch 1",
            "  retry-on conn-failure 503",
            "frontend portcullis",
            "  bind 127.0.0.1:" + front.getPort(),
            "  default_backend servers",
            "backend servers",
            "  balance roundrobin",
            // A browser keeps to one server while it is up (the console's pages and forms); a
            // client without the cookie (IdPs' SCIM calls, a cross-site SAML POST) goes to
            // either, and so does everyone when their server is down.
            "  cookie PORTCULLIS_SERVER insert indirect nocache httponly",
            "  option httpchk GET /health/ready",
            "  http-check expect status 200",
            "  default-server inter 1s fall 2 rise 2",
            "  server a 127.0.0.1:" + a.httpPort + " check cookie a",
            "  server b 127.0.0.1:" + b.httpPort + " check cookie b",
            "");
    Path file = dir.resolve("haproxy.cfg");
    Files.writeString(file, cfg);
    String binary =
        Stream.of("/usr/sbin/haproxy", "/usr/bin/haproxy")
            .filter(p -> Files.isExecutable(Path.of(p)))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("HAProxy is not installed"));
    haproxy =
        new ProcessBuilder(binary, "-db", "-f", file.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("haproxy.log").toFile())
            .start();
    awaitReady(balancer, Duration.ofSeconds(30));
  }

  private void stopQuietly() {
    if (haproxy != null) {
      haproxy.destroy();
    }
    // both at once: one after the other outlasted the time the test JVM gets to end
    List<Thread> stopping = new java.util.ArrayList<>();
    for (Node n : List.of(a, b)) {
      Thread t =
          new Thread(
              () -> {
                try {
                  n.stop();
                } catch (Exception e) {
                  // the JVM is ending; the build's clean-up removes what is left
                }
              },
              "stop-" + n.name);
      t.start();
      stopping.add(t);
    }
    for (Thread t : stopping) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Waits until {@code base}/health/ready answers 200. */
  static void awaitReady(String base, Duration timeout) throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    Instant end = Instant.now().plus(timeout);
    while (true) {
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/health/ready"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (Instant.now().isAfter(end)) {
        throw new IllegalStateException(base + " is not ready after " + timeout);
      }
      Thread.sleep(500);
    }
  }

  private static String require(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank() || value.startsWith("${")) {
      throw new IllegalStateException(
          "System property " + property + " is not set: run the cluster tests with scripts/test");
    }
    return value;
  }

  private static int port(String property) {
    return Integer.parseInt(require(property));
  }

  /** One Portcullis server of the cluster: a Liberty process of its own. */
  public final class Node {
    private final String name;
    private final int httpPort;
    private final int httpsPort;
    private boolean copied;

    Node(String name, int httpPort, int httpsPort) {
      this.name = name;
      this.httpPort = httpPort;
      this.httpsPort = httpsPort;
    }

    public String name() {
      return name;
    }

    /** This server's own base URL, bypassing the balancer. */
    public String url() {
      return "http://localhost:" + httpPort;
    }

    Path serverDir() {
      return wlp.resolve("usr/servers/" + name);
    }

    public Path messagesLog() {
      return serverDir().resolve("logs/messages.log");
    }

    /**
     * Starts the server (a copy of the end-to-end server's configuration and application the first
     * time) and waits until it is ready.
     */
    public void start() throws Exception {
      if (!copied) {
        copyServer();
        copied = true;
      }
      Map<String, String> env = new HashMap<>(System.getenv());
      env.put("PORTCULLIS_DB_URL", dbUrl);
      env.put("PORTCULLIS_SESSION_STORE", "database");
      env.put("PORTCULLIS_BASE_URL", balancer);
      env.put("PORTCULLIS_TIMER_FAILOVER", TIMER_FAILOVER.toSeconds() + "s");
      env.put("PORTCULLIS_TIMER_POLL", TIMER_POLL.toSeconds() + "s");
      run(env, "start");
      awaitReady(url(), Duration.ofMinutes(5));
    }

    /**
     * Stops the server the way an operator does: {@code server pause} first (it stops taking
     * connections and finishes the requests it has, and the balancer's health checks take it out),
     * then {@code server stop}.
     */
    public void stop() throws Exception {
      Map<String, String> env = new HashMap<>(System.getenv());
      run(env, "pause");
      Thread.sleep(3_000); // two failed health checks, one second apart
      run(env, "stop");
    }

    /**
     * {@code server pause}: the server stops taking connections (and finishes what it serves);
     * returns once the balancer's health checks have taken it out.
     */
    public void pause() throws Exception {
      run(new HashMap<>(System.getenv()), "pause");
      Thread.sleep(3_000); // two failed health checks, one second apart
    }

    /** {@code server resume}; returns once the balancer sends it requests again. */
    public void resume() throws Exception {
      run(new HashMap<>(System.getenv()), "resume");
      awaitReady(url(), Duration.ofMinutes(1));
      Thread.sleep(3_000); // two good health checks
    }

    /** Kills the server's process at once (kill -9): a crash, a lost machine. */
    public void kill() throws Exception {
      Path pidFile = wlp.resolve("usr/servers/.pid/" + name + ".pid");
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      ProcessHandle process =
          ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(name + " not running"));
      process.destroyForcibly();
      process.onExit().get(30, TimeUnit.SECONDS);
    }

    /** This server's log so far. */
    public String log() throws IOException {
      return Files.exists(messagesLog()) ? Files.readString(messagesLog()) : "";
    }

    private void run(Map<String, String> env, String action) throws Exception {
      ProcessBuilder pb =
          new ProcessBuilder(wlp.resolve("bin/server").toString(), action, name)
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(dir.resolve(name + "-server.log").toFile()));
      pb.environment().clear();
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(6, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("server " + action + " " + name + " did not finish");
      }
    }

    /** A fresh copy of this build's end-to-end server (what an earlier run left is removed). */
    private void copyServer() throws IOException {
      if (Files.exists(serverDir())) {
        try (Stream<Path> old = Files.walk(serverDir())) {
          old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      Path template = wlp.resolve("usr/servers/portcullis");
      List<String> parts =
          new ArrayList<>(
              List.of(
                  "apps",
                  "configDropins",
                  "dropins",
                  "jvm.options",
                  "lib",
                  "resources",
                  "server.env",
                  "server.xml",
                  "sessions"));
      for (String part : parts) {
        copy(template.resolve(part), serverDir().resolve(part));
      }
      // Sorted after the build's own overrides, so these ports win.
      Files.writeString(
          serverDir().resolve("configDropins/overrides/zz-cluster-node.xml"),
          "<server>\n"
              + "  <variable name=\"PORTCULLIS_HTTP_PORT\" value=\""
              + httpPort
              + "\"/>\n"
              + "  <variable name=\"PORTCULLIS_HTTPS_PORT\" value=\""
              + httpsPort
              + "\"/>\n"
              + "</server>\n",
          StandardCharsets.UTF_8);
    }

    private static void copy(Path from, Path to) throws IOException {
      if (!Files.exists(from)) {
        return;
      }
      try (Stream<Path> all = Files.walk(from)) {
        for (Path p : (Iterable<Path>) all::iterator) {
          Path target = to.resolve(from.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(target);
          } else {
            Files.createDirectories(target.getParent());
            Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
