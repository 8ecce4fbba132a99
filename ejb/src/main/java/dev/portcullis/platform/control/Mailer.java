package dev.portcullis.platform.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Plain-text UTF-8 email through the server's mail session {@code mail/portcullis} (SMTP host,
 * port, sender and credentials are server.xml variables). Sending happens on the {@code
 * concurrent/mail} executor, never on the caller's thread, so a slow or absent SMTP server neither
 * delays nor fails the change the mail reports; failures are logged as one WARNING with the number
 * of recipients and the reason, never with addresses, bodies or credentials.
 */
@ApplicationScoped
public class Mailer {

  private static final Logger LOG = Logger.getLogger(Mailer.class.getName());

  /** One message to one recipient. */
  public record Mail(String to, String subject, String body) {}

  @Resource(lookup = "mail/portcullis")
  Session session;

  @Resource(lookup = "concurrent/mail")
  ManagedExecutorService executor;

  /**
   * Composes and sends mail later, on the mail executor (one notice at a time, in the order they
   * were handed over). {@code compose} runs there too, so it may read the database. Never throws.
   *
   * @param purpose what the mail is about, for the log (no personal data)
   */
  public void sendLater(String purpose, Supplier<List<Mail>> compose) {
    try {
      executor.execute(() -> send(purpose, compose));
    } catch (RejectedExecutionException e) {
      LOG.log(Level.WARNING, "Mail not sent ({0}): the mail queue is full", purpose);
    } catch (RuntimeException e) { // no executor (misconfigured or stopping server)
      LOG.log(Level.WARNING, "Mail not sent ({0}): {1}", args(purpose, reason(e)));
    }
  }

  private void send(String purpose, Supplier<List<Mail>> compose) {
    List<Mail> mails;
    try {
      mails = compose.get();
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING, "Mail not sent ({0}): composing it failed: {1}", args(purpose, reason(e)));
      return;
    }
    if (!mails.isEmpty()) {
      send(purpose, mails);
    }
  }

  /**
   * Sends the messages now over one SMTP connection and answers how many the server accepted.
   * Failures are logged, never thrown.
   */
  public int send(String purpose, List<Mail> mails) {
    int sent = 0;
    int refused = 0;
    String refusal = null;
    try (Transport transport = session.getTransport()) {
      transport.connect();
      for (Mail mail : mails) {
        try {
          MimeMessage message = message(mail);
          transport.sendMessage(message, message.getAllRecipients());
          sent++;
        } catch (SendFailedException | AddressException e) {
          refused++; // this recipient only; the connection carries on
          refusal = e.getClass().getSimpleName() + ": " + e.getMessage(); // causes name addresses
        }
      }
    } catch (MessagingException | RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Mail not sent ({0}) to {1} of {2} recipient(s): {3}",
          args(purpose, mails.size() - sent, mails.size(), reason(e)));
      return sent;
    }
    if (refused > 0) {
      LOG.log(
          Level.WARNING,
          "Mail not sent ({0}) to {1} of {2} recipient(s): {3}",
          args(purpose, refused, mails.size(), refusal));
    }
    if (sent > 0) {
      LOG.log(Level.INFO, "Mail sent ({0}) to {1} recipient(s)", args(purpose, sent));
    }
    return sent;
  }

  private MimeMessage message(Mail mail) throws MessagingException {
    MimeMessage message = new MimeMessage(session);
    message.setFrom(); // the mail session's sender (mail.from)
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to(), true));
    message.setSubject(mail.subject(), "UTF-8");
    message.setText(mail.body(), "UTF-8");
    message.setSentDate(new Date());
    message.setHeader("Auto-Submitted", "auto-generated"); // RFC 3834: no auto-replies, please
    message.saveChanges();
    return message;
  }

  /** The exception's type and message and those of its causes: no stack trace. */
  static String reason(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null && b.length() < 500; t = t.getCause()) {
      if (b.length() > 0) {
        b.append("; caused by ");
      }
      b.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        b.append(": ").append(t.getMessage().strip());
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return b.toString();
  }

  private static Object[] args(Object... values) {
    return values;
  }
}
