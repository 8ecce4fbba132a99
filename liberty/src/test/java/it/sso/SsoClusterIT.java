package it.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.cluster.Cluster;
import it.cluster.Cluster.Node;
import it.dns.BindServer;
import jakarta.json.Json;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * SSO on two servers behind a load balancer without sticky sessions: a login started on one server
 * completes on the other, the session it creates is good on both, and a settings change made
 * through either applies on both at once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SsoClusterIT {

  static Cluster cluster;
  static BindServer dns;
  static SsoOrg sso;
  static String admin;

  /** The IdP's signing key now (a test below rotates it). */
  static TestIdp signer;

  @BeforeAll
  static void setUp() throws Exception {
    cluster = Cluster.get();
    dns = BindServer.fromSystemProperty();
    dns.start();
    String id = UUID.randomUUID().toString().substring(0, 8);
    sso = SsoOrg.create(dns, "https://idp-" + id + ".test/sso?tenant=" + id);
    admin = sso.member("ADMIN");
    signer = sso.idp;
  }

  @AfterAll
  static void stopDns() throws Exception {
    dns.close();
  }

  @Test
  @Order(1)
  void aLoginStartedOnOneServerCompletesOnTheOther() throws Exception {
    for (Node[] pair : new Node[][] {{cluster.a(), cluster.b()}, {cluster.b(), cluster.a()}}) {
      WebClient browser = new WebClient().at(pair[0].url());
      String members = "/console/settings/members?org=" + sso.org.id();
      HttpResponse<String> start =
          browser.get(
              "/sso/saml/"
                  + sso.org.id()
                  + "/login?returnTo="
                  + URLEncoder.encode(members, StandardCharsets.UTF_8));
      assertEquals(302, start.statusCode(), start.body());
      AuthnRequests.Received request =
          AuthnRequests.fromRedirect(
              start.headers().firstValue("Location").orElseThrow(), sso.spCertificate);
      assertEquals(
          cluster.balancer() + "/sso/saml/" + sso.org.id() + "/acs",
          request.postbackUrl(),
          "the IdP posts to the balancer's address, whichever server asked");

      // The IdP's POST reaches the other server.
      HttpResponse<String> acs =
          browser
              .at(pair[1].url())
              .postResponse(
                  sso.org.id(), sso.login(admin, request.id()).xml(), request.relayState());

      assertEquals(302, acs.statusCode(), pair[0] + " → " + pair[1] + ": " + acs.body());
      assertTrue(
          acs.headers().firstValue("Location").orElse("").endsWith(members),
          "back where the user was going");
      // The browser goes on where its session was made (as the balancer's affinity cookie
      // keeps it); the other server has it too. (Liberty writes a session once the request that
      // made it is over, just after its redirect went out: a request to another server at that
      // very instant may not see it yet.)
      for (Node n : List.of(pair[1], pair[0])) {
        HttpResponse<String> page = browser.at(n.url()).get(members);
        assertEquals(200, page.statusCode(), "the session works on " + n);
        assertTrue(page.body().contains(admin), "the members page on " + n);
      }
    }
  }

  @Test
  @Order(3)
  void firstLoginsOfOneNewPersonOnBothServersAtOnceCreateOneUser() throws Exception {
    JitProvisioningIT.managedAccess(sso, true, null);
    String email = "twin-" + UUID.randomUUID().toString().substring(0, 8) + "@" + sso.domain;
    List<String> responses = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      responses.add(sso.login(email, null).xml());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> logins = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String base = cluster.nodes().get(i % 2).url();
        String xml = responses.get(i);
        logins.add(
            pool.submit(
                () -> {
                  go.await();
                  return new WebClient().at(base).postResponse(sso.org.id(), xml, null);
                }));
      }
      go.countDown();
      for (Future<HttpResponse<String>> f : logins) {
        HttpResponse<String> r = f.get(2, TimeUnit.MINUTES);
        assertEquals(302, r.statusCode(), "every login gets in: " + r.body());
      }
    } finally {
      pool.shutdownNow();
      JitProvisioningIT.managedAccess(sso, false, null);
    }
    assertEquals(
        1,
        JitProvisioningIT.members(sso).stream()
            .filter(m -> m.getString("email").equals(email))
            .count(),
        "one user, provisioned once, whichever server won");
  }

  /**
   * The replay cache is the database's, shared by every server: an assertion that logged someone in
   * on one server is refused as a replay on the other (a stolen response posted again, to whichever
   * server the balancer picks).
   */
  @Test
  @Order(4)
  void anAssertionUsedOnOneServerIsARefusedReplayOnTheOther() throws Exception {
    for (Node[] pair : new Node[][] {{cluster.a(), cluster.b()}, {cluster.b(), cluster.a()}}) {
      String xml = sso.login(admin, null).xml();
      WebClient user = new WebClient().at(pair[0].url());
      HttpResponse<String> accepted = user.postResponse(sso.org.id(), xml, null);
      assertEquals(302, accepted.statusCode(), pair[0] + ": " + accepted.body());
      assertEquals(200, user.get("/console/index").statusCode(), "logged in on " + pair[0]);

      WebClient replayer = new WebClient().at(pair[1].url());
      HttpResponse<String> replayed = replayer.postResponse(sso.org.id(), xml, null);
      String reference = refusedAsReplay(replayed, pair[1]);
      assertEquals(302, replayer.get("/console/index").statusCode(), "no session on " + pair[1]);
      assertTrue(
          SsoApi.errors(sso.org.id(), sso.org.token()).body().contains(reference),
          "the SSO error log names the replay's reference");
    }
  }

  /** Posted to both servers at the same instant, one assertion still logs in only once. */
  @Test
  @Order(5)
  void oneAssertionPostedToBothServersAtOnceLogsInOnce() throws Exception {
    String xml = sso.login(admin, null).xml();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> posts = new ArrayList<>();
      for (Node n : cluster.nodes()) {
        WebClient browser = new WebClient().at(n.url());
        posts.add(
            pool.submit(
                () -> {
                  go.await();
                  return browser.postResponse(sso.org.id(), xml, null);
                }));
      }
      go.countDown();
      int loggedIn = 0;
      for (int i = 0; i < posts.size(); i++) {
        HttpResponse<String> r = posts.get(i).get(2, TimeUnit.MINUTES);
        if (r.statusCode() == 302) {
          loggedIn++;
        } else {
          refusedAsReplay(r, cluster.nodes().get(i));
        }
      }
      assertEquals(1, loggedIn, "exactly one server accepts the assertion");
    } finally {
      pool.shutdownNow();
    }
  }

  /** The refusal page of a replay, as the user sees it; answers its reference. */
  private static String refusedAsReplay(HttpResponse<String> r, Node n) {
    assertEquals(403, r.statusCode(), n + ": " + r.body());
    assertTrue(r.body().contains("Single sign-on failed"), r.body());
    assertTrue(r.body().contains("already used"), n + ": " + r.body());
    assertTrue(!r.body().contains("Exception") && !r.body().contains("at dev."), r.body());
    Matcher ref = Pattern.compile("id=\"reference\">([0-9a-f]{8})<").matcher(r.body());
    assertTrue(ref.find(), r.body());
    return ref.group(1);
  }

  @Test
  @Order(6)
  void aCertificateRotationThroughEitherServerAppliesOnBothAtOnce() throws Exception {
    TestIdp rotated = new TestIdp(sso.idp.entityId);
    String old = certificateId();
    // Through the balancer: one server or the other takes each change.
    assertEquals(
        201,
        SsoApi.send(
                "POST",
                sso.org.sso() + "/certificates",
                sso.org.token(),
                SsoApi.PEM,
                SsoApi.pem(rotated.certificate).getBytes())
            .status());
    assertEquals(
        204,
        SsoApi.send("DELETE", sso.org.sso() + "/certificates/" + old, sso.org.token(), null, null)
            .status());

    for (Node n : cluster.nodes()) {
      WebClient browser = new WebClient().at(n.url());
      TestIdp.Login withOldKey = sso.login(admin, null);
      HttpResponse<String> refused = browser.postResponse(sso.org.id(), withOldKey.xml(), null);
      assertEquals(403, refused.statusCode(), n + " still trusts the removed certificate");
      assertEquals(302, browser.get("/console/index").statusCode(), "no session on " + n);

      TestIdp.Login withNewKey = rotated.login(admin, sso.spEntityId);
      HttpResponse<String> accepted = browser.postResponse(sso.org.id(), withNewKey.xml(), null);
      assertEquals(302, accepted.statusCode(), n + " does not know the new certificate yet");
      assertEquals(200, browser.get("/console/index").statusCode(), "a session on " + n);
    }
    signer = rotated;
  }

  /**
   * Each server remembers what a login needs of the organization's SSO settings; a change made
   * through either server still decides the very next login on both.
   */
  @Test
  @Order(7)
  void aSettingsChangeThroughEitherServerDecidesTheNextLoginOnBoth() throws Exception {
    for (Node n : cluster.nodes()) {
      assertEquals(302, post(n).statusCode(), "a login on " + n + " before the changes");
    }

    assertEquals(
        200,
        sso.settings(Json.createObjectBuilder().add("allowIdpInitiated", false).build()).status());
    for (Node n : cluster.nodes()) {
      HttpResponse<String> r = post(n);
      assertEquals(403, r.statusCode(), n + " still admits IdP-initiated logins");
      assertTrue(r.body().contains("IdP-initiated logins are turned off"), n + ": " + r.body());
    }

    assertEquals(
        200,
        sso.settings(Json.createObjectBuilder().add("allowIdpInitiated", true).build()).status());
    assertEquals(
        200, sso.settings(Json.createObjectBuilder().add("enabled", false).build()).status());
    for (Node n : cluster.nodes()) {
      HttpResponse<String> r = post(n);
      assertEquals(403, r.statusCode(), n + " still logs in with SSO off");
      assertTrue(r.body().contains("not set up"), n + ": " + r.body());
    }

    assertEquals(
        200, sso.settings(Json.createObjectBuilder().add("enabled", true).build()).status());
    for (Node n : cluster.nodes()) {
      assertEquals(302, post(n).statusCode(), "a login on " + n + " with SSO on again");
    }
  }

  /** An IdP-initiated login of the admin, posted to server {@code n}. */
  private static HttpResponse<String> post(Node n) throws Exception {
    return new WebClient()
        .at(n.url())
        .postResponse(sso.org.id(), signer.login(admin, sso.spEntityId).xml(), null);
  }

  @Test
  @Order(2)
  void aSessionOutlivesTheServerThatCreatedIt() throws Exception {
    Node creator = cluster.a();
    WebClient browser = new WebClient().at(creator.url());
    HttpResponse<String> acs =
        browser.postResponse(sso.org.id(), sso.login(admin, null).xml(), null);
    assertEquals(302, acs.statusCode(), acs.body());
    assertEquals(200, browser.get("/console/index").statusCode(), "logged in on " + creator);

    creator.kill();
    try {
      assertEquals(
          200, browser.at(cluster.b().url()).get("/console/index").statusCode(), "on the other");
      assertEquals(
          200,
          browser.at(cluster.balancer()).get("/console/index").statusCode(),
          "through the balancer");
    } finally {
      creator.start();
    }
  }

  private static String certificateId() throws Exception {
    SsoApi.Reply settings = SsoApi.send("GET", sso.org.sso(), sso.org.token(), null, null);
    assertEquals(200, settings.status(), settings.body());
    assertEquals(1, settings.json().getJsonArray("certificates").size(), settings.body());
    return settings.json().getJsonArray("certificates").getJsonObject(0).getString("id");
  }
}
