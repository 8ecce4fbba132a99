package it.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dns.BindServer;
import it.sso.SsoApi;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Microsoft Entra's reference SCIM Postman collection (from AzureAD/SCIMReferenceCode, copied
 * unchanged into {@code src/test/resources/conformance/}) run by newman, pinned in {@code
 * src/test/newman} and installed by the build with {@code npm ci}, against the running server. Its
 * users' emails are fixed in real-looking domains (bob.com, example.com, gmail.com...): the test's
 * own DNS server serves those zones, so the organization verifies them as any customer would.
 *
 * <p>Every request and every test of the collection must pass, except exactly the deviations listed
 * in {@link #DEVIATIONS}, each a request and its test, with the reason in the README (SCIM Users
 * and Groups). A deviation that starts to pass fails this test too, so the list stays true.
 */
class EntraPostmanIT {

  /** The domains of the emails the collection's users are created with (their primary email). */
  static final String[] DOMAINS = {
    "bob.com", "bob2.com", "bobreplace.com", "example.com", "gmail.com"
  };

  /**
   * The collection's failures that are by design, as "request / test" (a request that appears twice
   * in the collection is listed once per failing run). See the README for why.
   */
  static final List<String> DEVIATIONS =
      List.of(
          // 1. One email is one person: a second user with the same primary email in the
          //    organization is a 409 uniqueness (the collection reuses testing@bob2.com and
          //    anna33@gmail.com). Then the ids it saves are null: requests that use them fail.
          "Create user 4 for group 2 / Status code is 201",
          "Put replace group3 / Status code is 200",
          "Validate group 3 / Body contians user id3",
          "Delete user id4 / Status code is 204",
          "Post emp2 / Status code is 201",
          "Post emp3 / Status code is 201",
          "Post enterprise user / Status code is 201",
          "Paginate / Total results",
          "get user attributes / Total results",
          "filter greater than / Total results",
          "Delete user3 emp2 / Status code is 204",
          "Delete user4 emp3 / Status code is 204",
          "Delete enterprise user / Status code is 204",
          // 2. The login email must be an email: a primary email "emailName357" is a 400.
          "create user1 / Status code is 201",
          "Get user attributes / Body contians User1 email",
          "Get user via attributes filter / Body contians User1 email",
          "Delete User1 / Status code is 204",
          // 3. PATCH answers 200 with the resource (RFC 7644 §3.5.2 allows 200 or 204).
          "Patch user omalley new username / Status code is 204",
          "patch user omalley active with boolean / Status code is 204",
          // 4. name.formatted is derived from givenName and familyName, not stored.
          "Get user2 Check replace / Name is updated",
          // 5. addresses are accepted and ignored (not stored, so not returned).
          "Put a user OMalley / Body contians Germany",
          // 6. name.familyName is not indexed, so not filterable: 400 invalidFilter.
          "filter eq and (val or val) / Total results",
          // 7. Members must be Users of the organization: made-up ids ("string id 1") are a 400.
          "Group patch add member / Status code is 204",
          "Group patch add member2 / Status code is 204",
          // 8. A member's display is its User's userName, not what the client sent ("new User")
          //    (and user 4 does not exist, see 1).
          "Get group by id / Body contians user");

  static BindServer dns;

  @BeforeAll
  static void startDns() throws Exception {
    dns = BindServer.fromSystemProperty().withZones(DOMAINS);
    dns.start();
  }

  @AfterAll
  static void stopDns() throws Exception {
    dns.close();
  }

  @Test
  void microsoftReferenceCollectionPassesExceptDocumentedDeviations() throws Exception {
    ScimOrg scim = ScimOrg.create(dns);
    for (String domain : DOMAINS) {
      SsoApi.verifyDomain(dns, scim.org, domain);
    }

    Path newmanDir = Path.of(System.getProperty("it.newman-dir"));
    assertTrue(
        Files.isDirectory(newmanDir.resolve("node_modules/newman")),
        "newman is installed by the build (npm ci in " + newmanDir + ")");
    Path collection = newmanDir.resolve("entra-reference-PostmanCollection.json");
    try (InputStream in =
        EntraPostmanIT.class.getResourceAsStream(
            "/conformance/entra-reference-PostmanCollection.json")) {
      Files.copy(in, collection, StandardCopyOption.REPLACE_EXISTING);
    }
    Path report = newmanDir.resolve("entra-report.json");
    Path output = newmanDir.resolve("entra-output.txt");
    Files.deleteIfExists(report);
    ProcessBuilder pb =
        new ProcessBuilder(
                "node", "run-entra.js", collection.toString(), report.toString(), SsoApi.BASE)
            .directory(newmanDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    pb.environment().put("PORTCULLIS_SCIM_TOKEN", scim.token);
    pb.environment().put("NO_COLOR", "1");
    Process newman = pb.start();
    assertTrue(newman.waitFor(10, TimeUnit.MINUTES), "newman finished");
    String log = Files.readString(output, StandardCharsets.UTF_8);
    assertEquals(0, newman.exitValue(), log);
    assertTrue(Files.exists(report), "newman wrote its JSON report\n" + log);

    JsonObject run;
    try (InputStream in = Files.newInputStream(report)) {
      run = Json.createReader(in).readObject().getJsonObject("run");
    }
    JsonObject stats = run.getJsonObject("stats");
    // The collection as published less its "Get Token" folder: 78 requests, 107 tests.
    assertEquals(78, stats.getJsonObject("requests").getInt("total"), "requests run\n" + log);
    assertEquals(107, stats.getJsonObject("assertions").getInt("total"), "tests run\n" + log);

    // what each request got, to explain an unexpected failure without opening the report
    Map<String, String> answers = new HashMap<>();
    for (JsonValue v : run.getJsonArray("executions")) {
      JsonObject execution = v.asJsonObject();
      JsonObject response = execution.getJsonObject("response");
      String answer = "no response";
      if (response != null) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (response.containsKey("stream")) {
          for (JsonValue b : response.getJsonObject("stream").getJsonArray("data")) {
            bytes.write(((JsonNumber) b).intValue());
          }
        }
        String body = bytes.toString(StandardCharsets.UTF_8);
        answer = response.getInt("code", 0) + " " + body.substring(0, Math.min(body.length(), 300));
      }
      answers.put(execution.getJsonObject("cursor").getString("ref", ""), answer);
    }

    List<String> failures = new ArrayList<>();
    List<String> explained = new ArrayList<>();
    for (JsonValue v : run.getJsonArray("failures")) {
      JsonObject failure = v.asJsonObject();
      JsonObject error = failure.getJsonObject("error");
      String what =
          error.containsKey("test") && !error.isNull("test")
              ? error.getString("test")
              : failure.getString("at", "") + " " + error.getString("name", "error");
      String name = failure.getJsonObject("source").getString("name") + " / " + what;
      failures.add(name);
      explained.add(
          name + " — " + answers.get(failure.getJsonObject("cursor").getString("ref", "")));
    }
    List<String> unexpected = new ArrayList<>(explained);
    for (String deviation : DEVIATIONS) {
      unexpected.stream()
          .filter(e -> e.startsWith(deviation + " — "))
          .findFirst()
          .ifPresent(unexpected::remove);
    }
    List<String> nowPassing = new ArrayList<>(DEVIATIONS);
    failures.forEach(nowPassing::remove);
    assertTrue(
        unexpected.isEmpty() && nowPassing.isEmpty(),
        "unexpected failures:\n  "
            + String.join("\n  ", unexpected)
            + "\ndocumented deviations that now pass (remove them from DEVIATIONS and the README):\n  "
            + String.join("\n  ", nowPassing)
            + "\nall failures:\n  "
            + String.join("\n  ", explained)
            + "\n"
            + log);
  }
}
