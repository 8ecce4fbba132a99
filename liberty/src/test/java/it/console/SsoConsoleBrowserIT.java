package it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.sso.SsoApi;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Access Security → Single Sign-On in a real browser against the running server: an Owner of an
 * Enterprise organization fills the IdP form, uploads the IdP's certificate and sees its
 * fingerprint and expiry, is told that an XML file is metadata, imports the metadata, turns SSO on,
 * and finds a refused login in the SSO error log; a certificate close to expiry raises the banner.
 */
class SsoConsoleBrowserIT {

  private static final String SSO = "accessSecurity:sso";
  private static final String IDP = "accessSecurity:idp";
  private static final String CERTIFICATES = "accessSecurity:certificates";
  private static final String REMOVE = "accessSecurity:removeSso";

  @RegisterExtension final Browser browser = new Browser();

  private WebDriver driver;
  private WebDriverWait wait;

  @BeforeEach
  void useBrowser() {
    driver = browser.driver();
    wait = browser.waiting();
  }

  @Test
  void ownerConfiguresSsoAndReadsTheErrorLog() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    SsoApi.Org org = SsoApi.createOrg("ENTERPRISE");
    Path files = Files.createTempDirectory("sso-console");
    X509Certificate uploaded = SsoApi.certificate("idp-upload-" + id + ".sso.test", null, 365);
    Path certificateFile = files.resolve("okta-signing.crt");
    Files.writeString(certificateFile, SsoApi.pem(uploaded), StandardCharsets.US_ASCII);
    X509Certificate fromMetadata = SsoApi.certificate("idp-meta-" + id + ".sso.test", null, 20);
    String importedEntityId = "https://idp-" + id + ".sso.test/metadata";
    Path metadataFile = files.resolve("idp-metadata.xml");
    Files.write(metadataFile, SsoApi.metadata(importedEntityId, fromMetadata));

    openSingleSignOn(org);

    // the SP values to give the IdP, with copy buttons and the metadata link
    String sp = SsoApi.BASE + "/sso/saml/" + org.id();
    assertEquals(sp + "/acs", valueOf("ssoPostbackUrl"));
    assertEquals(sp, valueOf("ssoSpEntityId"));
    assertEquals(sp + "/metadata", valueOf("ssoSpMetadataUrl"));
    assertEquals(
        sp + "/metadata", driver.findElement(By.id("ssoSpMetadataDownload")).getAttribute("href"));
    WebElement copy =
        driver.findElement(By.xpath("//input[@id='ssoPostbackUrl']/following-sibling::button"));
    copy.click();
    wait.until(ExpectedConditions.textToBePresentInElement(copy, "Copied"));
    assertEquals("Off", text(SSO + ":enabledState"));
    assertTrue(
        text(SSO + ":missing").contains("To turn it on, add the IdP entity ID below."),
        text(SSO + ":missing"));

    // the IdP form: a bad URL is refused in place, then saved
    type(IDP + ":entityId", "http://www.okta.com/exk" + id);
    type(IDP + ":ssoUrl", "ftp://acme.okta.test/sso");
    driver.findElement(By.id(IDP + ":save")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id(IDP + ":ssoUrlMessage"), "must be an absolute https://"));
    type(IDP + ":ssoUrl", "https://acme.okta.test/app/" + id + "/sso/saml");
    driver.findElement(By.id(IDP + ":save")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "The IdP settings are saved."));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id(SSO + ":missing"), "add an IdP signing certificate"));

    // upload the certificate file: subject, fingerprint and expiry are listed
    upload("accessSecurity:certificateUpload:certificateFile", certificateFile);
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id(CERTIFICATES + ":certificateTable"), SsoApi.fingerprint(uploaded)));
    String table = text(CERTIFICATES + ":certificateTable");
    assertTrue(table.contains("CN=idp-upload-" + id + ".sso.test"), table);
    assertTrue(
        table.contains(uploaded.getNotAfter().toInstant().toString().substring(0, 10)), table);
    assertTrue(table.contains("in 365 days") || table.contains("in 364 days"), table);

    // an XML file is not a certificate: the refusal says what to do instead
    upload("accessSecurity:certificateUpload:certificateFile", metadataFile);
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("accessSecurity:certificateUpload:certificateMessage"),
            "This is metadata, not a certificate — use Import IdP metadata."));
    assertEquals(1, certificates(org).size(), "nothing was added");

    // Import IdP metadata: entity ID, SSO URL and certificate from the file
    upload("accessSecurity:metadataUpload:metadataFile", metadataFile);
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "IdP metadata imported"));
    wait.until(
        ExpectedConditions.attributeToBe(By.id(IDP + ":entityId"), "value", importedEntityId));
    assertEquals(
        "https://idp.sso.test/sso/redirect",
        driver.findElement(By.id(IDP + ":ssoUrl")).getAttribute("value"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id(CERTIFICATES + ":certificateTable"), SsoApi.fingerprint(fromMetadata)));
    assertFalse(
        text(CERTIFICATES + ":certificateTable").contains(SsoApi.fingerprint(uploaded)),
        "the import replaced the certificates");

    // the imported certificate expires in 20 days: the banner says so
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("certificateWarnings"), "CN=idp-meta-" + id + ".sso.test expires on"));
    assertTrue(text("certificateWarnings").contains("(in 20 days)"), text("certificateWarnings"));

    // turn SSO on
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id(SSO + ":missing")));
    toggle(SSO + ":enabled");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id(SSO + ":enabledState"), "On"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "Single sign-on is on"));
    assertTrue(sso(org).getBoolean("enabled"), "saved");

    // Require SSO, now that SSO is on
    toggle(SSO + ":requireSso");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "SSO is required"));
    assertTrue(sso(org).getBoolean("requireSso"), "saved");

    // a setup guide names our values in the IdP's own fields
    driver
        .findElement(
            By.xpath(
                "//div[contains(@class,'pc-guides')]//div[contains(@class,'ui-accordion-header')]"
                    + "[normalize-space()='Okta']"))
        .click();
    WebElement okta =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".pc-guide-okta")));
    // the panel slides open: wait until all of it shows
    wait.until(ExpectedConditions.textToBePresentInElement(okta, "Our SP metadata, if Okta asks"));
    assertTrue(okta.getText().contains("Audience URI (SP Entity ID)"), okta.getText());
    assertTrue(okta.getText().contains("user.firstName"), okta.getText());
    assertTrue(
        okta.findElements(By.cssSelector("input")).stream()
            .anyMatch(i -> (sp + "/acs").equals(i.getAttribute("value"))),
        "the Single sign-on URL is the postback URL");
    ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", okta);
    browser.screenshot("console-sso-guide.png");

    // an invalid response posted to the postback URL is refused with a reference ...
    ((JavascriptExecutor) driver)
        .executeScript(
            "var f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];"
                + " var i = document.createElement('input'); i.type = 'hidden';"
                + " i.name = 'SAMLResponse'; i.value = 'not a SAML response';"
                + " f.appendChild(i); document.body.appendChild(f); f.submit();",
            "/sso/saml/" + org.id() + "/acs");
    String reference =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("reference"))).getText();
    assertTrue(driver.getPageSource().contains("Single sign-on failed"));

    // every settings page carries the certificate banner, with the way to Single Sign-On
    driver.get(SsoApi.BASE + "/console/settings/members?org=" + org.id());
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("certificateWarnings"), "CN=idp-meta-" + id + ".sso.test expires on"));
    assertTrue(
        driver
            .findElement(By.cssSelector("#certificateWarnings a.pc-banner-link"))
            .getAttribute("href")
            .contains("tab=sso"));

    // ... that the error log shows, newest first
    driver.get(SsoApi.BASE + "/console/settings/access-security?org=" + org.id() + "&tab=sso");
    WebElement log =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.id("accessSecurity:ssoErrors:errorTable")));
    WebElement first = log.findElement(By.cssSelector("tbody tr"));
    assertTrue(first.getText().contains(reference), first.getText());
    assertTrue(first.getText().contains("not well-formed XML"), first.getText());
    assertEquals(
        reference, errorLog(org).getJsonObject(0).getString("reference"), "the API agrees");
    ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", log);
    browser.screenshot("console-sso.png");
    ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
    browser.screenshot("console-sso-top.png");

    // SSO off turns Require SSO off with it; then the certificate can go (after a confirmation)
    toggle(SSO + ":enabled");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "Single sign-on is off and no longer required"));
    JsonObject off = sso(org);
    assertFalse(off.getBoolean("enabled"));
    assertFalse(off.getBoolean("requireSso"));
    driver.findElement(By.cssSelector("button[id$=':remove']")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.id("confirmForm:confirmYes"))).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id(CERTIFICATES + ":certificateTable"), "No certificate yet"));
    assertEquals(0, certificates(org).size());
    wait.until(d -> d.findElement(By.id("certificateWarnings")).getText().isBlank());
  }

  @Test
  void ownerRemovesTheSsoConfigurationAfterTypingTheOrganizationsName() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String name = "Remove Me " + id;
    SsoApi.Org org = SsoApi.createOrg("ENTERPRISE", name);
    X509Certificate cert = SsoApi.certificate("idp-remove-" + id + ".sso.test", null, 365);
    assertEquals(
        201,
        SsoApi.send(
                "POST",
                org.sso() + "/certificates",
                org.token(),
                SsoApi.PEM,
                SsoApi.pem(cert).getBytes(StandardCharsets.US_ASCII))
            .status());
    SsoApi.Reply on =
        SsoApi.json(
            "PUT",
            org.sso(),
            org.token(),
            jakarta.json.Json.createObjectBuilder()
                .add("enabled", true)
                .add("idpEntityId", "https://idp-remove-" + id + ".sso.test")
                .add("idpSsoUrl", "https://idp-remove-" + id + ".sso.test/sso")
                .build());
    assertEquals(200, on.status(), on.body());

    openSingleSignOn(org);
    assertTrue(
        driver.findElements(By.id(REMOVE + ":removeSection")).isEmpty(),
        "not offered while SSO is on");
    toggle(SSO + ":enabled");
    WebElement section =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(REMOVE + ":removeSection")));
    assertTrue(section.getText().contains("This cannot be undone"), section.getText());
    assertTrue(section.getText().contains("Type " + name + " to confirm"), section.getText());

    type(REMOVE + ":confirmName", "Remove Me");
    driver.findElement(By.id(REMOVE + ":removeConfiguration")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id(REMOVE + ":confirmNameMessage"), "exactly to confirm"));
    assertEquals(1, certificates(org).size(), "a wrong name removes nothing");

    type(REMOVE + ":confirmName", name);
    driver.findElement(By.id(REMOVE + ":removeConfiguration")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "The SSO configuration of " + name + " is removed"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id(CERTIFICATES + ":certificateTable"), "No certificate yet"));
    assertEquals("", valueOf(IDP + ":entityId"));
    browser.screenshot("console-sso-removed.png");
    JsonObject after = sso(org);
    assertTrue(after.isNull("idpEntityId") || !after.containsKey("idpEntityId"), after.toString());
    assertEquals(0, after.getJsonArray("certificates").size());
  }

  @Test
  void theSingleSignOnTabSaysWhyItIsNotAvailableOnOtherPlans() throws Exception {
    SsoApi.Org org = SsoApi.createOrg("FREE");
    browser.login(org.ownerEmail(), org.password());
    wait.until(ExpectedConditions.urlContains("/console"));
    driver.get(SsoApi.BASE + "/console/settings/access-security?org=" + org.id() + "&tab=sso");
    WebElement plan =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("accessSecurity:ssoPlan")));
    assertTrue(plan.getText().contains("SSO and SCIM need the Enterprise plan"), plan.getText());
    assertTrue(driver.findElements(By.id(SSO + ":enabled")).isEmpty(), "no switches");
  }

  private void openSingleSignOn(SsoApi.Org org) {
    browser.login(org.ownerEmail(), org.password());
    wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//a[contains(@id,':settings')]")))
        .click();
    wait.until(ExpectedConditions.elementToBeClickable(By.linkText("Access Security"))).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.linkText("Single Sign-On"))).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(SSO + ":enabledState")));
  }

  private void toggle(String id) {
    wait.until(
            ExpectedConditions.elementToBeClickable(
                By.cssSelector("[id='" + id + "'] .ui-toggleswitch-slider")))
        .click();
  }

  private void upload(String fileUploadId, Path file) {
    WebElement input = driver.findElement(By.id(fileUploadId + "_input"));
    input.sendKeys(file.toAbsolutePath().toString());
  }

  private String valueOf(String id) {
    return driver.findElement(By.id(id)).getAttribute("value");
  }

  private String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  private void type(String id, String value) {
    WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.id(id)));
    input.clear();
    input.sendKeys(value);
  }

  private static JsonObject sso(SsoApi.Org org) throws Exception {
    SsoApi.Reply r = SsoApi.send("GET", org.sso(), org.token(), null, null);
    assertEquals(200, r.status(), r.body());
    return r.json();
  }

  private static JsonArray certificates(SsoApi.Org org) throws Exception {
    return sso(org).getJsonArray("certificates");
  }

  private static JsonArray errorLog(SsoApi.Org org) throws Exception {
    SsoApi.Reply r = SsoApi.errors(org.id(), org.token());
    assertEquals(200, r.status(), r.body());
    return r.array();
  }
}
