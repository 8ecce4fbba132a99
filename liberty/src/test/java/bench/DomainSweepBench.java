package bench;

import static bench.Bench.busy;
import static bench.Bench.cpuTicks;
import static bench.Bench.json;
import static bench.Bench.loadAverage;
import static bench.Bench.log;
import static bench.Bench.percentile;
import static bench.Bench.property;
import static bench.Bench.sorted;
import static bench.Bench.ts;
import static bench.Bench.userToken;

import it.dns.BindServer;
import jakarta.json.JsonObject;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Cache;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;

/**
 * The domain re-check benchmark (issue 3): {@code N} verified domains, each with its TXT record in
 * a real BIND server, are re-checked by one sweep of the running server while an Owner calls the
 * admin API at a steady rate. Prints the sweep's duration and domains per second beside a baseline
 * measured in the same run against the same BIND (a plain dnsjava client, 64 queries in flight),
 * and the admin API's latency percentiles idle and during the sweep. Before the measured sweep the
 * server sweeps other domains once (its first sweep, which compiles the code), reported apart. Then
 * it checks in the database that every claim was checked exactly once and the absent records were
 * warned. Not a test: {@code scripts/bench-domains} runs it against a server it starts (see the
 * README, "Benchmarks").
 */
public final class DomainSweepBench {

  private static final String RECORD_PREFIX = "portcullis-domain-verify=";
  private static final String SUFFIX = ".bench.test";
  private static final String WARMUP_SUFFIX = ".warmup.test";

  private final String base = property("bench.base-url");
  private final String operatorToken = property("bench.operator-token");
  private final String ownerPassword = property("bench.owner-password");
  private final String dbUrl = property("bench.db-url");
  private final String dbUser = System.getProperty("bench.db-user", "postgres");
  private final String dbPassword = System.getProperty("bench.db-password", "");
  private final int dnsPort = Integer.parseInt(property("bench.dns-port"));
  private final int domains = Integer.getInteger("bench.domains", 100_000);
  private final int absent = Integer.getInteger("bench.absent", domains / 100);
  private final int baselineQueries = Integer.getInteger("bench.baseline-queries", 20_000);
  private final int probeRate = Integer.getInteger("bench.probe-rate", 10);
  private final int warmupDomains = Integer.getInteger("bench.warmup-domains", 10_000);
  private final Path report = Path.of(property("bench.report"));

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private final List<String> claimIds = new ArrayList<>();
  private String machine = "unknown";
  private double firstSeconds;
  private Probe firstSweep;
  private String orgId;

  public static void main(String[] args) throws Exception {
    new DomainSweepBench().run();
    System.exit(0); // HttpClient and BIND threads are not daemons
  }

  private static String domain(int i) {
    return String.format(Locale.ROOT, "d%06d%s", i, SUFFIX);
  }

  private static String warmupDomain(int i) {
    return String.format(Locale.ROOT, "w%06d%s", i, WARMUP_SUFFIX);
  }

  private static String token(int i) {
    // 32 URL-safe characters, unique per domain, like the application's tokens.
    return UUID.nameUUIDFromBytes(("bench-" + i).getBytes(StandardCharsets.UTF_8))
        .toString()
        .replace("-", "");
  }

  private void run() throws Exception {
    Path zone = Files.createTempFile("portcullis-bench", ".zone");
    StringBuilder lines = new StringBuilder(domains * 90);
    for (int i = absent; i < domains; i++) { // the first `absent` domains have no record
      lines
          .append(domain(i))
          .append(". 3600 IN TXT \"")
          .append(RECORD_PREFIX)
          .append(token(i))
          .append("\"\n");
    }
    for (int i = 0; i < warmupDomains; i++) {
      lines
          .append(warmupDomain(i))
          .append(". 3600 IN TXT \"")
          .append(RECORD_PREFIX)
          .append(token(-1 - i))
          .append("\"\n");
    }
    Files.writeString(zone, lines);
    log("zone file with %,d TXT records written", domains - absent + warmupDomains);

    try (BindServer dns = new BindServer(dnsPort).include(zone)) {
      dns.start();
      log("BIND answers on 127.0.0.1:%d", dnsPort);

      double baselineBefore = baseline();
      double sessionBefore = sessionBaseline();
      log("baseline before: %,.0f queries/s; session: %,.0f", baselineBefore, sessionBefore);

      seed();
      String ownerToken = userToken(http, base, "owner@acme.test", ownerPassword);
      Probe warmup = new Probe(ownerToken);
      warmup.runFor(Duration.ofSeconds(10));

      // The server's first sweep, of other domains, due half an hour from now: it compiles the
      // sweep's code (JIT), as the first sweep after a start does in production.
      setClock("PT45M");
      Probe first = new Probe(ownerToken);
      first.start();
      long w0 = System.nanoTime();
      sweep(-1); // should the timer have swept them a moment earlier, nothing is lost
      firstSeconds = (System.nanoTime() - w0) / 1e9;
      first.stop();
      firstSweep = first;
      log(
          "first sweep, %,d domains: %.1f s; admin API %s",
          warmupDomains, firstSeconds, first.summary());

      Probe idle = new Probe(ownerToken);
      idle.runFor(Duration.ofSeconds(10));
      log("admin API idle: %s", idle.summary());

      // The measured claims are due an hour from now: move the application's clock two hours
      // ahead and sweep at once, so the per-minute timer cannot have picked them up first.
      setClock("PT2H");
      Probe during = new Probe(ownerToken);
      during.start();
      String loadBefore = loadAverage();
      long[] cpuBefore = cpuTicks();
      long t0 = System.nanoTime();
      JsonObject sweep = sweep(domains);
      double seconds = (System.nanoTime() - t0) / 1e9;
      long[] cpuAfter = cpuTicks();
      machine =
          String.format(
              Locale.ROOT,
              "%d cores %.0f%% busy; load average %s before, %s after",
              Runtime.getRuntime().availableProcessors(),
              100 * busy(cpuBefore, cpuAfter),
              loadBefore,
              loadAverage());
      during.stop();
      setClock("PT0S");
      log("sweep: %s in %.1f s", sweep, seconds);
      log("admin API during the sweep: %s", during.summary());

      double baselineAfter = baseline();
      double sessionAfter = sessionBaseline();
      log("baseline after: %,.0f queries/s; session: %,.0f", baselineAfter, sessionAfter);

      String check = checkDatabase();
      write(
          sweep,
          seconds,
          new double[] {baselineBefore, baselineAfter},
          new double[] {sessionBefore, sessionAfter},
          idle,
          during,
          check);
    }
  }

  // ---- DNS baseline ----

  /**
   * A plain dnsjava client: 64 threads, each resolving TXT records with a {@link Lookup} and a
   * fresh cache per query (as the application must), against the same BIND.
   */
  private double baseline() throws Exception {
    SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
    resolver.setPort(dnsPort);
    resolver.setTimeout(Duration.ofSeconds(2));
    int queries = Math.min(baselineQueries, domains);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(64);
    long t0 = System.nanoTime();
    for (int t = 0; t < 64; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  for (int i = next.getAndIncrement(); i < queries; i = next.getAndIncrement()) {
                    Lookup lookup = new Lookup(Name.fromString(domain(i) + "."), Type.TXT);
                    lookup.setResolver(resolver);
                    lookup.setCache(new Cache());
                    lookup.run();
                    int r = lookup.getResult();
                    if (r != Lookup.SUCCESSFUL && r != Lookup.HOST_NOT_FOUND) {
                      failed.incrementAndGet();
                    }
                  }
                } catch (Exception e) {
                  failed.incrementAndGet();
                } finally {
                  done.countDown();
                }
              });
      thread.setDaemon(true);
      thread.start();
    }
    done.await();
    double rate = queries / ((System.nanoTime() - t0) / 1e9);
    if (failed.get() > 0) {
      log("baseline: %d of %d queries failed", failed.get(), queries);
    }
    return rate;
  }

  /**
   * dnsjava as the application uses it: asynchronous lookups ({@link LookupSession}, no cache), 64
   * in flight, answers handled on the thread that receives them rather than handed to the common
   * fork-join pool (which, on two cores, starts a thread per answer).
   */
  private double sessionBaseline() throws Exception {
    SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
    resolver.setPort(dnsPort);
    resolver.setTimeout(Duration.ofSeconds(2));
    LookupSession session =
        LookupSession.builder().resolver(resolver).executor(Runnable::run).build();
    int queries = Math.min(baselineQueries, domains);
    Semaphore inFlight = new Semaphore(64);
    CountDownLatch done = new CountDownLatch(queries);
    AtomicInteger failed = new AtomicInteger();
    long t0 = System.nanoTime();
    for (int i = 0; i < queries; i++) {
      inFlight.acquire();
      session
          .lookupAsync(Name.fromString(domain(domains - 1 - i) + "."), Type.TXT)
          .whenComplete(
              (r, e) -> {
                if (e != null && !(e.getCause() instanceof NoSuchDomainException)) {
                  failed.incrementAndGet();
                }
                inFlight.release();
                done.countDown();
              });
    }
    done.await();
    double rate = queries / ((System.nanoTime() - t0) / 1e9);
    if (failed.get() > 0) {
      log("session baseline: %d of %d queries failed", failed.get(), queries);
    }
    return rate;
  }

  // ---- database ----

  private Connection db() throws SQLException {
    return DriverManager.getConnection(dbUrl, dbUser, dbPassword);
  }

  /** N verified claims of the demo organization, due an hour from now. */
  private void seed() throws SQLException {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Instant due = now.plus(Duration.ofHours(1));
    Instant verified = now.minus(Duration.ofDays(30));
    Instant lastChecked = now.minus(Duration.ofHours(23));
    long t0 = System.nanoTime();
    try (Connection c = db()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT id FROM organization WHERE name = 'Acme'")) {
        if (!rs.next()) {
          throw new IllegalStateException("the demo organization Acme is missing");
        }
        orgId = rs.getString(1);
      }
      try (PreparedStatement claim =
              c.prepareStatement(
                  "INSERT INTO domain_claim (id, organization_id, domain, token, status,"
                      + " created_at, verified_at, last_checked_at, last_check_result,"
                      + " next_check_at, attempts, version)"
                      + " VALUES (?, ?, ?, ?, 'VERIFIED', ?, ?, ?, 'FOUND', ?, 3, 1)");
          PreparedStatement owned =
              c.prepareStatement(
                  "INSERT INTO verified_domain (domain, claim_id, organization_id, verified_at)"
                      + " VALUES (?, ?, ?, ?)")) {
        Instant warmupDue = now.plus(Duration.ofMinutes(30));
        for (int i = -warmupDomains; i < domains; i++) {
          boolean warm = i < 0;
          String name = warm ? warmupDomain(-1 - i) : domain(i);
          String id = UUID.randomUUID().toString();
          if (!warm) {
            claimIds.add(id);
          }
          claim.setString(1, id);
          claim.setString(2, orgId);
          claim.setString(3, name);
          claim.setString(4, token(i));
          claim.setObject(5, ts(verified.minus(Duration.ofMinutes(10))));
          claim.setObject(6, ts(verified));
          claim.setObject(7, ts(lastChecked));
          claim.setObject(8, ts((warm ? warmupDue : due).plusMillis(Math.abs(i) % 60_000)));
          claim.addBatch();
          owned.setString(1, name);
          owned.setString(2, id);
          owned.setString(3, orgId);
          owned.setObject(4, ts(verified));
          owned.addBatch();
          if ((i + warmupDomains) % 5_000 == 4_999) {
            claim.executeBatch();
            owned.executeBatch();
          }
        }
        claim.executeBatch();
        owned.executeBatch();
      }
      c.commit();
      try (Statement s = c.createStatement()) {
        c.setAutoCommit(true);
        s.execute("ANALYZE domain_claim");
        s.execute("ANALYZE verified_domain");
      }
    }
    log(
        "seeded %,d + %,d verified claims in %.1f s",
        domains, warmupDomains, (System.nanoTime() - t0) / 1e9);
  }

  /** What the sweep left in the database: every claim checked once, absences warned. */
  private String checkDatabase() throws SQLException {
    try (Connection c = db();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FILTER (WHERE last_check_result = 'FOUND' AND absent_since IS"
                    + " NULL),"
                    + " count(*) FILTER (WHERE last_check_result = 'ABSENT' AND warned_at IS NOT"
                    + " NULL),"
                    + " count(*) FILTER (WHERE attempts = 4),"
                    + " count(*) FILTER (WHERE status = 'VERIFIED')"
                    + " FROM domain_claim WHERE organization_id = ? AND domain LIKE ?")) {
      s.setString(1, orgId);
      s.setString(2, "%" + SUFFIX);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        long found = rs.getLong(1);
        long warned = rs.getLong(2);
        long checkedOnce = rs.getLong(3);
        long verified = rs.getLong(4);
        long warnings;
        try (PreparedStatement a =
            c.prepareStatement(
                "SELECT count(*) FROM audit_event WHERE organization_id = ? AND action ="
                    + " 'domain.warning'")) {
          a.setString(1, orgId);
          try (ResultSet ar = a.executeQuery()) {
            ar.next();
            warnings = ar.getLong(1);
          }
        }
        boolean ok =
            found == domains - absent
                && warned == absent
                && checkedOnce == domains
                && verified == domains
                && warnings == absent;
        return String.format(
            Locale.ROOT,
            "%s: %,d found, %,d absent and warned (%,d audit entries), %,d checked exactly once,"
                + " %,d still verified",
            ok ? "correct" : "WRONG",
            found,
            warned,
            warnings,
            checkedOnce,
            verified);
      }
    }
  }

  // ---- admin API ----

  private HttpResponse<String> send(String method, String path, String token, String body)
      throws Exception {
    return Bench.send(
        http, base, method, path, token, body == null ? null : "application/json", body);
  }

  private void setClock(String offset) throws Exception {
    send("PUT", "/api/v1/testing/clock", operatorToken, "{\"offset\":\"" + offset + "\"}");
  }

  private JsonObject sweep(int expected) throws Exception {
    JsonObject s = json(send("POST", "/api/v1/testing/domain-checks", operatorToken, null).body());
    if (expected >= 0 && s.getInt("due") != expected) {
      throw new IllegalStateException(
          "the sweep found " + s.getInt("due") + " claims due, not " + expected + ": " + s);
    }
    return s;
  }

  /**
   * An Owner reading one of the organization's domain claims ({@code GET
   * /api/v1/organizations/{org}/domains/{id}}) at a steady rate, open loop: requests go out on
   * schedule whether or not earlier ones have answered, so a slow server cannot hide its delays.
   */
  private final class Probe {
    private final String token;
    private final ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> timeline = new ConcurrentLinkedQueue<>();
    private long startedAt;
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private ScheduledExecutorService timer;

    Probe(String token) {
      this.token = token;
    }

    void start() {
      startedAt = System.nanoTime();
      timer = Executors.newSingleThreadScheduledExecutor();
      timer.scheduleAtFixedRate(this::fire, 0, 1_000_000 / probeRate, TimeUnit.MICROSECONDS);
    }

    private void fire() {
      String id = claimIds.get(ThreadLocalRandom.current().nextInt(claimIds.size()));
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create(base + "/api/v1/organizations/" + orgId + "/domains/" + id))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + token)
              .GET()
              .build();
      long t0 = System.nanoTime();
      sent.incrementAndGet();
      http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .whenComplete(
              (r, e) -> {
                double ms = (System.nanoTime() - t0) / 1e6;
                latencies.add(ms);
                timeline.add(String.format(Locale.ROOT, "%.3f,%.1f", (t0 - startedAt) / 1e9, ms));
                if (e != null || r.statusCode() != 200) {
                  errors.incrementAndGet();
                }
                answered.incrementAndGet();
              });
    }

    void stop() throws InterruptedException {
      timer.shutdownNow();
      timer.awaitTermination(5, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + Duration.ofSeconds(35).toNanos();
      while (answered.get() < sent.get() && System.nanoTime() < deadline) {
        Thread.sleep(20); // let the last requests answer before reading the latencies
      }
    }

    void runFor(Duration d) throws InterruptedException {
      start();
      Thread.sleep(d.toMillis());
      stop();
    }

    /** Every request: seconds since the probe started, latency in ms. */
    void writeTimeline(Path file) throws java.io.IOException {
      Files.writeString(file, "t_s,latency_ms\n" + String.join("\n", timeline) + "\n");
    }

    String percentiles() {
      List<Double> l = sorted(latencies);
      return String.format(
          Locale.ROOT,
          "%.0f / %.0f / %.0f / %.0f ms",
          percentile(l, 50),
          percentile(l, 95),
          percentile(l, 99),
          l.isEmpty() ? Double.NaN : l.get(l.size() - 1));
    }

    double p99() {
      return percentile(sorted(latencies), 99);
    }

    String summary() {
      return String.format(
          Locale.ROOT,
          "%d requests, %d errors, p50/p95/p99/max %s",
          latencies.size(),
          errors.get(),
          percentiles());
    }
  }

  // ---- report ----

  private void write(
      JsonObject sweep,
      double seconds,
      double[] plain,
      double[] session,
      Probe idle,
      Probe during,
      String check)
      throws Exception {
    double rate = domains / seconds;
    double baseline = (plain[0] + plain[1]) / 2;
    List<String> rows = new ArrayList<>();
    rows.add("| measure | result |");
    rows.add("|---|---|");
    rows.add(
        row(
            "verified domains re-checked",
            "%,d (found %,d, absent %,d, unknown %,d, failed %,d)",
            sweep.getInt("checked"),
            sweep.getInt("found"),
            sweep.getInt("absent"),
            sweep.getInt("unknown"),
            sweep.getInt("failed")));
    rows.add(row("sweep duration", "%.1f s", seconds));
    rows.add(row("sweep throughput", "%,.0f domains/s", rate));
    rows.add(
        row(
            "baseline: plain dnsjava (Lookup), 64 queries in flight, same BIND",
            "%,.0f queries/s (before %,.0f, after the sweep %,.0f)",
            baseline,
            plain[0],
            plain[1]));
    rows.add(row("sweep / baseline", "%.2f", rate / baseline));
    rows.add(
        row(
            "dnsjava as the application uses it (async, answers on the receiving thread), 64 in"
                + " flight",
            "%,.0f queries/s (before %,.0f, after the sweep %,.0f)",
            (session[0] + session[1]) / 2,
            session[0],
            session[1]));
    rows.add(
        row(
            "admin API during the sweep, p50 / p95 / p99 / max",
            "%s (%,d requests at %d/s, %d errors)",
            during.percentiles(),
            during.latencies.size(),
            probeRate,
            during.errors.get()));
    rows.add(
        row(
            "admin API idle, p50 / p95 / p99 / max",
            "%s (%,d requests)",
            idle.percentiles(),
            idle.latencies.size()));
    rows.add(
        row(
            "before: the server's first sweep (JIT warm-up), other domains",
            "%,d domains in %.1f s; admin API p50 / p95 / p99 / max %s",
            warmupDomains,
            firstSeconds,
            firstSweep.percentiles()));
    rows.add(row("database after the sweep", "%s", check));
    rows.add(row("machine during the sweep (everything on it)", "%s", machine));
    rows.add(
        row(
            "goal: sweep ≤ 60 s, admin API p99 < 100 ms",
            "%s, %s",
            seconds <= 60 ? "met" : "MISSED",
            during.p99() < 100 ? "met" : "MISSED"));
    String table = String.join("\n", rows) + "\n";
    Files.createDirectories(report.toAbsolutePath().getParent());
    Files.writeString(report, table);
    during.writeTimeline(report.resolveSibling("api-latency-during-sweep.csv"));
    System.out.println();
    System.out.print(table);
    if (!check.startsWith("correct")) {
      throw new IllegalStateException("the sweep left the database wrong: " + check);
    }
  }

  private static String row(String measure, String format, Object... args) {
    return "| " + measure + " | " + String.format(Locale.ROOT, format, args) + " |";
  }
}
