package it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dns.BindServer;
import it.sso.SsoApi;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.UUID;
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
 * Shared SSO linking in a real browser: the admin organization's Owner generates a linking code
 * (shown once) on the Single Sign-On page, the other organization's Owner enters it there (a wrong
 * code is refused with its reason), both pages show the link, and each side can unlink; every step
 * is checked through the API as well.
 */
class SharedSsoBrowserIT {

  private static final String SHARED = "accessSecurity:sharedSso";

  static BindServer dns;

  @RegisterExtension final Browser browser = new Browser();

  private WebDriver driver;
  private WebDriverWait wait;

  @BeforeAll
  static void startDns() throws Exception {
    dns = BindServer.fromSystemProperty();
    dns.start();
  }

  @AfterAll
  static void stopDns() throws Exception {
    dns.close();
  }

  @BeforeEach
  void useBrowser() {
    driver = browser.driver();
    wait = browser.waiting();
  }

  @Test
  void ownersLinkWithACodeAndEitherSideUnlinks() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    SsoApi.Org admin = SsoApi.createOrg("ENTERPRISE", "Holding " + id);
    SsoApi.Org subsidiary = SsoApi.createOrg("ENTERPRISE", "Subsidiary " + id);
    String domain = "subsidiary-" + id + ".test";
    SsoApi.verifyDomain(dns, subsidiary, domain);

    // the admin organization's Owner generates a code
    browser.openAccessSecurity(
        admin.ownerEmail(), admin.password(), "Single Sign-On", SHARED + ":generateLinkCode");
    String explanation = driver.findElement(By.id(SHARED)).getText();
    assertTrue(explanation.contains("admin organization"), explanation);
    assertTrue(explanation.contains("own SSO settings and verified domains are ignored"));
    driver.findElement(By.id(SHARED + ":generateLinkCode")).click();
    WebElement shown =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("linkCodeValue")));
    String code = shown.getAttribute("value");
    assertTrue(code.startsWith("pcl_"), code);

    // the other organization's Owner enters a wrong code, then the right one
    signOut();
    browser.openAccessSecurity(
        subsidiary.ownerEmail(), subsidiary.password(), "Single Sign-On", SHARED + ":linkCode");
    enterCode("pcl_not-a-real-code");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id(SHARED + ":linkCodeMessage"), "not valid"));
    assertTrue(state(subsidiary).isNull("admin"));
    enterCode(code);
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id(SHARED + ":adminName"), "Linked to Holding " + id));
    assertTrue(
        driver
            .findElement(By.id("accessSecurity:linkedBanner"))
            .getText()
            .contains("uses the single sign-on of Holding " + id));
    assertEquals(admin.id(), state(subsidiary).getJsonObject("admin").getString("id"));

    // its verified domain moves to the admin organization from Domain Claiming
    wait.until(ExpectedConditions.elementToBeClickable(By.linkText("Domain Claiming"))).click();
    wait.until(
            ExpectedConditions.elementToBeClickable(
                By.xpath("//button[contains(@id,':transfer')]")))
        .click();
    wait.until(ExpectedConditions.elementToBeClickable(By.id("confirmForm:confirmYes"))).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), domain + " now belongs to Holding " + id));
    assertTrue(domains(admin).contains(domain), "the admin organization has the domain");
    assertTrue(!domains(subsidiary).contains(domain), "the subsidiary no longer has it");

    // the admin organization's page lists it, and its Owner unlinks it
    signOut();
    browser.openAccessSecurity(
        admin.ownerEmail(), admin.password(), "Single Sign-On", SHARED + ":generateLinkCode");
    WebElement table = driver.findElement(By.id(SHARED + ":linkedOrganizations"));
    assertTrue(table.getText().contains("Subsidiary " + id), table.getText());
    table.findElement(By.xpath(".//button[contains(@id,':unlink')]")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.id("confirmForm:confirmYes"))).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id(SHARED + ":linkedOrganizations"), "No organization uses your single sign-on"));
    assertTrue(state(subsidiary).isNull("admin"));

    // linked again (API), the subsidiary's Owner unlinks from its page
    String again =
        SsoApi.send(
                "POST",
                "/api/v1/organizations/" + admin.id() + "/sso/sharing/codes",
                admin.token(),
                null,
                null)
            .json()
            .getString("code");
    SsoApi.Reply linked =
        SsoApi.json(
            "POST",
            "/api/v1/organizations/" + subsidiary.id() + "/sso/sharing/link",
            subsidiary.token(),
            Json.createObjectBuilder().add("code", again).build());
    assertEquals(201, linked.status(), linked.body());
    signOut();
    browser.openAccessSecurity(
        subsidiary.ownerEmail(), subsidiary.password(), "Single Sign-On", SHARED + ":unlinkSelf");
    driver.findElement(By.id(SHARED + ":unlinkSelf")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.id("confirmForm:confirmYes"))).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(SHARED + ":linkCode")));
    assertTrue(state(subsidiary).isNull("admin"));
  }

  private void enterCode(String code) {
    WebElement input = driver.findElement(By.id(SHARED + ":linkCode"));
    input.clear();
    input.sendKeys(code);
    driver.findElement(By.id(SHARED + ":link")).click();
  }

  private void signOut() {
    driver.manage().deleteAllCookies();
  }

  private static String domains(SsoApi.Org org) throws Exception {
    SsoApi.Reply r =
        SsoApi.send(
            "GET", "/api/v1/organizations/" + org.id() + "/domains", org.token(), null, null);
    assertEquals(200, r.status(), r.body());
    return r.body();
  }

  private static JsonObject state(SsoApi.Org org) throws Exception {
    SsoApi.Reply r =
        SsoApi.send(
            "GET", "/api/v1/organizations/" + org.id() + "/sso/sharing", org.token(), null, null);
    assertEquals(200, r.status(), r.body());
    return r.json();
  }
}
