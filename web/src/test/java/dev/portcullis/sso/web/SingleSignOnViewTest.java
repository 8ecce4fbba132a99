package dev.portcullis.sso.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.sso.entity.IdpCertificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SingleSignOnViewTest {

  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  private static IdpCertificate expiringIn(String cn, Duration left) {
    return new IdpCertificate(
        "org-1", "CN=" + cn, cn, NOW.plus(left), new byte[] {1}, NOW.minus(Duration.ofDays(300)));
  }

  @Test
  void aCertificateWithin30DaysRaisesTheBannerOthersDoNot() {
    List<String> banner =
        SingleSignOnView.warnings(
            List.of(
                expiringIn("soon", Duration.ofDays(6).plusHours(3)),
                expiringIn("later", Duration.ofDays(31))),
            NOW);
    assertEquals(1, banner.size(), banner.toString());
    String line = banner.get(0);
    assertTrue(
        line.startsWith(
            "The IdP signing certificate CN=soon expires on 2026-12-04 15:00:00 UTC (in 7 days)."),
        line);
    assertTrue(line.contains("Another certificate, valid until 2026-12-29"), line);
  }

  @Test
  void theOnlyCertificateSaysSsoStopsWorking() {
    List<String> banner =
        SingleSignOnView.warnings(List.of(expiringIn("only", Duration.ofHours(20))), NOW);
    assertTrue(banner.get(0).contains("(in 1 day)"), banner.get(0));
    assertTrue(banner.get(0).endsWith("or single sign-on stops working."), banner.get(0));
    assertEquals(
        List.of(),
        SingleSignOnView.warnings(List.of(expiringIn("gone", Duration.ofHours(-1))), NOW),
        "an expired certificate is listed as expired, not warned about");
  }
}
