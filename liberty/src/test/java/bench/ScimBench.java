package bench;

import static bench.Bench.busy;
import static bench.Bench.closedLoop;
import static bench.Bench.cpuTicks;
import static bench.Bench.ints;
import static bench.Bench.json;
import static bench.Bench.loadAverage;
import static bench.Bench.log;
import static bench.Bench.percentile;
import static bench.Bench.property;
import static bench.Bench.ts;
import static bench.Bench.userToken;

import bench.Bench.Cpu;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SCIM benchmark (issue 6, "Scale"): one Enterprise organization with a verified domain and a
 * SCIM token (made through the admin API), {@code N} SCIM Users of it seeded in SQL as the
 * application writes them (a user and a membership with the SCIM attributes each), then, from 1, 4
 * and 16 concurrent clients over HTTP: {@code POST /Users}, lookups by {@code userName}, {@code
 * externalId}, {@code emails.value} and {@code displayName} of random existing users, {@code PATCH}
 * deactivations, and a full listing of every user by cursor paging (200 a page), checked for users
 * skipped or repeated. Also records PostgreSQL's plans of the application's hot queries at this
 * size. Not a test: {@code scripts/bench-scim} runs it against a server it starts (see the README,
 * "Benchmarks").
 */
public final class ScimBench {

  private static final String DOMAIN = "scim-bench.test";
  private static final String SCIM_JSON = "application/scim+json";
  private static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
  private static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
  private static final int PAGE = 200;
  private static final String CREATE = "POST /Users (create)";
  private static final String PG_INSERT = "pgbench: INSERT of one row (scratch table)";
  private static final String PG_LOOKUP = "pgbench: SELECT of one user by its email (index)";
  private static final String LISTING = "full listing, cursor, " + PAGE + " a page (per page)";
  private static final String SCRATCH = "bench_pgbench_insert";
  private static final String FLOOR_HTTP = "floor: GET /Users without a token (401, no database)";
  private static final String FLOOR_TOKEN =
      "floor: GET /ServiceProviderConfig (token check, no user read)";

  private final String base = property("bench.base-url");
  private final String operatorToken = property("bench.operator-token");
  private final String dbUrl = property("bench.db-url");
  private final String dbUser = System.getProperty("bench.db-user", "postgres");
  private final String dbPassword = System.getProperty("bench.db-password", "");
  private final int users = Integer.getInteger("bench.users", 1_000_000);
  private final int operations = Integer.getInteger("bench.operations", 1_000);
  private final int warmup = Integer.getInteger("bench.warmup", 1_000);
  private final int[] clients = ints("bench.clients", "1,4,16");
  private final Path report = Path.of(property("bench.report"));
  private final String wlpDir = System.getProperty("bench.wlp-dir", "");
  private final String dbName = dbUrl.replaceAll("^.*/([^/?]+)(\\?.*)?$", "$1");
  private final String pgbench = property("bench.pgbench");
  private final int pgbenchSeconds = Integer.getInteger("bench.pgbench-seconds", 10);

  /** How the pages of each listing (by its number of clients) got slower or not along the way. */
  private final Map<Integer, PageTrend> pageTrends = new TreeMap<>();

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private final LeanHttp lean = new LeanHttp(URI.create(base));

  private String orgId;
  private String scimToken;
  private final AtomicInteger createdCount = new AtomicInteger();
  private final AtomicInteger deactivatedCount = new AtomicInteger();
  private int[] deactivationOrder;
  private final AtomicInteger nextDeactivation = new AtomicInteger();

  public static void main(String[] args) throws Exception {
    new ScimBench().run();
    System.exit(0); // HttpClient threads are not daemons
  }

  // ---- the seeded users: all derived from their number ----

  private static String pad(int i) {
    return String.format(Locale.ROOT, "%07d", i);
  }

  static String userName(int i) {
    return "u" + pad(i) + "@" + DOMAIN;
  }

  static String externalId(int i) {
    return "ext-" + pad(i);
  }

  static String displayName(int i) {
    return "Bench User " + pad(i);
  }

  /** The membership id (the SCIM id) of seeded user i: the UUID form of md5('bench-member-i'). */
  static String memberId(int i) {
    try {
      String hex =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("MD5")
                      .digest(("bench-member-" + i).getBytes(StandardCharsets.UTF_8)));
      return hex.substring(0, 8)
          + "-"
          + hex.substring(8, 12)
          + "-"
          + hex.substring(12, 16)
          + "-"
          + hex.substring(16, 20)
          + "-"
          + hex.substring(20);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One measured operation at one number of clients. */
  record Level(
      String operation,
      int clients,
      int count,
      double seconds,
      List<Double> sortedMs,
      int errors,
      String firstError,
      double machineBusy,
      Cpu cpu,
      String note) {
    double rate() {
      return count / seconds;
    }
  }

  /**
   * The pages of one listing in the order each client got them: the first page of each slice (it
   * also counts the slice), and the medians of the first and of the last tenth of each slice's
   * pages (ms).
   */
  record PageTrend(List<Double> firstPages, double earlyMedian, double lateMedian, double lateP99) {

    static PageTrend of(List<List<Double>> slices) {
      List<Double> first = new ArrayList<>();
      List<Double> early = new ArrayList<>();
      List<Double> late = new ArrayList<>();
      for (List<Double> pages : slices) {
        if (pages.isEmpty()) {
          continue;
        }
        first.add(pages.get(0));
        int tenth = Math.max(1, (int) Math.ceil(pages.size() / 10.0));
        early.addAll(pages.subList(0, tenth));
        late.addAll(pages.subList(pages.size() - tenth, pages.size()));
      }
      List<Double> lateSorted = Bench.sorted(late);
      return new PageTrend(
          Bench.sorted(first),
          percentile(Bench.sorted(early), 50),
          percentile(lateSorted, 50),
          percentile(lateSorted, 99));
    }

    /**
     * The later pages as fast as the first ones: the median of the last tenth within 20% (noise on
     * a shared machine) of the median of the first tenth.
     */
    boolean asFast() {
      return lateMedian <= 1.2 * earlyMedian;
    }
  }

  private void run() throws Exception {
    setUp();
    seed();
    List<String> plans = explain();
    int sample = Math.min(users, (warmup + operations * clients.length) * 2);
    deactivationOrder =
        ThreadLocalRandom.current().ints(0, users).distinct().limit(sample).toArray();

    Thread watcher = watchStatements();
    warm();
    scratchTable(true);
    List<Level> levels = new ArrayList<>();
    for (int c : clients) {
      levels.add(measure(CREATE, c, operations, this::create));
      levels.add(pgbench(PG_INSERT, c, insertScript()));
      levels.add(measure("GET /Users?filter=userName eq", c, operations, i -> lookup("userName")));
      levels.add(
          measure("GET /Users?filter=externalId eq", c, operations, i -> lookup("externalId")));
      levels.add(
          measure("GET /Users?filter=emails.value eq", c, operations, i -> lookup("emails")));
      levels.add(
          measure("GET /Users?filter=displayName eq", c, operations, i -> lookup("displayName")));
      levels.add(pgbench(PG_LOOKUP, c, lookupScript()));
      levels.add(measure(FLOOR_HTTP, c, operations, i -> unauthenticated()));
      levels.add(measure(FLOOR_TOKEN, c, operations, i -> configuration()));
      levels.add(measure("PATCH /Users/{id} active=false", c, operations, i -> deactivate()));
      levels.add(listAll(c));
    }
    watcher.interrupt();
    scratchTable(false);
    plans.add(
        "-- SQL the application sent, as PostgreSQL's pg_stat_activity showed it during the run\n"
            + String.join("\n", new java.util.TreeSet<>(statements))
            + "\n");
    String check = checkDatabase();
    log("after: %s", check);
    write(levels, plans, check);
  }

  private final Set<String> statements = ConcurrentHashMap.newKeySet();

  /**
   * Samples what the application's connections run (pg_stat_activity) every 20 ms, to show in the
   * plans file which SQL EclipseLink really sends.
   */
  private Thread watchStatements() {
    Thread t =
        new Thread(
            () -> {
              try (Connection c = db();
                  PreparedStatement s =
                      c.prepareStatement(
                          "SELECT query FROM pg_stat_activity WHERE datname = current_database()"
                              + " AND pid <> pg_backend_pid() AND state = 'active'")) {
                while (!Thread.currentThread().isInterrupted()) {
                  try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                      statements.add(rs.getString(1).replaceAll("\\s+", " ").strip());
                    }
                  }
                  Thread.sleep(20);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (SQLException e) {
                log("no statements sampled: %s", e);
              }
            });
    t.setDaemon(true);
    t.start();
    return t;
  }

  // ---- set-up ----

  /**
   * Through the admin API: an Enterprise organization (its Owner outside the SCIM domain), a claim
   * of the SCIM domain and a SCIM token. The claim's DNS check is written in SQL as passed (no DNS
   * server in this benchmark), with the owned domain, as the verification would write them.
   */
  private void setUp() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String ownerEmail = "owner-" + suffix + "@scim-bench-owner.test";
    String ownerPassword = "bench-owner-" + UUID.randomUUID();
    JsonObject org =
        json(
            send(
                    "POST",
                    "/api/v1/organizations",
                    operatorToken,
                    "application/json",
                    Bench.JSON
                        .createObjectBuilder()
                        .add("name", "SCIM bench " + suffix)
                        .add("plan", "ENTERPRISE")
                        .add(
                            "owner",
                            Bench.JSON
                                .createObjectBuilder()
                                .add("email", ownerEmail)
                                .add("password", ownerPassword))
                        .build()
                        .toString(),
                    201)
                .body());
    orgId = org.getString("id");
    String owner = userToken(http, base, ownerEmail, ownerPassword);
    JsonObject claim =
        json(
            send(
                    "POST",
                    "/api/v1/organizations/" + orgId + "/domains",
                    owner,
                    "application/json",
                    Bench.JSON
                        .createObjectBuilder()
                        .add("domain", DOMAIN)
                        .add("password", ownerPassword)
                        .build()
                        .toString(),
                    201)
                .body());
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    try (Connection c = db()) {
      c.setAutoCommit(false);
      try (PreparedStatement verified =
              c.prepareStatement(
                  "UPDATE domain_claim SET status = 'VERIFIED', verified_at = ?, last_checked_at"
                      + " = ?, last_check_result = 'FOUND', next_check_at = ?, attempts = 1,"
                      + " version = version + 1 WHERE id = ? AND organization_id = ?");
          PreparedStatement owned =
              c.prepareStatement(
                  "INSERT INTO verified_domain (domain, claim_id, organization_id, verified_at)"
                      + " VALUES (?, ?, ?, ?)")) {
        verified.setObject(1, ts(now));
        verified.setObject(2, ts(now));
        verified.setObject(3, ts(now.plus(Duration.ofDays(30)))); // no re-check during the run
        verified.setString(4, claim.getString("id"));
        verified.setString(5, orgId);
        if (verified.executeUpdate() != 1) {
          throw new IllegalStateException("the domain claim is missing: " + claim);
        }
        owned.setString(1, DOMAIN);
        owned.setString(2, claim.getString("id"));
        owned.setString(3, orgId);
        owned.setObject(4, ts(now));
        owned.executeUpdate();
      }
      c.commit();
    }
    scimToken =
        json(send("POST", "/api/v1/organizations/" + orgId + "/scim/token", owner, null, null, 201)
                .body())
            .getString("token");
    log("organization %s (Enterprise), %s verified, SCIM token made", orgId, DOMAIN);
  }

  /**
   * N SCIM Users in one statement per table (generate_series): for user i a user {@code
   * u000000i@scim-bench.test} without a password and a MEMBER membership with userName (the email),
   * externalId, displayName (and their lower-case keys), title, name and timestamps, as {@code POST
   * /Users} stores them. Then ANALYZE.
   */
  private void seed() throws SQLException {
    long t0 = System.nanoTime();
    Object now = ts(Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofDays(1)));
    try (Connection c = db()) {
      c.setAutoCommit(false);
      try (PreparedStatement u =
              c.prepareStatement(
                  "INSERT INTO app_user (id, email, first_name, last_name, password_hash, active,"
                      + " created_at, updated_at, version)"
                      + " SELECT md5('bench-user-' || i)::uuid::text,"
                      + " 'u' || lpad(i::text, 7, '0') || '@' || ?, 'Bench',"
                      + " 'User ' || lpad(i::text, 7, '0'), NULL, TRUE, ?, ?, 1"
                      + " FROM generate_series(0, ? - 1) AS i");
          PreparedStatement m =
              c.prepareStatement(
                  "INSERT INTO membership (id, organization_id, user_id, role, active, created_at,"
                      + " version, user_name, user_name_key, external_id, display_name,"
                      + " display_name_key, title, enterprise, updated_at)"
                      + " SELECT md5('bench-member-' || i)::uuid::text, ?,"
                      + " md5('bench-user-' || i)::uuid::text, 'MEMBER', TRUE, ?, 1,"
                      + " 'u' || lpad(i::text, 7, '0') || '@' || ?,"
                      + " 'u' || lpad(i::text, 7, '0') || '@' || ?,"
                      + " 'ext-' || lpad(i::text, 7, '0'),"
                      + " 'Bench User ' || lpad(i::text, 7, '0'),"
                      + " 'bench user ' || lpad(i::text, 7, '0'), 'Engineer', NULL, ?"
                      + " FROM generate_series(0, ? - 1) AS i")) {
        u.setString(1, DOMAIN);
        u.setObject(2, now);
        u.setObject(3, now);
        u.setInt(4, users);
        u.executeUpdate();
        log("seeded %,d users in %.1f s", users, (System.nanoTime() - t0) / 1e9);
        m.setString(1, orgId);
        m.setObject(2, now);
        m.setString(3, DOMAIN);
        m.setString(4, DOMAIN);
        m.setObject(5, now);
        m.setInt(6, users);
        m.executeUpdate();
      }
      c.commit();
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute("VACUUM ANALYZE app_user");
        s.execute("VACUUM ANALYZE membership");
      }
    }
    if (!memberId(7).equals(one("SELECT md5('bench-member-7')::uuid::text"))) {
      throw new IllegalStateException("memberId() does not match the seeded ids");
    }
    log(
        "seeded %,d SCIM Users (users + memberships), VACUUM ANALYZE, in %.1f s",
        users, (System.nanoTime() - t0) / 1e9);
  }

  // ---- the plans ----

  /**
   * PostgreSQL's plans, with the real row counts and timings (EXPLAIN ANALYZE, BUFFERS), of the SQL
   * the application sends for the hot requests (as EclipseLink writes it from ScimUsers' JPQL; see
   * the README), for a user in the middle of the organization. Each must be an index scan of a
   * short range, never a pass over the organization.
   */
  private List<String> explain() throws SQLException {
    int i = users / 2;
    String m = memberId(i);
    String scope = "%@" + DOMAIN;
    String select =
        "SELECT t1.id, t1.active, t1.created_at, t1.display_name, t1.display_name_key,"
            + " t1.enterprise, t1.external_id, t1.role, t1.title, t1.updated_at, t1.user_name,"
            + " t1.user_name_key, t1.version, t1.organization_id, t1.user_id, t0.id, t0.active,"
            + " t0.created_at, t0.email, t0.first_name, t0.last_name, t0.password_hash,"
            + " t0.sessions_ended_at, t0.updated_at, t0.version"
            + " FROM membership t1, app_user t0";
    String count = "SELECT COUNT(t1.id) FROM membership t1, app_user t0";
    String where = " WHERE ((t1.organization_id = ?) AND (t0.email LIKE ?)) AND t0.id = t1.user_id";
    List<String[]> queries = new ArrayList<>();
    queries.add(
        new String[] {
          "filter userName eq (the page)",
          select
              + where.replace(" AND t0.id", " AND (t1.user_name_key = ?) AND t0.id")
              + " ORDER BY t1.id LIMIT ? OFFSET ?",
          userName(i)
        });
    queries.add(
        new String[] {
          "filter userName eq, its count (sent only when the first page is not the whole answer)",
          count + where.replace(" AND t0.id", " AND (t1.user_name_key = ?) AND t0.id"),
          userName(i)
        });
    queries.add(
        new String[] {
          "filter externalId eq (the page)",
          select
              + where.replace(
                  " AND t0.id",
                  " AND (t1.external_id IS NOT NULL AND t1.external_id = ?) AND t0.id")
              + " ORDER BY t1.id LIMIT ? OFFSET ?",
          externalId(i)
        });
    queries.add(
        new String[] {
          "filter emails.value eq (the page)",
          select
              + where.replace(" AND t0.id", " AND (t0.email = ?) AND t0.id")
              + " ORDER BY t1.id LIMIT ? OFFSET ?",
          userName(i)
        });
    queries.add(
        new String[] {
          "filter displayName eq (the page)",
          select
              + where.replace(
                  " AND t0.id",
                  " AND (t1.display_name_key IS NOT NULL AND t1.display_name_key = ?) AND t0.id")
              + " ORDER BY t1.id LIMIT ? OFFSET ?",
          displayName(i).toLowerCase(Locale.ROOT)
        });
    queries.add(
        new String[] {
          "cursor page in the middle of the organization",
          select
              + where.replace(" AND t0.id", " AND (t1.id > ?) AND t0.id")
              + " ORDER BY t1.id LIMIT ? OFFSET ?",
          m
        });
    queries.add(
        new String[] {
          "unfiltered totalResults (the first page of a listing)", count + where, null
        });
    List<String> out = new ArrayList<>();
    try (Connection c = db()) {
      for (String[] q : queries) {
        try (PreparedStatement s = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + q[1])) {
          s.setString(1, orgId);
          s.setString(2, scope);
          int p = 3;
          if (q[2] != null) {
            s.setString(p++, q[2]);
          }
          if (q[1].contains("LIMIT ?")) {
            s.setInt(p++, PAGE + 1);
            s.setInt(p, 0);
          }
          StringBuilder plan = new StringBuilder();
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              plan.append(rs.getString(1)).append('\n');
            }
          }
          out.add("-- " + q[0] + "\n" + q[1] + "\n" + plan);
          String last = plan.toString().strip();
          log("plan, %s: %s", q[0], last.substring(last.lastIndexOf('\n') + 1).strip());
        }
      }
    }
    return out;
  }

  // ---- the requests ----

  /** A new user with every stored attribute, as Okta or Entra creates one. */
  private String create(int i) throws Exception {
    int n = createdCount.incrementAndGet();
    String email = "new-" + n + "@" + DOMAIN;
    String body =
        Bench.JSON
            .createObjectBuilder()
            .add("schemas", Bench.JSON.createArrayBuilder().add(USER_SCHEMA))
            .add("userName", email)
            .add("externalId", "new-ext-" + n)
            .add("displayName", "New User " + n)
            .add("title", "Engineer")
            .add(
                "name",
                Bench.JSON.createObjectBuilder().add("givenName", "New").add("familyName", "U" + n))
            .add(
                "emails",
                Bench.JSON
                    .createArrayBuilder()
                    .add(
                        Bench.JSON
                            .createObjectBuilder()
                            .add("value", email)
                            .add("type", "work")
                            .add("primary", true)))
            .add("active", true)
            .build()
            .toString();
    LeanHttp.Answer r = scim("POST", "/Users", body);
    if (r.status() != 201) {
      return problem(r);
    }
    return json(r.text()).getString("userName").equals(email) ? null : "wrong user " + r.text();
  }

  /** A filter eq on one attribute of a random seeded user: must find exactly that user. */
  private String lookup(String attribute) throws Exception {
    int i = ThreadLocalRandom.current().nextInt(users);
    String filter =
        switch (attribute) {
          case "userName" -> "userName eq \"" + userName(i) + "\"";
          case "externalId" -> "externalId eq \"" + externalId(i) + "\"";
          case "emails" -> "emails.value eq \"" + userName(i) + "\"";
          case "displayName" -> "displayName eq \"" + displayName(i) + "\"";
          default -> throw new IllegalArgumentException(attribute);
        };
    LeanHttp.Answer r =
        scim("GET", "/Users?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8), null);
    if (r.status() != 200) {
      return problem(r);
    }
    JsonObject list = json(r.text());
    if (list.getInt("totalResults") != 1
        || !list.getJsonArray("Resources").getJsonObject(0).getString("id").equals(memberId(i))) {
      return "not exactly user "
          + i
          + ": "
          + r.text().substring(0, Math.min(300, r.text().length()));
    }
    return null;
  }

  /**
   * The floor of any SCIM request here: HTTP, JAX-RS, the authentication filter's refusal and its
   * JSON error, with no database read at all.
   */
  private String unauthenticated() throws Exception {
    LeanHttp.Answer r =
        lean.send(lean.request("GET", "/scim/v2/Users", List.of("Accept: " + SCIM_JSON), null));
    return r.status() == 401 && r.text().contains("\"status\"") ? null : problem(r);
  }

  /**
   * The floor of an authenticated SCIM request: the token check (its reads), then a fixed document,
   * with no read of users.
   */
  private String configuration() throws Exception {
    LeanHttp.Answer r = scim("GET", "/ServiceProviderConfig", null);
    return r.status() == 200 && r.text().contains("\"patch\"") ? null : problem(r);
  }

  /** PATCH active=false of a seeded user not deactivated before. */
  private String deactivate() throws Exception {
    int i = deactivationOrder[nextDeactivation.getAndIncrement()];
    String body =
        Bench.JSON
            .createObjectBuilder()
            .add("schemas", Bench.JSON.createArrayBuilder().add(PATCH_SCHEMA))
            .add(
                "Operations",
                Bench.JSON
                    .createArrayBuilder()
                    .add(
                        Bench.JSON
                            .createObjectBuilder()
                            .add("op", "replace")
                            .add("value", Bench.JSON.createObjectBuilder().add("active", false))))
            .build()
            .toString();
    LeanHttp.Answer r = scim("PATCH", "/Users/" + memberId(i), body);
    if (r.status() != 200) {
      return problem(r);
    }
    if (json(r.text()).getBoolean("active")) {
      return "still active: " + r.text();
    }
    deactivatedCount.incrementAndGet();
    return null;
  }

  /** The first requests after the start, to compile the code (JIT): not counted. */
  private void warm() throws Exception {
    int each = Math.max(1, warmup / 6);
    long t0 = System.nanoTime();
    measure("warm-up", 4, each, this::create);
    measure("warm-up", 4, each, i -> lookup("userName"));
    measure("warm-up", 4, each, i -> lookup("externalId"));
    measure("warm-up", 4, each, i -> lookup("emails"));
    measure("warm-up", 4, each, i -> lookup("displayName"));
    measure("warm-up", 4, each, i -> deactivate());
    log("warm-up: %,d requests of each kind in %.1f s", each, (System.nanoTime() - t0) / 1e9);
  }

  /** {@code n} requests from {@code clients} threads, closed loop; logged unless a warm-up. */
  private Level measure(String operation, int clients, int n, Bench.Request request)
      throws Exception {
    Bench.Run run = closedLoop(clients, n, wlpDir, dbName, request);
    Level level =
        new Level(
            operation,
            clients,
            n,
            run.seconds(),
            run.sortedMs(),
            run.errors(),
            run.firstError(),
            run.machineBusy(),
            run.cpu(),
            "");
    if (!operation.equals("warm-up")) {
      logLevel(level);
    }
    return level;
  }

  /**
   * Every user of the organization by cursor paging ({@code count=200}, full resources). With c
   * clients the id range is cut into c slices ({@code filter=id ge "lo" and id lt "hi"}, ids are
   * UUIDs), each listed by one client, as a parallel export would. The ids collected must be every
   * user exactly once: as many as the database holds, none twice.
   */
  private Level listAll(int clients) throws Exception {
    List<Double> pageMs = java.util.Collections.synchronizedList(new ArrayList<>());
    List<List<Double>> slices = java.util.Collections.synchronizedList(new ArrayList<>());
    Set<String> seen = ConcurrentHashMap.newKeySet();
    AtomicLong received = new AtomicLong();
    AtomicLong reportedTotal = new AtomicLong();
    AtomicInteger errors = new AtomicInteger();
    ConcurrentLinkedQueue<String> firstError = new ConcurrentLinkedQueue<>();
    CountDownLatch done = new CountDownLatch(clients);
    long expected = scimUsersInDatabase();
    long[] before = cpuTicks();
    Cpu.Sample sample = Cpu.sample(wlpDir, dbName);
    long t0 = System.nanoTime();
    for (int t = 0; t < clients; t++) {
      String lo = t == 0 ? null : String.format(Locale.ROOT, "%04x", t * 0x10000 / clients);
      String hi =
          t == clients - 1 ? null : String.format(Locale.ROOT, "%04x", (t + 1) * 0x10000 / clients);
      String filter =
          lo == null && hi == null
              ? null
              : lo == null
                  ? "id lt \"" + hi + "\""
                  : hi == null
                      ? "id ge \"" + lo + "\""
                      : "id ge \"" + lo + "\" and id lt \"" + hi + "\"";
      Thread thread =
          new Thread(
              () -> {
                List<Double> mine = new ArrayList<>();
                try {
                  String cursor = "";
                  while (cursor != null) {
                    String path =
                        "/Users?count="
                            + PAGE
                            + "&cursor="
                            + URLEncoder.encode(cursor, StandardCharsets.UTF_8)
                            + (filter == null
                                ? ""
                                : "&filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8));
                    long s = System.nanoTime();
                    LeanHttp.Answer r = scim("GET", path, null);
                    double took = (System.nanoTime() - s) / 1e6;
                    pageMs.add(took);
                    mine.add(took);
                    if (r.status() != 200) {
                      errors.incrementAndGet();
                      firstError.add(problem(r));
                      return;
                    }
                    JsonObject page = json(r.text());
                    if (cursor.isEmpty()) {
                      reportedTotal.addAndGet(page.getJsonNumber("totalResults").longValue());
                    }
                    for (JsonValue v : page.getJsonArray("Resources")) {
                      received.incrementAndGet();
                      seen.add(v.asJsonObject().getString("id"));
                    }
                    cursor = page.containsKey("nextCursor") ? page.getString("nextCursor") : null;
                  }
                } catch (Exception e) {
                  errors.incrementAndGet();
                  firstError.add(e.toString());
                } finally {
                  slices.add(mine);
                  done.countDown();
                }
              });
      thread.setDaemon(true);
      thread.start();
    }
    done.await();
    double seconds = (System.nanoTime() - t0) / 1e9;
    double busy = busy(before, cpuTicks());
    Cpu cpu = sample.since(pageMs.size());
    pageTrends.put(clients, PageTrend.of(slices));
    long repeated = received.get() - seen.size();
    long skipped = expected - seen.size();
    boolean ok = repeated == 0 && skipped == 0 && reportedTotal.get() == expected;
    String note =
        String.format(
            Locale.ROOT,
            "%s: %,d users in %,d pages in %.1f s (%,.0f users/s); %,d in the database, %,d"
                + " received, %,d repeated, %,d skipped; totalResults %,d",
            ok ? "complete" : "WRONG",
            seen.size(),
            pageMs.size(),
            seconds,
            seen.size() / seconds,
            expected,
            received.get(),
            repeated,
            skipped,
            reportedTotal.get());
    if (!ok) {
      errors.incrementAndGet();
      firstError.add(note);
    }
    Level level =
        new Level(
            "full listing, cursor, " + PAGE + " a page (per page)",
            clients,
            pageMs.size(),
            seconds,
            Bench.sorted(pageMs),
            errors.get(),
            firstError.peek(),
            busy,
            cpu,
            note);
    logLevel(level);
    log("listing at %d: %s", clients, note);
    return level;
  }

  /**
   * A measured SCIM request, on this thread's kept-alive connection ({@link LeanHttp}: {@link
   * HttpClient} would spend as much CPU per request on the two shared cores as a part of the
   * server's work).
   */
  private LeanHttp.Answer scim(String method, String path, String body) throws Exception {
    List<String> headers =
        body == null
            ? List.of("Authorization: Bearer " + scimToken, "Accept: " + SCIM_JSON)
            : List.of(
                "Authorization: Bearer " + scimToken,
                "Accept: " + SCIM_JSON,
                "Content-Type: " + SCIM_JSON);
    return lean.send(lean.request(method, "/scim/v2" + path, headers, body));
  }

  private static String problem(LeanHttp.Answer r) {
    String body = r.text().replaceAll("\\s+", " ").strip();
    return r.status() + " " + body.substring(0, Math.min(300, body.length()));
  }

  private HttpResponse<String> send(
      String method, String path, String token, String contentType, String body, int status)
      throws Exception {
    HttpResponse<String> r = Bench.send(http, base, method, path, token, contentType, body);
    if (r.statusCode() != status) {
      throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
    }
    return r;
  }

  // ---- pgbench, side by side ----

  /**
   * The scratch table of pgbench's inserts (created before the run, dropped after): an id from a
   * sequence, an indexed email and a timestamp, so one insert also writes two index entries.
   */
  private void scratchTable(boolean create) throws SQLException {
    try (Connection c = db();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + SCRATCH);
      if (create) {
        s.execute(
            "CREATE TABLE "
                + SCRATCH
                + " (id BIGSERIAL PRIMARY KEY, email VARCHAR(320) NOT NULL,"
                + " created_at TIMESTAMP NOT NULL)");
        s.execute("CREATE INDEX ix_" + SCRATCH + "_email ON " + SCRATCH + " (email)");
      }
    }
  }

  /** One single-row insert per transaction (autocommit), as pgbench sends it. */
  private static String insertScript() {
    return "\\set r random(1, 2000000000)\n"
        + "INSERT INTO "
        + SCRATCH
        + " (email, created_at) VALUES ('pg-' || :client_id || '-' || :r || '@pgbench.test',"
        + " now());\n";
  }

  /** One lookup of a random seeded user by its email (the unique index of app_user). */
  private String lookupScript() {
    return "\\set i random(0, "
        + (users - 1)
        + ")\n"
        + "SELECT id, email, first_name, last_name, active FROM app_user"
        + " WHERE email = 'u' || lpad(:i::text, 7, '0') || '@"
        + DOMAIN
        + "';\n";
  }

  /**
   * PostgreSQL's own pgbench against the benchmark's database, on this machine, between the SCIM
   * levels: {@code clients} connections (prepared statements, as the JDBC driver uses them) running
   * the script for {@code bench.pgbench-seconds}; its rate (tps without the connection time), the
   * latencies of every transaction (its per-transaction log) and the machine's load.
   */
  private Level pgbench(String operation, int clients, String script) throws Exception {
    Path dir = Files.createTempDirectory("pgbench");
    try {
      Path file = Files.writeString(dir.resolve("script.sql"), script);
      java.net.URI uri = java.net.URI.create(dbUrl.substring("jdbc:".length()));
      List<String> command =
          List.of(
              pgbench,
              "-n",
              "-M",
              "prepared",
              "-c",
              String.valueOf(clients),
              "-j",
              String.valueOf(Math.min(clients, Runtime.getRuntime().availableProcessors())),
              "-T",
              String.valueOf(pgbenchSeconds),
              "-f",
              file.toString(),
              "-l",
              "--log-prefix=" + dir.resolve("tx"),
              "-h",
              uri.getHost(),
              "-p",
              String.valueOf(uri.getPort() < 0 ? 5432 : uri.getPort()),
              "-U",
              dbUser,
              dbName);
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      if (!dbPassword.isEmpty()) {
        pb.environment().put("PGPASSWORD", dbPassword);
      }
      long[] before = cpuTicks();
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = p.waitFor();
      double busy = busy(before, cpuTicks());
      java.util.regex.Matcher tps =
          java.util.regex.Pattern.compile("(?m)^tps = ([0-9.]+)").matcher(out);
      if (exit != 0 || !tps.find()) {
        throw new IllegalStateException("pgbench failed (exit " + exit + "):\n" + out);
      }
      List<Double> ms = new ArrayList<>();
      int failed = 0;
      try (var logs = Files.list(dir)) {
        for (Path log : (Iterable<Path>) logs::iterator) {
          if (!log.getFileName().toString().startsWith("tx.")) {
            continue;
          }
          for (String line : Files.readAllLines(log)) {
            String[] f = line.split(" ");
            if (f.length > 2 && f[2].chars().allMatch(Character::isDigit)) {
              ms.add(Long.parseLong(f[2]) / 1e3);
            } else if (f.length > 2) {
              failed++;
            }
          }
        }
      }
      double rate = Double.parseDouble(tps.group(1));
      Level level =
          new Level(
              operation,
              clients,
              ms.size(),
              ms.size() / rate,
              Bench.sorted(ms),
              failed,
              failed == 0 ? null : "pgbench: " + failed + " transactions failed",
              busy,
              new Cpu(-1, -1, -1), // pgbench's backends end with it: not sampled
              "");
      logLevel(level);
      return level;
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
  }

  // ---- the database ----

  private Connection db() throws SQLException {
    return DriverManager.getConnection(dbUrl, dbUser, dbPassword);
  }

  private String one(String sql) throws SQLException {
    try (Connection c = db();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** Memberships of the organization whose user's email is in the SCIM domain. */
  private long scimUsersInDatabase() throws SQLException {
    try (Connection c = db();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM membership m JOIN app_user u ON u.id = m.user_id"
                    + " WHERE m.organization_id = ? AND u.email LIKE ?")) {
      s.setString(1, orgId);
      s.setString(2, "%@" + DOMAIN);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** What the writes left: the created users, the deactivated ones, their audit entries. */
  private String checkDatabase() throws SQLException {
    try (Connection c = db();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FILTER (WHERE u.email LIKE 'new-%'),"
                    + " count(*) FILTER (WHERE NOT m.active),"
                    + " (SELECT count(*) FROM audit_event a WHERE a.organization_id = ? AND"
                    + " a.action = 'provisioning.user.created'),"
                    + " (SELECT count(*) FROM audit_event a WHERE a.organization_id = ? AND"
                    + " a.action = 'provisioning.user.deactivated')"
                    + " FROM membership m JOIN app_user u ON u.id = m.user_id"
                    + " WHERE m.organization_id = ?")) {
      s.setString(1, orgId);
      s.setString(2, orgId);
      s.setString(3, orgId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        long created = rs.getLong(1);
        long inactive = rs.getLong(2);
        long createdAudit = rs.getLong(3);
        long deactivatedAudit = rs.getLong(4);
        boolean ok =
            created == createdCount.get()
                && inactive == deactivatedCount.get()
                && createdAudit == created
                && deactivatedAudit == inactive;
        return String.format(
            Locale.ROOT,
            "%s: %,d users created (%,d audit entries), %,d deactivated (%,d audit entries)",
            ok ? "correct" : "WRONG",
            created,
            createdAudit,
            inactive,
            deactivatedAudit);
      }
    }
  }

  // ---- report ----

  private static void logLevel(Level l) {
    log(
        "%s, %d client%s: %,d in %.1f s = %,.0f/s; p50 %.1f ms, p99 %.1f ms; %d errors%s",
        l.operation(),
        l.clients(),
        l.clients() == 1 ? "" : "s",
        l.count(),
        l.seconds(),
        l.rate(),
        percentile(l.sortedMs(), 50),
        percentile(l.sortedMs(), 99),
        l.errors(),
        l.errors() == 0 ? "" : " (first: " + l.firstError() + ")");
  }

  private static Level find(List<Level> levels, String operation, int clients) {
    return levels.stream()
        .filter(l -> l.operation().equals(operation) && l.clients() == clients)
        .findFirst()
        .orElse(null);
  }

  /** A SCIM create's or lookup's rate over pgbench's insert or lookup rate at its clients. */
  private static double ratio(List<Level> levels, Level l) {
    String against =
        l.operation().equals(CREATE)
            ? PG_INSERT
            : l.operation().startsWith("GET /Users?filter=") || l.operation().startsWith("floor:")
                ? PG_LOOKUP
                : null;
    Level pg = against == null ? null : find(levels, against, l.clients());
    return pg == null ? Double.NaN : l.rate() / pg.rate();
  }

  private static String where(List<Integer> met, List<Integer> missed) {
    String m = met.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
    String x =
        missed.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
    if (missed.isEmpty()) {
      return "**met** at every level (" + m + " clients)";
    }
    if (met.isEmpty()) {
      return "**missed** at every level (" + x + " clients)";
    }
    return "**met** at " + m + " clients, **missed** at " + x;
  }

  /** Issue 6's goals, each met or missed by this run's numbers. */
  private List<String> goals(List<Level> levels) {
    List<String> out = new ArrayList<>();
    List<Integer> met = new ArrayList<>();
    List<Integer> missed = new ArrayList<>();
    List<String> detail = new ArrayList<>();
    for (int c : clients) {
      Level create = find(levels, CREATE, c);
      double r = ratio(levels, create);
      (r >= 0.5 ? met : missed).add(c);
      detail.add(
          String.format(
              Locale.ROOT,
              "%d: %,.0f ÷ %,.0f = %.3f",
              c,
              create.rate(),
              find(levels, PG_INSERT, c).rate(),
              r));
    }
    out.add(
        "- Goal, SCIM creates ≥ 0.5 × pgbench's insert rate: "
            + where(met, missed)
            + " (creates/s ÷ inserts/s, by clients: "
            + String.join("; ", detail)
            + ").");
    met = new ArrayList<>();
    missed = new ArrayList<>();
    detail = new ArrayList<>();
    for (int c : clients) {
      double lo = Double.MAX_VALUE;
      double hi = 0;
      String slowest = "";
      for (Level l : levels) {
        if (l.clients() == c && l.operation().startsWith("GET /Users?filter=")) {
          double r = ratio(levels, l);
          if (r < lo) {
            lo = r;
            slowest = l.operation().substring("GET /Users?filter=".length());
          }
          hi = Math.max(hi, r);
        }
      }
      (lo >= 0.5 ? met : missed).add(c);
      detail.add(
          String.format(
              Locale.ROOT,
              "%d: %.3f–%.3f of %,.0f/s, slowest %s",
              c,
              lo,
              hi,
              find(levels, PG_LOOKUP, c).rate(),
              slowest));
    }
    out.add(
        "- Goal, each of the four filter lookups ≥ 0.5 × pgbench's lookup rate: "
            + where(met, missed)
            + " (lookups/s ÷ pgbench's, slowest–fastest filter, by clients: "
            + String.join("; ", detail)
            + ").");
    detail = new ArrayList<>();
    for (int c : clients) {
      Level http = find(levels, FLOOR_HTTP, c);
      Level token = find(levels, FLOOR_TOKEN, c);
      detail.add(
          String.format(
              Locale.ROOT,
              "%d: %,.0f/s (%.3f) and %,.0f/s (%.3f)",
              c,
              http.rate(),
              ratio(levels, http),
              token.rate(),
              ratio(levels, token)));
    }
    out.add(
        "- Floors, the cheapest SCIM requests Liberty answers here, against pgbench's lookup rate"
            + " (a request refused for lack of a token, with no database read; then one with the"
            + " token check and a fixed document, no user read), by clients: "
            + String.join("; ", detail)
            + ". A filter lookup does all of the second and a user query more.");
    List<String> over = new ArrayList<>();
    double worst = 0;
    boolean measured = false;
    for (Level l : levels) {
      if (l.clients() == 16
          && !l.operation().startsWith("pgbench")
          && !l.operation().startsWith("floor:")) {
        measured = true;
        double p99 = percentile(l.sortedMs(), 99);
        worst = Math.max(worst, p99);
        if (p99 >= 50) {
          over.add(String.format(Locale.ROOT, "%s %.0f ms", l.operation(), p99));
        }
      }
    }
    out.add(
        !measured
            ? "- Goal, p99 under 50 ms at 16 clients: not measured (no 16-client level)."
            : over.isEmpty()
                ? String.format(
                    Locale.ROOT,
                    "- Goal, p99 under 50 ms at 16 clients: **met** (highest %.1f ms).",
                    worst)
                : "- Goal, p99 under 50 ms at 16 clients: **missed** by "
                    + over.size()
                    + " of the SCIM rows ("
                    + String.join(", ", over)
                    + ").");
    met = new ArrayList<>();
    missed = new ArrayList<>();
    detail = new ArrayList<>();
    for (Map.Entry<Integer, PageTrend> e : pageTrends.entrySet()) {
      PageTrend t = e.getValue();
      (t.asFast() ? met : missed).add(e.getKey());
      detail.add(
          String.format(
              Locale.ROOT,
              "%d: first page %s ms, median of the first tenth %.1f ms, of the last tenth %.1f ms"
                  + " (×%.2f), p99 of the last tenth %.1f ms",
              e.getKey(),
              t.firstPages().size() == 1
                  ? String.format(Locale.ROOT, "%.1f", t.firstPages().get(0))
                  : String.format(
                      Locale.ROOT,
                      "%.1f–%.1f",
                      t.firstPages().get(0),
                      t.firstPages().get(t.firstPages().size() - 1)),
              t.earlyMedian(),
              t.lateMedian(),
              t.lateMedian() / t.earlyMedian(),
              t.lateP99()));
    }
    out.add(
        "- Goal, every page of the listing as fast as the first (the median of the last tenth of"
            + " each client's pages within 1.2 × the median of its first tenth): "
            + where(met, missed)
            + " (by clients: "
            + String.join("; ", detail)
            + ").");
    return out;
  }

  private void write(List<Level> levels, List<String> plans, String check) throws Exception {
    List<String> rows = new ArrayList<>();
    rows.add(
        "| operation | clients | requests | per second | ÷ pgbench | p50 / p99 / max | errors | CPU"
            + " ms per request: Liberty + PostgreSQL (+ load generator) | machine busy |");
    rows.add("|---|---|---|---|---|---|---|---|---|");
    for (Level l : levels) {
      double ratio = ratio(levels, l);
      rows.add(
          String.format(
              Locale.ROOT,
              "| %s | %d | %,d | %,.0f | %s | %.1f / %.1f / %.0f ms | %d | %s | %.0f%% |",
              l.operation(),
              l.clients(),
              l.count(),
              l.rate(),
              Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.3f", ratio),
              percentile(l.sortedMs(), 50),
              percentile(l.sortedMs(), 99),
              percentile(l.sortedMs(), 100),
              l.errors(),
              l.cpu().postgres() < 0
                  ? "—"
                  : String.format(
                      Locale.ROOT,
                      "%.2f + %.2f (+ %.2f)",
                      l.cpu().liberty(),
                      l.cpu().postgres(),
                      l.cpu().client()),
              100 * l.machineBusy()));
    }
    List<String> notes = new ArrayList<>();
    notes.add(
        String.format(
            Locale.ROOT,
            "- %,d SCIM Users seeded in one organization (PostgreSQL); %,d requests of each kind"
                + " per level after a warm-up of %,d of each from 4 clients (JIT).",
            users,
            operations,
            Math.max(1, warmup / 6)));
    for (Level l : levels) {
      if (!l.note().isEmpty()) {
        notes.add(
            String.format(Locale.ROOT, "- Listing at %d clients: %s.", l.clients(), l.note()));
      }
    }
    notes.add(
        String.format(
            Locale.ROOT,
            "- pgbench (%s) ran between the SCIM rows of each level, %d s a level, against the same"
                + " database with as many connections as SCIM clients (prepared statements):"
                + " single-row inserts into a scratch table (a sequence, an indexed email), and"
                + " lookups of random seeded users by email (unique index of app_user); \"÷"
                + " pgbench\" is the SCIM row's rate over pgbench's at the same number of clients.",
            pgbench,
            pgbenchSeconds));
    notes.addAll(goals(levels));
    int errors = levels.stream().mapToInt(Level::errors).sum();
    notes.add(
        String.format(
            Locale.ROOT,
            "- Errors: %d%s. Database after the run: %s.",
            errors,
            errors == 0
                ? ""
                : " (first: "
                    + levels.stream()
                        .map(Level::firstError)
                        .filter(e -> e != null)
                        .findFirst()
                        .orElse("?")
                    + ")",
            check));
    notes.add(
        String.format(
            Locale.ROOT,
            "- Machine: %d cores shared by Liberty, PostgreSQL and this load generator; load"
                + " average %s at the end.",
            Runtime.getRuntime().availableProcessors(),
            loadAverage()));
    String text = String.join("\n", rows) + "\n\n" + String.join("\n", notes) + "\n";
    Files.createDirectories(report.toAbsolutePath().getParent());
    Files.writeString(report, text);
    Files.writeString(report.resolveSibling("scim-plans.txt"), String.join("\n", plans));
    System.out.println();
    System.out.print(text);
    if (!check.startsWith("correct") || errors > 0) {
      throw new IllegalStateException("requests failed or left wrong traces: " + check);
    }
  }
}
