package it.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import it.console.Browser;
import it.dns.BindServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Several IdPs per organization in a real browser (headless Chromium). The email-first login page
 * sends each email to the IdP its domain is bound to — the primary IdP, or connection B's or C's —
 * which logs the user in at its own postback URL. The three IdPs are contexts {@code /sso/a},
 * {@code /sso/b} and {@code /sso/c} of one small HTTP server on another site, each answering with
 * its own {@link TestIdp}'s signed response through an auto-submitted form. And an Owner adds an
 * IdP connection on the Single Sign-On page: name, IdP settings, bound domain, certificate upload,
 * its own postback URL; then removes it.
 */
class MultipleIdpsBrowserIT {

  static BindServer dns;
  static HttpServer idpServer;
  static MultiIdpOrg org;

  /** Which IdP (a, b or c) each AuthnRequest reached, with the request. */
  record Reached(String idp, AuthnRequests.Received request) {}

  static final List<Reached> reached = new CopyOnWriteArrayList<>();
  static final List<String> idpProblems = new CopyOnWriteArrayList<>();
  static volatile String idpUser;

  @RegisterExtension final Browser browser = new Browser();

  private WebDriver driver;
  private WebDriverWait wait;

  @BeforeAll
  static void setUp() throws Exception {
    dns = BindServer.fromSystemProperty();
    dns.start();
    idpServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    for (String idp : List.of("a", "b", "c")) {
      idpServer.createContext("/sso/" + idp, exchange -> answer(idp, exchange));
    }
    idpServer.start();
    org = MultiIdpOrg.create(dns, "http://127.0.0.1:" + idpServer.getAddress().getPort() + "/sso/");
  }

  @AfterAll
  static void tearDown() throws Exception {
    idpServer.stop(0);
    dns.close();
  }

  @BeforeEach
  void useBrowser() {
    driver = browser.driver();
    wait = browser.waiting();
    reached.clear();
    idpProblems.clear();
  }

  @Test
  void theLoginPageSendsEachEmailToTheIdpOfItsDomain() throws Exception {
    for (String[] c :
        List.of(
            new String[] {org.b.domain(), "b", org.b.acs()},
            new String[] {org.c.domain(), "c", org.c.acs()},
            new String[] {
              org.primary.domain, "a", SsoApi.BASE + "/sso/saml/" + org.primary.org.id() + "/acs"
            })) {
      String email = org.member(c[0]);
      reached.clear();
      driver.manage().deleteAllCookies();
      driver.get(Browser.BASE + "/login");
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login:email")))
          .sendKeys(email);
      idpUser = email;
      driver.findElement(By.id("login:next")).click();
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("currentUser"), email));
      assertEquals(List.of(), idpProblems);
      assertEquals(1, reached.size(), "one AuthnRequest for " + email);
      assertEquals(c[1], reached.get(0).idp(), "the IdP of " + c[0]);
      assertEquals(c[2], reached.get(0).request().postbackUrl(), "its own postback URL");
    }
  }

  @Test
  void anOwnerAddsBindsAndRemovesAnIdentityProvider() throws Exception {
    SsoApi.Org o = org.primary.org;
    String id = UUID.randomUUID().toString().substring(0, 8);
    String domain = "console-" + id + ".test";
    SsoOrg.verifyDomain(dns, o, domain);
    TestIdp idp = new TestIdp("https://console-" + id + ".test/saml");
    Path certificate = Files.createTempDirectory("idp-console").resolve("signing.pem");
    Files.writeString(certificate, SsoApi.pem(idp.certificate), StandardCharsets.US_ASCII);

    browser.openAccessSecurity(
        o.ownerEmail(), o.password(), "Single Sign-On", "accessSecurity:idps:addIdp");
    String listed = text("accessSecurity:idps:idpTable");
    assertTrue(listed.contains(org.b.name()) && listed.contains(org.b.domain()), listed);

    click("accessSecurity:idps:addIdp");
    type("accessSecurity:idpEditor:idpName", "Console IdP " + id);
    type("accessSecurity:idpEditor:idpEntityId", idp.entityId);
    type("accessSecurity:idpEditor:idpSsoUrl", "ftp://bad.test/");
    click("accessSecurity:idpEditor:saveIdp");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("accessSecurity:idpEditor:idpSsoUrlMessage"), "must be an absolute https://"));
    type("accessSecurity:idpEditor:idpSsoUrl", "https://console-" + id + ".test/sso");
    // B's domain is taken: refused in place
    checkDomain(org.b.domain());
    click("accessSecurity:idpEditor:saveIdp");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("accessSecurity:idpEditor:idpDomainsMessage"), "already bound"));
    checkDomain(org.b.domain());
    checkDomain(domain);
    click("accessSecurity:idpEditor:saveIdp");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), domain + " log in through it"));

    JsonObject created = connectionNamed("Console IdP " + id);
    assertEquals(
        List.of(domain), created.getJsonArray("domains").getValuesAs(JsonString::getString));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("accessSecurity:idps:idpTable"), "Needs an IdP signing certificate"));
    String postback = created.getString("postbackUrl");
    assertTrue(postback.endsWith("/idps/" + created.getString("id") + "/acs"), postback);
    assertEquals(
        postback,
        driver
            .findElement(By.id("idpPostbackUrl-" + created.getString("id")))
            .getAttribute("value"));

    driver
        .findElement(By.id("accessSecurity:idpCertificateUpload:idpCertificateFile_input"))
        .sendKeys(certificate.toAbsolutePath().toString());
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("accessSecurity:idpCertificates:idpCertificateTable"),
            SsoApi.fingerprint(idp.certificate)));
    wait.until(
        ExpectedConditions.not(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("accessSecurity:idps:idpTable"), "Needs an IdP signing certificate")));
    assertEquals(1, connectionNamed("Console IdP " + id).getJsonArray("certificates").size());
    assertEquals(
        created.getString("spMetadataUrl"),
        driver.findElement(By.id("idpSpMetadata-" + created.getString("id"))).getAttribute("href"));
    browser.screenshot("multiple-idps-console.png");

    // the new IdP logs in a user of its domain at its postback URL
    String user = org.member(domain);
    WebClient client = new WebClient();
    assertEquals(
        302,
        client
            .postResponseTo(postback, idp.login(user, created.getString("spEntityId")).xml(), null)
            .statusCode());

    WebElement row =
        driver.findElement(
            By.xpath(
                "//div[contains(concat(' ', @class, ' '), ' pc-idp ') and .//span[contains(@id,'idpName') and text()='Console IdP "
                    + id
                    + "']]"));
    row.findElement(By.xpath(".//button[contains(@id,'removeIdp')]")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.id("confirmForm:confirmYes"))).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "log in through the primary IdP again"));
    assertFalse(text("accessSecurity:idps:idpTable").contains("Console IdP " + id));
    assertEquals(
        2,
        SsoApi.send("GET", o.sso() + "/idps", o.token(), null, null).array().size(),
        "B and C remain");
  }

  private JsonObject connectionNamed(String name) throws Exception {
    SsoApi.Org o = org.primary.org;
    for (JsonObject c :
        SsoApi.send("GET", o.sso() + "/idps", o.token(), null, null)
            .array()
            .getValuesAs(JsonObject.class)) {
      if (c.getString("name").equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no IdP named " + name);
  }

  private void checkDomain(String domain) {
    wait.until(
            ExpectedConditions.elementToBeClickable(
                By.xpath(
                    "//table[@id='accessSecurity:idpEditor:idpDomains']//label[normalize-space(text())='"
                        + domain
                        + "']/preceding-sibling::input")))
        .click();
  }

  private void click(String id) {
    wait.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
  }

  private void type(String id, String value) {
    WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.id(id)));
    input.clear();
    input.sendKeys(value);
  }

  private String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  /**
   * IdP {@code idp}: verifies the AuthnRequest with the SP's metadata certificate, then "logs in"
   * {@link #idpUser} with its own key and posts the response to the postback URL the request named.
   */
  private static void answer(String idp, HttpExchange exchange) throws IOException {
    String page;
    int status = 200;
    try {
      String url =
          "http://127.0.0.1:"
              + idpServer.getAddress().getPort()
              + exchange.getRequestURI().toString();
      AuthnRequests.Received request = AuthnRequests.fromRedirect(url, org.primary.spCertificate);
      reached.add(new Reached(idp, request));
      TestIdp.Login login =
          switch (idp) {
            case "b" -> org.b.login(idpUser, request.id());
            case "c" -> org.c.login(idpUser, request.id());
            default -> org.primary.login(idpUser, request.id());
          };
      page = TestIdp.autoPostPage(request.postbackUrl(), login.xml(), request.relayState());
    } catch (Throwable e) {
      idpProblems.add(String.valueOf(e));
      status = 400;
      page = "IdP refused the AuthnRequest: " + e;
    }
    byte[] body = page.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html;charset=UTF-8");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }
}
