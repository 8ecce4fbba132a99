package it.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.console.Browser;
import it.dns.BindServer;
import it.sso.SsoApi.Org;
import it.sso.SsoApi.Reply;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Single sign-on with a real identity provider in a real browser, over plain HTTP: SimpleSAMLphp
 * (Debian's package, {@link SimpleSamlPhp}) set up as an IdP administrator would, from our SP
 * metadata; our side set up as an organization's Owner would, by importing the IdP's metadata
 * through the admin API. Alice, a member whose email is in the organization's verified domain
 * (claimed through the tests' real DNS server), logs in at the IdP and lands in the console:
 * IdP-initiated (an "app tile" link at the IdP) and SP-initiated (email-first login on our side, a
 * signed AuthnRequest that SimpleSAMLphp checks against the certificate in our SP metadata, and the
 * response posted back cross-site, from 127.0.0.1 to localhost).
 */
class RealIdpBrowserIT {

  private static final String BASE = Browser.BASE;

  static BindServer dns;
  static SimpleSamlPhp idp;
  static Org org;
  static String orgName;
  static String alice;
  static String alicePassword;
  static String sp;

  @RegisterExtension final Browser browser = new Browser();

  WebDriver driver;
  WebDriverWait wait;

  @BeforeAll
  static void setUp() throws Exception {
    dns = BindServer.fromSystemProperty();
    dns.start();
    String id = UUID.randomUUID().toString().substring(0, 8);
    orgName = "Real IdP " + id;
    org = SsoApi.createOrg("ENTERPRISE", orgName);
    String domain = "idp-" + id + ".test";
    SsoApi.verifyDomain(dns, org, domain);
    alice = "alice@" + domain;
    SsoApi.member(org, "MEMBER", alice);
    alicePassword = "alice-at-the-idp-" + id;

    // the IdP administrator adds our SP from its metadata, and Alice as a user
    idp = SimpleSamlPhp.fromSystemProperty();
    idp.user(alice, alicePassword, alice);
    Reply spMetadata = SsoApi.send("GET", "/sso/saml/" + org.id() + "/metadata", null, null, null);
    assertEquals(200, spMetadata.status(), spMetadata.body());
    sp = idp.serviceProvider(spMetadata.body());
    idp.start();

    // the Owner imports the IdP's metadata and turns SSO on
    Reply imported =
        SsoApi.send(
            "POST",
            org.sso() + "/metadata",
            org.token(),
            SsoApi.METADATA,
            idp.metadata().getBytes());
    assertEquals(200, imported.status(), imported.body());
    assertEquals(idp.entityId(), imported.json().getString("idpEntityId"), imported.body());
    assertEquals(idp.ssoUrl(), imported.json().getString("idpSsoUrl"), imported.body());
    Reply on =
        SsoApi.json(
            "PUT", org.sso(), org.token(), Json.createObjectBuilder().add("enabled", true).build());
    assertEquals(200, on.status(), on.body());
    assertEquals(sp, on.json().getString("spEntityId"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (idp != null) {
      idp.close();
    }
    if (dns != null) {
      dns.close();
    }
  }

  @BeforeEach
  void useBrowser() {
    driver = browser.driver();
    wait = browser.waiting();
  }

  @Test
  void idpInitiatedLoginLandsInTheConsoleAsAlice() throws Exception {
    int before = ssoLogins();
    driver.get(idp.idpInitiatedUrl(sp));
    logInAtTheIdp(alice, alicePassword);

    wait.until(ExpectedConditions.urlToBe(BASE + "/console/index"));
    wait.until(ExpectedConditions.textToBe(By.id("currentUser"), alice));
    assertTrue(
        driver
            .findElement(By.xpath("//span[contains(@class,'pc-org-name')]"))
            .getText()
            .equals(orgName),
        "Alice's organization is on her console");
    browser.screenshot("sso-idp-initiated.png");

    assertEquals(before + 1, ssoLogins(), "the audit log has the SSO login");
  }

  @Test
  void aWrongPasswordAtTheIdpGivesNoSession() throws Exception {
    int before = ssoLogins();
    driver.get(idp.idpInitiatedUrl(sp));
    logInAtTheIdp(alice, "not-" + alicePassword);

    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.tagName("body"), "Incorrect username or password"));
    assertTrue(driver.getCurrentUrl().startsWith(idp.baseUrl()), driver.getCurrentUrl());

    driver.get(BASE + "/console/index");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login:email")));
    assertTrue(driver.getCurrentUrl().startsWith(BASE + "/login"), driver.getCurrentUrl());
    assertEquals(before, ssoLogins(), "no SSO login");
  }

  @Test
  void spInitiatedLoginFromTheEmailFirstPageLandsInTheConsoleAsAlice() throws Exception {
    int before = ssoLogins();
    driver.get(BASE + "/login");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login:email"))).sendKeys(alice);
    driver.findElement(By.id("login:next")).click();

    wait.until(ExpectedConditions.urlContains(idp.baseUrl()));
    logInAtTheIdp(alice, alicePassword);

    wait.until(ExpectedConditions.urlContains(BASE + "/console/"));
    wait.until(ExpectedConditions.textToBe(By.id("currentUser"), alice));
    browser.screenshot("sso-sp-initiated.png");
    assertEquals(before + 1, ssoLogins(), "the audit log has the SSO login");
  }

  @Test
  void testSsoFromTheConsoleReportsAlicesLoginAndKeepsTheOwnerSignedIn() throws Exception {
    int before = ssoLogins();
    browser.login(org.ownerEmail(), org.password());
    wait.until(ExpectedConditions.urlContains(BASE + "/console/"));
    driver.get(BASE + "/console/settings/access-security?org=" + org.id() + "&tab=sso");
    wait.until(ExpectedConditions.elementToBeClickable(By.id("accessSecurity:sso:testSso")))
        .click();

    wait.until(ExpectedConditions.urlContains(idp.baseUrl()));
    logInAtTheIdp(alice, alicePassword);

    wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Test SSO passed"));
    assertEquals(alice, driver.findElement(By.id("nameId")).getText());
    assertEquals(
        alice.substring(alice.indexOf('@') + 1),
        driver.findElement(By.id("matchedDomain")).getText());
    for (String rule :
        List.of("SIGNATURE", "ISSUER", "AUDIENCE", "IN_RESPONSE_TO", "EMAIL_DOMAIN")) {
      assertEquals(
          "passed",
          driver.findElement(By.cssSelector("#rule-" + rule + " .verdict")).getText(),
          rule);
    }
    browser.screenshot("sso-test-report.png");

    driver.findElement(By.id("back")).click();
    wait.until(ExpectedConditions.textToBe(By.id("currentUser"), org.ownerEmail()));
    assertEquals(before, ssoLogins(), "the test signed Alice in nowhere");
  }

  /** SimpleSAMLphp's own login form (exampleauth:UserPass). */
  void logInAtTheIdp(String username, String password) {
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(username);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.id("submit_button")).click();
  }

  /** Alice's SSO logins in the organization's audit log. */
  static int ssoLogins() throws Exception {
    Reply r =
        SsoApi.send(
            "GET",
            "/api/v1/organizations/" + org.id() + "/audit?format=json",
            org.token(),
            null,
            null);
    assertEquals(200, r.status(), r.body());
    JsonArray entries = Json.createReader(new StringReader(r.body())).readArray();
    int n = 0;
    for (JsonObject e : entries.getValuesAs(JsonObject.class)) {
      if ("login.sso".equals(e.getString("action", null))
          && alice.equals(e.getString("actor", null))) {
        n++;
      }
    }
    return n;
  }
}
