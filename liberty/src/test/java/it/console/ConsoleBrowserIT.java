package it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser (Debian's Chromium, headless) against the running server: an
 * Owner changes a member's role and finds the change in the audit log; a plain Member cannot open
 * Organization Settings; a wrong password gets the generic answer.
 */
@ExtendWith(ConsoleBrowserIT.EvidenceOnFailure.class)
class ConsoleBrowserIT {

  private static final String BASE = System.getProperty("it.base-url", "http://localhost:9080");
  private static final String OPERATOR_TOKEN = System.getProperty("it.operator-token");
  private static final String OWNER = "owner@acme.test";
  private static final String MEMBER = "member@acme.test";

  private final HttpClient http = HttpClient.newHttpClient();
  private Path profile;
  private WebDriver driver;
  private WebDriverWait wait;
  private Runnable restore = () -> {};

  @BeforeEach
  void openBrowser() throws IOException {
    profile = Files.createTempDirectory("console-it-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--window-size=1440,1000",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    wait.ignoring(StaleElementReferenceException.class);
  }

  @AfterEach
  void closeBrowser() throws IOException {
    try {
      restore.run();
    } finally {
      if (driver != null) {
        driver.quit();
      }
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  @Test
  void ownerChangesMemberRoleAndFindsItInTheAuditLog() throws Exception {
    login(OWNER, System.getProperty("it.demo-owner-password"));

    WebElement acme =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.xpath(
                    "//div[contains(@class,'pc-org')][.//span[contains(@class,'pc-org-name')"
                        + " and normalize-space()='Acme']]")));
    acme.findElement(By.cssSelector("a[id$=':settings']")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("members:membersTable")));
    String organizationId = queryParameter(driver.getCurrentUrl(), "org");

    String before = roleShownFor(MEMBER);
    String after = before.equals("Member") ? "Admin" : "Member";
    restoreRoleAfterwards(organizationId, MEMBER, before);

    String menuId =
        memberRow(MEMBER).findElement(By.cssSelector("div.pc-role-menu")).getAttribute("id");
    choose(menuId, after);
    memberRow(MEMBER).findElement(By.cssSelector("button[id$=':saveRole']")).click();

    wait.until(d -> roleShownFor(MEMBER).equals(after));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), MEMBER + " is now " + after + "."));

    driver.findElement(By.linkText("Audit Log")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("audit:auditTable")));
    driver.findElement(By.id("audit:action")).sendKeys("member.role_changed");
    driver.findElement(By.id("audit:target")).sendKeys(MEMBER);
    driver.findElement(By.id("audit:search")).click();

    // Read the row's cells in the same attempt that matches it: the search re-renders the table,
    // and an element found before that would be stale.
    List<String> newest =
        wait.until(
            d -> {
              List<WebElement> rows = d.findElements(By.cssSelector("tr.pc-audit-row"));
              if (rows.isEmpty()) {
                return null;
              }
              WebElement row = rows.get(0);
              List<String> cells =
                  List.of(
                      cell(row, "pc-audit-action"),
                      cell(row, "pc-audit-target"),
                      cell(row, "pc-audit-after"),
                      cell(row, "pc-audit-actor"),
                      cell(row, "pc-audit-before"),
                      cell(row, "pc-audit-client"));
              return cells.get(0).equals("member.role_changed")
                      && cells.get(1).equals("member: " + MEMBER)
                      && cells.get(2).equals("role: " + after.toUpperCase())
                  ? cells
                  : null;
            });
    assertEquals(OWNER, newest.get(3));
    assertEquals("role: " + before.toUpperCase(), newest.get(4));
    assertFalse(newest.get(5).isBlank(), "the client address is recorded");

    Path screenshot = Path.of(System.getProperty("it.build-dir", "target"), "console-audit.png");
    Files.createDirectories(screenshot.getParent());
    Files.copy(
        ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE).toPath(),
        screenshot,
        StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void memberCannotOpenOrganizationSettings() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String orgName = "Console IT " + suffix;
    String owner = "owner-" + suffix + "@console-it.test";
    String member = "member-" + suffix + "@console-it.test";
    String password = "Member-password-" + suffix;
    String orgId =
        api(
                "POST",
                "/api/v1/organizations",
                OPERATOR_TOKEN,
                Json.createObjectBuilder()
                    .add("name", orgName)
                    .add("plan", "FREE")
                    .add(
                        "owner",
                        Json.createObjectBuilder()
                            .add("email", owner)
                            .add("firstName", "Olga")
                            .add("lastName", "Owner")
                            .add("password", "Owner-password-" + suffix))
                    .build(),
                201)
            .getString("id");
    signUp(member, password);
    api(
        "POST",
        "/api/v1/organizations/" + orgId + "/members",
        OPERATOR_TOKEN,
        Json.createObjectBuilder().add("email", member).add("role", "MEMBER").build(),
        201);

    login(member, password);
    WebElement card =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.xpath(
                    "//div[contains(@class,'pc-org')][.//span[contains(@class,'pc-org-name')"
                        + " and normalize-space()='"
                        + orgName
                        + "']]")));
    assertEquals("Member", card.findElement(By.cssSelector(".pc-org-role")).getText());
    assertTrue(
        card.findElements(By.cssSelector("a[id$=':settings']")).isEmpty(),
        "a Member is not offered Organization Settings");

    for (String section : List.of("members", "projects", "access-security", "audit")) {
      String url = BASE + "/console/settings/" + section + "?org=" + orgId;
      driver.get(url);
      WebElement title =
          wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("errorTitle")));
      assertEquals("Not allowed", title.getText(), section);
      assertTrue(driver.findElements(By.id("members:membersTable")).isEmpty(), section);
      assertTrue(driver.findElements(By.id("audit:auditTable")).isEmpty(), section);
      assertFalse(driver.getPageSource().contains(owner), section + " shows no member data");
      assertEquals(403, statusWithBrowserSession(url), section);
    }

    driver.get(BASE + "/console/index");
    wait.until(ExpectedConditions.elementToBeClickable(By.id("logoutForm:logout"))).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login:email")));
    driver.get(BASE + "/console/index");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login:email")));
    assertTrue(driver.getCurrentUrl().endsWith("/login"), driver.getCurrentUrl());
  }

  @Test
  void wrongPasswordGetsTheGenericErrorAndNoSession() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String email = "wrong-" + suffix + "@console-it.test";
    signUp(email, "Right-password-" + suffix);

    login(email, "Wrong-password-" + suffix);
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("login:messages"), "The email or password is not correct."));
    assertTrue(driver.findElement(By.id("login:password")).isDisplayed(), "still on the login");

    driver.get(BASE + "/console/index");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login:email")));
    assertTrue(driver.getCurrentUrl().endsWith("/login"), driver.getCurrentUrl());
  }

  @Test
  void signUpWithAnOrganizationLogsInAsItsOwner() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String email = "signup-" + suffix + "@console-it.test";
    String orgName = "Signup IT " + suffix;
    driver.get(BASE + "/signup");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signup:email")))
        .sendKeys(email);
    driver.findElement(By.id("signup:password")).sendKeys("short");
    driver.findElement(By.id("signup:firstName")).sendKeys("Sam");
    driver.findElement(By.id("signup:lastName")).sendKeys("Signup");
    driver.findElement(By.id("signup:organizationName")).sendKeys(orgName);
    driver.findElement(By.id("signup:create")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("signup:messages"), "The password must have at least"));

    driver.findElement(By.id("signup:password")).sendKeys("Signup-password-" + suffix);
    driver.findElement(By.id("signup:create")).click();
    WebElement card =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.xpath(
                    "//div[contains(@class,'pc-org')][.//span[contains(@class,'pc-org-name')"
                        + " and normalize-space()='"
                        + orgName
                        + "']]")));
    assertEquals("Owner", card.findElement(By.cssSelector(".pc-org-role")).getText());
    assertFalse(card.findElements(By.cssSelector("a[id$=':settings']")).isEmpty());
    assertTrue(driver.findElement(By.id("messages")).getText().contains("Welcome!"));
    assertEquals(email, driver.findElement(By.id("currentUser")).getText());
  }

  private void login(String email, String password) {
    driver.get(BASE + "/login");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login:email"))).sendKeys(email);
    driver.findElement(By.id("login:next")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login:password")))
        .sendKeys(password);
    driver.findElement(By.id("login:submit")).click();
  }

  /**
   * Picks an item of a PrimeFaces selectOneMenu as a user does: open it, wait until its panel has
   * finished its opening transition (it scales in, so an early click lands beside the item), click
   * the item.
   */
  private void choose(String menuId, String label) {
    driver.findElement(By.id(menuId)).click();
    WebElement panel =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(menuId + "_panel")));
    wait.until(
        ExpectedConditions.attributeContains(panel, "class", "ui-connected-overlay-enter-done"));
    panel.findElement(By.cssSelector("li[data-label='" + label + "']")).click();
    wait.until(ExpectedConditions.invisibilityOf(panel));
    assertEquals(label, driver.findElement(By.id(menuId + "_label")).getText());
  }

  private WebElement memberRow(String email) {
    return wait.until(
        ExpectedConditions.visibilityOfElementLocated(
            By.xpath(
                "//tbody[@id='members:membersTable_data']/tr[.//span[contains(@class,"
                    + "'pc-member-email') and normalize-space()='"
                    + email
                    + "']]")));
  }

  private String roleShownFor(String email) {
    return memberRow(email).findElement(By.cssSelector("span[id$=':roleBadge']")).getText();
  }

  private static String cell(WebElement row, String styleClass) {
    return row.findElement(By.cssSelector("." + styleClass)).getText().strip();
  }

  /** Puts the demo member's role back through the admin API, so other tests find the seed. */
  private void restoreRoleAfterwards(String organizationId, String email, String role) {
    restore =
        () -> {
          try {
            String userId = null;
            for (JsonValue m :
                Json.createReader(
                        new StringReader(
                            send(
                                    "GET",
                                    "/api/v1/organizations/" + organizationId + "/members",
                                    OPERATOR_TOKEN,
                                    null)
                                .body()))
                    .readArray()) {
              if (m.asJsonObject().getString("email").equals(email)) {
                userId = m.asJsonObject().getString("userId");
              }
            }
            api(
                "PATCH",
                "/api/v1/organizations/" + organizationId + "/members/" + userId,
                OPERATOR_TOKEN,
                Json.createObjectBuilder().add("role", role.toUpperCase()).build(),
                200);
          } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("could not restore the role of " + email, e);
          }
        };
  }

  /** The status of a GET with the browser's session cookie (the browser does not expose it). */
  private int statusWithBrowserSession(String url) throws IOException, InterruptedException {
    Cookie session = driver.manage().getCookieNamed("JSESSIONID");
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Cookie", "JSESSIONID=" + session.getValue())
            .GET()
            .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private void signUp(String email, String password) throws IOException, InterruptedException {
    api(
        "POST",
        "/api/v1/signup",
        null,
        Json.createObjectBuilder()
            .add("email", email)
            .add("password", password)
            .add("firstName", "Test")
            .add("lastName", "User")
            .build(),
        201);
  }

  private JsonObject api(String method, String path, String token, JsonObject body, int expected)
      throws IOException, InterruptedException {
    HttpResponse<String> response = send(method, path, token, body);
    assertEquals(expected, response.statusCode(), method + " " + path + ": " + response.body());
    return Json.createReader(new StringReader(response.body())).readObject();
  }

  private HttpResponse<String> send(String method, String path, String token, JsonObject body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(BASE + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.toString()));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String queryParameter(String url, String name) {
    String query = URI.create(url).getRawQuery();
    for (String pair : query == null ? new String[0] : query.split("&")) {
      String[] kv = pair.split("=", 2);
      if (kv[0].equals(name) && kv.length == 2) {
        return URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no '" + name + "' in " + url);
  }

  /** Keeps a screenshot and the page source of a failed test in the build directory. */
  static class EvidenceOnFailure implements AfterTestExecutionCallback {
    @Override
    public void afterTestExecution(ExtensionContext context) throws Exception {
      if (context.getExecutionException().isEmpty()) {
        return;
      }
      ConsoleBrowserIT test = (ConsoleBrowserIT) context.getRequiredTestInstance();
      if (test.driver == null) {
        return;
      }
      Path dir = Path.of(System.getProperty("it.build-dir", "target"), "console-failures");
      Files.createDirectories(dir);
      String name = context.getRequiredTestMethod().getName();
      Files.copy(
          ((ChromeDriver) test.driver).getScreenshotAs(OutputType.FILE).toPath(),
          dir.resolve(name + ".png"),
          StandardCopyOption.REPLACE_EXISTING);
      Files.writeString(
          dir.resolve(name + ".html"),
          test.driver.getCurrentUrl() + "\n" + test.driver.getPageSource(),
          StandardCharsets.UTF_8);
    }
  }
}
