package dev.portcullis.sso.control;

import dev.portcullis.org.entity.Membership;
import dev.portcullis.org.entity.Organization;
import dev.portcullis.platform.control.Mailer;
import dev.portcullis.platform.control.PortcullisConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Emails every other active Owner of the organization when an Owner or Admin breaks glass (PRODUCT
 * §3, issue 5: logs in with a password under Require SSO, or with a recovery code): who, when, from
 * which address. Only once the login has committed (with its audit entry); the one who logged in is
 * not told about their own login.
 */
@ApplicationScoped
public class BreakGlassNotices {

  private static final Logger LOG = Logger.getLogger(BreakGlassNotices.class.getName());

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  /** Subject and body of one notice. */
  public record Notice(String subject, String body) {}

  @Inject Mailer mailer;

  @Inject PortcullisConfig config;

  @PersistenceContext EntityManager em;

  void onBreakGlass(@Observes(during = TransactionPhase.AFTER_SUCCESS) BreakGlassLogin event) {
    String purpose = "break-glass login notice";
    try {
      mailer.sendLater(purpose, () -> mails(event));
    } catch (RuntimeException e) { // e.g. no mail session: the audit log has the login anyway
      LOG.log(Level.WARNING, "Mail not sent ({0}): {1}", new Object[] {purpose, e.toString()});
    }
  }

  List<Mailer.Mail> mails(BreakGlassLogin login) {
    BreakGlassLogin event = login;
    if (event.organizationName() == null) {
      Organization org = em.find(Organization.class, event.organizationId());
      event =
          new BreakGlassLogin(
              event.organizationId(),
              org == null ? "your organization" : org.getName(),
              event.userId(),
              event.email(),
              event.method(),
              event.at(),
              event.clientAddress());
    }
    String organizationId = event.organizationId();
    String userId = event.userId();
    Notice notice =
        compose(
            event,
            config.baseUrl()
                + "/console/settings/audit?org="
                + URLEncoder.encode(organizationId, StandardCharsets.UTF_8));
    return em.createNamedQuery("Membership.byOrganization", Membership.class)
        .setParameter("org", organizationId)
        .getResultStream()
        .filter(Membership::isActiveOwner)
        .filter(m -> !m.getUser().getId().equals(userId))
        .map(m -> new Mailer.Mail(m.getUser().getEmail(), notice.subject(), notice.body()))
        .toList();
  }

  /**
   * The notice of one break-glass login.
   *
   * @param auditUrl the organization's audit log in the console
   */
  public static Notice compose(BreakGlassLogin e, String auditUrl) {
    String org = e.organizationName();
    String body =
        "Hello,\n\n"
            + e.email()
            + " logged in to Portcullis with a "
            + e.method()
            + ", bypassing single sign-on, which "
            + org
            + " requires (break-glass login):\n\n"
            + "    Who:  "
            + e.email()
            + "\n    When: "
            + TIME.format(e.at())
            + "\n    From: "
            + (e.clientAddress() == null ? "unknown address" : e.clientAddress())
            + "\n\n"
            + "Owners and Admins keep their password under Require SSO for emergencies, such as"
            + " an IdP outage. If you did not expect this login, check with "
            + e.email()
            + " and look at the audit log of "
            + org
            + ":\n"
            + auditUrl
            + "\n\n-- \nYou receive this email because you are an Owner of "
            + org
            + " in Portcullis. Every break-glass login of its Owners and Admins is emailed to the"
            + " other Owners.\n";
    return new Notice("[Portcullis] Break-glass login to " + org + " by " + e.email(), body);
  }
}
