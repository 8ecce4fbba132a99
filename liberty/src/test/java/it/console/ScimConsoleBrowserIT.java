package it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.scim.ScimApi;
import it.sso.SsoApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Access Security → SCIM in a real browser against the running server: an Owner of an Enterprise
 * organization copies the base URL, generates a token and sees it once, the token works against the
 * SCIM API, and regenerating (after confirming) makes the old token fail at once. Other plans see
 * why SCIM is not theirs.
 */
class ScimConsoleBrowserIT {

  private static final String FORM = "accessSecurity:scimToken";

  @RegisterExtension final Browser browser = new Browser();

  private WebDriver driver;
  private WebDriverWait wait;

  @BeforeEach
  void useBrowser() {
    driver = browser.driver();
    wait = browser.waiting();
  }

  @Test
  void ownerGeneratesATokenSeesItOnceAndRegeneratesIt() throws Exception {
    SsoApi.Org org = SsoApi.createOrg("ENTERPRISE");
    openScim(org);

    assertEquals(SsoApi.BASE + "/scim/v2", valueOf(FORM + ":baseUrl"));
    assertTrue(text(FORM + ":noToken").contains("No SCIM token exists"), text(FORM + ":noToken"));

    click(FORM + ":generate");
    String first = shownToken();
    assertTrue(first.startsWith("pcs_scim_"), first);
    assertTrue(
        text(FORM + ":newTokenWarning").contains("It will not be shown again"),
        text(FORM + ":newTokenWarning"));
    WebElement copy =
        driver.findElement(
            By.xpath("//input[@id='" + FORM + ":newToken']/following-sibling::button"));
    copy.click();
    wait.until(ExpectedConditions.textToBePresentInElement(copy, "Copied"));

    assertEquals(200, ScimApi.probe(first), "the token works against the SCIM API");

    // Opened again, the page shows when the token was used, never the token.
    openScim(org);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(FORM + ":useCount")));
    assertEquals("1", text(FORM + ":useCount"));
    assertNotEquals("Never", text(FORM + ":lastUsedAt"));
    assertTrue(driver.findElements(By.id(FORM + ":newToken")).isEmpty());
    assertFalse(driver.getPageSource().contains(first), "the token is shown only once");

    // Regenerate asks first, then revokes the old token at once.
    click(FORM + ":regenerate");
    WebElement confirm =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(By.id("confirmForm:confirmDialog")));
    assertTrue(confirm.getText().contains("stops working at once"), confirm.getText());
    wait.until(ExpectedConditions.elementToBeClickable(By.id("confirmForm:confirmYes"))).click();
    String second = shownToken();
    assertNotEquals(first, second);
    assertEquals(401, ScimApi.probe(first), "the old token is refused at once");
    assertEquals(200, ScimApi.probe(second));
    browser.screenshot("scim-console.png");
  }

  @Test
  void otherPlansSeeThatScimNeedsEnterprise() throws Exception {
    SsoApi.Org org = SsoApi.createOrg("GROWTH");
    openScim(org);
    String plan = text("accessSecurity:scimPlan");
    assertTrue(plan.contains("Enterprise plan"), plan);
    assertTrue(driver.findElements(By.id(FORM + ":generate")).isEmpty());
  }

  private String shownToken() {
    wait.until(
        d -> {
          var found = d.findElements(By.id(FORM + ":newToken"));
          return !found.isEmpty() && !found.get(0).getAttribute("value").isBlank();
        });
    return valueOf(FORM + ":newToken");
  }

  private void openScim(SsoApi.Org org) {
    if (driver.getCurrentUrl() == null || !driver.getCurrentUrl().contains("/console")) {
      browser.login(org.ownerEmail(), org.password());
      wait.until(ExpectedConditions.urlContains("/console"));
    }
    driver.get(Browser.BASE + "/console/settings/access-security?org=" + org.id() + "&tab=scim");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("accessSecurity:scim")));
  }

  private void click(String id) {
    wait.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
  }

  private String valueOf(String id) {
    return wait.until(ExpectedConditions.presenceOfElementLocated(By.id(id))).getAttribute("value");
  }

  private String text(String id) {
    return wait.until(ExpectedConditions.presenceOfElementLocated(By.id(id))).getText();
  }
}
