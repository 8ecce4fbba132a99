package it.sso;

import static it.sso.SsoApi.PEM;
import static it.sso.SsoApi.errors;
import static it.sso.SsoApi.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.sso.SsoApi.Org;
import it.sso.SsoApi.Reply;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SSO error log: every refused SSO attempt at the postback URL is listed for the organization's
 * Owners and Admins (newest first, with the reference the person saw, the reason, the email when
 * known, the client address) for 7 days, then purged; nobody else reads it.
 */
class SsoErrorLogIT {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private Org org;
  private TestIdp idp;
  private String sp;

  /** An Enterprise organization with SSO on, trusting the test IdP. */
  @BeforeEach
  void organizationWithSsoOn() throws Exception {
    org = SsoApi.createOrg("ENTERPRISE");
    idp = new TestIdp("https://idp-" + UUID.randomUUID().toString().substring(0, 8) + ".test");
    assertEquals(
        201,
        send(
                "POST",
                org.sso() + "/certificates",
                org.token(),
                PEM,
                SsoApi.pem(idp.certificate).getBytes())
            .status());
    Reply on =
        SsoApi.json(
            "PUT",
            org.sso(),
            org.token(),
            Json.createObjectBuilder()
                .add("enabled", true)
                .add("idpEntityId", idp.entityId)
                .add("idpSsoUrl", idp.entityId + "/sso")
                .build());
    assertEquals(200, on.status(), on.body());
    sp = on.json().getString("spEntityId");
  }

  @AfterEach
  void resetClock() throws Exception {
    SsoApi.setClock(Duration.ZERO);
  }

  @Test
  void refusalsAreListedNewestFirstWithReferenceReasonEmailAndAddress() throws Exception {
    Instant before = Instant.now().minusSeconds(5);
    String garbage = refusedPost(org.id(), "this is not a SAML response!");
    String stranger = "ann@elsewhere-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    String foreign = refusedPost(org.id(), TestIdp.encode(idp.login(stranger, sp).xml()));

    Reply r = errors(org.id(), org.token());
    assertEquals(200, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/json"), r.contentType());
    JsonArray log = r.array();
    assertEquals(2, log.size(), r.body());

    JsonObject newest = log.getJsonObject(0);
    assertEquals(foreign, newest.getString("reference"));
    assertTrue(
        newest.getString("reason").contains("is not verified by this organization"),
        newest.toString());
    assertEquals(stranger, newest.getString("email"));
    assertFalse(newest.getString("clientAddress").isBlank());

    JsonObject older = log.getJsonObject(1);
    assertEquals(garbage, older.getString("reference"));
    assertTrue(older.getString("reason").contains("not well-formed XML"), older.toString());
    assertEquals(JsonValue.NULL, older.get("email"), "no email was read");

    Instant newestAt = Instant.parse(newest.getString("occurredAt"));
    Instant olderAt = Instant.parse(older.getString("occurredAt"));
    assertFalse(newestAt.isBefore(olderAt), "newest first");
    assertTrue(olderAt.isAfter(before), olderAt.toString());
  }

  @Test
  void idpInitiatedLoginsTurnedOffAreRefusedAndLogged() throws Exception {
    Reply off =
        SsoApi.json(
            "PUT",
            org.sso(),
            org.token(),
            Json.createObjectBuilder().add("allowIdpInitiated", false).build());
    assertEquals(200, off.status(), off.body());
    assertFalse(off.json().getBoolean("allowIdpInitiated"));
    assertTrue(off.json().getBoolean("enabled"), "nothing else changed");

    String reference =
        refusedPost(org.id(), TestIdp.encode(idp.login("ann@anywhere.test", sp).xml()));
    JsonObject entry = errors(org.id(), org.token()).array().getJsonObject(0);
    assertEquals(reference, entry.getString("reference"));
    assertEquals(
        "IdP-initiated logins are turned off for this organization.", entry.getString("reason"));

    Reply audit =
        send(
            "GET",
            "/api/v1/organizations/" + org.id() + "/audit?format=json",
            org.token(),
            null,
            null);
    JsonObject updated =
        audit.array().stream()
            .map(JsonValue::asJsonObject)
            .filter(e -> e.getString("action").equals("sso.updated"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(audit.body()));
    JsonObject after = Json.createReader(new StringReader(updated.getString("after"))).readObject();
    assertFalse(after.getBoolean("allowIdpInitiated"), "the change is audited: " + after);
  }

  @Test
  void onlyTheOrganizationsOwnersAndAdminsReadIt() throws Exception {
    String reference = refusedPost(org.id(), "garbage");
    String admin = SsoApi.member(org, "ADMIN");
    String member = SsoApi.member(org, "MEMBER");
    assertTrue(errors(org.id(), admin).body().contains(reference), "an Admin reads it");

    Reply asMember = errors(org.id(), member);
    assertEquals(403, asMember.status(), asMember.body());
    assertFalse(asMember.body().contains(reference));

    Org other = SsoApi.createOrg("ENTERPRISE");
    Reply asOutsider = errors(org.id(), other.token());
    assertEquals(404, asOutsider.status(), asOutsider.body());
    assertEquals("not_found", asOutsider.error());
    Reply ownLog = errors(other.id(), other.token());
    assertEquals(200, ownLog.status(), ownLog.body());
    assertEquals(0, ownLog.array().size(), "another organization's refusals stay theirs");

    Reply anonymous = errors(org.id(), null);
    assertEquals(401, anonymous.status(), anonymous.body());

    Org free = SsoApi.createOrg("FREE");
    Reply freePlan = errors(free.id(), free.token());
    assertEquals(403, freePlan.status(), freePlan.body());
    assertEquals("plan_required", freePlan.error());
  }

  @Test
  void entriesShowForSevenDaysAndAreThenPurged() throws Exception {
    String reference = refusedPost(org.id(), "garbage");

    SsoApi.setClock(Duration.ofDays(7).minusHours(1));
    org = org.relogin();
    assertTrue(references(org).contains(reference), "still shown on the seventh day");

    SsoApi.setClock(Duration.ofDays(7).plusMinutes(5));
    org = org.relogin();
    assertFalse(references(org).contains(reference), "no longer shown after 7 days");
    JsonObject run = SsoApi.maintenance();
    assertTrue(run.getInt("errorsPurged") >= 1, run.toString());

    SsoApi.setClock(Duration.ZERO);
    assertFalse(references(org).contains(reference), "purged, not only hidden");
    // a refusal after the purge is logged as before
    String later = refusedPost(org.id(), "garbage again");
    assertEquals(List.of(later), references(org));
  }

  private static List<String> references(Org org) throws Exception {
    Reply r = errors(org.id(), org.token());
    assertEquals(200, r.status(), r.body());
    return r.array().stream().map(v -> v.asJsonObject().getString("reference")).toList();
  }

  /** Posts {@code samlResponse} to the postback URL; answers the reference the error page shows. */
  static String refusedPost(String orgId, String samlResponse) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(SsoApi.BASE + "/sso/saml/" + orgId + "/acs"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "SAMLResponse=" + URLEncoder.encode(samlResponse, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(403, r.statusCode(), r.body());
    Matcher ref = Pattern.compile("id=\"reference\">([0-9a-f]{8})<").matcher(r.body());
    assertTrue(ref.find(), r.body());
    return ref.group(1);
  }
}
