package it.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Admin API calls, test certificates (made with the JDK's keytool) and IdP metadata for the SSO
 * tests, the console's included.
 */
public final class SsoApi {

  public static final String BASE =
      System.getProperty("it.base-url", "http://localhost:9080").replaceAll("/+$", "");
  public static final String OPERATOR = System.getProperty("it.operator-token");
  public static final String PEM = "application/x-pem-file";
  static final String DER = "application/pkix-cert";
  public static final String METADATA = "application/samlmetadata+xml";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private SsoApi() {}

  public record Reply(int status, String contentType, String body) {
    public JsonObject json() {
      return (JsonObject) parse();
    }

    public JsonArray array() {
      return (JsonArray) parse();
    }

    public String error() {
      return json().getString("error");
    }

    public String message() {
      return json().getString("message");
    }

    private JsonStructure parse() {
      return Json.createReader(new StringReader(body)).read();
    }
  }

  public record Org(String id, String ownerEmail, String password, String token) {
    public String sso() {
      return "/api/v1/organizations/" + id + "/sso";
    }

    /** The same organization with a fresh token (after the clock moved past the old one's). */
    public Org relogin() throws Exception {
      return new Org(id, ownerEmail, password, SsoApi.token(ownerEmail, password));
    }
  }

  public static Org createOrg(String plan) throws Exception {
    return createOrg(plan, "SSO " + UUID.randomUUID().toString().substring(0, 8));
  }

  /** An organization with this plan and name, its Owner and the Owner's token. */
  public static Org createOrg(String plan, String name) throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String email = "owner-" + id + "@sso.test";
    String password = "owner-password-" + id;
    Reply created =
        json(
            "POST",
            "/api/v1/organizations",
            OPERATOR,
            Json.createObjectBuilder()
                .add("name", name)
                .add("plan", plan)
                .add(
                    "owner",
                    Json.createObjectBuilder().add("email", email).add("password", password))
                .build());
    assertEquals(201, created.status(), created.body());
    return new Org(created.json().getString("id"), email, password, token(email, password));
  }

  /** A new user with a password, added to {@code org} with {@code role}; returns their token. */
  public static String member(Org org, String role) throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    return member(org, role, role.toLowerCase() + "-" + id + "@sso.test");
  }

  /** As {@link #member(Org, String)}, with this email. */
  public static String member(Org org, String role, String email) throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String password = "member-password-" + id;
    Reply signup =
        json(
            "POST",
            "/api/v1/signup",
            null,
            Json.createObjectBuilder()
                .add("email", email)
                .add("password", password)
                .add("firstName", "Sso")
                .add("lastName", "Tester")
                .build());
    assertEquals(201, signup.status(), signup.body());
    Reply added =
        json(
            "POST",
            "/api/v1/organizations/" + org.id() + "/members",
            org.token(),
            Json.createObjectBuilder().add("email", email).add("role", role).build());
    assertEquals(201, added.status(), added.body());
    return token(email, password);
  }

  /** Moves the server's clock (testing switch) to real time plus {@code offset}. */
  public static void setClock(Duration offset) throws Exception {
    Reply r =
        json(
            "PUT",
            "/api/v1/testing/clock",
            OPERATOR,
            Json.createObjectBuilder().add("offset", offset.toString()).build());
    assertEquals(200, r.status(), r.body());
  }

  /**
   * Runs the SSO housekeeping the hourly timer runs: expiry warnings due, error log purge. Answers
   * {@code {"certificateWarnings","errorsPurged"}}.
   */
  public static JsonObject maintenance() throws Exception {
    Reply r = send("POST", "/api/v1/testing/sso-maintenance", OPERATOR, null, null);
    assertEquals(200, r.status(), r.body());
    return r.json();
  }

  /** The SSO error log of {@code org}, read with {@code token}. */
  public static Reply errors(String orgId, String token) throws Exception {
    return send("GET", "/api/v1/organizations/" + orgId + "/sso/errors", token, null, null);
  }

  /**
   * Claims {@code domain} for the organization (Owner with password step-up), publishes the TXT
   * record in the tests' BIND and verifies it: the domain is then the organization's.
   */
  public static void verifyDomain(BindServer dns, Org o, String domain) throws Exception {
    Reply claim =
        json(
            "POST",
            "/api/v1/organizations/" + o.id() + "/domains",
            o.token(),
            Json.createObjectBuilder().add("domain", domain).add("password", o.password()).build());
    assertEquals(201, claim.status(), claim.body());
    JsonObject c = claim.json();
    dns.setTxt(domain, List.of(List.of(c.getJsonObject("txtRecord").getString("value"))));
    Reply verified =
        send(
            "POST",
            "/api/v1/organizations/" + o.id() + "/domains/" + c.getString("id") + "/verify",
            o.token(),
            null,
            null);
    assertEquals("VERIFIED", verified.json().getString("status"), verified.body());
  }

  public static String token(String email, String password) throws Exception {
    Reply r =
        json(
            "POST",
            "/api/v1/auth/token",
            null,
            Json.createObjectBuilder().add("email", email).add("password", password).build());
    assertEquals(201, r.status(), r.body());
    return r.json().getString("token");
  }

  public static Reply json(String method, String path, String bearer, JsonObject body)
      throws Exception {
    return send(
        method, path, bearer, "application/json", body == null ? null : body.toString().getBytes());
  }

  /** A request to a path of the server under test, or to an absolute URL (a cluster's server). */
  public static Reply send(
      String method, String path, String bearer, String contentType, byte[] body) throws Exception {
    URI uri = URI.create(path.startsWith("http") ? path : BASE + path);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<String> r =
        HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
  }

  /** A self-signed certificate from keytool, valid from {@code startDate} for {@code days}. */
  public static X509Certificate certificate(String cn, String startDate, int days)
      throws Exception {
    Path dir = Files.createTempDirectory("sso-cert");
    Path store = dir.resolve("k.p12");
    Path out = dir.resolve("c.pem");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    List<String> gen = new ArrayList<>();
    gen.addAll(
        List.of(
            keytool,
            "-genkeypair",
            "-alias",
            "k",
            "-keyalg",
            "RSA",
            "-keysize",
            "2048",
            "-dname",
            "CN=" + cn,
            "-validity",
            Integer.toString(days),
            "-keystore",
            store.toString(),
            "-storetype",
            "PKCS12",
            "-storepass",
            "changeit"));
    if (startDate != null) {
      gen.addAll(List.of("-startdate", startDate));
    }
    run(gen);
    run(
        List.of(
            keytool,
            "-exportcert",
            "-rfc",
            "-alias",
            "k",
            "-keystore",
            store.toString(),
            "-storepass",
            "changeit",
            "-file",
            out.toString()));
    try (var in = Files.newInputStream(out)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  public static String pem(X509Certificate c) throws Exception {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(c.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  /** The SHA-256 fingerprint as Portcullis shows it: upper-case hex pairs with colons. */
  public static String fingerprint(X509Certificate c) throws Exception {
    return HexFormat.ofDelimiter(":")
        .withUpperCase()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
  }

  /** IdP metadata as IdPs publish it: signing keys, Redirect and POST SSO services. */
  public static byte[] metadata(String entityId, X509Certificate... signing) throws Exception {
    StringBuilder keys = new StringBuilder();
    for (X509Certificate c : signing) {
      keys.append("<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>")
          .append(Base64.getMimeEncoder().encodeToString(c.getEncoded()))
          .append("</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>");
    }
    String xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\""
            + " xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\""
            + entityId
            + "\">"
            + "<md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
            + keys
            + "<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>"
            + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\""
            + " Location=\"https://idp.sso.test/sso/post\"/>"
            + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\""
            + " Location=\"https://idp.sso.test/sso/redirect\"/>"
            + "</md:IDPSSODescriptor></md:EntityDescriptor>";
    return xml.getBytes(StandardCharsets.UTF_8);
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), String.join(" ", command) + "\n" + output);
  }
}
