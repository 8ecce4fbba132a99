package it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser (Debian's Chromium, headless) against the running server: an
 * Owner changes a member's role and finds the change in the audit log; an Owner gives a team the
 * Admin role and its member shows as an Admin through it; a plain Member cannot open Organization
 * Settings; a wrong password gets the generic answer.
 */
class ConsoleBrowserIT {

  private static final String BASE = Browser.BASE;
  private static final String OPERATOR_TOKEN = System.getProperty("it.operator-token");
  private static final String OWNER = "owner@acme.test";
  private static final String MEMBER = "member@acme.test";

  @RegisterExtension final Browser browser = new Browser();

  private final HttpClient http = HttpClient.newHttpClient();
  private WebDriver driver;
  private WebDriverWait wait;
  private Runnable restore = () -> {};

  @BeforeEach
  void useBrowser() {
    driver = browser.driver();
    wait = browser.waiting();
  }

  @AfterEach
  void restoreSeed() {
    restore.run();
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

    browser.screenshot("console-audit.png");
  }

  @Test
  void ownerGivesATeamTheAdminRoleAndItsMemberShowsAsAdminThroughIt() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String owner = "owner-" + suffix + "@console-it.test";
    String ownerPassword = "Owner-password-" + suffix;
    String member = "teamed-" + suffix + "@console-it.test";
    String team = "Platform " + suffix;
    String orgId =
        api(
                "POST",
                "/api/v1/organizations",
                OPERATOR_TOKEN,
                Json.createObjectBuilder()
                    .add("name", "Team Roles " + suffix)
                    .add("plan", "FREE")
                    .add(
                        "owner",
                        Json.createObjectBuilder()
                            .add("email", owner)
                            .add("password", ownerPassword))
                    .build(),
                201)
            .getString("id");
    signUp(member, "Member-password-" + suffix);
    String org = "/api/v1/organizations/" + orgId;
    String memberId =
        api(
                "POST",
                org + "/members",
                OPERATOR_TOKEN,
                Json.createObjectBuilder().add("email", member).add("role", "MEMBER").build(),
                201)
            .getString("userId");
    String teamId =
        api(
                "POST",
                org + "/teams",
                OPERATOR_TOKEN,
                Json.createObjectBuilder().add("name", team).build(),
                201)
            .getString("id");
    assertEquals(
        204,
        send("PUT", org + "/teams/" + teamId + "/members/" + memberId, OPERATOR_TOKEN, null)
            .statusCode());

    login(owner, ownerPassword);
    driver.get(BASE + "/console/settings/projects?org=" + orgId);
    WebElement row = teamRow(team);
    assertEquals("None", row.findElement(By.cssSelector("span[id$=':teamRoleBadge']")).getText());
    row.findElement(By.cssSelector("button[id$=':manageTeam']")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("projects:teamRole")));
    choose("projects:teamRole", "Admin");
    driver.findElement(By.id("projects:saveTeamRole")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "Members of team " + team + " are Admins"));
    wait.until(
        d ->
            teamRow(team)
                .findElement(By.cssSelector("span[id$=':teamRoleBadge']"))
                .getText()
                .equals("Admin"));
    browser.screenshot("console-team-role-projects.png");

    driver.get(BASE + "/console/settings/members?org=" + orgId);
    assertEquals("Admin", roleShownFor(member));
    assertEquals(
        "via team " + team,
        memberRow(member).findElement(By.cssSelector("span[id$=':roleVia']")).getText());
    browser.screenshot("console-team-role.png");
  }

  private WebElement teamRow(String name) {
    return wait.until(
        ExpectedConditions.visibilityOfElementLocated(
            By.xpath(
                "//tbody[@id='projects:teamsTable_data']/tr[.//span[contains(@class,"
                    + "'pc-strong') and normalize-space()='"
                    + name
                    + "']]")));
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
    browser.login(email, password);
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
}
