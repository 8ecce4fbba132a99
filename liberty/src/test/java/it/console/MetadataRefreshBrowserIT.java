package it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import it.sso.SsoApi;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Access Security → Single Sign-On in a real browser: the IdP form's metadata URL is validated in
 * place and saved with the form; Refresh now applies the metadata (served by the test on 127.0.0.1)
 * and shows when; a failed refresh shows its problem and the last refresh error.
 */
class MetadataRefreshBrowserIT {

  private static final String SSO = "accessSecurity:sso";
  private static final String IDP = "accessSecurity:idp";
  private static final String CERTIFICATES = "accessSecurity:certificates";

  @RegisterExtension final Browser browser = new Browser();

  private WebDriver driver;
  private WebDriverWait wait;
  private HttpServer server;
  private final AtomicReference<byte[]> served = new AtomicReference<>();

  @BeforeEach
  void setUp() throws Exception {
    driver = browser.driver();
    wait = browser.waiting();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/metadata",
        exchange -> {
          byte[] body = served.get();
          if (body == null) {
            exchange.sendResponseHeaders(404, -1);
          } else {
            exchange.getResponseHeaders().set("Content-Type", "application/samlmetadata+xml");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void ownerSetsTheMetadataUrlAndRefreshesNow() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    SsoApi.Org org = SsoApi.createOrg("ENTERPRISE");
    X509Certificate signing = SsoApi.certificate("idp-refresh-" + id + ".sso.test", null, 365);
    String entityId = "https://idp-" + id + ".sso.test/metadata";
    served.set(SsoApi.metadata(entityId, signing));
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/metadata";

    openSingleSignOn(org);

    // a URL that is not one is refused in place
    type(IDP + ":metadataUrl", "ftp://idp.sso.test/metadata");
    driver.findElement(By.id(IDP + ":save")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id(IDP + ":metadataUrlMessage"), "must be an absolute https://"));

    // saved with the form; not refreshed yet
    type(IDP + ":metadataUrl", url);
    driver.findElement(By.id(IDP + ":save")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id(IDP + ":metadataRefreshedAt"), "Not refreshed yet."));
    assertEquals(url, sso(org).getString("idpMetadataUrl"));

    // Refresh now: entity ID, SSO URL and certificate from the metadata
    driver.findElement(By.id(IDP + ":refreshMetadata")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "IdP metadata refreshed from " + url));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id(CERTIFICATES + ":certificateTable"), SsoApi.fingerprint(signing)));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id(IDP + ":metadataRefreshedAt"), "Last refreshed"));
    assertEquals(entityId, valueOf(IDP + ":entityId"));
    assertEquals("https://idp.sso.test/sso/redirect", valueOf(IDP + ":ssoUrl"));

    // the IdP's metadata disappears: the refresh fails, shows why, and changes nothing
    served.set(null);
    driver.findElement(By.id(IDP + ":refreshMetadata")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id(IDP + ":metadataUrlMessage"), "HTTP 404"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id(IDP + ":metadataRefreshError"), "Last refresh failed"));
    assertTrue(text(CERTIFICATES + ":certificateTable").contains(SsoApi.fingerprint(signing)));
    assertEquals(entityId, sso(org).getString("idpEntityId"));
  }

  @Test
  void ownerSetsAnAdditionalIdpsMetadataUrlAndRefreshesNow() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    SsoApi.Org org = SsoApi.createOrg("ENTERPRISE");
    X509Certificate signing = SsoApi.certificate("idp-b-" + id + ".sso.test", null, 365);
    String entityId = "https://idp-b-" + id + ".sso.test/metadata";
    served.set(SsoApi.metadata(entityId, signing));
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/metadata";
    String editor = "accessSecurity:idpEditor";

    openSingleSignOn(org);
    click("accessSecurity:idps:addIdp");
    type(editor + ":idpName", "IdP B " + id);
    type(editor + ":idpMetadataUrl", "gopher://idp.sso.test/metadata");
    click(editor + ":saveIdp");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id(editor + ":idpMetadataUrlMessage"), "must be an absolute https://"));
    type(editor + ":idpMetadataUrl", url);
    click(editor + ":saveIdp");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id(editor + ":idpMetadataRefreshedAt"), "Not refreshed yet."));

    click(editor + ":refreshIdpMetadata");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "IdP metadata refreshed from " + url));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("accessSecurity:idpCertificates:idpCertificateTable"),
            SsoApi.fingerprint(signing)));
    assertEquals(entityId, valueOf(editor + ":idpEntityId"));

    served.set(null);
    click(editor + ":refreshIdpMetadata");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id(editor + ":idpMetadataUrlMessage"), "HTTP 404"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id(editor + ":idpMetadataRefreshError"), "Last refresh failed"));
    assertEquals(entityId, valueOf(editor + ":idpEntityId"));
  }

  private void click(String id) {
    wait.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
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

  private static jakarta.json.JsonObject sso(SsoApi.Org org) throws Exception {
    SsoApi.Reply r = SsoApi.send("GET", org.sso(), org.token(), null, null);
    assertEquals(200, r.status(), r.body());
    return r.json();
  }
}
