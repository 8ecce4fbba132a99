package it.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import it.console.Browser;
import it.dns.BindServer;
import jakarta.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Email-first login in a real browser (headless Chromium) with single sign-on: the console sends a
 * user of a verified domain to the organization's IdP and back to the page they asked for; Require
 * SSO refuses a member's password on the console and its sign-up, with a way to SSO; an admin
 * without a password confirms a domain claim by logging in again at the IdP. The IdP is a small
 * HTTP server on another site ({@code 127.0.0.1} against the console's {@code localhost}), which
 * checks the AuthnRequest's signature and answers with the {@link TestIdp}'s signed response
 * through an auto-submitted form, as real IdPs do: so the postback is a cross-site POST, and the
 * browser's own cookie rules decide whether the login cookie comes along.
 */
class SsoLoginBrowserIT {

  static BindServer dns;
  static HttpServer idpServer;
  static SsoOrg sso;
  static String admin;
  static String member;
  static String owner;
  static final String PASSWORD = "member-password-browser";
  static final List<AuthnRequests.Received> received = new CopyOnWriteArrayList<>();
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
    idpServer.createContext("/sso", SsoLoginBrowserIT::idp);
    idpServer.start();
    sso = SsoOrg.create(dns, "http://127.0.0.1:" + idpServer.getAddress().getPort() + "/sso");
    admin = sso.member("ADMIN");
    member = user("member", "MEMBER");
    owner = user("owner", "OWNER");
    sso.settings(Json.createObjectBuilder().add("requireSso", true).build());
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
    received.clear();
    idpProblems.clear();
  }

  @Test
  void aUserOfAVerifiedDomainGoesToTheIdpAndBackToTheirPage() throws Exception {
    String members = "/console/settings/members?org=" + sso.org.id();
    driver.get(Browser.BASE + members);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login:email"))).sendKeys(admin);
    assertTrue(driver.getCurrentUrl().contains("returnTo="), driver.getCurrentUrl());
    idpUser = admin;
    driver.findElement(By.id("login:next")).click();

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("members:membersTable")));
    assertEquals(List.of(), idpProblems);
    assertEquals(Browser.BASE + members, driver.getCurrentUrl());
    assertEquals(1, received.size(), "one AuthnRequest reached the IdP");
    assertEquals(members, received.get(0).relayState());
    assertTrue(driver.getPageSource().contains(admin));
    browser.screenshot("sso-login-landed.png");
  }

  @Test
  void unclaimedDomainsGetThePasswordStep() {
    driver.get(Browser.BASE + "/login");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login:email")))
        .sendKeys("someone@unclaimed-" + UUID.randomUUID().toString().substring(0, 8) + ".test");
    driver.findElement(By.id("login:next")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login:password")));
    assertTrue(driver.findElements(By.id("login:ssoLink")).isEmpty());
    assertEquals(List.of(), received, "the IdP saw nothing");
  }

  @Test
  void requireSsoRefusesAMembersPasswordAndOffersSso() {
    driver.get(Browser.BASE + "/login");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login:email")))
        .sendKeys(member);
    driver.findElement(By.id("login:usePassword")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login:password")))
        .sendKeys(PASSWORD);
    browser.submitPage(By.id("login:submit"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("login:messages"), "requires single sign-on"));

    idpUser = member;
    driver.findElement(By.id("login:ssoLink")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.id("logoutForm:logout")));
    assertEquals(Browser.BASE + "/console/index", driver.getCurrentUrl());
    assertEquals(List.of(), idpProblems);
  }

  @Test
  void anOwnerBreaksGlassWithTheirPassword() {
    driver.get(Browser.BASE + "/login");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login:email"))).sendKeys(owner);
    driver.findElement(By.id("login:usePassword")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login:ssoLink")));
    driver.findElement(By.id("login:password")).sendKeys(PASSWORD);
    browser.submitPage(By.id("login:submit"));
    wait.until(ExpectedConditions.elementToBeClickable(By.id("logoutForm:logout")));
    assertEquals(List.of(), received, "no SSO involved");
  }

  @Test
  void signUpWithAnEmailOfTheDomainIsRefusedWithALinkToSso() {
    driver.get(Browser.BASE + "/signup");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signup:email")))
        .sendKeys("new-" + UUID.randomUUID().toString().substring(0, 8) + "@" + sso.domain);
    driver.findElement(By.id("signup:password")).sendKeys("a-long-enough-password");
    driver.findElement(By.id("signup:create")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("signup:messages"), "requires single sign-on"));
    assertTrue(
        driver
            .findElement(By.id("signup:ssoLink"))
            .getAttribute("href")
            .endsWith("/sso/saml/" + sso.org.id() + "/login"));
  }

  @Test
  void underIdpManagedAccessSignUpGoesThroughTheIdpAndJoinsTheOrganization() throws Exception {
    assertEquals(
        200,
        sso.settings(Json.createObjectBuilder().add("idpManagedAccess", true).build()).status());
    try {
      String newcomer =
          "newcomer-" + UUID.randomUUID().toString().substring(0, 8) + "@" + sso.domain;
      driver.get(Browser.BASE + "/signup");
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signup:email")))
          .sendKeys(newcomer);
      idpUser = newcomer;
      driver.findElement(By.id("signup:create")).click();

      // no password asked: the IdP logged them in, and that first login made them a member
      wait.until(ExpectedConditions.elementToBeClickable(By.id("logoutForm:logout")));
      assertEquals(Browser.BASE + "/console/index", driver.getCurrentUrl());
      assertEquals(1, received.size(), "one AuthnRequest reached the IdP");
      assertEquals(List.of(), idpProblems);
      SsoApi.Reply members =
          SsoApi.send(
              "GET",
              "/api/v1/organizations/" + sso.org.id() + "/members",
              sso.org.token(),
              null,
              null);
      assertTrue(members.body().contains(newcomer), members.body());
    } finally {
      sso.settings(Json.createObjectBuilder().add("idpManagedAccess", false).build());
    }
  }

  @Test
  void anAdminWithoutAPasswordConfirmsAtTheIdpToClaimADomain() throws Exception {
    // an admin provisioned by their first SSO login (IdP Managed Access): no password
    String admin = "sso-only-" + UUID.randomUUID().toString().substring(0, 8) + "@" + sso.domain;
    sso.settings(Json.createObjectBuilder().add("idpManagedAccess", true).build());
    try {
      SsoTestIT.signedIn(sso, admin);
    } finally {
      sso.settings(Json.createObjectBuilder().add("idpManagedAccess", false).build());
    }
    promote(admin, "ADMIN");
    idpUser = admin;
    driver.get(Browser.BASE + "/login");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login:email"))).sendKeys(admin);
    driver.findElement(By.id("login:next")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.id("logoutForm:logout")));
    driver.get(Browser.BASE + "/console/settings/access-security?org=" + sso.org.id());
    wait.until(
            ExpectedConditions.elementToBeClickable(
                By.id("accessSecurity:domains:addDomainButton")))
        .click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("addDomainDialog")));
    assertTrue(driver.findElements(By.id("addDomain:password")).isEmpty(), "no password field");
    String domain = "browser-stepup-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    wait.until(ExpectedConditions.elementToBeClickable(By.id("addDomain:domain"))).sendKeys(domain);
    browser.screenshot("console-domains-confirm-at-idp.png");

    // to the IdP (a new login: ForceAuthn) and back, through the IdP's cross-site POST
    assertEquals(1, received.size(), "the login's AuthnRequest");
    assertFalse(received.get(0).forceAuthn(), "a login lets the IdP use its session");
    received.clear();
    driver.findElement(By.id("addDomain:reconfirm")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("addDomain:reconfirmState"), "Confirmed through your identity provider"));
    assertEquals(List.of(), idpProblems);
    assertEquals(1, received.size(), "one AuthnRequest reached the IdP: " + received);
    assertTrue(received.get(0).forceAuthn(), "ForceAuthn");
    assertTrue(driver.findElement(By.id("addDomainDialog")).isDisplayed(), "the dialog is back");
    assertEquals(domain, driver.findElement(By.id("addDomain:domain")).getAttribute("value"));
    browser.screenshot("console-domains-confirmed.png");

    driver.findElement(By.id("addDomain:submit")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("addDomainDialog")));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), domain + " is claimed."));
    assertTrue(
        driver.findElement(By.id("accessSecurity:domains")).getText().contains(domain),
        "the claim is listed");
  }

  private static void promote(String email, String role) throws Exception {
    SsoApi.Reply members =
        SsoApi.send(
            "GET",
            "/api/v1/organizations/" + sso.org.id() + "/members",
            sso.org.token(),
            null,
            null);
    String userId =
        members.array().stream()
            .map(v -> v.asJsonObject())
            .filter(m -> m.getString("email").equals(email))
            .map(m -> m.getString("userId"))
            .findFirst()
            .orElseThrow();
    SsoApi.Reply promoted =
        SsoApi.json(
            "PATCH",
            "/api/v1/organizations/" + sso.org.id() + "/members/" + userId,
            sso.org.token(),
            Json.createObjectBuilder().add("role", role).build());
    assertEquals(200, promoted.status(), promoted.body());
  }

  /** A member of the domain with {@link #PASSWORD}, signed up before Require SSO was turned on. */
  private static String user(String prefix, String role) throws Exception {
    String email = prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@" + sso.domain;
    SsoApi.Reply signup =
        SsoApi.json(
            "POST",
            "/api/v1/signup",
            null,
            Json.createObjectBuilder().add("email", email).add("password", PASSWORD).build());
    assertEquals(201, signup.status(), signup.body());
    SsoApi.Reply added =
        SsoApi.json(
            "POST",
            "/api/v1/organizations/" + sso.org.id() + "/members",
            sso.org.token(),
            Json.createObjectBuilder().add("email", email).add("role", role).build());
    assertEquals(201, added.status(), added.body());
    return email;
  }

  /**
   * The IdP: verifies the AuthnRequest with the SP's metadata certificate, then "logs in" {@link
   * #idpUser} and posts the signed response to the postback URL with the RelayState.
   */
  private static void idp(HttpExchange exchange) throws IOException {
    String page;
    int status = 200;
    try {
      String url =
          "http://127.0.0.1:"
              + idpServer.getAddress().getPort()
              + exchange.getRequestURI().toString();
      AuthnRequests.Received request = AuthnRequests.fromRedirect(url, sso.spCertificate);
      received.add(request);
      page =
          TestIdp.autoPostPage(
              request.postbackUrl(), sso.login(idpUser, request.id()).xml(), request.relayState());
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
