package it.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import it.dns.BindServer;
import it.sso.SsoApi.Org;
import it.sso.SsoApi.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Refresh of an IdP's settings from its metadata URL (PRODUCT §6, certificate rollover): the
 * metadata is served by an HTTP server in the test on 127.0.0.1 (the e2e server allows plain http
 * and loopback addresses; production refuses both). "Refresh now" applies the metadata exactly as
 * an import — entity ID, SSO URL and binding, signing certificates — so a login signed by the new
 * key works and one signed by the dropped key is refused; a rollover published later is applied by
 * the periodic refresh (the maintenance run, once the interval has passed); failures name their
 * problem, are recorded on the IdP and change nothing; URLs are validated; tenants are isolated.
 */
class MetadataRefreshIT {

  record Served(int status, byte[] body) {}

  static final Map<String, Served> SERVED = new ConcurrentHashMap<>();
  static HttpServer metadataServer;
  static BindServer dns;
  static SsoOrg sso;

  @BeforeAll
  static void setUp() throws Exception {
    metadataServer =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    metadataServer.createContext(
        "/",
        exchange -> {
          Served s = SERVED.get(exchange.getRequestURI().getPath());
          if (s == null) {
            s = new Served(404, "not here".getBytes(StandardCharsets.UTF_8));
          }
          exchange.getResponseHeaders().set("Content-Type", "application/samlmetadata+xml");
          exchange.sendResponseHeaders(s.status(), s.body().length);
          exchange.getResponseBody().write(s.body());
          exchange.close();
        });
    metadataServer.start();
    dns = BindServer.fromSystemProperty();
    dns.start();
    sso = SsoOrg.create(dns, "https://idp-" + id() + ".test/sso");
  }

  @AfterAll
  static void tearDown() throws Exception {
    SsoApi.setClock(Duration.ZERO);
    metadataServer.stop(0);
    dns.close();
  }

  @Test
  void refreshNowAppliesTheMetadataAndThePeriodicRefreshAppliesARollover() throws Exception {
    String user = sso.member("MEMBER");
    TestIdp rolled = new TestIdp(sso.idp.entityId); // the IdP's new key
    String url = serve(200, SsoApi.metadata(sso.idp.entityId, rolled.certificate));

    Reply set = put(sso.org, Json.createObjectBuilder().add("idpMetadataUrl", url).build());
    assertEquals(200, set.status(), set.body());
    assertEquals(url, set.json().getString("idpMetadataUrl"));
    assertTrue(set.json().isNull("metadataRefreshedAt"));
    assertTrue(set.json().isNull("metadataRefreshError"));

    Reply refreshed = refresh(sso.org);
    assertEquals(200, refreshed.status(), refreshed.body());
    JsonObject s = refreshed.json();
    assertEquals(sso.idp.entityId, s.getString("idpEntityId"));
    assertEquals("https://idp.sso.test/sso/redirect", s.getString("idpSsoUrl"));
    assertEquals("REDIRECT", s.getString("idpSsoBinding"));
    assertEquals(List.of(SsoApi.fingerprint(rolled.certificate)), fingerprints(s));
    assertNotNull(s.getString("metadataRefreshedAt"));
    assertTrue(s.isNull("metadataRefreshError"));
    assertEquals(s, get(sso.org).json(), "the refresh answers what GET shows");
    String audit = sso.audit();
    assertTrue(audit.contains("sso.metadata_refreshed"), audit);
    assertTrue(audit.contains(url), "the audit entry names the URL");

    // the new key logs in; the key the metadata no longer lists does not
    TestIdp.Login byNewKey = sso.login(user, null);
    byNewKey.signer = rolled;
    loggedIn(byNewKey.xml(), user);
    refused(sso.login(user, null).xml());

    // refreshing unchanged metadata changes nothing and audits nothing more
    int entries = count(sso.audit(), "sso.metadata_refreshed");
    assertEquals(200, refresh(sso.org).status());
    assertEquals(entries, count(sso.audit(), "sso.metadata_refreshed"));

    // the IdP publishes its next key next to the current one (rollover)
    TestIdp next = new TestIdp(sso.idp.entityId);
    SERVED.put(
        path(url),
        new Served(200, SsoApi.metadata(sso.idp.entityId, rolled.certificate, next.certificate)));
    SsoApi.maintenance();
    assertEquals(
        List.of(SsoApi.fingerprint(rolled.certificate)),
        fingerprints(get(sso.org).json()),
        "not due yet: refreshed moments ago");
    try {
      SsoApi.setClock(Duration.ofHours(25)); // past the 24-hour interval
      JsonObject run = SsoApi.maintenance();
      assertTrue(run.getInt("metadataRefreshed") >= 1, run.toString());
    } finally {
      SsoApi.setClock(Duration.ZERO);
    }
    JsonObject after = get(sso.org).json();
    assertEquals(
        List.of(SsoApi.fingerprint(rolled.certificate), SsoApi.fingerprint(next.certificate))
            .stream()
            .sorted()
            .toList(),
        fingerprints(after).stream().sorted().toList());
    TestIdp.Login byNextKey = sso.login(user, null);
    byNextKey.signer = next;
    loggedIn(byNextKey.xml(), user);
  }

  @Test
  void aFailedRefreshNamesTheProblemRecordsItAndChangesNothing() throws Exception {
    SsoOrg o = SsoOrg.create(dns, "https://idp-" + id() + ".test/sso");
    JsonObject before = get(o.org).json();
    X509Certificate expired = SsoApi.certificate("expired.sso.test", "-400d", 30);

    String missing = url("/missing-" + id());
    failed(o.org, missing, "metadata_fetch_failed", "404", before);
    failed(o.org, serve(200, "<html>not metadata</html>".getBytes()), "metadata_invalid", before);
    failed(o.org, serve(200, "{{{ garbage".getBytes()), "metadata_invalid", before);
    failed(
        o.org, serve(200, SsoApi.metadata(o.idp.entityId, expired)), "certificate_expired", before);
    failed(o.org, serve(500, "oops".getBytes()), "metadata_fetch_failed", "500", before);
    failed(o.org, serve(302, new byte[0]), "metadata_fetch_failed", "redirect", before);
    failed(o.org, closedPortUrl(), "metadata_fetch_failed", "reached", before);
    failed(
        o.org,
        serve(200, new byte[1024 * 1024 + 1]),
        "metadata_fetch_failed",
        "larger than 1 MB",
        before);

    // the periodic refresh records its failure too: a newly set URL is due at once
    String gone = url("/gone-" + id());
    assertEquals(
        200, put(o.org, Json.createObjectBuilder().add("idpMetadataUrl", gone).build()).status());
    JsonObject run = SsoApi.maintenance();
    assertTrue(run.getInt("metadataRefreshFailed") >= 1, run.toString());
    JsonObject recorded = get(o.org).json();
    assertTrue(recorded.getString("metadataRefreshError").contains("404"), recorded.toString());
    assertTrue(recorded.isNull("metadataRefreshedAt"));
    assertUnchanged(before, recorded);

    // a success clears the error; clearing the URL clears its refresh state
    String good = serve(200, SsoApi.metadata(o.idp.entityId, o.idp.certificate));
    assertEquals(
        200, put(o.org, Json.createObjectBuilder().add("idpMetadataUrl", good).build()).status());
    Reply ok = refresh(o.org);
    assertEquals(200, ok.status(), ok.body());
    assertTrue(ok.json().isNull("metadataRefreshError"));
    Reply cleared = put(o.org, Json.createObjectBuilder().addNull("idpMetadataUrl").build());
    assertTrue(cleared.json().isNull("idpMetadataUrl"), cleared.body());
    assertTrue(cleared.json().isNull("metadataRefreshedAt"));
    Reply none = refresh(o.org);
    assertEquals(409, none.status(), none.body());
    assertEquals("no_metadata_url", none.error());
  }

  @Test
  void invalidUrlsAreRefusedAndChangeNothing() throws Exception {
    Org o = SsoApi.createOrg("ENTERPRISE");
    String good = url("/valid-" + id());
    assertEquals(
        200, put(o, Json.createObjectBuilder().add("idpMetadataUrl", good).build()).status());
    for (String bad :
        List.of(
            "not a url",
            "/relative/metadata",
            "ftp://idp.example.com/metadata",
            "https://",
            "https://user:secret@idp.example.com/metadata",
            "https://idp.example.com/" + "a".repeat(2048))) {
      Reply r =
          put(
              o,
              Json.createObjectBuilder()
                  .add("idpMetadataUrl", bad)
                  .add("idpEntityId", "https://changed.example.com")
                  .build());
      assertEquals(400, r.status(), bad + ": " + r.body());
      assertEquals("invalid_metadata_url", r.error(), r.body());
      JsonObject now = get(o).json();
      assertEquals(good, now.getString("idpMetadataUrl"));
      assertTrue(now.isNull("idpEntityId"), "nothing changed");
    }
    Reply empty = put(o, Json.createObjectBuilder().add("idpMetadataUrl", "").build());
    assertEquals(200, empty.status(), empty.body());
    assertTrue(empty.json().isNull("idpMetadataUrl"));
  }

  @Test
  void anAdditionalIdpRefreshesFromItsOwnUrl() throws Exception {
    Org o = SsoApi.createOrg("ENTERPRISE");
    TestIdp idp = new TestIdp("https://idp-b-" + id() + ".test/saml");
    String url = serve(200, SsoApi.metadata(idp.entityId, idp.certificate));
    Reply created =
        SsoApi.json(
            "POST",
            o.sso() + "/idps",
            o.token(),
            Json.createObjectBuilder().add("name", "IdP B").add("idpMetadataUrl", url).build());
    assertEquals(201, created.status(), created.body());
    String idps = o.sso() + "/idps/" + created.json().getString("id");
    assertEquals(url, created.json().getString("idpMetadataUrl"));

    Reply refreshed = SsoApi.send("POST", idps + "/metadata/refresh", o.token(), null, null);
    assertEquals(200, refreshed.status(), refreshed.body());
    assertEquals(idp.entityId, refreshed.json().getString("idpEntityId"));
    assertEquals(List.of(SsoApi.fingerprint(idp.certificate)), fingerprints(refreshed.json()));
    assertTrue(sso(o).contains("sso.idp.metadata_refreshed"));

    // a rollover, applied by the periodic refresh once due
    TestIdp next = new TestIdp(idp.entityId);
    SERVED.put(path(url), new Served(200, SsoApi.metadata(idp.entityId, next.certificate)));
    try {
      SsoApi.setClock(Duration.ofHours(25));
      SsoApi.maintenance();
    } finally {
      SsoApi.setClock(Duration.ZERO);
    }
    Reply after = SsoApi.send("GET", idps, o.token(), null, null);
    assertEquals(List.of(SsoApi.fingerprint(next.certificate)), fingerprints(after.json()));

    // a failure is recorded on the connection and changes nothing
    SERVED.put(path(url), new Served(404, new byte[0]));
    Reply failed = SsoApi.send("POST", idps + "/metadata/refresh", o.token(), null, null);
    assertEquals(502, failed.status(), failed.body());
    JsonObject kept = SsoApi.send("GET", idps, o.token(), null, null).json();
    assertTrue(kept.getString("metadataRefreshError").contains("404"), kept.toString());
    assertEquals(List.of(SsoApi.fingerprint(next.certificate)), fingerprints(kept));

    // invalid URL on the connection's update
    Reply bad =
        SsoApi.json(
            "PUT",
            idps,
            o.token(),
            Json.createObjectBuilder().add("idpMetadataUrl", "gopher://x").build());
    assertEquals(400, bad.status(), bad.body());
    assertEquals("invalid_metadata_url", bad.error());
  }

  @Test
  void anotherOrganizationCannotRefreshOrSeeTheUrl() throws Exception {
    Org a = SsoApi.createOrg("ENTERPRISE");
    Org b = SsoApi.createOrg("ENTERPRISE");
    String url = serve(200, SsoApi.metadata("https://idp-" + id() + ".test", sso.idp.certificate));
    assertEquals(
        200, put(a, Json.createObjectBuilder().add("idpMetadataUrl", url).build()).status());
    Reply created =
        SsoApi.json(
            "POST",
            a.sso() + "/idps",
            a.token(),
            Json.createObjectBuilder().add("name", "A's IdP").add("idpMetadataUrl", url).build());
    String connection = created.json().getString("id");

    Reply asB = SsoApi.send("POST", a.sso() + "/metadata/refresh", b.token(), null, null);
    assertEquals(404, asB.status(), asB.body());
    Reply connectionAsB =
        SsoApi.send(
            "POST", a.sso() + "/idps/" + connection + "/metadata/refresh", b.token(), null, null);
    assertEquals(404, connectionAsB.status(), connectionAsB.body());
    Reply viaOwnOrg =
        SsoApi.send(
            "POST", b.sso() + "/idps/" + connection + "/metadata/refresh", b.token(), null, null);
    assertEquals(404, viaOwnOrg.status(), viaOwnOrg.body());
    String member = SsoApi.member(a, "MEMBER");
    Reply asMember = SsoApi.send("POST", a.sso() + "/metadata/refresh", member, null, null);
    assertEquals(403, asMember.status(), asMember.body());

    JsonObject untouched = get(a).json();
    assertTrue(untouched.isNull("metadataRefreshedAt"), untouched.toString());
    assertTrue(untouched.isNull("metadataRefreshError"), untouched.toString());
  }

  private static void failed(Org org, String url, String code, JsonObject before) throws Exception {
    failed(org, url, code, "", before);
  }

  private static void failed(Org org, String url, String code, String inMessage, JsonObject before)
      throws Exception {
    assertEquals(
        200, put(org, Json.createObjectBuilder().add("idpMetadataUrl", url).build()).status());
    Reply r = refresh(org);
    assertEquals(502, r.status(), url + ": " + r.body());
    assertEquals(code, r.error(), r.body());
    assertTrue(r.message().contains(inMessage), r.body());
    JsonObject now = get(org).json();
    assertEquals(r.message(), now.getString("metadataRefreshError"));
    assertTrue(now.isNull("metadataRefreshedAt"));
    assertUnchanged(before, now);
  }

  private static void assertUnchanged(JsonObject before, JsonObject now) {
    for (String field : List.of("idpEntityId", "idpSsoUrl", "idpSsoBinding", "certificates")) {
      assertEquals(before.get(field), now.get(field), field + " unchanged");
    }
  }

  private static String serve(int status, byte[] body) {
    String path = "/metadata-" + id();
    SERVED.put(path, new Served(status, body));
    return url(path);
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + metadataServer.getAddress().getPort() + path;
  }

  private static String path(String url) {
    return java.net.URI.create(url).getPath();
  }

  private static String closedPortUrl() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    return "http://127.0.0.1:" + port + "/metadata";
  }

  private static String id() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static Reply put(Org org, JsonObject body) throws Exception {
    return SsoApi.json("PUT", org.sso(), org.token(), body);
  }

  private static Reply get(Org org) throws Exception {
    Reply r = SsoApi.send("GET", org.sso(), org.token(), null, null);
    assertEquals(200, r.status(), r.body());
    return r;
  }

  private static Reply refresh(Org org) throws Exception {
    return SsoApi.send("POST", org.sso() + "/metadata/refresh", org.token(), null, null);
  }

  private static List<String> fingerprints(JsonObject settings) {
    return settings.getJsonArray("certificates").getValuesAs(JsonObject.class).stream()
        .map(c -> c.getString("sha256"))
        .toList();
  }

  private static int count(String text, String word) {
    return text.split(java.util.regex.Pattern.quote(word), -1).length - 1;
  }

  private static String sso(Org o) throws Exception {
    return SsoApi.send(
            "GET", "/api/v1/organizations/" + o.id() + "/audit?format=json", o.token(), null, null)
        .body();
  }

  private static void loggedIn(String xml, String email) throws Exception {
    WebClient browser = new WebClient();
    HttpResponse<String> r =
        browser.postResponseTo(SsoApi.BASE + "/sso/saml/" + sso.org.id() + "/acs", xml, null);
    assertEquals(302, r.statusCode(), r.body());
    HttpResponse<String> page = browser.get("/console/index");
    assertEquals(200, page.statusCode(), "the session works");
    assertTrue(page.body().contains(email), email + " is signed in");
  }

  private static void refused(String xml) throws Exception {
    WebClient browser = new WebClient();
    HttpResponse<String> r =
        browser.postResponseTo(SsoApi.BASE + "/sso/saml/" + sso.org.id() + "/acs", xml, null);
    assertEquals(403, r.statusCode(), r.body());
    assertFalse(r.headers().firstValue("Location").isPresent());
    assertEquals(302, browser.get("/console/index").statusCode(), "no session");
  }
}
