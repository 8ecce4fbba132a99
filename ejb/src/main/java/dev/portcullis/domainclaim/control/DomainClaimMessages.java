package dev.portcullis.domainclaim.control;

import dev.portcullis.domainclaim.entity.VerificationPolicy;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The emails Owners and Admins get when a domain claim changes state: subject and plain-text body.
 * Dates are in UTC; the warning names the day the domain will unverify in its subject.
 */
public final class DomainClaimMessages {

  /** Subject and body of one notice. */
  public record Notice(String subject, String body) {}

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private DomainClaimMessages() {}

  /**
   * The notice for one change.
   *
   * @param settingsUrl the organization's Access Security page in the console
   */
  public static Notice compose(
      DomainClaimChanged change, VerificationPolicy policy, String settingsUrl) {
    String domain = change.domain();
    String org = change.organizationName();
    String body;
    String subject;
    switch (change.kind()) {
      case WARNED -> {
        subject =
            domain + ": verification record missing — unverifies on " + day(change.unverifiesAt());
        body =
            "Portcullis looked up the domain verification record of "
                + domain
                + " on "
                + time(change.absentSince())
                + " and the DNS answer did not contain it.\n\n"
                + "If the record is still missing on "
                + time(change.unverifiesAt())
                + ", "
                + domain
                + " will no longer be verified for "
                + org
                + ": single sign-on will stop applying to its users.\n\n"
                + "What to do: put this TXT record back at "
                + domain
                + " itself (the apex, not a subdomain):\n\n"
                + "    "
                + change.expectedRecord()
                + "\n\n"
                + "Portcullis checks the record daily; once it is found again, "
                + domain
                + " simply stays verified. If "
                + org
                + " no longer uses "
                + domain
                + ", remove the domain in the console instead.";
      }
      case UNVERIFIED -> {
        subject = domain + " is no longer verified";
        body =
            "The domain verification record of "
                + domain
                + " was missing from DNS since "
                + time(change.absentSince())
                + ", for "
                + days(policy.unverifyAfter().toDays())
                + ", so "
                + domain
                + " is no longer verified for "
                + org
                + " (since "
                + time(change.at())
                + "). Single sign-on no longer applies to its users.\n\n"
                + "To verify it again, claim "
                + domain
                + " again in the console and publish the new TXT record it shows.";
      }
      case VERIFIED -> {
        subject = domain + " is verified";
        body =
            "Good news: Portcullis found the verification record of "
                + domain
                + " on "
                + time(change.at())
                + ", so "
                + domain
                + " is now verified for "
                + org
                + ".\n\n"
                + "Keep the TXT record "
                + change.expectedRecord()
                + " in DNS: Portcullis checks it daily, and a domain whose record is missing for "
                + days(policy.unverifyAfter().toDays())
                + " is no longer verified.";
      }
      case REJECTED -> {
        subject = domain + ": claim rejected — verified by another organization";
        body =
            "The claim of "
                + org
                + " on "
                + domain
                + " was rejected on "
                + time(change.at())
                + ": "
                + (change.reason() == null
                    ? "another organization verified " + domain + " first."
                    : change.reason())
                + "\n\n"
                + "A domain can be verified by one organization only. If "
                + domain
                + " belongs to "
                + org
                + ", ask the other organization to remove it; then claim it again.";
      }
      case EXPIRED -> {
        subject = domain + ": claim expired — record not found";
        body =
            "The claim of "
                + org
                + " on "
                + domain
                + " expired on "
                + time(change.at())
                + ": the TXT record "
                + change.expectedRecord()
                + " did not appear in DNS within "
                + days(policy.verifyWindow().toDays())
                + ".\n\n"
                + "To try again, claim "
                + domain
                + " again in the console and publish the new TXT record it shows.";
      }
      case RESTORED -> {
        subject = domain + ": verification record found again";
        body =
            "The domain verification record of "
                + domain
                + " is back in DNS (checked on "
                + time(change.at())
                + "). "
                + domain
                + " stays verified for "
                + org
                + "; nothing else to do.";
      }
      default -> throw new IllegalArgumentException(String.valueOf(change.kind()));
    }
    return new Notice(
        "[Portcullis] " + subject,
        "Hello,\n\n"
            + body
            + "\n\nDomain claiming of "
            + org
            + ":\n"
            + settingsUrl
            + "\n\n-- \nYou receive this email because you are an Owner or Admin of "
            + org
            + " in Portcullis.\n");
  }

  private static String day(Instant instant) {
    return DAY.format(instant);
  }

  private static String time(Instant instant) {
    return TIME.format(instant);
  }

  private static String days(long n) {
    return n == 1 ? "1 day" : n + " days";
  }
}
