package it.sso;

import static it.sso.SsoApi.PEM;
import static it.sso.SsoApi.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.mail.SmtpServer;
import it.mail.SmtpServer.Mail;
import it.sso.SsoApi.Org;
import it.sso.SsoApi.Reply;
import jakarta.json.JsonObject;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Expiry warnings of IdP signing certificates, received by a real SMTP server (GreenMail): the
 * Owners and Admins of the organization get one email at 30, 7 and 1 days before the certificate
 * expires, each once however often the check runs; Members get none. Days pass on the server's
 * testing clock; the check is the one the hourly timer runs.
 */
class CertificateExpiryMailIT {

  private static SmtpServer smtp;

  @BeforeAll
  static void startSmtp() {
    smtp = SmtpServer.fromSystemProperties();
    smtp.start();
  }

  @AfterAll
  static void stopSmtp() {
    smtp.close();
  }

  @AfterEach
  void resetClock() throws Exception {
    SsoApi.setClock(Duration.ZERO);
  }

  @Test
  void ownersAndAdminsAreWarnedOncePerThreshold() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    Org org = SsoApi.createOrg("ENTERPRISE");
    String admin = "admin-" + id + "@sso.test";
    String member = "member-" + id + "@sso.test";
    SsoApi.member(org, "ADMIN", admin);
    SsoApi.member(org, "MEMBER", member);
    String cn = "expiring-" + id + ".sso.test";
    X509Certificate cert = SsoApi.certificate(cn, null, 40);
    Reply added =
        send("POST", org.sso() + "/certificates", org.token(), PEM, SsoApi.pem(cert).getBytes());
    assertEquals(201, added.status(), added.body());
    assertEquals(40, added.json().getInt("expiresInDays"));
    assertFalse(added.json().getBoolean("expiryWarning"));

    SsoApi.maintenance(); // 40 days left: nothing due (checked by the counts at the end)

    // 30 days left (rounded up): the first warning
    SsoApi.setClock(Duration.ofDays(10).plusHours(1));
    SsoApi.maintenance();
    for (String to : List.of(org.ownerEmail(), admin)) {
      smtp.await(to, about(cn, "expires in 30 days"), 1);
    }
    org = org.relogin();
    JsonObject shown = certificate(org);
    assertEquals(30, shown.getInt("expiresInDays"));
    assertTrue(shown.getBoolean("expiryWarning"));
    SsoApi.maintenance(); // again: nothing new

    // 7 days left
    SsoApi.setClock(Duration.ofDays(33).plusHours(1));
    SsoApi.maintenance();
    SsoApi.maintenance();
    smtp.await(org.ownerEmail(), about(cn, "expires in 7 days"), 1);

    // 1 day left
    SsoApi.setClock(Duration.ofDays(39).plusHours(1));
    SsoApi.maintenance();
    SsoApi.maintenance();
    List<Mail> lastDay = smtp.await(admin, about(cn, "expires in 1 day"), 1);
    Mail mail = lastDay.get(0);
    assertTrue(mail.body().contains("Subject: CN=" + cn), mail.body());
    assertTrue(mail.body().contains("SHA-256: " + SsoApi.fingerprint(cert)), mail.body());
    assertTrue(mail.body().contains("It is the only active signing certificate"), mail.body());
    assertTrue(
        mail.body().contains("/console/settings/access-security?org=" + org.id()), mail.body());

    // expired: no more warnings for it. A second certificate, 5 days from its end, brings one
    // last mail; the mail queue is sent in order, so any repeat of the above would be in by then.
    SsoApi.setClock(Duration.ofDays(40).plusHours(1));
    SsoApi.maintenance();
    String nextCn = "next-" + id + ".sso.test";
    Reply next =
        send(
            "POST",
            org.sso() + "/certificates",
            org.relogin().token(),
            PEM,
            SsoApi.pem(SsoApi.certificate(nextCn, null, 45)).getBytes());
    assertEquals(201, next.status(), next.body());
    SsoApi.maintenance();
    smtp.await(org.ownerEmail(), about(nextCn, "expires in 5 days"), 1);
    smtp.await(admin, about(nextCn, "expires in 5 days"), 1);

    String name = orgName(org);
    for (String to : List.of(org.ownerEmail(), admin)) {
      List<String> subjects =
          smtp.to(to).stream().filter(about(cn, "")).map(Mail::subject).toList();
      assertEquals(
          List.of(
              "[Portcullis] SSO certificate of " + name + " expires in 30 days",
              "[Portcullis] SSO certificate of " + name + " expires in 7 days",
              "[Portcullis] SSO certificate of " + name + " expires in 1 day"),
          subjects,
          "each threshold once, in order, to " + to);
    }
    assertTrue(smtp.to(member).isEmpty(), "Members get no warnings");
  }

  private static Predicate<Mail> about(String cn, String subjectEnd) {
    return m -> m.body().contains("CN=" + cn) && m.subject().endsWith(subjectEnd);
  }

  private static JsonObject certificate(Org org) throws Exception {
    Reply r = send("GET", org.sso(), org.token(), null, null);
    assertEquals(200, r.status(), r.body());
    return r.json().getJsonArray("certificates").getJsonObject(0);
  }

  private static String orgName(Org org) throws Exception {
    Reply r = send("GET", "/api/v1/organizations/" + org.id(), org.relogin().token(), null, null);
    assertEquals(200, r.status(), r.body());
    return r.json().getString("name");
  }
}
