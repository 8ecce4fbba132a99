package dev.portcullis.sso.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CertificateExpiryNoticesTest {

  private static final String URL = "https://portcullis.example/console/settings/access-security";

  private static CertificateExpiring expiring(
      int threshold, long daysLeft, boolean enabled, Instant replacement) {
    return new CertificateExpiring(
        "org-1",
        "Acme",
        "cert-1",
        "CN=idp.acme.test",
        "AB:CD:EF",
        Instant.parse("2027-03-01T12:00:00Z"),
        threshold,
        daysLeft,
        enabled,
        replacement);
  }

  @Test
  void aCertificateOfAnAdditionalIdpNamesIt() {
    CertificateExpiring e = expiring(7, 7, true, null);
    CertificateExpiryNotices.Notice n =
        CertificateExpiryNotices.compose(
            new CertificateExpiring(
                e.organizationId(),
                e.organizationName(),
                e.certificateId(),
                e.subject(),
                e.sha256(),
                e.notAfter(),
                e.thresholdDays(),
                e.daysLeft(),
                e.ssoEnabled(),
                e.replacementUntil(),
                "Okta EU"),
            URL);
    assertEquals("[Portcullis] SSO certificate of Acme (Okta EU) expires in 7 days", n.subject());
    assertTrue(n.body().contains("identity provider Okta EU (one of the additional"), n.body());
    assertTrue(n.body().contains("refuses the SSO logins through Okta EU"), n.body());
    assertTrue(n.body().contains("Additional identity providers → Okta EU"), n.body());
  }

  @Test
  void theOnlyCertificateWithSsoOnSaysLoginsStop() {
    CertificateExpiryNotices.Notice n =
        CertificateExpiryNotices.compose(expiring(7, 7, true, null), URL);
    assertEquals("[Portcullis] SSO certificate of Acme expires in 7 days", n.subject());
    assertTrue(n.body().contains("expires on 2027-03-01 12:00 UTC (in 7 days)"), n.body());
    assertTrue(n.body().contains("Subject: CN=idp.acme.test"), n.body());
    assertTrue(n.body().contains("SHA-256: AB:CD:EF"), n.body());
    assertTrue(n.body().contains("refuses every SSO login of Acme"), n.body());
    assertTrue(n.body().contains("Upload certificate"), n.body());
    assertTrue(n.body().contains(URL), n.body());
  }

  @Test
  void aLaterCertificateMeansLoginsKeepWorking() {
    CertificateExpiryNotices.Notice n =
        CertificateExpiryNotices.compose(
            expiring(1, 1, true, Instant.parse("2028-01-01T00:00:00Z")), URL);
    assertEquals("[Portcullis] SSO certificate of Acme expires in 1 day", n.subject());
    assertTrue(n.body().contains("valid until 2028-01-01 00:00 UTC"), n.body());
    assertFalse(n.body().contains("refuses every SSO login"), n.body());
  }

  @Test
  void withSsoOffItSaysSo() {
    CertificateExpiryNotices.Notice n =
        CertificateExpiryNotices.compose(expiring(30, 30, false, null), URL);
    assertTrue(n.body().contains("Single sign-on is off for Acme"), n.body());
  }
}
