package it.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;

import it.dns.BindServer;
import jakarta.json.Json;
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
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** Admin API calls and test certificates (made with the JDK's keytool) for the SSO tests. */
final class SsoApi {

  static final String BASE =
      System.getProperty("it.base-url", "http://localhost:9080").replaceAll("/+$", "");
  static final String OPERATOR = System.getProperty("it.operator-token");
  static final String PEM = "application/x-pem-file";
  static final String DER = "application/pkix-cert";
  static final String METADATA = "application/samlmetadata+xml";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private SsoApi() {}

  record Reply(int status, String contentType, String body) {
    JsonObject json() {
      return (JsonObject) parse();
    }

    String error() {
      return json().getString("error");
    }

    String message() {
      return json().getString("message");
    }

    private JsonStructure parse() {
      return Json.createReader(new StringReader(body)).read();
    }
  }

  record Org(String id, String ownerEmail, String password, String token) {
    String sso() {
      return "/api/v1/organizations/" + id + "/sso";
    }
  }

  static Org createOrg(String plan) throws Exception {
    return createOrg(plan, "SSO " + UUID.randomUUID().toString().substring(0, 8));
  }

  /** An organization with this plan and name, its Owner and the Owner's token. */
  static Org createOrg(String plan, String name) throws Exception {
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
  static String member(Org org, String role) throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    return member(org, role, role.toLowerCase() + "-" + id + "@sso.test");
  }

  /** As {@link #member(Org, String)}, with this email. */
  static String member(Org org, String role, String email) throws Exception {
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

  /**
   * Claims {@code domain} for the organization (Owner with password step-up), publishes the TXT
   * record in the tests' BIND and verifies it: the domain is then the organization's.
   */
  static void verifyDomain(BindServer dns, Org o, String domain) throws Exception {
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

  static String token(String email, String password) throws Exception {
    Reply r =
        json(
            "POST",
            "/api/v1/auth/token",
            null,
            Json.createObjectBuilder().add("email", email).add("password", password).build());
    assertEquals(201, r.status(), r.body());
    return r.json().getString("token");
  }

  static Reply json(String method, String path, String bearer, JsonObject body) throws Exception {
    return send(
        method, path, bearer, "application/json", body == null ? null : body.toString().getBytes());
  }

  static Reply send(String method, String path, String bearer, String contentType, byte[] body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(60));
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
  static X509Certificate certificate(String cn, String startDate, int days) throws Exception {
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

  static String pem(X509Certificate c) throws Exception {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(c.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), String.join(" ", command) + "\n" + output);
  }
}
