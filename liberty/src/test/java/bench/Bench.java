package bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the benchmarks of this package share: their settings (system properties), their log lines,
 * latency percentiles, the machine's load and CPU ticks, JSON and timestamps for the database, and
 * an Owner's personal access token. Each benchmark keeps only what is its own.
 */
final class Bench {

  private Bench() {}

  /** A required system property. */
  static String property(String name) {
    String v = System.getProperty(name);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException("System property " + name + " is not set");
    }
    return v;
  }

  /** A comma-separated list of integers (e.g. the client counts "1,4,16"). */
  static int[] ints(String name, String fallback) {
    return java.util.Arrays.stream(System.getProperty(name, fallback).split(","))
        .mapToInt(s -> Integer.parseInt(s.strip()))
        .toArray();
  }

  static void log(String format, Object... args) {
    System.out.printf(Locale.ROOT, "[bench] " + format + "%n", args);
  }

  /** The values sorted, for {@link #percentile}. */
  static List<Double> sorted(Collection<Double> values) {
    List<Double> l = new ArrayList<>(values);
    Collections.sort(l);
    return l;
  }

  /** The value at rank ceil(p% of n) of sorted values (nearest rank); NaN when there are none. */
  static double percentile(List<Double> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  /** The 1-minute load average (Linux), or "?". */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (Exception e) {
      return "?";
    }
  }

  /** Busy and total CPU ticks of the whole machine so far (Linux), or zeros. */
  static long[] cpuTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new long[] {total - idle, total};
    } catch (Exception e) {
      return new long[] {0, 0};
    }
  }

  /** The share of the machine's CPU time that was busy between two {@link #cpuTicks} readings. */
  static double busy(long[] before, long[] after) {
    return (double) (after[0] - before[0]) / Math.max(1, after[1] - before[1]);
  }

  /**
   * JSON-P, looked up once: {@code Json.create*} looks the provider up on every call, which costs
   * the load generator more CPU per request than the rest of its work.
   */
  static final JsonProvider JSON = JsonProvider.provider();

  static JsonObject json(String body) {
    return JSON.createReader(new StringReader(body)).readObject();
  }

  /** An instant as the application stores it (TIMESTAMP in UTC). */
  static Object ts(Instant i) {
    return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  /** One request of a closed loop: null when it did what it should, else what happened instead. */
  @FunctionalInterface
  interface Request {
    String send(int i) throws Exception;
  }

  /** What a closed loop measured: latencies sorted, errors, the machine's load, CPU per request. */
  record Run(
      int count,
      double seconds,
      List<Double> sortedMs,
      int errors,
      String firstError,
      double machineBusy,
      Cpu cpu) {
    double rate() {
      return count / seconds;
    }
  }

  /**
   * Requests 0 to n-1 from {@code clients} threads, closed loop (each client sends its next request
   * when its last one answered), with the CPU time per request of the Liberty server running from
   * {@code wlpDir} and of PostgreSQL's backends of database {@code db}.
   */
  static Run closedLoop(int clients, int n, String wlpDir, String db, Request request)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    ConcurrentLinkedQueue<String> firstError = new ConcurrentLinkedQueue<>();
    double[] ms = new double[n];
    CountDownLatch done = new CountDownLatch(clients);
    long[] before = cpuTicks();
    Cpu.Sample sample = Cpu.sample(wlpDir, db);
    long t0 = System.nanoTime();
    for (int t = 0; t < clients; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    long s = System.nanoTime();
                    String problem;
                    try {
                      problem = request.send(i);
                    } catch (Exception e) {
                      problem = e.toString();
                    }
                    ms[i] = (System.nanoTime() - s) / 1e6;
                    if (problem != null) {
                      errors.incrementAndGet();
                      if (firstError.isEmpty()) {
                        firstError.add(problem);
                      }
                    }
                  }
                } finally {
                  done.countDown();
                }
              });
      thread.setDaemon(true);
      thread.start();
    }
    done.await();
    double seconds = (System.nanoTime() - t0) / 1e9;
    double machine = busy(before, cpuTicks());
    Cpu cpu = sample.since(n);
    List<Double> sorted = new ArrayList<>(n);
    for (double m : ms) {
      sorted.add(m);
    }
    Collections.sort(sorted);
    return new Run(n, seconds, sorted, errors.get(), firstError.peek(), machine, cpu);
  }

  /**
   * A request to the server with a bearer token (and a body of this content type, if any); throws
   * unless the answer is a 2xx.
   */
  static HttpResponse<String> send(
      HttpClient http,
      String base,
      String method,
      String path,
      String token,
      String contentType,
      String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofMinutes(10))
            .header("Authorization", "Bearer " + token);
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
    }
    return r;
  }

  /** A personal access token of this user, as {@code POST /api/v1/auth/token} gives it. */
  static String userToken(HttpClient http, String base, String email, String password)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/token"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    Json.createObjectBuilder()
                        .add("email", email)
                        .add("password", password)
                        .build()
                        .toString()))
            .build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("login of " + email + ": " + r.statusCode() + " " + r.body());
    }
    return json(r.body()).getString("token");
  }

  /**
   * CPU time per operation (ms) spent by Liberty, by the PostgreSQL backends of the benchmark's
   * database, and by this load generator: unlike rates, these hold when other work shares the
   * machine. Read from /proc (Linux); -1 where unknown.
   */
  record Cpu(double liberty, double postgres, double client) {

    double server() {
      return liberty + postgres;
    }

    /** Process CPU times (ms) at one moment. */
    record Sample(
        String wlpDir, String db, long liberty, Map<Integer, Long> postgres, long client) {

      Cpu since(int operations) {
        Sample now = sample(wlpDir, db);
        long pg = 0;
        for (Map.Entry<Integer, Long> e : now.postgres().entrySet()) {
          pg += e.getValue() - postgres.getOrDefault(e.getKey(), 0L);
        }
        return new Cpu(
            liberty < 0 || now.liberty() < 0 ? -1 : (now.liberty() - liberty) / (double) operations,
            pg / (double) operations,
            (now.client() - client) / (double) operations);
      }
    }

    /** The process id of the Liberty server running from {@code wlpDir}, or -1. */
    static long libertyPid(String wlpDir) {
      try (var procs = Files.list(Path.of("/proc"))) {
        for (Path p : (Iterable<Path>) procs::iterator) {
          String name = p.getFileName().toString();
          if (!name.chars().allMatch(Character::isDigit)) {
            continue;
          }
          try {
            String cmd =
                new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
            if (!wlpDir.isEmpty() && cmd.contains(wlpDir) && cmd.contains("ws-server.jar")) {
              return Long.parseLong(name);
            }
          } catch (Exception gone) {
            // ended meanwhile
          }
        }
      } catch (Exception e) {
        // not Linux
      }
      return -1;
    }

    static Sample sample(String wlpDir, String db) {
      long liberty = -1;
      Map<Integer, Long> postgres = new java.util.HashMap<>();
      try (var procs = Files.list(Path.of("/proc"))) {
        for (Path p : (Iterable<Path>) procs::iterator) {
          String name = p.getFileName().toString();
          if (!name.chars().allMatch(Character::isDigit)) {
            continue;
          }
          String cmd;
          try {
            cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
          } catch (Exception gone) {
            continue;
          }
          if (!wlpDir.isEmpty() && cmd.contains(wlpDir) && cmd.contains("ws-server.jar")) {
            liberty = Math.max(0, liberty) + cpuMillis(p);
          } else if (cmd.startsWith("postgres: ") && cmd.contains(" " + db + " ")) {
            postgres.put(Integer.parseInt(name), cpuMillis(p));
          }
        }
      } catch (Exception e) {
        // not Linux: unknown
      }
      long client =
          ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                  .getProcessCpuTime()
              / 1_000_000;
      return new Sample(wlpDir, db, liberty, postgres, client);
    }

    /** utime + stime of a process in ms (clock ticks of 10 ms). */
    private static long cpuMillis(Path proc) {
      try {
        String stat = Files.readString(proc.resolve("stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
      } catch (Exception gone) {
        return 0;
      }
    }
  }
}
