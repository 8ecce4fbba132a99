package it.domainclaim;

import static it.domainclaim.ClaimsApi.auditActions;
import static it.domainclaim.ClaimsApi.claim;
import static it.domainclaim.ClaimsApi.createOrg;
import static it.domainclaim.ClaimsApi.list;
import static it.domainclaim.ClaimsApi.send;
import static it.domainclaim.ClaimsApi.token;
import static it.domainclaim.ClaimsApi.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dns.BindServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Domain claiming against a real authoritative DNS server (BIND) that the server under test is
 * configured to ask ({@code portcullis.dns.servers}); records are added and removed with signed
 * dynamic updates while the test runs.
 */
class DomainClaimIT {

  private static BindServer dns;

  private String suffix;
  private ClaimsApi.Org org;

  @BeforeAll
  static void startDns() throws Exception {
    dns = BindServer.fromSystemProperty();
    dns.start();
  }

  @AfterAll
  static void stopDns() throws Exception {
    dns.close();
  }

  @BeforeEach
  void newOrganization() throws Exception {
    suffix = UUID.randomUUID().toString().substring(0, 8);
    org = createOrg("Claims " + suffix);
  }

  @Test
  void claimThenPublishTheRecordThenVerifyNow() throws Exception {
    String domain = "acme-" + suffix + ".test";
    JsonObject claim = claim(org, domain).object();
    assertEquals("PENDING", claim.getString("status"));
    JsonObject record = claim.getJsonObject("txtRecord");
    assertEquals(domain, record.getString("name"));
    String value = record.getString("value");
    assertTrue(value.matches("portcullis-domain-verify=[A-Za-z0-9_-]{32}"), value);

    JsonObject early = verify(org, claim.getString("id")).object();
    assertEquals("PENDING", early.getString("status"), "no record yet");
    assertEquals("ABSENT", early.getString("lastCheckResult"));

    dns.setTxt(domain, List.of(List.of(value)));
    JsonObject verified = verify(org, claim.getString("id")).object();
    assertEquals("VERIFIED", verified.getString("status"));
    assertNotNull(verified.getString("verifiedAt"));

    JsonObject listed = list(org).getJsonObject(0);
    assertEquals("VERIFIED", listed.getString("status"));
    assertNotNull(listed.getString("lastCheckedAt"));
    assertTrue(auditActions(org).containsAll(List.of("domain.claimed", "domain.verified")));
  }

  @Test
  void recordsSplitIntoSeveralStringsAndBesideOtherRecordsAreFound() throws Exception {
    String split = "split-" + suffix + ".test";
    JsonObject c1 = claim(org, split).object();
    String v1 = c1.getJsonObject("txtRecord").getString("value");
    dns.setTxt(split, List.of(List.of(v1.substring(0, 10), v1.substring(10))));
    assertEquals("VERIFIED", verify(org, c1.getString("id")).object().getString("status"));

    String crowded = "crowded-" + suffix + ".test";
    JsonObject c2 = claim(org, crowded).object();
    String v2 = c2.getJsonObject("txtRecord").getString("value");
    dns.setTxt(
        crowded,
        List.of(
            List.of("v=spf1 -all"),
            List.of(v2 + "-not-exactly"),
            List.of(v2),
            List.of("google-site-verification=abc")));
    assertEquals("VERIFIED", verify(org, c2.getString("id")).object().getString("status"));
  }

  @Test
  void aNearMissIsNotAMatch() throws Exception {
    String domain = "nearmiss-" + suffix + ".test";
    JsonObject c = claim(org, domain).object();
    String value = c.getJsonObject("txtRecord").getString("value");
    dns.setTxt(domain, List.of(List.of(" " + value), List.of(value.toUpperCase())));
    JsonObject after = verify(org, c.getString("id")).object();
    assertEquals("PENDING", after.getString("status"));
    assertEquals("ABSENT", after.getString("lastCheckResult"));
  }

  @Test
  void cnameIsFollowed() throws Exception {
    String domain = "alias-" + suffix + ".test";
    String target = "target-" + suffix + ".test";
    JsonObject c = claim(org, domain).object();
    dns.setCname(domain, target);
    dns.setTxt(target, List.of(List.of(c.getJsonObject("txtRecord").getString("value"))));
    assertEquals("VERIFIED", verify(org, c.getString("id")).object().getString("status"));
  }

  @Test
  void aServerFailureIsNotAbsenceAndChangesNothing() throws Exception {
    JsonObject c = claim(org, "x" + suffix + ".servfail.test").object();
    JsonObject after = verify(org, c.getString("id")).object();
    assertEquals("PENDING", after.getString("status"));
    assertEquals("UNKNOWN", after.getString("lastCheckResult"));
  }

  @Test
  void aVerifiedDomainWhoseRecordDisappearsIsWarnedNotUnverified() throws Exception {
    String domain = "fading-" + suffix + ".test";
    JsonObject c = claim(org, domain).object();
    dns.setTxt(domain, List.of(List.of(c.getJsonObject("txtRecord").getString("value"))));
    verify(org, c.getString("id"));
    dns.deleteTxt(domain);
    JsonObject after = verify(org, c.getString("id")).object();
    assertEquals("VERIFIED", after.getString("status"), "one absence only warns");
    assertEquals("ABSENT", after.getString("lastCheckResult"));
    assertNotNull(after.getString("unverifiesAt"));
    assertTrue(auditActions(org).contains("domain.warning"));
  }

  @Test
  void firstOrganizationToVerifyWinsAndTheOthersAreRejectedWithTheReason() throws Exception {
    String domain = "contested-" + suffix + ".test";
    ClaimsApi.Org rival = createOrg("Rival " + suffix);
    JsonObject mine = claim(org, domain).object();
    JsonObject theirs = claim(rival, domain).object();
    String myValue = mine.getJsonObject("txtRecord").getString("value");
    String theirValue = theirs.getJsonObject("txtRecord").getString("value");
    assertTrue(!myValue.equals(theirValue), "each claim has its own token");
    dns.setTxt(domain, List.of(List.of(myValue), List.of(theirValue)));

    assertEquals("VERIFIED", verify(org, mine.getString("id")).object().getString("status"));
    JsonObject rejected = list(rival).getJsonObject(0);
    assertEquals("REJECTED", rejected.getString("status"));
    assertTrue(rejected.getString("statusReason").contains("verified"), rejected.toString());

    ClaimsApi.Reply again = claim(rival, domain);
    assertEquals(409, again.status());
    assertEquals("domain_taken", again.object().getString("error"));
    ClaimsApi.Reply sub = claim(rival, "eu." + domain);
    assertEquals(409, sub.status());
    assertEquals("parent_domain_taken", sub.object().getString("error"));
    ClaimsApi.Reply verifyRejected = verify(rival, theirs.getString("id"));
    assertEquals(409, verifyRejected.status());
  }

  @Test
  void twoOrganizationsVerifyingAtTheSameMomentCannotBothWin() throws Exception {
    for (int round = 0; round < 3; round++) {
      String domain = "race" + round + "-" + suffix + ".test";
      ClaimsApi.Org a = createOrg("Racer A " + suffix + round);
      ClaimsApi.Org b = createOrg("Racer B " + suffix + round);
      JsonObject ca = claim(a, domain).object();
      JsonObject cb = claim(b, domain).object();
      dns.setTxt(
          domain,
          List.of(
              List.of(ca.getJsonObject("txtRecord").getString("value")),
              List.of(cb.getJsonObject("txtRecord").getString("value"))));
      var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        var fa = pool.submit(() -> verify(a, ca.getString("id")));
        var fb = pool.submit(() -> verify(b, cb.getString("id")));
        fa.get();
        fb.get();
      } finally {
        pool.shutdown();
      }
      // The loser may have lost on the database's constraint (its check rolled back, still
      // PENDING) or seen the winner (REJECTED); a second check settles it as REJECTED.
      verify(a, ca.getString("id"));
      verify(b, cb.getString("id"));
      String sa = list(a).getJsonObject(0).getString("status");
      String sb = list(b).getJsonObject(0).getString("status");
      assertEquals(
          1,
          (sa.equals("VERIFIED") ? 1 : 0) + (sb.equals("VERIFIED") ? 1 : 0),
          "exactly one owner, got " + sa + " and " + sb);
      assertTrue(sa.equals("REJECTED") || sb.equals("REJECTED"), sa + " / " + sb);
    }
  }

  @Test
  void publicSuffixesIpAddressesAndMalformedNamesAreRefusedAndNothingIsCreated() throws Exception {
    for (String bad :
        List.of("co.uk", "github.io", "com", "test", "10.0.0.1", "not a domain", "")) {
      ClaimsApi.Reply r = claim(org, bad);
      assertEquals(400, r.status(), bad + " -> " + r.body());
      assertEquals("invalid_domain", r.object().getString("error"), bad);
    }
    assertEquals(0, list(org).size());
  }

  @Test
  void internationalNamesAreStoredAsPunycode() throws Exception {
    JsonObject c = claim(org, "Bücher-" + suffix + ".TEST.").object();
    assertTrue(c.getString("domain").startsWith("xn--"), c.getString("domain"));
    assertTrue(c.getString("domain").endsWith(".test"), c.getString("domain"));
  }

  @Test
  void theWrongPasswordOrAMemberCannotClaim() throws Exception {
    ClaimsApi.Reply wrong =
        send(
            "POST",
            "/api/v1/organizations/" + org.id() + "/domains",
            org.token(),
            Json.createObjectBuilder()
                .add("domain", "pw-" + suffix + ".test")
                .add("password", "not-the-password")
                .build()
                .toString());
    assertEquals(403, wrong.status());
    assertEquals("reauthentication_failed", wrong.object().getString("error"));

    String memberEmail = "member-" + suffix + "@claims.test";
    send(
        "POST",
        "/api/v1/signup",
        null,
        Json.createObjectBuilder()
            .add("email", memberEmail)
            .add("password", "member-password-1")
            .build()
            .toString());
    ClaimsApi.Reply added =
        send(
            "POST",
            "/api/v1/organizations/" + org.id() + "/members",
            org.token(),
            "{\"email\":\"" + memberEmail + "\",\"role\":\"MEMBER\"}");
    assertEquals(201, added.status(), added.body());
    String memberToken = token(memberEmail, "member-password-1");
    ClaimsApi.Reply byMember =
        send(
            "POST",
            "/api/v1/organizations/" + org.id() + "/domains",
            memberToken,
            "{\"domain\":\"m-" + suffix + ".test\",\"password\":\"member-password-1\"}");
    assertEquals(403, byMember.status());
    assertEquals(0, list(org).size());
  }

  @Test
  void removingAClaimFreesTheDomainAndIsAudited() throws Exception {
    String domain = "gone-" + suffix + ".test";
    JsonObject c = claim(org, domain).object();
    dns.setTxt(domain, List.of(List.of(c.getJsonObject("txtRecord").getString("value"))));
    verify(org, c.getString("id"));
    ClaimsApi.Reply removed =
        send(
            "DELETE",
            "/api/v1/organizations/" + org.id() + "/domains/" + c.getString("id"),
            org.token(),
            null);
    assertEquals(204, removed.status());
    assertEquals(0, list(org).size());
    assertTrue(auditActions(org).contains("domain.removed"));
    ClaimsApi.Org other = createOrg("Next " + suffix);
    assertEquals(201, claim(other, domain).status(), "the domain is free again");
  }

  @Test
  void anotherOrganizationsClaimIsInvisible() throws Exception {
    JsonObject c = claim(org, "private-" + suffix + ".test").object();
    ClaimsApi.Org stranger = createOrg("Stranger " + suffix);
    ClaimsApi.Reply r =
        send(
            "POST",
            "/api/v1/organizations/" + org.id() + "/domains/" + c.getString("id") + "/verify",
            stranger.token(),
            null);
    assertEquals(404, r.status());
    ClaimsApi.Reply viaOwnOrg =
        send(
            "POST",
            "/api/v1/organizations/" + stranger.id() + "/domains/" + c.getString("id") + "/verify",
            stranger.token(),
            null);
    assertEquals(404, viaOwnOrg.status());
  }
}
