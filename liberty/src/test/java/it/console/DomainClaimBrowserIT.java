package it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dns.BindServer;
import it.domainclaim.ClaimsApi;
import jakarta.json.JsonArray;
import java.time.Duration;
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
 * Access Security → Domain Claiming in a real browser, against the running server and a real DNS
 * server (BIND) that the server asks: an Owner is refused a public suffix and a wrong password,
 * claims a domain, reads the TXT record off the page, publishes it, presses Verify now and sees the
 * domain verified; a vanished record brings the warning banner; Remove asks first.
 */
class DomainClaimBrowserIT {

  private static final String FORM = "accessSecurity:domains";

  private static BindServer dns;

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
  void ownerClaimsADomainPublishesTheRecordAndSeesItVerified() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String orgName = "Domains Console " + suffix;
    String domain = "console-" + suffix + ".test";
    ClaimsApi.Org org = ClaimsApi.createOrg(orgName);

    openDomainClaiming(org, orgName);

    // a public suffix: the Public Suffix List message, in the dialog, and nothing created
    openAddDialog();
    type("addDomain:domain", "co.uk");
    type("addDomain:password", org.password());
    driver.findElement(By.id("addDomain:submit")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("addDomain:domainMessage"), "'co.uk' is a public suffix"));
    assertTrue(driver.findElement(By.id("addDomainDialog")).isDisplayed(), "the dialog stays");
    assertFalse(
        driver.findElement(By.id("messages")).getText().contains("public suffix"),
        "the refusal shows once, in the dialog");
    assertTrue(ClaimsApi.list(org).isEmpty(), "nothing was claimed");
    browser.screenshot("console-domains-dialog.png");

    // the right domain with a wrong password: the step-up refusal, and nothing created
    type("addDomain:domain", domain);
    type("addDomain:password", "not-" + org.password());
    driver.findElement(By.id("addDomain:submit")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("addDomain:passwordMessage"), "The password you re-entered is not correct."));
    assertTrue(ClaimsApi.list(org).isEmpty(), "nothing was claimed");

    // the right password: the claim, pending, with the record to publish
    type("addDomain:password", org.password());
    driver.findElement(By.id("addDomain:submit")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("addDomainDialog")));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), domain + " is claimed."));
    assertEquals("Pending", badge(domain));
    String name =
        claim(domain).findElement(By.cssSelector("input[id$=':recordName']")).getAttribute("value");
    String value = recordValue(domain);
    assertEquals(domain, name);
    assertTrue(value.matches("portcullis-domain-verify=[A-Za-z0-9_-]{32}"), value);
    assertTrue(
        claim(domain).getText().contains("Add a TXT record at " + domain + " with this value."),
        claim(domain).getText());
    assertEquals("Not checked yet", text(domain, "lastCheck"));

    WebElement copy = claim(domain).findElement(By.cssSelector(".pc-record-value button"));
    copy.click();
    wait.until(ExpectedConditions.textToBePresentInElement(copy, "Copied"));

    // Verify now before the record exists: still pending, and the page says why
    button(domain, "verifyNow").click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "The record for " + domain + " was not found yet."));
    assertEquals("Pending", badge(domain));
    assertTrue(text(domain, "lastCheck").endsWith("record not found"), text(domain, "lastCheck"));

    // publish the record as the page shows it, then Verify now
    dns.setTxt(name, List.of(List.of(value)));
    button(domain, "verifyNow").click();
    wait.until(d -> badge(domain).equals("Verified"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), domain + " is verified."));
    assertTrue(text(domain, "lastCheck").endsWith("record found"), text(domain, "lastCheck"));
    assertFalse(text(domain, "verifiedAt").equals("—"), "the time of verification is shown");
    assertEquals("VERIFIED", ClaimsApi.list(org).getJsonObject(0).getString("status"));
    browser.screenshot("console-domains.png");

    // the record disappears: the domain stays verified, and a banner names the deadline
    dns.deleteTxt(name);
    button(domain, "verifyNow").click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("domainWarnings"), "The verification record of " + domain + " was not found on"));
    String banner = driver.findElement(By.id("domainWarnings")).getText();
    assertTrue(banner.contains("; if it stays missing the domain unverifies on "), banner);
    assertEquals("Verified", badge(domain));
    browser.screenshot("console-domains-warning.png");

    driver.findElement(By.linkText("Members")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("members:membersTable")));
    assertTrue(
        driver.findElement(By.id("domainWarnings")).getText().contains(domain),
        "the other settings pages warn too");
    driver.findElement(By.cssSelector("#domainWarnings a.pc-banner-link")).click();

    // Remove asks first, saying what ends
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(FORM)));
    button(domain, "remove").click();
    WebElement confirm =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(By.id("confirmForm:confirmDialog")));
    assertTrue(
        confirm.getText().contains("Single sign-on enforcement and SCIM provisioning end"),
        confirm.getText());
    wait.until(ExpectedConditions.elementToBeClickable(By.id("confirmForm:confirmYes"))).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(FORM + ":noClaims")));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), domain + " was removed"));
    assertTrue(driver.findElement(By.id("domainWarnings")).getText().isBlank(), "no warning");
    assertTrue(ClaimsApi.list(org).isEmpty(), "the claim is gone");
  }

  @Test
  void anExpiredClaimIsClaimedAgainWithAFreshRecord() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String orgName = "Domains Retry " + suffix;
    String domain = "retry-" + suffix + ".test";
    ClaimsApi.Org org = ClaimsApi.createOrg(orgName);
    openDomainClaiming(org, orgName);
    openAddDialog();
    type("addDomain:domain", domain);
    type("addDomain:password", org.password());
    driver.findElement(By.id("addDomain:submit")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("addDomainDialog")));
    String firstValue = recordValue(domain);

    try {
      ClaimsApi.setClock(Duration.ofDays(8));
      button(domain, "verifyNow").click();
      wait.until(d -> badge(domain).equals("Expired"));
      assertTrue(
          text(domain, "reason").contains("not found within 7 days"), text(domain, "reason"));
      assertTrue(
          claim(domain).findElements(By.cssSelector("input[id$=':recordValue']")).isEmpty(),
          "an expired claim's record is no longer offered");
      assertTrue(claim(domain).findElements(By.cssSelector("button[id$=':verifyNow']")).isEmpty());

      button(domain, "claimAgain").click();
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("addDomainDialog")));
      wait.until(ExpectedConditions.attributeToBe(By.id("addDomain:domain"), "value", domain));
      type("addDomain:password", org.password());
      driver.findElement(By.id("addDomain:submit")).click();
      wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("addDomainDialog")));
      wait.until(d -> badge(domain).equals("Pending"));
      String secondValue = recordValue(domain);
      assertTrue(secondValue.startsWith("portcullis-domain-verify="), secondValue);
      assertFalse(secondValue.equals(firstValue), "a fresh token");
    } finally {
      ClaimsApi.setClock(Duration.ZERO);
    }
    JsonArray claims = ClaimsApi.list(org);
    assertEquals(1, claims.size(), "the same claim, not a second one");
    assertEquals("PENDING", claims.getJsonObject(0).getString("status"));
  }

  private void openDomainClaiming(ClaimsApi.Org org, String orgName) {
    browser.login(org.ownerEmail(), org.password());
    wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.xpath(
                    "//div[contains(@class,'pc-org')][.//span[contains(@class,'pc-org-name')"
                        + " and normalize-space()='"
                        + orgName
                        + "']]//a[contains(@id,':settings')]")))
        .click();
    wait.until(ExpectedConditions.elementToBeClickable(By.linkText("Access Security"))).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(FORM + ":noClaims")));
  }

  private String recordValue(String domain) {
    return claim(domain)
        .findElement(By.cssSelector("input[id$=':recordValue']"))
        .getAttribute("value");
  }

  private void openAddDialog() {
    wait.until(ExpectedConditions.elementToBeClickable(By.id(FORM + ":addDomainButton"))).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("addDomainDialog")));
    wait.until(ExpectedConditions.elementToBeClickable(By.id("addDomain:domain")));
  }

  private void type(String id, String text) {
    WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.id(id)));
    input.clear();
    input.sendKeys(text);
  }

  private WebElement claim(String domain) {
    return wait.until(
        ExpectedConditions.visibilityOfElementLocated(
            By.xpath(
                "//div[contains(concat(' ', normalize-space(@class), ' '), ' pc-claim ')]"
                    + "[.//span[contains(@class,'pc-claim-domain') and normalize-space()='"
                    + domain
                    + "']]")));
  }

  private WebElement button(String domain, String id) {
    return claim(domain).findElement(By.cssSelector("button[id$=':" + id + "']"));
  }

  private String badge(String domain) {
    return text(domain, "status");
  }

  private String text(String domain, String id) {
    return claim(domain).findElement(By.cssSelector("span[id$=':" + id + "']")).getText().strip();
  }
}
