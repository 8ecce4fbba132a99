package it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.cluster.Cluster.Node;
import it.dns.BindServer;
import it.sso.SsoApi;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Domain checks on two servers: sweeps running at once on both never check one claim twice, and
 * when the server running the every-minute timer dies, the other takes the timer over.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TimerClusterIT {

  private static final Pattern SWEEP_LINE = Pattern.compile("Domain check sweep: Sweep\\[");

  static Cluster cluster;
  static BindServer dns;
  static SsoApi.Org org;

  @BeforeAll
  static void setUp() throws Exception {
    cluster = Cluster.get();
    // The servers' DNS server: it answers that the seeded domains have no record.
    dns = BindServer.fromSystemProperty();
    dns.start();
    org = SsoApi.createOrg("ENTERPRISE");
  }

  @AfterAll
  static void stopDns() throws Exception {
    dns.close();
  }

  private static Connection db() throws SQLException {
    return DriverManager.getConnection(
        System.getProperty("it.db-url"),
        System.getProperty("it.db-user"),
        System.getProperty("it.db-password"));
  }

  /** Pending claims of {@code org} due a minute ago, in one transaction; returns their domains. */
  private static List<String> seedDueClaims(String run, int count) throws SQLException {
    List<String> domains = new ArrayList<>();
    Instant now = Instant.now();
    try (Connection c = db();
        PreparedStatement s =
            c.prepareStatement(
                "insert into domain_claim (id, organization_id, domain, token, status, created_at,"
                    + " next_check_at, attempts, version) values (?, ?, ?, ?, 'PENDING', ?, ?, 0, 0)")) {
      c.setAutoCommit(false);
      for (int i = 0; i < count; i++) {
        String domain = run + "-" + i + ".test";
        s.setString(1, UUID.randomUUID().toString());
        s.setString(2, org.id());
        s.setString(3, domain);
        s.setString(4, UUID.randomUUID().toString().replace("-", ""));
        s.setTimestamp(5, Timestamp.from(now.minus(Duration.ofMinutes(5))));
        s.setTimestamp(6, Timestamp.from(now.minus(Duration.ofMinutes(1))));
        s.addBatch();
        domains.add(domain);
      }
      s.executeBatch();
      c.commit();
    }
    return domains;
  }

  /** How many of the run's claims were checked, and how many of those more than once. */
  private static long[] checked(String run) throws SQLException {
    try (Connection c = db();
        PreparedStatement s =
            c.prepareStatement(
                "select count(*) filter (where last_checked_at is not null),"
                    + " count(*) filter (where attempts > 1) from domain_claim where domain like ?")) {
      s.setString(1, run + "-%");
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return new long[] {r.getLong(1), r.getLong(2)};
      }
    }
  }

  private static int sweeps(Node n) throws Exception {
    Matcher m = SWEEP_LINE.matcher(n.log());
    int count = 0;
    while (m.find()) {
      count++;
    }
    return count;
  }

  @Test
  @Order(1)
  void sweepsOnBothServersAtOnceCheckEachClaimOnce() throws Exception {
    String run = "both-" + UUID.randomUUID().toString().substring(0, 8);
    int claims = 3000;
    seedDueClaims(run, claims);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<JsonObject>> sweeps = new ArrayList<>();
      for (Node n : cluster.nodes()) {
        sweeps.add(
            pool.submit(
                () -> {
                  go.await();
                  SsoApi.Reply r =
                      SsoApi.send(
                          "POST",
                          n.url() + "/api/v1/testing/domain-checks",
                          SsoApi.OPERATOR,
                          null,
                          null);
                  assertEquals(200, r.status(), n + ": " + r.body());
                  return r.json();
                }));
      }
      go.countDown();
      int due = 0;
      for (Future<JsonObject> f : sweeps) {
        JsonObject sweep = f.get(5, TimeUnit.MINUTES);
        assertEquals(0, sweep.getInt("failed"), sweep.toString());
        due += sweep.getInt("due");
      }
      // The every-minute timer may have taken some of them too; nobody takes one twice.
      assertTrue(due <= claims, "the two sweeps took " + due + " checks of " + claims + " claims");
      long[] checked = checked(run);
      assertEquals(claims, checked[0], "every claim was checked");
      assertEquals(0, checked[1], "no claim was checked twice");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Order(2)
  void theTimerMovesToTheOtherServerWhenItsServerDies() throws Exception {
    // Which server runs the timer now: the one that sweeps a claim that comes due.
    int[] before = {sweeps(cluster.a()), sweeps(cluster.b())};
    String first = "timer-" + UUID.randomUUID().toString().substring(0, 8);
    seedDueClaims(first, 1);
    awaitChecked(first, Duration.ofMinutes(3));
    Node runner = sweeps(cluster.a()) > before[0] ? cluster.a() : cluster.b();
    Node survivor = runner == cluster.a() ? cluster.b() : cluster.a();
    assertTrue(sweeps(runner) > (runner == cluster.a() ? before[0] : before[1]), "a sweep ran");

    runner.kill();
    int survivorSweeps = sweeps(survivor);
    Instant killed = Instant.now();
    String second = "failover-" + UUID.randomUUID().toString().substring(0, 8);
    seedDueClaims(second, 1);
    // Another server may take the timer once Cluster.TIMER_FAILOVER has passed since the run the
    // dead server did not do, and sees that at its next poll.
    awaitChecked(
        second, Cluster.TIMER_FAILOVER.plus(Cluster.TIMER_POLL).plus(Duration.ofMinutes(2)));
    Duration failover = Duration.between(killed, Instant.now());
    System.out.println("[cluster] timer failover after kill -9: " + failover.toSeconds() + " s");
    assertTrue(sweeps(survivor) > survivorSweeps, survivor + " swept after " + runner + " died");
    assertNotEquals(runner, survivor);

    runner.start();
  }

  private static void awaitChecked(String run, Duration timeout) throws Exception {
    Instant end = Instant.now().plus(timeout);
    while (checked(run)[0] == 0) {
      assertTrue(Instant.now().isBefore(end), run + " was not checked within " + timeout);
      Thread.sleep(1000);
    }
  }
}
