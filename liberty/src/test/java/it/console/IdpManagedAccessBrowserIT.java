package it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * IdP Managed Access in a real browser: turning single sign-on on for the first time preselects it
 * (and says so), the page explains what it does to whom, the group attribute is saved, and the
 * switch turns it off again; each step is checked through the API as well.
 */
class IdpManagedAccessBrowserIT {

  private static final String SSO = "accessSecurity:sso";

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
  void firstSsoTurnOnPreselectsIdpManagedAccessAndTheAdminCanTuneIt() throws Exception {
    SsoApi.Org org = SsoApi.createOrg("ENTERPRISE");
    String domain = "managed-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    SsoApi.verifyDomain(dns, org, domain);
    SsoApi.Reply cert =
        SsoApi.send(
            "POST",
            org.sso() + "/certificates",
            org.token(),
            SsoApi.PEM,
            SsoApi.pem(SsoApi.certificate("idp." + domain, null, 365)).getBytes());
    assertEquals(201, cert.status(), cert.body());
    SsoApi.Reply idp =
        SsoApi.json(
            "PUT",
            org.sso(),
            org.token(),
            Json.createObjectBuilder()
                .add("idpEntityId", "https://idp." + domain)
                .add("idpSsoUrl", "https://idp." + domain + "/sso")
                .build());
    assertEquals(200, idp.status(), idp.body());
    assertFalse(sso(org).getBoolean("idpManagedAccess"));

    browser.openAccessSecurity(
        org.ownerEmail(), org.password(), "Single Sign-On", SSO + ":enabledState");
    String explanation = driver.findElement(By.id(SSO)).getText();
    assertTrue(explanation.contains("whoever the IdP lets in joins as a Member"), explanation);

    // The first time SSO goes on, IdP Managed Access comes with it and the page says so.
    toggle(SSO + ":enabled");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "IdP Managed Access is on too (recommended)"));
    JsonObject on = sso(org);
    assertTrue(on.getBoolean("enabled"));
    assertTrue(on.getBoolean("idpManagedAccess"), on.toString());
    assertTrue(checked(SSO + ":idpManagedAccess"), "the switch shows it on");

    // The group attribute is saved.
    WebElement attribute = driver.findElement(By.id(SSO + ":groupAttribute"));
    attribute.clear();
    attribute.sendKeys("departments");
    driver.findElement(By.id(SSO + ":saveGroupAttribute")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "in the attribute departments"));
    assertEquals("departments", sso(org).getString("groupAttribute"));

    // Off again: only existing members log in with SSO.
    toggle(SSO + ":idpManagedAccess");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "IdP Managed Access is off"));
    assertFalse(sso(org).getBoolean("idpManagedAccess"));

    // Turning SSO off and on again does not preselect it a second time.
    toggle(SSO + ":enabled");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id(SSO + ":enabledState"), "Off"));
    toggle(SSO + ":enabled");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id(SSO + ":enabledState"), "On"));
    assertFalse(sso(org).getBoolean("idpManagedAccess"), "preselected only the first time");
  }

  private static JsonObject sso(SsoApi.Org org) throws Exception {
    SsoApi.Reply r = SsoApi.json("GET", org.sso(), org.token(), null);
    assertEquals(200, r.status(), r.body());
    return r.json();
  }

  private boolean checked(String id) {
    return driver
        .findElement(By.cssSelector("[id='" + id + "']"))
        .getAttribute("class")
        .contains("ui-toggleswitch-checked");
  }

  private void toggle(String id) {
    wait.until(
            ExpectedConditions.elementToBeClickable(
                By.cssSelector("[id='" + id + "'] .ui-toggleswitch-slider")))
        .click();
  }
}
