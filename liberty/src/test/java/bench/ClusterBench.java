package bench;

import it.cluster.Cluster;
import it.cluster.Cluster.Node;
import it.scim.ScimApi;
import it.scim.ScimOrg;
import it.sso.SsoApi;
import it.sso.TestIdp;
import jakarta.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cluster benchmark ({@code scripts/bench-cluster}, README "Benchmarks"): the cluster tests'
 * topology (two servers on one PostgreSQL database behind HAProxy, sessions in the database), and
 * through the balancer SCIM creates and complete SSO logins per second with one server (the other
 * stopped) and with two, side by side in one run, then the failover of requests when one server is
 * killed (kill -9) under load. Prints a table and writes it to {@code bench.report}. Not a test.
 */
public final class ClusterBench {

  private final int requests = Integer.getInteger("bench.requests", 3_000); // per measured level
  private final int clients = Integer.getInteger("bench.clients", 16);
  private final Path report = Path.of(Bench.property("bench.report"));
  private final String wlpDir = Bench.property("bench.wlp-dir");
  private final String db =
      System.getProperty("it.db-url").replaceAll("^.*/([^/?]+)(\\?.*)?$", "$1");

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private Cluster cluster;
  private ScimOrg scim;
  private TestIdp idp;
  private String spEntityId;
  private final ConcurrentLinkedQueue<String> users = new ConcurrentLinkedQueue<>();
  private final AtomicInteger sequence = new AtomicInteger();
  private int signedFor;

  /** One measured level of the table. */
  private record Level(String name, Bench.Run run) {}

  public static void main(String[] args) throws Exception {
    new ClusterBench().run();
    System.exit(0); // HttpClient threads are not daemons; the cluster stops on exit
  }

  private void run() throws Exception {
    Bench.log("starting two servers and HAProxy on a fresh database");
    cluster = Cluster.get();
    setUp();
    List<Level> levels = new ArrayList<>();

    // Both servers compile the code (JIT) on both kinds of request before anything is measured.
    measure("warm-up: SCIM creates", 1_500, i -> scimCreate());
    measure("warm-up: SSO logins", 1_000, sso(sign(1_000)));

    Bench.log("one server: stopping %s", cluster.b());
    cluster.b().stop();
    levels.add(measure("SCIM creates, 1 server", requests, i -> scimCreate()));
    levels.add(measure("SSO logins, 1 server", requests, sso(sign(requests))));

    Bench.log("two servers: starting %s", cluster.b());
    cluster.b().start();
    Thread.sleep(3_000); // two good health checks
    measure("warm-up: SCIM creates", 500, i -> scimCreate());
    levels.add(measure("SCIM creates, 2 servers", requests, i -> scimCreate()));
    levels.add(measure("SSO logins, 2 servers", requests, sso(sign(requests))));

    Level failover = failover();
    write(levels, failover);
  }

  // ---- set-up ----

  /**
   * An Enterprise organization with a domain verified (written to the database, as if its TXT
   * record had been found), a SCIM token, and SSO on with the tests' IdP.
   */
  private void setUp() throws Exception {
    SsoApi.Org org = SsoApi.createOrg("ENTERPRISE");
    String domain = "cluster-bench-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    verify(org.id(), domain);
    scim = ScimOrg.forDomain(org, domain);
    idp = new TestIdp("https://idp.cluster-bench.test/saml");
    SsoApi.Reply cert =
        SsoApi.send(
            "POST",
            org.sso() + "/certificates",
            org.token(),
            SsoApi.PEM,
            SsoApi.pem(idp.certificate).getBytes(StandardCharsets.UTF_8));
    require(cert.status() == 201, "certificate: " + cert.body());
    SsoApi.Reply on =
        SsoApi.json(
            "PUT",
            org.sso(),
            org.token(),
            Json.createObjectBuilder()
                .add("enabled", true)
                .add("idpEntityId", idp.entityId)
                .add("idpSsoUrl", "https://idp.cluster-bench.test/sso")
                .build());
    require(on.status() == 200, "SSO on: " + on.body());
    spEntityId = on.json().getString("spEntityId");
    Bench.log("organization %s, domain %s, SCIM token and SSO ready", org.id(), domain);
  }

  private static void verify(String orgId, String domain) throws SQLException {
    Instant now = Instant.now();
    String claimId = UUID.randomUUID().toString();
    try (Connection c =
            DriverManager.getConnection(
                System.getProperty("it.db-url"),
                System.getProperty("it.db-user"),
                System.getProperty("it.db-password"));
        PreparedStatement claim =
            c.prepareStatement(
                "INSERT INTO domain_claim (id, organization_id, domain, token, status, created_at,"
                    + " verified_at, last_checked_at, last_check_result, next_check_at, attempts,"
                    + " version) VALUES (?, ?, ?, ?, 'VERIFIED', ?, ?, ?, 'FOUND', ?, 1, 1)");
        PreparedStatement owned =
            c.prepareStatement(
                "INSERT INTO verified_domain (domain, claim_id, organization_id, verified_at)"
                    + " VALUES (?, ?, ?, ?)")) {
      c.setAutoCommit(false);
      claim.setString(1, claimId);
      claim.setString(2, orgId);
      claim.setString(3, domain);
      claim.setString(4, UUID.randomUUID().toString().replace("-", ""));
      claim.setTimestamp(5, Timestamp.from(now));
      claim.setTimestamp(6, Timestamp.from(now));
      claim.setTimestamp(7, Timestamp.from(now));
      claim.setTimestamp(8, Timestamp.from(now.plus(Duration.ofDays(30)))); // none during the run
      claim.executeUpdate();
      owned.setString(1, domain);
      owned.setString(2, claimId);
      owned.setString(3, orgId);
      owned.setTimestamp(4, Timestamp.from(now));
      owned.executeUpdate();
      c.commit();
    }
  }

  /**
   * One signed IdP-initiated response for each of the next {@code n} users the SCIM levels created
   * (members of the organization) not signed for yet, signed on every core before the level that
   * posts them.
   */
  private List<String> sign(int n) {
    Instant until = Instant.now().plus(Duration.ofHours(1));
    List<String> emails = users.stream().skip(signedFor).limit(n).toList();
    require(emails.size() == n, "only " + emails.size() + " users left to sign responses for");
    signedFor += n;
    List<String> forms =
        emails.parallelStream()
            .map(
                email -> {
                  TestIdp.Login login = idp.login(email, spEntityId);
                  login.notOnOrAfter = until;
                  try {
                    return "SAMLResponse="
                        + URLEncoder.encode(
                            Base64.getEncoder()
                                .encodeToString(login.xml().getBytes(StandardCharsets.UTF_8)),
                            StandardCharsets.US_ASCII);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                })
            .toList();
    Bench.log("%,d responses signed", forms.size());
    return forms;
  }

  // ---- requests ----

  /** A SCIM create through the balancer; null when it answered 201, else what it answered. */
  private String scimCreate() throws Exception {
    String userName = "u" + sequence.incrementAndGet() + "@" + scim.domain;
    ScimApi.Reply r =
        ScimApi.send(
            "POST",
            cluster.balancer() + ScimApi.SCIM + "/Users",
            scim.token,
            ScimOrg.user(userName).toString(),
            "Content-Type",
            ScimApi.SCIM_JSON);
    if (r.status() == 201) {
      users.add(userName);
      return null;
    }
    return r.status() + " " + r.body();
  }

  /**
   * Complete SSO logins through the balancer: request i posts the signed response i (each used
   * once) and must end in a session.
   */
  private Bench.Request sso(List<String> signed) {
    return i -> {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(spEntityId + "/acs"))
              .timeout(Duration.ofSeconds(60))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(signed.get(i)))
              .build();
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      boolean session =
          r.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("JSESSIONID="));
      return r.statusCode() == 302 && session ? null : r.statusCode() + " " + r.body();
    };
  }

  /** {@code n} requests from {@link #clients} clients, closed loop, with the CPU they cost. */
  private Level measure(String name, int n, Bench.Request request) throws InterruptedException {
    return measure(name, clients, n, request);
  }

  private Level measure(String name, int clients, int n, Bench.Request request)
      throws InterruptedException {
    Bench.Run run = Bench.closedLoop(clients, n, wlpDir, db, request);
    Bench.log(
        "%s: %,d in %.1f s = %,.0f/s; p50 %.1f ms, p99 %.1f ms; %d errors%s",
        name,
        n,
        run.seconds(),
        run.rate(),
        Bench.percentile(run.sortedMs(), 50),
        Bench.percentile(run.sortedMs(), 99),
        run.errors(),
        run.firstError() == null ? "" : " (first: " + abbreviate(run.firstError()) + ")");
    return new Level(name, run);
  }

  /**
   * SCIM creates through the balancer from 8 clients; two seconds in, one server is killed (kill
   * -9): what the clients notice.
   */
  private Level failover() throws Exception {
    Node victim = cluster.a();
    Thread killer =
        new Thread(
            () -> {
              try {
                Thread.sleep(2_000);
                victim.kill();
                Bench.log("killed %s", victim);
              } catch (Exception e) {
                Bench.log("could not kill %s: %s", victim, e);
              }
            });
    killer.start();
    Level level =
        measure(
            "SCIM creates, " + victim + " killed (kill -9) 2 s in", 8, requests, i -> scimCreate());
    killer.join();
    return level;
  }

  // ---- report ----

  private void write(List<Level> levels, Level failover) throws IOException {
    StringBuilder t = new StringBuilder();
    t.append(
        "| through HAProxy, "
            + clients
            + " clients, "
            + String.format(Locale.ROOT, "%,d", requests)
            + " requests a level | per second | p50 / p99 / max | errors"
            + " | CPU ms per request: Liberty (all servers) + PostgreSQL | machine busy |\n");
    t.append("|---|---|---|---|---|---|\n");
    for (Level l : levels) {
      t.append(row(l));
    }
    for (int i = 0; i < 2; i++) {
      Level one = levels.get(i);
      Level two = levels.get(i + 2);
      t.append(
          String.format(
              Locale.ROOT,
              "| %s: 2 servers / 1 server | %.2f | | | %.2f | |\n",
              one.name().replaceAll(", 1 server$", ""),
              two.run().rate() / one.run().rate(),
              two.run().cpu().server() / one.run().cpu().server()));
    }
    t.append(row(failover));
    t.append(
        "| machine | "
            + Runtime.getRuntime().availableProcessors()
            + " cores; load average "
            + Bench.loadAverage()
            + " at the end | | | | |\n");
    String table = t.toString();
    System.out.println();
    System.out.println(table);
    Files.createDirectories(report.getParent());
    Files.writeString(report, table);
  }

  private static String row(Level l) {
    Bench.Run r = l.run();
    List<Double> ms = r.sortedMs();
    return String.format(
        Locale.ROOT,
        "| %s | %,.0f | %.1f / %.1f / %.0f ms | %d%s | %s | %.0f%% |\n",
        l.name(),
        r.rate(),
        Bench.percentile(ms, 50),
        Bench.percentile(ms, 99),
        ms.isEmpty() ? Double.NaN : ms.get(ms.size() - 1),
        r.errors(),
        r.firstError() == null ? "" : " (" + abbreviate(r.firstError()).replace("|", "/") + ")",
        // A killed server's CPU time leaves /proc with it: unknown then.
        r.cpu().liberty() < 0
            ? "—"
            : String.format(Locale.ROOT, "%.2f + %.2f", r.cpu().liberty(), r.cpu().postgres()),
        100 * r.machineBusy());
  }

  private static String abbreviate(String s) {
    String flat = s.replaceAll("\\s+", " ");
    return flat.length() > 120 ? flat.substring(0, 120) + "…" : flat;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }
}
