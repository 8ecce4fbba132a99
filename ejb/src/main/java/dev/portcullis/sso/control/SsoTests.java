package dev.portcullis.sso.control;

import dev.portcullis.audit.control.AuditLog;
import dev.portcullis.org.control.OrgAccess;
import dev.portcullis.org.control.Users;
import dev.portcullis.org.entity.Membership;
import dev.portcullis.org.entity.User;
import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.platform.control.EmailAddress;
import dev.portcullis.platform.control.SecureTokens;
import dev.portcullis.sso.boundary.OutstandingRequests;
import dev.portcullis.sso.boundary.ReplayStore;
import dev.portcullis.sso.boundary.SsoTestReport;
import dev.portcullis.sso.entity.OutstandingRequest;
import dev.portcullis.sso.saml.ResponseValidator;
import dev.portcullis.sso.saml.ResponseValidator.Check;
import dev.portcullis.sso.saml.ResponseValidator.Rule;
import dev.portcullis.sso.saml.ResponseValidator.Verdict;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Judges the answer to a Test SSO request, in the caller's transaction: every acceptance rule of a
 * real login, each on its own, and what the IdP sent — then an audit entry {@code sso.tested} and,
 * when a rule failed, an entry in the SSO error log. It signs nobody in, provisions nobody and
 * records no replay entry: a test changes nobody's access. Its request is consumed, so its answer
 * is reported once.
 */
@Dependent
public class SsoTests {

  @PersistenceContext EntityManager em;

  @Inject AuditLog audit;

  @Inject SsoErrorLog errorLog;

  @Inject Users users;

  @Inject OrgAccess access;

  @EJB OutstandingRequests requests;

  @EJB ReplayStore replay;

  @Inject SsoPolicy policy;

  /**
   * The report, when the response answers (by the InResponseTo it claims) a Test SSO request of
   * this organization's IdP {@code connectionId} (null: the primary IdP, named {@code idpName});
   * empty for everything else, which is judged as a real login.
   */
  public Optional<SsoTestReport> judge(
      String organizationId,
      String connectionId,
      String idpName,
      byte[] xml,
      ResponseValidator.Expectations expected,
      String browserNonce,
      String client,
      String reference) {
    ResponseValidator.Report report = ResponseValidator.report(xml, expected);
    Optional<OutstandingRequest> found =
        report.inResponseTo() == null
            ? Optional.empty()
            : requests.testRequest(report.inResponseTo(), organizationId, connectionId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    OutstandingRequest request = found.get();
    Instant now = expected.now();
    List<Check> checks = new ArrayList<>();
    for (Check c : report.checks()) {
      checks.add(
          c.rule() == Rule.IN_RESPONSE_TO && c.verdict() == Verdict.PASSED
              ? inResponseTo(request, organizationId, connectionId, browserNonce, now)
              : c);
    }
    checks.add(replay(report.assertionId()));
    String email = normalized(report.email());
    String matched = null;
    if (email == null) {
      checks.add(
          new Check(
              Rule.EMAIL_DOMAIN,
              Verdict.FAILED,
              "The assertion carries no email address (NameID or email attribute)."));
      checks.add(new Check(Rule.MEMBER, Verdict.NOT_CHECKED, "No email address."));
    } else {
      String domain = EmailAddress.domainOf(email);
      String wrongDomain = policy.domainRefusal(organizationId, connectionId, domain);
      matched = wrongDomain == null ? domain : null;
      checks.add(
          matched == null
              ? new Check(Rule.EMAIL_DOMAIN, Verdict.FAILED, wrongDomain)
              : new Check(
                  Rule.EMAIL_DOMAIN, Verdict.PASSED, matched + ", verified by this organization."));
      checks.add(member(organizationId, email));
    }
    boolean passed = checks.stream().allMatch(c -> c.verdict() == Verdict.PASSED);
    SsoTestReport result =
        new SsoTestReport(
            organizationId,
            reference,
            passed,
            List.copyOf(checks),
            report.nameId(),
            report.attributes(),
            email,
            matched,
            request.getReturnTo());
    Actor tester =
        Actor.user(
            request.getTestedBy(),
            users.byId(request.getTestedBy()).map(User::getEmail).orElse("admin"),
            client);
    Map<String, Object> after = new LinkedHashMap<>();
    after.put("reference", reference);
    after.put("passed", passed);
    after.put("failedRules", String.join(", ", result.failedRules()));
    after.put("nameId", report.nameId());
    after.put("matchedDomain", matched);
    after.put("idp", idpName);
    audit.record(
        tester,
        organizationId,
        "sso.tested",
        new AuditLog.Target("sso_settings", organizationId, "Single sign-on"),
        null,
        after);
    if (!passed) {
      StringBuilder reason = new StringBuilder("Test SSO failed: ");
      for (Check c : checks) {
        if (c.verdict() == Verdict.FAILED) {
          reason.append(c.rule().label()).append(": ").append(c.detail()).append(' ');
        }
      }
      String r =
          (connectionId == null ? "" : "Identity provider " + idpName + ": ")
              + reason.toString().strip();
      errorLog.record(
          organizationId, reference, r.length() > 1024 ? r.substring(0, 1024) : r, email, client);
    }
    return Optional.of(result);
  }

  /** The outstanding-request half of the InResponseTo rule; consumes the test request. */
  private static Check inResponseTo(
      OutstandingRequest request,
      String organizationId,
      String connectionId,
      String browserNonce,
      Instant now) {
    OutstandingRequest.Match match =
        request.consume(
            organizationId,
            connectionId,
            browserNonce == null ? null : SecureTokens.sha256(browserNonce),
            now);
    return switch (match) {
      case CONSUMED ->
          new Check(
              Rule.IN_RESPONSE_TO,
              Verdict.PASSED,
              "Answers the Test SSO request this browser started.");
      case OTHER_BROWSER ->
          new Check(
              Rule.IN_RESPONSE_TO,
              Verdict.FAILED,
              browserNonce == null
                  ? "This browser did not send the cookie of the test it started (cookies"
                      + " blocked, or the site is not on HTTPS)."
                  : "The response answers a test started in another browser.");
      case EXPIRED ->
          new Check(
              Rule.IN_RESPONSE_TO,
              Verdict.FAILED,
              "The test request has expired (after "
                  + OutstandingRequests.LIFETIME.toMinutes()
                  + " minutes); start the test again.");
      case ALREADY_USED ->
          new Check(Rule.IN_RESPONSE_TO, Verdict.FAILED, "The test request was already answered.");
      default ->
          new Check(
              Rule.IN_RESPONSE_TO,
              Verdict.FAILED,
              "The response answers a request this server did not send.");
    };
  }

  private static String normalized(String email) {
    try {
      return email == null ? null : EmailAddress.normalize(email);
    } catch (RuntimeException notAnEmail) {
      return null;
    }
  }

  private Check replay(String assertionId) {
    if (assertionId == null) {
      return new Check(Rule.REPLAY, Verdict.FAILED, "The assertion has no usable ID.");
    }
    return replay.seen(assertionId)
        ? new Check(Rule.REPLAY, Verdict.FAILED, "This assertion was already used (replay).")
        : new Check(
            Rule.REPLAY,
            Verdict.PASSED,
            "The assertion ID was never used before (a test does not record it).");
  }

  private Check member(String organizationId, String email) {
    Optional<Membership> membership =
        users
            .byEmail(email)
            .filter(User::isActive)
            .flatMap(u -> access.membership(organizationId, u.getId()))
            .filter(Membership::isActive);
    return membership
        .map(
            m ->
                new Check(
                    Rule.MEMBER,
                    Verdict.PASSED,
                    "A real login would sign in "
                        + email
                        + " ("
                        + m.getEffectiveRole()
                        + (m.isRoleRaisedByTeam() ? " through a team" : "")
                        + ")."))
        .orElseGet(
            () ->
                new Check(
                    Rule.MEMBER,
                    Verdict.FAILED,
                    "No active member of this organization has the email "
                        + email
                        + ": a real login would be refused."));
  }
}
