package it.mail;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A real SMTP server for the tests (GreenMail) on 127.0.0.1 and the port the server under test
 * sends to ({@code it.smtp.port}). It knows the account the server logs in with ({@code
 * it.smtp.user} / {@code it.smtp.password}) and refuses other credentials, so mail only arrives if
 * the server's mail session authenticates correctly.
 *
 * <p>The server sends mail asynchronously, after the change it reports has committed; {@link
 * #await} waits for it with a deadline. Other test classes also cause mail, some of it queued
 * before this server started: look messages up by recipient.
 */
public final class SmtpServer implements AutoCloseable {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private final GreenMail greenMail;

  private SmtpServer(int port, String user, String password) {
    greenMail =
        new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(
                GreenMailConfiguration.aConfig().withUser("portcullis@e2e.test", user, password));
  }

  /** On {@code it.smtp.port}, with the account from {@code it.smtp.user}/{@code password}. */
  public static SmtpServer fromSystemProperties() {
    return new SmtpServer(
        Integer.parseInt(System.getProperty("it.smtp.port", "3025")),
        System.getProperty("it.smtp.user", "portcullis"),
        System.getProperty("it.smtp.password", "e2e-smtp-password"));
  }

  public void start() {
    greenMail.start();
  }

  @Override
  public void close() {
    greenMail.stop();
  }

  /** A received message, decoded. */
  public record Mail(
      List<String> to, String from, String subject, String contentType, String body) {

    static Mail of(MimeMessage m) {
      try {
        return new Mail(
            addresses(m.getAllRecipients()),
            addresses(m.getFrom()).get(0),
            m.getSubject(),
            m.getContentType(),
            ((String) m.getContent()).replace("\r\n", "\n"));
      } catch (MessagingException | IOException e) {
        throw new IllegalStateException(e);
      }
    }

    private static List<String> addresses(Address[] list) {
      return list == null
          ? List.of()
          : Arrays.stream(list)
              .map(a -> ((InternetAddress) a).getAddress().toLowerCase(Locale.ROOT))
              .toList();
    }
  }

  /** Every message received so far for this recipient. */
  public List<Mail> to(String address) {
    String wanted = address.toLowerCase(Locale.ROOT);
    return Arrays.stream(greenMail.getReceivedMessages())
        .map(Mail::of)
        .filter(m -> m.to().contains(wanted))
        .toList();
  }

  /**
   * Waits until this recipient has at least {@code count} messages matching {@code which}, and
   * answers those messages; fails after the deadline.
   */
  public List<Mail> await(String address, Predicate<Mail> which, int count) {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (true) {
      List<Mail> found = to(address).stream().filter(which).toList();
      if (found.size() >= count || System.nanoTime() > end) {
        if (found.size() < count) {
          throw new AssertionError(
              "expected "
                  + count
                  + " message(s) to "
                  + address
                  + " within "
                  + DEADLINE
                  + ", got "
                  + to(address));
        }
        return found;
      }
      greenMail.waitForIncomingEmail(200, greenMail.getReceivedMessages().length + 1);
    }
  }
}
