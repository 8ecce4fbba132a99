package dev.portcullis.domainclaim.control;

import dev.portcullis.domainclaim.entity.VerificationPolicy;
import dev.portcullis.org.control.OrgAccess;
import dev.portcullis.platform.control.Mailer;
import dev.portcullis.platform.control.PortcullisConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Emails the active Owners and Admins of an organization when one of its domain claims changes
 * state (PRODUCT §2: the first failed re-check warns the admins, naming the day the domain will
 * unverify). Only once the change has committed: a rolled-back change sends nothing. Recipients are
 * read when the mail is composed, on the mail executor, so neither the sweep's transactions nor
 * request threads wait for them.
 */
@ApplicationScoped
public class DomainClaimNotices {

  private static final Logger LOG = Logger.getLogger(DomainClaimNotices.class.getName());

  @Inject Mailer mailer;

  @Inject OrgAccess access;

  @Inject PortcullisConfig config;

  void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) DomainClaimChanged change) {
    String purpose = "domain " + change.kind().name().toLowerCase(Locale.ROOT) + " notice";
    try {
      mailer.sendLater(purpose, () -> mails(change));
    } catch (RuntimeException e) { // e.g. no mail session configured: the change stands regardless
      LOG.log(Level.WARNING, "Mail not sent ({0}): {1}", new Object[] {purpose, e.toString()});
    }
  }

  List<Mailer.Mail> mails(DomainClaimChanged change) {
    DomainClaimMessages.Notice notice =
        DomainClaimMessages.compose(
            change,
            VerificationPolicy.DEFAULT,
            config.baseUrl()
                + "/console/settings/access-security?org="
                + URLEncoder.encode(change.organizationId(), StandardCharsets.UTF_8));
    return access.administrators(change.organizationId()).stream()
        .map(user -> new Mailer.Mail(user.getEmail(), notice.subject(), notice.body()))
        .toList();
  }
}
