package dev.portcullis.platform.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portcullis.platform.boundary.ServiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

  @Test
  void normalizesCaseWhitespaceAndInternationalDomains() {
    assertEquals("ann.lee@acme.test", EmailAddress.normalize("  Ann.Lee@ACME.Test "));
    assertEquals("bob@xn--mnchen-3ya.de", EmailAddress.normalize("bob@münchen.de"));
    assertEquals("eve@example.com", EmailAddress.normalize("eve@example.com."));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "no-at-sign",
        "@acme.test",
        "ann@",
        "a@b@acme.test",
        "ann@localhost",
        "ann@-bad-.test",
        "ann smith@acme.test",
        "ann@acme..test"
      })
  void refusesWhatIsNotAnEmailWithAClearCode(String raw) {
    ServiceException e = assertThrows(ServiceException.class, () -> EmailAddress.normalize(raw));
    assertEquals("invalid_email", e.code());
    assertEquals(ServiceException.Kind.INVALID, e.kind());
  }

  @Test
  void refusesOverlongAddresses() {
    String longLocal = "a".repeat(65) + "@acme.test";
    assertThrows(ServiceException.class, () -> EmailAddress.normalize(longLocal));
    String huge = "a@" + "b".repeat(400) + ".test";
    assertThrows(ServiceException.class, () -> EmailAddress.normalize(huge));
  }

  @Test
  void domainOfReturnsThePartAfterTheAt() {
    assertEquals("acme.test", EmailAddress.domainOf("ann@acme.test"));
  }
}
