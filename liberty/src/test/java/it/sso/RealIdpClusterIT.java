package it.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.cluster.Cluster;
import it.cluster.Cluster.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The real-IdP tests of {@link RealIdpBrowserIT} on two servers behind the balancer (every request
 * of the browser and of SimpleSAMLphp's form goes to either server), and a login that starts on one
 * server and that the IdP's POST must complete on the other, because the first has been taken out
 * of the balancer meanwhile.
 */
@ExtendWith(Cluster.Started.class)
class RealIdpClusterIT extends RealIdpBrowserIT {

  @Test
  void aLoginStartedOnOneServerCompletesOnTheOtherWithTheRealIdp() throws Exception {
    Cluster cluster = Cluster.get();
    Node first = cluster.a();
    int before = ssoLogins();
    driver.get(first.url() + "/login");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login:email"))).sendKeys(alice);
    driver.findElement(By.id("login:next")).click();
    wait.until(ExpectedConditions.urlContains(idp.baseUrl()));

    // The server that sent the AuthnRequest leaves the balancer before the IdP answers.
    first.pause();
    try {
      logInAtTheIdp(alice, alicePassword);
      wait.until(ExpectedConditions.urlContains(cluster.balancer() + "/console/"));
      wait.until(ExpectedConditions.textToBe(By.id("currentUser"), alice));
    } finally {
      first.resume();
    }
    assertEquals(before + 1, ssoLogins(), "the audit log has the SSO login");
    driver.get(first.url() + "/console/index");
    wait.until(ExpectedConditions.textToBe(By.id("currentUser"), alice));
    assertTrue(driver.getCurrentUrl().startsWith(first.url()), "the session works on " + first);
  }
}
