package it.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.cluster.Cluster;
import it.cluster.Cluster.Node;
import it.dns.BindServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * SCIM on two servers: an IdP's writes spread over both keep one user per userName, and restarting
 * the servers one after the other while the IdP keeps writing loses no write.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScimClusterIT {

  static Cluster cluster;
  static BindServer dns;
  static ScimOrg scim;

  @BeforeAll
  static void setUp() throws Exception {
    cluster = Cluster.get();
    dns = BindServer.fromSystemProperty();
    dns.start();
    scim = ScimOrg.create(dns);
  }

  @AfterAll
  static void stopDns() throws Exception {
    dns.close();
  }

  private static ScimApi.Reply create(String base, String userName) throws Exception {
    return ScimApi.send(
        "POST",
        base + ScimApi.SCIM + "/Users",
        scim.token,
        ScimOrg.user(userName).toString(),
        "Content-Type",
        ScimApi.SCIM_JSON);
  }

  private static int usersNamed(String filter) throws Exception {
    ScimApi.Reply r = scim.get("/Users?count=1&filter=" + ScimOrg.q(filter));
    assertEquals(200, r.status(), r.body());
    return r.json().getInt("totalResults");
  }

  @Test
  @Order(1)
  void theSameUserCreatedOnBothServersAtOnceExistsOnce() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    int names = 30;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      Map<String, List<Future<Integer>>> answers = new TreeMap<>();
      for (int i = 0; i < names; i++) {
        String userName = "twice-" + run + "-" + i + "@" + scim.domain;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> pair = new ArrayList<>();
        for (Node n : cluster.nodes()) {
          pair.add(
              pool.submit(
                  () -> {
                    go.await();
                    return create(n.url(), userName).status();
                  }));
        }
        go.countDown();
        answers.put(userName, pair);
      }
      for (Map.Entry<String, List<Future<Integer>>> e : answers.entrySet()) {
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : e.getValue()) {
          statuses.add(f.get(2, TimeUnit.MINUTES));
        }
        statuses.sort(null);
        assertEquals(List.of(201, 409), statuses, e.getKey() + ": one create, one uniqueness");
        assertEquals(1, usersNamed("userName eq \"" + e.getKey() + "\""), e.getKey());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * An IdP creates users through the balancer without pause while each server in turn is stopped
   * (as an operator does, letting it finish what it serves) and started again: every create is
   * answered 201, and every one of them is stored.
   */
  @Test
  @Order(2)
  void aRollingRestartUnderLoadLosesNoWrite() throws Exception {
    String run = "roll-" + UUID.randomUUID().toString().substring(0, 8);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger created = new AtomicInteger();
    AtomicInteger sequence = new AtomicInteger();
    List<String> failures = new CopyOnWriteArrayList<>();
    List<String> unanswered = new CopyOnWriteArrayList<>();
    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    ExecutorService clients = Executors.newFixedThreadPool(4);
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      running.add(
          clients.submit(
              () -> {
                while (!stop.get()) {
                  String userName = run + "-" + sequence.incrementAndGet() + "@" + scim.domain;
                  try {
                    ScimApi.Reply r = create(cluster.balancer(), userName);
                    statuses.merge(r.status(), 1, Integer::sum);
                    if (r.status() == 201) {
                      created.incrementAndGet();
                    } else {
                      failures.add(userName + ": " + r.status() + " " + r.body());
                    }
                    Thread.sleep(50);
                  } catch (InterruptedException e) {
                    return;
                  } catch (java.io.IOException e) {
                    // The connection to the balancer ended without an answer (the client's
                    // pooled connection, not a server's refusal: those are 5xx answers). An IdP
                    // does not know then whether the create happened: it looks, and sends it
                    // again if not. Either way the user must end up stored exactly once.
                    try {
                      if (usersNamed("userName eq \"" + userName + "\"") == 1) {
                        created.incrementAndGet();
                        unanswered.add(userName + ": " + e.getMessage() + " (stored)");
                      } else {
                        ScimApi.Reply again = create(cluster.balancer(), userName);
                        statuses.merge(again.status(), 1, Integer::sum);
                        if (again.status() == 201) {
                          created.incrementAndGet();
                          unanswered.add(userName + ": " + e.getMessage() + " (sent again)");
                        } else {
                          failures.add(userName + ": " + again.status() + " " + again.body());
                        }
                      }
                    } catch (Exception after) {
                      failures.add(userName + ": " + e + ", then " + after);
                    }
                  } catch (Exception e) {
                    failures.add(userName + ": " + e);
                  }
                }
              }));
    }
    try {
      Thread.sleep(Duration.ofSeconds(3).toMillis());
      for (Node n : cluster.nodes()) {
        n.stop();
        Thread.sleep(Duration.ofSeconds(2).toMillis());
        n.start();
        // The balancer sends it requests again after two good health checks.
        Thread.sleep(Duration.ofSeconds(4).toMillis());
      }
    } finally {
      stop.set(true);
      for (Future<?> f : running) {
        f.get(2, TimeUnit.MINUTES);
      }
      clients.shutdownNow();
    }

    assertTrue(failures.isEmpty(), failures.size() + " lost: " + failures + " " + statuses);
    assertTrue(
        unanswered.size() <= 2,
        "a connection dropped now and then, not as a rule: " + unanswered + " " + statuses);
    assertTrue(created.get() > 20, "the load ran throughout: " + created.get() + " creates");
    assertEquals(created.get(), usersNamed("userName sw \"" + run + "-\""), "every 201 is stored");
  }
}
