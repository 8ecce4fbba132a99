package it.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dns.BindServer;
import it.mail.SmtpServer;
import it.mail.SmtpServer.Mail;
import it.sso.SsoApi.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Break-glass logins (PRODUCT §3, issue 5): an Owner or Admin who logs in with a password while the
 * organization requires SSO is audited, and the organization's other Owners get an email saying
 * who, when and from which address — received here by a real SMTP server (GreenMail). The one who
 * logged in gets none about their own login, nor do Admins or Members.
 */
class BreakGlassMailIT {

  static BindServer dns;
  static SmtpServer smtp;
  static SsoOrg sso;
  static String owner;
  static String admin;
  static String member;
  static final String PASSWORD = "break-glass-password-1";

  @BeforeAll
  static void setUp() throws Exception {
    smtp = SmtpServer.fromSystemProperties();
    smtp.start();
    dns = BindServer.fromSystemProperty();
    dns.start();
    sso = SsoOrg.create(dns, "https://idp-glass.test/sso");
    owner = user("owner-", "OWNER");
    admin = user("admin-", "ADMIN");
    member = user("member-", "MEMBER");
    sso.settings(Json.createObjectBuilder().add("requireSso", true).build());
  }

  @AfterAll
  static void stop() throws Exception {
    dns.close();
    smtp.close();
  }

  @Test
  void anAdminsPasswordLoginIsEmailedToEveryOwner() throws Exception {
    assertEquals(201, token(admin).status());
    JsonObject audited = breakGlassEntry(admin);

    for (String to : List.of(sso.org.ownerEmail(), owner)) {
      Mail mail = smtp.await(to, about(admin), 1).get(0);
      assertTrue(mail.body().contains("Who:  " + admin), mail.body());
      assertTrue(mail.body().contains("When: "), mail.body());
      assertTrue(
          mail.body().contains("From: " + audited.getString("clientAddress")),
          audited + " " + mail.body());
      assertTrue(mail.body().contains("/console/settings/audit?org=" + sso.org.id()), mail.body());
    }
    assertEquals(List.of(), smtp.to(admin).stream().filter(about(admin)).toList());
    assertEquals(List.of(), smtp.to(member).stream().filter(about(admin)).toList());
  }

  @Test
  void anOwnersPasswordLoginGoesToTheOtherOwnersOnly() throws Exception {
    assertEquals(201, token(owner).status());
    breakGlassEntry(owner);
    smtp.await(sso.org.ownerEmail(), about(owner), 1);
    // the mail to the other Owner has arrived: one to the Owner themself would be there by now too
    assertEquals(List.of(), smtp.to(owner).stream().filter(about(owner)).toList());
  }

  @Test
  void passwordLoginsWithoutRequireSsoSendNothing() throws Exception {
    SsoOrg free = SsoOrg.create(dns, "https://idp-free.test/sso");
    String freeAdmin = free.member("ADMIN"); // signs up and gets a token with the password

    // a break-glass login afterwards: once its mail is in, one about the first would be too
    assertEquals(201, token(admin).status());
    smtp.await(owner, about(admin), 1);
    assertEquals(
        List.of(), smtp.to(free.org.ownerEmail()).stream().filter(about(freeAdmin)).toList());
  }

  @Test
  void anOwnersRecoveryCodeLoginIsEmailedToTheOtherOwners() throws Exception {
    SsoOrg strict = SsoOrg.create(dns, "https://idp-codes.test/sso");
    String second = user(strict, "owner-", "OWNER");
    String secondToken = token(second).json().getString("token");
    Reply codes =
        SsoApi.send("POST", strict.org.sso() + "/recovery-codes", secondToken, null, null);
    assertEquals(201, codes.status(), codes.body());
    String code = codes.json().getJsonArray("codes").getString(0);

    Reply login =
        SsoApi.json(
            "POST",
            "/api/v1/auth/token",
            null,
            Json.createObjectBuilder().add("email", second).add("recoveryCode", code).build());
    assertEquals(201, login.status(), login.body());

    Mail mail = smtp.await(strict.org.ownerEmail(), about(second), 1).get(0);
    assertTrue(mail.body().contains(second + " logged in to Portcullis with a recovery code"));
    assertFalse(
        mail.subject().contains("your organization"), "the name is read: " + mail.subject());
  }

  private static Predicate<Mail> about(String who) {
    return m -> m.subject().contains("Break-glass login") && m.subject().contains(who);
  }

  private static JsonObject breakGlassEntry(String email) throws Exception {
    for (JsonValue v : Json.createReader(new StringReader(sso.audit())).readArray()) {
      JsonObject e = v.asJsonObject();
      if ("login.break_glass".equals(e.getString("action", ""))
          && email.equals(e.getString("actor", ""))) {
        return e;
      }
    }
    throw new AssertionError("no login.break_glass of " + email);
  }

  private static String user(String prefix, String role) throws Exception {
    return user(sso, prefix, role);
  }

  private static String user(SsoOrg sso, String prefix, String role) throws Exception {
    String email = prefix + UUID.randomUUID().toString().substring(0, 8) + "@" + sso.domain;
    Reply signup = SsoApi.json("POST", "/api/v1/signup", null, credentials(email, PASSWORD));
    assertEquals(201, signup.status(), signup.body());
    Reply added =
        SsoApi.json(
            "POST",
            "/api/v1/organizations/" + sso.org.id() + "/members",
            sso.org.token(),
            Json.createObjectBuilder().add("email", email).add("role", role).build());
    assertEquals(201, added.status(), added.body());
    return email;
  }

  private static JsonObject credentials(String email, String password) {
    return Json.createObjectBuilder().add("email", email).add("password", password).build();
  }

  private static Reply token(String email) throws Exception {
    return SsoApi.json("POST", "/api/v1/auth/token", null, credentials(email, PASSWORD));
  }
}
