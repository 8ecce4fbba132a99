package dev.portcullis.platform.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portcullis.it.Deployments;
import dev.portcullis.it.Fixtures;
import dev.portcullis.it.clock.TestClock;
import dev.portcullis.org.boundary.OrganizationService;
import dev.portcullis.platform.boundary.LoginService.Outcome;
import dev.portcullis.platform.boundary.LoginService.Refused;
import dev.portcullis.platform.boundary.LoginService.Success;
import dev.portcullis.platform.boundary.LoginService.Throttled;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Failed logins are counted even though the login is refused: each attempt below runs in its own
 * transaction, and the next one sees what the refused ones wrote. Three failures are free, every
 * further failure makes the same account from the same address wait (1 s, then doubling).
 */
@ExtendWith(ArquillianExtension.class)
class LoginServiceIT {

  @Deployment
  static EnterpriseArchive deployment() {
    return Deployments.ear(LoginServiceIT.class);
  }

  @Inject LoginService login;

  @Inject AccessTokenService tokens;

  @Inject OrganizationService organizations;

  @Inject TestClock clock;

  private String email;
  private String attacker;

  @BeforeEach
  void userWithPassword() {
    email = Fixtures.uniqueEmail("ann");
    organizations.signup(
        Actor.anonymous(email, "192.0.2.3"), email, Fixtures.PASSWORD, "Ann", "Lee", null);
    attacker = documentationAddress();
    clock.freeze();
  }

  @AfterEach
  void releaseClock() {
    clock.release();
  }

  @Test
  void afterThreeFreeFailuresTheNextOneMakesTheClientWaitEvenWithTheRightPassword() {
    for (int attempt = 1; attempt <= 4; attempt++) {
      assertInstanceOf(Refused.class, login.passwordLogin(email, "wrong " + attempt, attacker));
    }

    Outcome fifth = login.passwordLogin(email, Fixtures.PASSWORD, attacker);

    assertEquals(Duration.ofSeconds(1), assertInstanceOf(Throttled.class, fifth).retryAfter());
    clock.advance(Duration.ofSeconds(1));
    assertInstanceOf(Success.class, login.passwordLogin(email, Fixtures.PASSWORD, attacker));
  }

  @Test
  void theOwnerOfTheAccountIsNotLockedOutFromAnotherAddress() {
    for (int attempt = 1; attempt <= 5; attempt++) {
      login.passwordLogin(email, "wrong " + attempt, attacker);
    }
    assertInstanceOf(Throttled.class, login.passwordLogin(email, Fixtures.PASSWORD, attacker));

    Outcome owner = login.passwordLogin(email, Fixtures.PASSWORD, documentationAddress());

    assertEquals(email, assertInstanceOf(Success.class, owner).email());
  }

  @Test
  void unknownEmailsAreThrottledLikeKnownOnes() {
    String unknown = Fixtures.uniqueEmail("nobody");
    for (int attempt = 1; attempt <= 4; attempt++) {
      assertEquals(
          new Refused(LoginService.BAD_CREDENTIALS),
          login.passwordLogin(unknown, "wrong " + attempt, attacker));
    }

    Outcome fifth = login.passwordLogin(unknown, "wrong 5", attacker);

    assertEquals(Duration.ofSeconds(1), assertInstanceOf(Throttled.class, fifth).retryAfter());
  }

  /**
   * Token issuing throws on a wrong password, which rolls its transaction back; the failure still
   * counts because the password check runs in a transaction of its own.
   */
  @Test
  void failuresWhileIssuingATokenCountToo() {
    for (int attempt = 1; attempt <= 4; attempt++) {
      int n = attempt;
      ServiceException refused =
          assertThrows(ServiceException.class, () -> tokens.issue(email, "wrong " + n, attacker));
      assertEquals("unauthenticated", refused.code());
    }

    ServiceException throttled =
        assertThrows(
            ServiceException.class, () -> tokens.issue(email, Fixtures.PASSWORD, attacker));

    assertEquals("too_many_attempts", throttled.code());
    assertEquals(ServiceException.Kind.TOO_MANY_REQUESTS, throttled.kind());
  }

  /** A fresh address of the IPv6 documentation range, so reruns on a kept database start clean. */
  private static String documentationAddress() {
    return "2001:db8::" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 0xffff));
  }
}
