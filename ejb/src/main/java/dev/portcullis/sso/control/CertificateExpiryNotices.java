package dev.portcullis.sso.control;

import dev.portcullis.org.control.OrgAccess;
import dev.portcullis.platform.control.Mailer;
import dev.portcullis.platform.control.PortcullisConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Emails the active Owners and Admins of an organization when one of its IdP signing certificates
 * nears expiry (PRODUCT §3: at 30, 7 and 1 days; the reference product sends none). Only once the
 * warning is recorded as sent (after commit), so a rolled-back check sends nothing and a committed
 * one is never sent again.
 */
@ApplicationScoped
public class CertificateExpiryNotices {

  private static final Logger LOG = Logger.getLogger(CertificateExpiryNotices.class.getName());

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  /** Subject and body of one notice. */
  public record Notice(String subject, String body) {}

  @Inject Mailer mailer;

  @Inject OrgAccess access;

  @Inject PortcullisConfig config;

  void onExpiring(@Observes(during = TransactionPhase.AFTER_SUCCESS) CertificateExpiring event) {
    String purpose = "SSO certificate expiry notice (" + event.thresholdDays() + " days)";
    try {
      mailer.sendLater(purpose, () -> mails(event));
    } catch (RuntimeException e) { // e.g. no mail session: the console banner shows it anyway
      LOG.log(Level.WARNING, "Mail not sent ({0}): {1}", new Object[] {purpose, e.toString()});
    }
  }

  List<Mailer.Mail> mails(CertificateExpiring event) {
    Notice notice =
        compose(
            event,
            config.baseUrl()
                + "/console/settings/access-security?org="
                + URLEncoder.encode(event.organizationId(), StandardCharsets.UTF_8)
                + "&tab=sso");
    return access.administrators(event.organizationId()).stream()
        .map(user -> new Mailer.Mail(user.getEmail(), notice.subject(), notice.body()))
        .toList();
  }

  /**
   * The notice for one warning.
   *
   * @param settingsUrl the organization's Single Sign-On page in the console
   */
  public static Notice compose(CertificateExpiring e, String settingsUrl) {
    String org = e.organizationName();
    String when = days(e.daysLeft());
    String consequence;
    if (e.replacementUntil() != null) {
      consequence =
          "Another active signing certificate of your IdP is valid until "
              + time(e.replacementUntil())
              + ", so logins keep working once your IdP signs with it. Remove the old certificate"
              + " when the IdP no longer uses it.";
    } else if (e.ssoEnabled()) {
      consequence =
          "It is the only active signing certificate, and single sign-on is on: when it expires,"
              + (e.idpName() == null
                  ? " Portcullis refuses every SSO login of " + org
                  : " Portcullis refuses the SSO logins through " + e.idpName())
              + " until a current certificate is configured.";
    } else {
      consequence =
          "It is the only active signing certificate. Single sign-on is off for "
              + org
              + " right now, but it cannot be turned on with an expired certificate.";
    }
    String body =
        "Hello,\n\n"
            + (e.idpName() == null
                ? "The signing certificate of the identity provider configured for " + org
                : "The signing certificate of the identity provider "
                    + e.idpName()
                    + " (one of the additional identity providers of "
                    + org
                    + ")")
            + " expires on "
            + time(e.notAfter())
            + " (in "
            + when
            + "):\n\n"
            + "    Subject: "
            + e.subject()
            + "\n    SHA-256: "
            + e.sha256()
            + "\n\n"
            + consequence
            + "\n\n"
            + "What to do: create a new signing certificate in your IdP, then in Portcullis upload"
            + (e.idpName() == null
                ? " it (Access Security → Single Sign-On → Upload certificate) or import the IdP's"
                : " it (Access Security → Single Sign-On → Additional identity providers → "
                    + e.idpName()
                    + " → Edit → Upload certificate) or import the IdP's")
            + " new metadata. Up to two certificates can be active at once, so the new one can be"
            + " added before the IdP switches to it.\n\n"
            + "Single sign-on of "
            + org
            + ":\n"
            + settingsUrl
            + "\n\n-- \nYou receive this email because you are an Owner or Admin of "
            + org
            + " in Portcullis. You get it "
            + "30, 7 and 1 days before a certificate expires.\n";
    return new Notice(
        "[Portcullis] SSO certificate of "
            + org
            + (e.idpName() == null ? "" : " (" + e.idpName() + ")")
            + " expires in "
            + when,
        body);
  }

  private static String time(Instant instant) {
    return TIME.format(instant);
  }

  private static String days(long n) {
    return n == 1 ? "1 day" : n + " days";
  }
}
