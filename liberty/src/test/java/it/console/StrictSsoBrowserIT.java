package it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dns.BindServer;
import it.sso.SsoApi;
import jakarta.json.Json;
import java.util.List;
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
 * Strict SSO in a real browser: an Owner generates recovery codes (shown once), turns strict SSO
 * on, logs out, and gets back in on the login page with one of the codes; the code then fails.
 */
class StrictSsoBrowserIT {

  private static final String SSO = "accessSecurity:sso";
  private static final String CODES = "accessSecurity:recoveryCodes";

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
  void ownerGeneratesCodesTurnsStrictSsoOnAndLogsInWithACode() throws Exception {
    SsoApi.Org org = SsoApi.createOrg("ENTERPRISE");
    String domain = "strict-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    SsoApi.verifyDomain(dns, org, domain);
    SsoApi.Reply cert =
        SsoApi.send(
            "POST",
            org.sso() + "/certificates",
            org.token(),
            SsoApi.PEM,
            SsoApi.pem(SsoApi.certificate("idp." + domain, null, 365)).getBytes());
    assertEquals(201, cert.status(), cert.body());
    SsoApi.Reply on =
        SsoApi.json(
            "PUT",
            org.sso(),
            org.token(),
            Json.createObjectBuilder()
                .add("enabled", true)
                .add("requireSso", true)
                .add("idpEntityId", "https://idp." + domain)
                .add("idpSsoUrl", "https://idp." + domain + "/sso")
                .build());
    assertEquals(200, on.status(), on.body());

    browser.openAccessSecurity(
        org.ownerEmail(), org.password(), "Single Sign-On", CODES + ":codesLeft");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id(CODES + ":codesLeft"), "You have 0 unused recovery codes."));

    // Strict SSO without codes is refused with the reason.
    toggle(SSO + ":strictSso");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "generate your recovery codes first"));

    // Generate: asks first, then shows ten codes this once.
    wait.until(ExpectedConditions.elementToBeClickable(By.id(CODES + ":generateCodes"))).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.id("confirmForm:confirmYes"))).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(CODES + ":newCodes")));
    List<String> codes =
        driver.findElements(By.cssSelector("[id='" + CODES + ":newCodes'] code")).stream()
            .map(WebElement::getText)
            .toList();
    assertEquals(10, codes.size(), codes.toString());
    assertTrue(codes.get(0).matches("[0-9A-Z]{4}(-[0-9A-Z]{4}){3}"), codes.get(0));
    assertTrue(text(CODES + ":codesLeft").contains("10 unused"));

    toggle(SSO + ":strictSso");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "Strict SSO is on"));
    assertTrue(
        SsoApi.json("GET", org.sso(), org.token(), null).json().getBoolean("strictSso"), "saved");

    // Shown once: after a reload the codes are gone from the page.
    driver.navigate().refresh();
    wait.until(ExpectedConditions.elementToBeClickable(By.linkText("Single Sign-On"))).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(CODES + ":codesLeft")));
    assertTrue(driver.findElements(By.id(CODES + ":newCodes")).isEmpty(), "codes shown once");
    assertFalse(driver.getPageSource().contains(codes.get(0)));

    // Log out, then in with a recovery code.
    driver.findElement(By.id("logoutForm:logout")).click();
    recoveryLogin(org.ownerEmail(), codes.get(0));
    wait.until(ExpectedConditions.urlContains("/console/"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("logoutForm:logout"))).click();

    // The same code again: refused, still on the login page.
    recoveryLogin(org.ownerEmail(), codes.get(0));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("login:messages"), "The email or recovery code is not correct."));
    assertTrue(driver.getCurrentUrl().contains("/login"), driver.getCurrentUrl());
  }

  private void recoveryLogin(String email, String code) {
    driver.get(Browser.BASE + "/login");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login:email"))).sendKeys(email);
    driver.findElement(By.id("login:useRecoveryCode")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login:recoveryCode")))
        .sendKeys(code);
    browser.submitPage(By.id("login:submitRecoveryCode"));
  }

  private void toggle(String id) {
    wait.until(
            ExpectedConditions.elementToBeClickable(
                By.cssSelector("[id='" + id + "'] .ui-toggleswitch-slider")))
        .click();
  }

  private String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }
}
