package it.domainclaim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dns.BindServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
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

  private static final String BASE = System.getProperty("it.base-url", "http://localhost:9080");
  private static final String OPERATOR = System.getProperty("it.operator-token");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static BindServer dns;

  private String suffix;
  private Org org;

  record Org(String id, String ownerEmail, String password, String token) {}

  record Reply(int status, String body) {
    JsonObject object() {
      return (JsonObject) parse();
    }

    JsonArray array() {
      return (JsonArray) parse();
    }

    private JsonStructure parse() {
      return Json.createReader(new StringReader(body)).read();
    }
  }

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
    Org rival = createOrg("Rival " + suffix);
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

    Reply again = claim(rival, domain);
    assertEquals(409, again.status());
    assertEquals("domain_taken", again.object().getString("error"));
    Reply sub = claim(rival, "eu." + domain);
    assertEquals(409, sub.status());
    assertEquals("parent_domain_taken", sub.object().getString("error"));
    Reply verifyRejected = verify(rival, theirs.getString("id"));
    assertEquals(409, verifyRejected.status());
  }

  @Test
  void publicSuffixesIpAddressesAndMalformedNamesAreRefusedAndNothingIsCreated() throws Exception {
    for (String bad :
        List.of("co.uk", "github.io", "com", "test", "10.0.0.1", "not a domain", "")) {
      Reply r = claim(org, bad);
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
    Reply wrong =
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
    Reply added =
        send(
            "POST",
            "/api/v1/organizations/" + org.id() + "/members",
            org.token(),
            "{\"email\":\"" + memberEmail + "\",\"role\":\"MEMBER\"}");
    assertEquals(201, added.status(), added.body());
    String memberToken = token(memberEmail, "member-password-1");
    Reply byMember =
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
    Reply removed =
        send(
            "DELETE",
            "/api/v1/organizations/" + org.id() + "/domains/" + c.getString("id"),
            org.token(),
            null);
    assertEquals(204, removed.status());
    assertEquals(0, list(org).size());
    assertTrue(auditActions(org).contains("domain.removed"));
    Org other = createOrg("Next " + suffix);
    assertEquals(201, claim(other, domain).status(), "the domain is free again");
  }

  @Test
  void anotherOrganizationsClaimIsInvisible() throws Exception {
    JsonObject c = claim(org, "private-" + suffix + ".test").object();
    Org stranger = createOrg("Stranger " + suffix);
    Reply r =
        send(
            "POST",
            "/api/v1/organizations/" + org.id() + "/domains/" + c.getString("id") + "/verify",
            stranger.token(),
            null);
    assertEquals(404, r.status());
    Reply viaOwnOrg =
        send(
            "POST",
            "/api/v1/organizations/" + stranger.id() + "/domains/" + c.getString("id") + "/verify",
            stranger.token(),
            null);
    assertEquals(404, viaOwnOrg.status());
  }

  // --- helpers ---------------------------------------------------------------------------

  private Reply claim(Org o, String domain) throws Exception {
    return send(
        "POST",
        "/api/v1/organizations/" + o.id() + "/domains",
        o.token(),
        Json.createObjectBuilder()
            .add("domain", domain)
            .add("password", o.password())
            .build()
            .toString());
  }

  private Reply verify(Org o, String claimId) throws Exception {
    return send(
        "POST",
        "/api/v1/organizations/" + o.id() + "/domains/" + claimId + "/verify",
        o.token(),
        null);
  }

  private JsonArray list(Org o) throws Exception {
    Reply r = send("GET", "/api/v1/organizations/" + o.id() + "/domains", o.token(), null);
    assertEquals(200, r.status(), r.body());
    return r.array();
  }

  private List<String> auditActions(Org o) throws Exception {
    Reply r =
        send("GET", "/api/v1/organizations/" + o.id() + "/audit?format=json", o.token(), null);
    assertEquals(200, r.status(), r.body());
    return r.array().stream()
        .map(v -> v.asJsonObject().getString("action"))
        .collect(Collectors.toList());
  }

  private static Org createOrg(String name) throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String email = "owner-" + id + "@claims.test";
    String password = "owner-password-" + id;
    Reply created =
        send(
            "POST",
            "/api/v1/organizations",
            OPERATOR,
            Json.createObjectBuilder()
                .add("name", name)
                .add("plan", "ENTERPRISE")
                .add(
                    "owner",
                    Json.createObjectBuilder().add("email", email).add("password", password))
                .build()
                .toString());
    assertEquals(201, created.status(), created.body());
    return new Org(created.object().getString("id"), email, password, token(email, password));
  }

  private static String token(String email, String password) throws Exception {
    Reply r =
        send(
            "POST",
            "/api/v1/auth/token",
            null,
            Json.createObjectBuilder()
                .add("email", email)
                .add("password", password)
                .build()
                .toString());
    assertEquals(201, r.status(), r.body());
    return r.object().getString("token");
  }

  private static Reply send(String method, String path, String bearer, String json)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(BASE + path));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    if (json != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.body());
  }
}
