package it.api;

import static it.api.Api.OPERATOR;
import static it.api.Api.assertErrorBody;
import static it.api.Api.assertStatus;
import static it.api.Api.member;
import static it.api.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.api.Api.Org;
import it.api.Api.Person;
import it.api.Api.Reply;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;

/**
 * An organization never loses its last Owner, even when requests to demote or remove its two Owners
 * arrive at the same moment (the services lock the organization row; this checks that the lock
 * holds on the real database). Repeated, since a race shows only sometimes.
 */
class LastOwnerConcurrencyIT {

  private static final int PARALLEL = 10;

  private static ExecutorService pool;

  @BeforeAll
  static void startPool() {
    pool = Executors.newFixedThreadPool(PARALLEL);
  }

  @AfterAll
  static void stopPool() {
    pool.shutdownNow();
  }

  /** Two Owners: the organization's founder and a second one. */
  private record TwoOwners(Org org, Person first, Person second) {
    static TwoOwners create(String label) {
      Org org = Api.organization(label);
      Person second = Api.member(org, "OWNER", label + "Second");
      return new TwoOwners(org, org.owner(), second);
    }
  }

  /** Sends all requests at once (released together once every thread is ready). */
  private static List<Reply> simultaneously(List<Supplier<Reply>> requests) throws Exception {
    CountDownLatch ready = new CountDownLatch(requests.size());
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Reply>> futures = new ArrayList<>();
    for (Supplier<Reply> request : requests) {
      futures.add(
          pool.submit(
              () -> {
                ready.countDown();
                go.await();
                return request.get();
              }));
    }
    assertTrue(ready.await(30, TimeUnit.SECONDS), "threads did not start");
    go.countDown();
    List<Reply> replies = new ArrayList<>();
    for (Future<Reply> f : futures) {
      replies.add(f.get(120, TimeUnit.SECONDS));
    }
    return replies;
  }

  private static long owners(Org org) {
    return Api.membersAsOperator(org.id()).stream()
        .map(JsonValue::asJsonObject)
        .filter(m -> m.getString("role").equals("OWNER"))
        .count();
  }

  private static void assertOnly(Set<Integer> allowed, List<Reply> replies) {
    for (Reply r : replies) {
      assertTrue(allowed.contains(r.status()), () -> "unexpected " + r);
      if (r.status() >= 400) {
        assertErrorBody(r);
      }
    }
    assertTrue(replies.stream().anyMatch(r -> r.status() < 300), "nothing succeeded: " + replies);
  }

  private static long roleChanges(Org org) {
    Reply r =
        Api.get(Api.org(org.id()) + "/audit?format=json&action=member.role_changed", OPERATOR);
    assertStatus(200, r);
    return r.array().size();
  }

  @RepeatedTest(3)
  void twoOwnersDemotingEachOtherAtOnceLeaveOneOwner() throws Exception {
    TwoOwners o = TwoOwners.create("Duel");
    List<Supplier<Reply>> requests = new ArrayList<>();
    for (int i = 0; i < PARALLEL / 2; i++) {
      requests.add(
          () ->
              Api.patch(
                  member(o.org().id(), o.second().id()), o.first().token(), obj("role", "ADMIN")));
      requests.add(
          () ->
              Api.patch(
                  member(o.org().id(), o.first().id()), o.second().token(), obj("role", "ADMIN")));
    }

    List<Reply> replies = simultaneously(requests);

    // The loser is either the last Owner by then (409) or no longer an Owner at all (403).
    assertOnly(Set.of(200, 403, 409), replies);
    assertEquals(1, owners(o.org()), "exactly one Owner must remain: " + replies);
    assertEquals(1, roleChanges(o.org()), "one demotion happened, and only one was recorded");
  }

  @RepeatedTest(3)
  void theOperatorDemotingBothOwnersAtOnceLeavesOneOwner() throws Exception {
    TwoOwners o = TwoOwners.create("Sweep");
    List<Supplier<Reply>> requests = new ArrayList<>();
    for (int i = 0; i < PARALLEL / 2; i++) {
      requests.add(
          () -> Api.patch(member(o.org().id(), o.first().id()), OPERATOR, obj("role", "MEMBER")));
      requests.add(
          () -> Api.patch(member(o.org().id(), o.second().id()), OPERATOR, obj("role", "MEMBER")));
    }

    List<Reply> replies = simultaneously(requests);

    assertOnly(Set.of(200, 409), replies);
    assertTrue(
        replies.stream().anyMatch(r -> r.status() == 409), "no last_owner refusal: " + replies);
    assertEquals(1, owners(o.org()), "exactly one Owner must remain: " + replies);
    assertEquals(1, roleChanges(o.org()));
  }

  @RepeatedTest(2)
  void removingBothOwnersAtOnceLeavesOneOwner() throws Exception {
    TwoOwners o = TwoOwners.create("Exodus");
    List<Supplier<Reply>> requests = new ArrayList<>();
    for (int i = 0; i < PARALLEL / 2; i++) {
      requests.add(() -> Api.delete(member(o.org().id(), o.first().id()), OPERATOR));
      requests.add(() -> Api.delete(member(o.org().id(), o.second().id()), OPERATOR));
    }

    List<Reply> replies = simultaneously(requests);

    // One removal wins; repeats of it find no member (404); the other is the last Owner (409).
    assertOnly(Set.of(204, 404, 409), replies);
    assertEquals(1, owners(o.org()), "exactly one Owner must remain: " + replies);
    assertEquals(1, Api.membersAsOperator(o.org().id()).size());
  }
}
