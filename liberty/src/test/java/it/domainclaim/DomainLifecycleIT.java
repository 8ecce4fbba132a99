package it.domainclaim;

import static it.domainclaim.ClaimsApi.auditActions;
import static it.domainclaim.ClaimsApi.claim;
import static it.domainclaim.ClaimsApi.createOrg;
import static it.domainclaim.ClaimsApi.list;
import static it.domainclaim.ClaimsApi.relogin;
import static it.domainclaim.ClaimsApi.setClock;
import static it.domainclaim.ClaimsApi.sweep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dns.BindServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The claim lifecycle over days: the server's clock is moved forward (testing switch) and the sweep
 * that the persistent timer runs every minute is run at once, against a real BIND server.
 */
class DomainLifecycleIT {

  private static BindServer dns;

  @BeforeAll
  static void startDns() throws Exception {
    dns = BindServer.fromSystemProperty();
    dns.start();
  }

  @AfterAll
  static void stopDns() throws Exception {
    dns.close();
  }

  @AfterEach
  void resetClock() throws Exception {
    dns.start();
    setClock(Duration.ZERO);
  }

  private static String unique() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static JsonObject only(ClaimsApi.Org org) throws Exception {
    return list(org).getJsonObject(0);
  }

  @Test
  void aPendingClaimIsVerifiedByTheSweepOnceItsRecordAppears() throws Exception {
    String id = unique();
    ClaimsApi.Org org = createOrg("Sweep " + id);
    String domain = "swept-" + id + ".test";
    JsonObject claim = claim(org, domain).object();

    setClock(Duration.ofMinutes(3));
    sweep();
    org = relogin(org);
    assertEquals("PENDING", only(org).getString("status"), "no record yet");
    assertEquals("ABSENT", only(org).getString("lastCheckResult"));

    dns.setTxt(domain, List.of(List.of(claim.getJsonObject("txtRecord").getString("value"))));
    setClock(Duration.ofMinutes(20));
    JsonObject sweep = sweep();
    assertTrue(sweep.getInt("found") >= 1, sweep.toString());
    org = relogin(org);
    assertEquals("VERIFIED", only(org).getString("status"));
    assertTrue(auditActions(org).contains("domain.verified"));
  }

  @Test
  void aRemovedRecordWarnsThenUnverifiesAfterSevenDaysAndFreesTheDomain() throws Exception {
    String id = unique();
    ClaimsApi.Org org = createOrg("Fade " + id);
    String domain = "fade-" + id + ".test";
    JsonObject claim = claim(org, domain).object();
    dns.setTxt(domain, List.of(List.of(claim.getJsonObject("txtRecord").getString("value"))));
    setClock(Duration.ofMinutes(3));
    sweep();

    dns.deleteTxt(domain);
    setClock(Duration.ofDays(1).plusMinutes(10));
    sweep();
    org = relogin(org);
    JsonObject warned = only(org);
    assertEquals("VERIFIED", warned.getString("status"), "the first absence only warns");
    assertEquals("ABSENT", warned.getString("lastCheckResult"));
    assertTrue(auditActions(org).contains("domain.warning"));

    setClock(Duration.ofDays(5));
    sweep();
    org = relogin(org);
    assertEquals("VERIFIED", only(org).getString("status"), "still within the seven days");

    setClock(Duration.ofDays(9));
    sweep();
    org = relogin(org);
    JsonObject gone = only(org);
    assertEquals("UNVERIFIED", gone.getString("status"));
    assertTrue(gone.getString("statusReason").contains("missing"), gone.toString());
    assertTrue(auditActions(org).contains("domain.unverified"));

    ClaimsApi.Org next = createOrg("Next " + id);
    assertEquals(201, claim(next, domain).status(), "an unverified domain is free to claim");
  }

  @Test
  void aDeadDnsServerNeverChangesAVerifiedDomain() throws Exception {
    String id = unique();
    ClaimsApi.Org org = createOrg("Outage " + id);
    String domain = "outage-" + id + ".test";
    JsonObject claim = claim(org, domain).object();
    dns.setTxt(domain, List.of(List.of(claim.getJsonObject("txtRecord").getString("value"))));
    setClock(Duration.ofMinutes(3));
    sweep();

    dns.stop();
    for (int day = 1; day <= 9; day++) {
      setClock(Duration.ofDays(day).plusMinutes(5));
      sweep();
    }
    org = relogin(org);
    JsonObject after = only(org);
    assertEquals("VERIFIED", after.getString("status"));
    assertEquals("UNKNOWN", after.getString("lastCheckResult"));
    assertTrue(!auditActions(org).contains("domain.warning"));
  }

  @Test
  void aClaimNeverVerifiedExpiresAfterSevenDaysAndCanBeRetriedWithANewToken() throws Exception {
    String id = unique();
    ClaimsApi.Org org = createOrg("Expire " + id);
    String domain = "late-" + id + ".test";
    String firstToken = claim(org, domain).object().getJsonObject("txtRecord").getString("value");
    setClock(Duration.ofDays(7).plusMinutes(5));
    sweep();
    org = relogin(org);
    assertEquals("EXPIRED", only(org).getString("status"));
    assertTrue(auditActions(org).contains("domain.expired"));

    JsonObject retried = claim(org, domain).object();
    assertEquals("PENDING", retried.getString("status"));
    assertNotEquals(firstToken, retried.getJsonObject("txtRecord").getString("value"));
  }
}
