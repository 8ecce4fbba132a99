package it.domainclaim;

import static it.domainclaim.ClaimsApi.addMember;
import static it.domainclaim.ClaimsApi.claim;
import static it.domainclaim.ClaimsApi.createOrg;
import static it.domainclaim.ClaimsApi.list;
import static it.domainclaim.ClaimsApi.relogin;
import static it.domainclaim.ClaimsApi.setClock;
import static it.domainclaim.ClaimsApi.signup;
import static it.domainclaim.ClaimsApi.sweep;
import static it.domainclaim.ClaimsApi.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dns.BindServer;
import it.mail.SmtpServer;
import it.mail.SmtpServer.Mail;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emails Owners and Admins get about their domains, received by a real SMTP server (GreenMail)
 * that the server under test logs into; DNS answers come from a real BIND server and days pass on
 * the server's testing clock.
 */
class DomainMailIT {

  private static BindServer dns;
  private static SmtpServer smtp;

  private String id;
  private ClaimsApi.Org org;
  private String admin;
  private String member;

  @BeforeAll
  static void startServers() throws Exception {
    dns = BindServer.fromSystemProperty();
    dns.start();
    smtp = SmtpServer.fromSystemProperties();
    smtp.start();
  }

  @AfterAll
  static void stopServers() throws Exception {
    smtp.close();
    dns.close();
  }

  /** An organization with an Owner, an Admin and a Member, each with their own address. */
  @BeforeEach
  void organizationWithThreeRoles() throws Exception {
    id = UUID.randomUUID().toString().substring(0, 8);
    org = createOrg("Mail " + id);
    admin = signup("admin-" + id + "@mail-it.test", "admin-password-" + id);
    member = signup("member-" + id + "@mail-it.test", "member-password-" + id);
    addMember(org, admin, "ADMIN");
    addMember(org, member, "MEMBER");
  }

  @AfterEach
  void resetClock() throws Exception {
    setClock(Duration.ZERO);
  }

  private static Predicate<Mail> subject(String subject) {
    return m -> m.subject().equals(subject);
  }

  /** Waits for one message with this subject to each address; answers them. */
  private static List<Mail> awaitEach(Set<String> addresses, String subject) {
    return addresses.stream()
        .map(a -> smtp.await(a, subject(subject), 1).get(0))
        .collect(Collectors.toList());
  }

  private String publishAndVerify(String domain) throws Exception {
    JsonObject claim = claim(org, domain).object();
    String record = claim.getJsonObject("txtRecord").getString("value");
    dns.setTxt(domain, List.of(List.of(record)));
    setClock(Duration.ofMinutes(3));
    sweep();
    org = relogin(org);
    assertEquals("VERIFIED", list(org).getJsonObject(0).getString("status"));
    return record;
  }

  @Test
  void aMissingRecordWarnsOwnersAndAdminsOnceThenTheUnverifiedNoticeFollows() throws Exception {
    String domain = "mailfade-" + id + ".test";
    String record = publishAndVerify(domain);
    Set<String> admins = Set.of(org.ownerEmail(), admin);
    awaitEach(admins, "[Portcullis] " + domain + " is verified");

    dns.deleteTxt(domain);
    setClock(Duration.ofDays(1).plusMinutes(10));
    sweep();
    org = relogin(org);
    JsonObject warned = list(org).getJsonObject(0);
    Instant unverifiesAt = Instant.parse(warned.getString("unverifiesAt"));
    LocalDate unverifyDay = LocalDate.ofInstant(unverifiesAt, ZoneOffset.UTC);
    String warning =
        "[Portcullis] " + domain + ": verification record missing — unverifies on " + unverifyDay;

    for (Mail mail : awaitEach(admins, warning)) {
      assertEquals(1, mail.to().size(), "one recipient per message: " + mail.to());
      assertEquals("portcullis@e2e.test", mail.from());
      assertTrue(mail.contentType().toLowerCase().startsWith("text/plain"), mail.contentType());
      assertTrue(mail.contentType().toLowerCase().contains("utf-8"), mail.contentType());
      String body = mail.body();
      assertTrue(body.contains("verification record of " + domain), body);
      assertTrue(body.contains("still missing on " + unverifyDay + " "), body);
      assertTrue(body.contains("\n    " + record + "\n"), "the record to put back: " + body);
      assertTrue(
          body.contains("/console/settings/access-security?org=" + org.id()),
          "links to the domain settings: " + body);
    }

    setClock(Duration.ofDays(2).plusMinutes(20));
    sweep();
    setClock(Duration.ofDays(8).plusMinutes(20));
    sweep();
    org = relogin(org);
    assertEquals("UNVERIFIED", list(org).getJsonObject(0).getString("status"));
    for (Mail mail : awaitEach(admins, "[Portcullis] " + domain + " is no longer verified")) {
      assertTrue(mail.body().contains("Single sign-on no longer applies"), mail.body());
    }

    // Mail goes out one notice at a time, in order: a second warning from the day-2 sweep would
    // have arrived before the unverified notice.
    for (String address : admins) {
      assertEquals(1, smtp.to(address).stream().filter(subject(warning)).count(), address);
      assertEquals(3, smtp.to(address).size(), "verified, warning, unverified: " + address);
    }
    assertEquals(List.of(), smtp.to(member), "Members get no domain notices");
  }

  @Test
  void verifyNowSendsTheGoodNewsToOwnersAndAdmins() throws Exception {
    String domain = "mailgood-" + id + ".test";
    JsonObject claim = claim(org, domain).object();
    dns.setTxt(domain, List.of(List.of(claim.getJsonObject("txtRecord").getString("value"))));

    ClaimsApi.Reply verified = verify(org, claim.getString("id"));
    assertEquals(200, verified.status(), verified.body());
    assertEquals("VERIFIED", verified.object().getString("status"));

    for (Mail mail :
        awaitEach(Set.of(org.ownerEmail(), admin), "[Portcullis] " + domain + " is verified")) {
      assertTrue(mail.body().contains("Good news"), mail.body());
      assertTrue(mail.body().contains("now verified for Mail " + id), mail.body());
    }
    assertEquals(List.of(), smtp.to(member), "Members get no domain notices");
  }

  @Test
  void theOrganizationThatLosesTheRaceIsToldWhy() throws Exception {
    String domain = "mailrace-" + id + ".test";
    ClaimsApi.Org rival = createOrg("Rival " + id);
    JsonObject ours = claim(org, domain).object();
    assertEquals(201, claim(rival, domain).status());
    dns.setTxt(domain, List.of(List.of(ours.getJsonObject("txtRecord").getString("value"))));

    assertEquals(200, verify(org, ours.getString("id")).status());

    Mail rejected =
        smtp.await(
                rival.ownerEmail(),
                subject(
                    "[Portcullis] "
                        + domain
                        + ": claim rejected — verified by another organization"),
                1)
            .get(0);
    assertTrue(
        rejected.body().contains("Another organization verified " + domain), rejected.body());
    assertTrue(!rejected.body().contains("Mail " + id), "the winner stays anonymous");
  }
}
