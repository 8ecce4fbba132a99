package dev.portcullis.domainclaim.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.platform.boundary.ServiceException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DomainNamesTest {

  private final DomainNames names = new DomainNames(Set.of("test"));

  @Test
  void normalizesCaseTrailingDotAndInternationalNames() {
    assertEquals("acme.com", names.normalize(" ACME.com. "));
    assertEquals("xn--bcher-kva.de", names.normalize("Bücher.de"));
    assertEquals("eu.acme.co.uk", names.normalize("eu.acme.co.uk"));
    assertEquals("acme.github.io", names.normalize("acme.github.io"));
  }

  @Test
  void operatorSuffixesAllowPrivateNamesButNotTheSuffixItself() {
    assertEquals("acme.test", names.normalize("acme.test"));
    assertEquals("eu.acme.test", names.normalize("EU.Acme.Test"));
    ServiceException e = assertThrows(ServiceException.class, () -> names.normalize("test."));
    assertEquals("invalid_domain", e.code());
    assertThrows(ServiceException.class, () -> new DomainNames(Set.of()).normalize("acme.test"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"com", "co.uk", "github.io", "COM."})
  void refusesPublicSuffixesNamingTheReason(String raw) {
    ServiceException e = assertThrows(ServiceException.class, () -> names.normalize(raw));
    assertEquals("invalid_domain", e.code());
    assertTrue(e.getMessage().contains("public suffix"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "localhost", "192.168.1.10", "[::1]", "2001:db8::1", "https://acme.com",
        "acme.com/path", "ann@acme.com", "*.acme.com", "acme..com", "-acme.com", "acme.unknowntld",
        "ac me.com"
      })
  void refusesWhatCannotBeClaimed(String raw) {
    ServiceException e = assertThrows(ServiceException.class, () -> names.normalize(raw));
    assertEquals("invalid_domain", e.code());
  }

  @Test
  void refusesOverlongNames() {
    String label = "a".repeat(63);
    String longName = String.join(".", label, label, label, label, "com");
    assertThrows(ServiceException.class, () -> names.normalize(longName));
    assertThrows(ServiceException.class, () -> names.normalize("a".repeat(64) + ".com"));
  }

  @Test
  void parentsStopAtTheRegistrableDomain() {
    assertEquals(List.of("b.acme.co.uk", "acme.co.uk"), names.parents("a.b.acme.co.uk"));
    assertEquals(List.of(), names.parents("acme.com"));
    assertEquals(List.of("acme.test"), names.parents("eu.acme.test"));
  }
}
