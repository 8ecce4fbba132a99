package dev.portcullis.domainclaim.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.domainclaim.control.DomainClaimChanged.Kind;
import dev.portcullis.domainclaim.control.DomainClaimMessages.Notice;
import dev.portcullis.domainclaim.entity.VerificationPolicy;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DomainClaimMessagesTest {

  private static final String URL =
      "https://portcullis.example.com/console/settings/access-security?org=org-1";
  private static final String RECORD = "portcullis-domain-verify=tok3n";
  private static final Instant MISSING = Instant.parse("2026-11-28T23:30:00Z");

  private static DomainClaimChanged change(
      Kind kind, Instant at, Instant absentSince, Instant unverifiesAt, String reason) {
    return new DomainClaimChanged(
        kind,
        "claim-1",
        "org-1",
        "Acme Corp",
        "acme.com",
        RECORD,
        at,
        absentSince,
        unverifiesAt,
        reason);
  }

  private static Notice compose(DomainClaimChanged change) {
    return DomainClaimMessages.compose(change, VerificationPolicy.DEFAULT, URL);
  }

  @Test
  void theWarningNamesTheDomainWhenTheRecordWentMissingAndTheDayItUnverifies() {
    Instant unverifies = MISSING.plus(VerificationPolicy.DEFAULT.unverifyAfter());
    Notice n = compose(change(Kind.WARNED, MISSING, MISSING, unverifies, null));

    assertEquals(
        "[Portcullis] acme.com: verification record missing — unverifies on 2026-12-05",
        n.subject());
    assertTrue(n.body().contains("on 2026-11-28 23:30 UTC"), n.body());
    assertTrue(n.body().contains("still missing on 2026-12-05 23:30 UTC"), n.body());
    assertTrue(n.body().contains("\n    " + RECORD + "\n"), "the record to put back: " + n.body());
    assertTrue(n.body().contains("single sign-on will stop applying"), n.body());
    assertTrue(n.body().contains(URL), n.body());
    assertTrue(n.body().contains("Owner or Admin of Acme Corp"), n.body());
  }

  @Test
  void theUnverifiedNoticeSaysSsoStoppedAndHowToVerifyAgain() {
    Instant at = MISSING.plus(VerificationPolicy.DEFAULT.unverifyAfter()).plusSeconds(600);
    Notice n = compose(change(Kind.UNVERIFIED, at, MISSING, at, "missing"));

    assertEquals("[Portcullis] acme.com is no longer verified", n.subject());
    assertTrue(n.body().contains("missing from DNS since 2026-11-28 23:30 UTC, for 7 days"));
    assertTrue(n.body().contains("Single sign-on no longer applies"), n.body());
    assertTrue(n.body().contains("claim acme.com again"), n.body());
  }

  @Test
  void theVerifiedNoticeIsShortGoodNewsAndAsksToKeepTheRecord() {
    Notice n = compose(change(Kind.VERIFIED, MISSING, null, null, null));

    assertEquals("[Portcullis] acme.com is verified", n.subject());
    assertTrue(n.body().startsWith("Hello,\n\nGood news"), n.body());
    assertTrue(n.body().contains("Keep the TXT record " + RECORD), n.body());
  }

  @Test
  void theRejectedNoticeGivesTheReason() {
    Notice n =
        compose(
            change(
                Kind.REJECTED,
                MISSING,
                null,
                null,
                "Another organization verified acme.com first."));

    assertEquals(
        "[Portcullis] acme.com: claim rejected — verified by another organization", n.subject());
    assertTrue(n.body().contains(": Another organization verified acme.com first."), n.body());
  }

  @Test
  void everyTransitionHasItsOwnSubjectAndTheConsoleLink() {
    Set<String> subjects = new HashSet<>();
    for (Kind kind : EnumSet.allOf(Kind.class)) {
      Notice n =
          compose(
              change(
                  kind,
                  MISSING,
                  MISSING,
                  MISSING.plus(VerificationPolicy.DEFAULT.unverifyAfter()),
                  "reason"));
      assertTrue(n.subject().startsWith("[Portcullis] acme.com"), n.subject());
      assertFalse(n.subject().contains("\n"), n.subject());
      assertTrue(n.body().contains(URL), kind + ": " + n.body());
      subjects.add(n.subject());
    }
    assertEquals(Kind.values().length, subjects.size(), subjects.toString());
  }
}
