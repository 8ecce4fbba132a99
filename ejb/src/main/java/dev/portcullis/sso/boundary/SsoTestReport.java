package dev.portcullis.sso.boundary;

import dev.portcullis.sso.saml.ResponseValidator;
import java.util.List;
import java.util.Map;

/**
 * The outcome of an admin's Test SSO run (PRODUCT §6, "test before enforce"): what the IdP sent and
 * each acceptance rule's verdict. Nobody was signed in by it.
 *
 * @param reference written to the audit entry (and to the SSO error log when a rule failed)
 * @param matchedDomain the organization's verified domain the email belongs to, or null
 * @param backTo the console page the admin came from
 */
public record SsoTestReport(
    String organizationId,
    String reference,
    boolean passed,
    List<ResponseValidator.Check> checks,
    String nameId,
    Map<String, List<String>> attributes,
    String email,
    String matchedDomain,
    String backTo) {

  /** The rules that failed, by label, in the order they are checked. */
  public List<String> failedRules() {
    return checks.stream()
        .filter(c -> c.verdict() == ResponseValidator.Verdict.FAILED)
        .map(c -> c.rule().label())
        .toList();
  }
}
