package dev.portcullis.sso.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BreakGlassNoticesTest {

  private static final String URL = "https://portcullis.example/console/settings/audit?org=org-1";

  @Test
  void theNoticeSaysWhoWhenAndFromWhere() {
    BreakGlassNotices.Notice n =
        BreakGlassNotices.compose(
            new BreakGlassLogin(
                "org-1",
                "Acme",
                "user-1",
                "admin@acme.test",
                "password",
                Instant.parse("2027-03-01T12:34:56Z"),
                "203.0.113.7"),
            URL);
    assertEquals("[Portcullis] Break-glass login to Acme by admin@acme.test", n.subject());
    assertTrue(n.body().contains("Who:  admin@acme.test"), n.body());
    assertTrue(n.body().contains("When: 2027-03-01 12:34:56 UTC"), n.body());
    assertTrue(n.body().contains("From: 203.0.113.7"), n.body());
    assertTrue(n.body().contains("bypassing single sign-on, which Acme requires"), n.body());
    assertTrue(n.body().contains(URL), n.body());
  }
}
