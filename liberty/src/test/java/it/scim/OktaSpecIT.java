package it.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dns.BindServer;
import it.sso.SsoApi;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Okta's "SCIM 2.0 SPEC Test" (a Runscope export, copied unchanged from the published suite into
 * {@code src/test/resources/conformance/}) run step by step against the running server: each
 * request with its headers and body, its variables substituted (as Okta's initial script makes
 * them, with the emails in the organization's verified domain), each assertion checked and each
 * variable extracted from the response. The pauses are skipped (no sleeping in tests), and so is
 * the one assertion on response time, which would be a timed assertion (the benchmark measures
 * speed). Every failing assertion of every step is reported at once.
 */
class OktaSpecIT {

  private static final Pattern VARIABLE = Pattern.compile("\\{\\{([A-Za-z]+)\\}\\}");

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(30))
          .build();

  static BindServer dns;

  @BeforeAll
  static void startDns() throws Exception {
    dns = BindServer.fromSystemProperty();
    dns.start();
  }

  @AfterAll
  static void stopDns() throws Exception {
    dns.close();
  }

  @Test
  void oktaScim20SpecTestPasses() throws Exception {
    ScimOrg scim = ScimOrg.create(dns);
    // Step 1 expects a user with name, emails and active to exist already.
    scim.createUser(scim.email("existing"));

    String random = UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> vars = new HashMap<>();
    vars.put("SCIMBaseURL", SsoApi.BASE + ScimApi.SCIM);
    vars.put("auth", "Bearer " + scim.token);
    vars.put("randomUsername", "runscope" + random + "username@" + scim.domain);
    vars.put("randomUsernameCaps", vars.get("randomUsername").toUpperCase(Locale.ROOT));
    vars.put("randomEmail", "runscope" + random + "email@" + scim.domain);
    vars.put("randomGivenName", "Given" + random);
    vars.put("randomFamilyName", "Family" + random);
    vars.put("InvalidUserEmail", "nobody" + random + "@" + scim.domain);
    vars.put("UserIdThatDoesNotExist", "010101001010101" + random.replaceAll("[^0-9]", "1"));

    JsonObject suite;
    try (InputStream in =
        OktaSpecIT.class.getResourceAsStream("/conformance/Okta-SCIM-20-SPEC-Test.json")) {
      suite = Json.createReader(in).readObject();
    }
    List<String> failures = new ArrayList<>();
    int requests = 0;
    int checked = 0;
    JsonArray steps = suite.getJsonArray("steps");
    for (int i = 0; i < steps.size(); i++) {
      JsonObject step = steps.getJsonObject(i);
      if (!"request".equals(step.getString("step_type", ""))) {
        continue; // pauses
      }
      requests++;
      String name =
          "step " + (i + 1) + " " + step.getString("method") + " " + step.getString("url");
      HttpResponse<String> response = send(step, vars);
      JsonStructure json = parse(response.body());
      for (JsonValue a : step.getJsonArray("assertions")) {
        JsonObject assertion = a.asJsonObject();
        String source = assertion.getString("source");
        if (source.equals("response_time")) {
          continue; // a timed assertion: measured by the benchmark instead
        }
        checked++;
        String problem = check(assertion, response.statusCode(), json, vars);
        if (problem != null) {
          failures.add(
              name
                  + ": "
                  + problem
                  + " — response "
                  + response.statusCode()
                  + " "
                  + response.body());
        }
      }
      for (JsonValue v : step.getJsonArray("variables")) {
        JsonObject variable = v.asJsonObject();
        JsonValue value = path(json, variable.getString("property"));
        if (value != null) {
          vars.put(variable.getString("name"), text(value));
        }
      }
    }
    assertEquals(12, requests, "the suite's twelve requests ran");
    assertTrue(checked > 40, "its assertions were checked: " + checked);
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  private static HttpResponse<String> send(JsonObject step, Map<String, String> vars)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url(substitute(step.getString("url"), vars))))
            .timeout(Duration.ofSeconds(60));
    JsonObject headers = step.getJsonObject("headers");
    for (String header : headers.keySet()) {
      if (header.equalsIgnoreCase("Accept-Charset") || header.equalsIgnoreCase("User-Agent")) {
        b.header(header, headers.getJsonArray(header).getString(0));
        continue;
      }
      b.header(header, substitute(headers.getJsonArray(header).getString(0), vars));
    }
    String body = step.getString("body", "");
    b.method(
        step.getString("method"),
        body.isEmpty()
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(substitute(body, vars)));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** The URL with its query values encoded, as Runscope sends them. */
  private static String url(String raw) {
    int q = raw.indexOf('?');
    if (q < 0) {
      return raw;
    }
    StringBuilder out = new StringBuilder(raw.substring(0, q + 1));
    String[] params = raw.substring(q + 1).split("&");
    for (int i = 0; i < params.length; i++) {
      int eq = params[i].indexOf('=');
      if (i > 0) {
        out.append('&');
      }
      out.append(params[i], 0, eq + 1)
          .append(
              URLEncoder.encode(params[i].substring(eq + 1), StandardCharsets.UTF_8)
                  .replace("+", "%20"));
    }
    return out.toString();
  }

  private static String check(
      JsonObject assertion, int status, JsonStructure json, Map<String, String> vars) {
    String comparison = assertion.getString("comparison");
    String expected =
        assertion.isNull("value") ? null : substitute(text(assertion.get("value")), vars);
    if (assertion.getString("source").equals("response_status")) {
      return comparison.equals("equal_number") && Integer.parseInt(expected) == status
          ? null
          : "status " + status + ", expected " + comparison + " " + expected;
    }
    String property = assertion.getString("property");
    JsonValue actual = path(json, property);
    boolean ok =
        switch (comparison) {
          case "not_empty" -> actual != null && !text(actual).isEmpty() && !isEmptyArray(actual);
          case "is_a_number" -> actual instanceof JsonNumber;
          case "equal" -> actual != null && text(actual).equals(expected);
          case "equal_number" -> actual instanceof JsonNumber n && n.toString().equals(expected);
          case "has_value", "contains" ->
              actual instanceof JsonArray arr
                  ? arr.stream().anyMatch(v -> text(v).equals(expected))
                  : actual != null && text(actual).contains(expected);
          default -> false;
        };
    return ok ? null : property + " is " + actual + ", expected " + comparison + " " + expected;
  }

  /** A Runscope property path such as {@code Resources[0].name.givenName}. */
  private static JsonValue path(JsonStructure json, String property) {
    JsonValue at = json;
    for (String part : property.split("\\.")) {
      Matcher m = Pattern.compile("([^\\[]+)(?:\\[(\\d+)\\])?").matcher(part);
      if (!m.matches() || !(at instanceof JsonObject o) || !o.containsKey(m.group(1))) {
        return null;
      }
      at = o.get(m.group(1));
      if (m.group(2) != null) {
        int index = Integer.parseInt(m.group(2));
        if (!(at instanceof JsonArray arr) || arr.size() <= index) {
          return null;
        }
        at = arr.get(index);
      }
    }
    return at;
  }

  private static JsonStructure parse(String body) {
    try {
      return Json.createReader(new StringReader(body)).read();
    } catch (RuntimeException e) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
  }

  private static boolean isEmptyArray(JsonValue v) {
    return v instanceof JsonArray a && a.isEmpty();
  }

  private static String text(JsonValue v) {
    return v instanceof JsonString s ? s.getString() : v.toString();
  }

  private static String substitute(String s, Map<String, String> vars) {
    Matcher m = VARIABLE.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = vars.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
