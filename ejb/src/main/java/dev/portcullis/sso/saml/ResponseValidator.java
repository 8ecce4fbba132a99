package dev.portcullis.sso.saml;

import java.io.ByteArrayInputStream;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.shibboleth.utilities.java.support.xml.BasicParserPool;
import net.shibboleth.utilities.java.support.xml.XMLParserException;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.io.Unmarshaller;
import org.opensaml.core.xml.io.UnmarshallingException;
import org.opensaml.core.xml.schema.XSAny;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.AttributeStatement;
import org.opensaml.saml.saml2.core.AudienceRestriction;
import org.opensaml.saml.saml2.core.AuthnStatement;
import org.opensaml.saml.saml2.core.Conditions;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.SignatureValidator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Checks a SAML 2.0 Response posted to an organization's postback URL against every acceptance rule
 * of PRODUCT §3, and says which one failed. Only values from the signed element are used.
 */
public final class ResponseValidator {

  public static final Duration SKEW = Duration.ofMinutes(2);
  public static final int MAX_BYTES = 256 * 1024;

  private static final BasicParserPool PARSER = SecureXml.parserPool();
  private static final Set<String> EMAIL_ATTRIBUTES =
      Set.of(
          "email",
          "mail",
          "emailaddress",
          "urn:oid:0.9.2342.19200300.100.1.3",
          "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress");

  private ResponseValidator() {}

  /** What the SP expects of a response for one organization. */
  public record Expectations(
      String idpEntityId,
      String spEntityId,
      String postbackUrl,
      List<X509Certificate> certificates,
      boolean allowIdpInitiated,
      Instant now) {}

  /**
   * A response that passed every rule. {@code inResponseTo} is the ID of the AuthnRequest it
   * answers, as the signature covers it, or {@code null} for an IdP-initiated response; the caller
   * checks it against its outstanding requests. {@code authnInstant} is when the IdP says the user
   * authenticated (the latest AuthnInstant of the assertion's AuthnStatements, SAML core §2.7.2),
   * null when the assertion has none: a step-up needs it to know the login is fresh.
   */
  public record Accepted(
      String email,
      String assertionId,
      Instant replayUntil,
      String inResponseTo,
      Map<String, List<String>> attributes,
      Instant authnInstant) {

    /** A response with no attributes beyond the email. */
    public Accepted(String email, String assertionId, Instant replayUntil, String inResponseTo) {
      this(email, assertionId, replayUntil, inResponseTo, Map.of(), null);
    }
  }

  /** The rule a response broke, in words an admin can act on. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String reason) {
      super(reason, null, false, false);
    }
  }

  public static Accepted validate(byte[] xml, Expectations expected) {
    if (xml.length > MAX_BYTES) {
      throw new Refused("The SAML response is larger than 256 KB.");
    }
    Response response = parse(xml);
    Document doc = response.getDOM().getOwnerDocument();
    if (response.getStatus() == null
        || response.getStatus().getStatusCode() == null
        || !StatusCode.SUCCESS.equals(response.getStatus().getStatusCode().getValue())) {
      throw new Refused("The IdP reported that the login did not succeed.");
    }
    if (!response.getEncryptedAssertions().isEmpty()) {
      throw new Refused("Encrypted assertions are not supported.");
    }
    NodeList all = doc.getElementsByTagNameNS(SAMLConstants.SAML20_NS, "Assertion");
    if (response.getAssertions().size() != 1 || all.getLength() != 1) {
      throw new Refused("The response must contain exactly one assertion.");
    }
    requireUniqueIds(doc);
    Assertion assertion = response.getAssertions().get(0);

    boolean responseSigned = response.getSignature() != null;
    boolean assertionSigned = assertion.getSignature() != null;
    if (!responseSigned && !assertionSigned) {
      throw new Refused("The response is not signed.");
    }
    if (responseSigned) {
      verify(response, expected.certificates());
    }
    if (assertionSigned) {
      verify(assertion, expected.certificates());
    }

    if (response.getIssuer() != null && !issuerIs(response.getIssuer(), expected.idpEntityId())) {
      throw new Refused("The response's issuer is not the configured IdP entity ID.");
    }
    if (!issuerIs(assertion.getIssuer(), expected.idpEntityId())) {
      throw new Refused("The assertion's issuer is not the configured IdP entity ID.");
    }
    if (responseSigned || response.getDestination() != null) {
      if (!expected.postbackUrl().equals(response.getDestination())) {
        throw new Refused("The response's Destination is not this organization's postback URL.");
      }
    }
    Instant now = expected.now();
    Instant until = conditions(assertion.getConditions(), expected, now);
    SubjectConfirmationData bearer = bearer(assertion, expected, now);
    String inResponseTo = inResponseTo(response, responseSigned, bearer);
    if (inResponseTo == null && !expected.allowIdpInitiated()) {
      throw new Refused("IdP-initiated logins are turned off for this organization.");
    }
    Instant bearerUntil = bearer.getNotOnOrAfter();
    String email = email(assertion);
    String id = assertion.getID();
    if (id == null || id.isBlank() || id.length() > 256) {
      throw new Refused("The assertion has no usable ID.");
    }
    Instant replayUntil = (bearerUntil.isAfter(until) ? bearerUntil : until).plus(SKEW);
    return new Accepted(
        email, id, replayUntil, inResponseTo, attributes(assertion), authnInstant(assertion));
  }

  /** The latest AuthnInstant of the (signed) assertion's AuthnStatements; null when none. */
  private static Instant authnInstant(Assertion assertion) {
    Instant latest = null;
    for (AuthnStatement statement : assertion.getAuthnStatements()) {
      Instant at = statement.getAuthnInstant();
      if (at != null && (latest == null || at.isAfter(latest))) {
        latest = at;
      }
    }
    return latest;
  }

  /**
   * The InResponseTo a posted message claims (the bearer confirmation's, else the Response's),
   * without trusting it: only to tell which request a <em>refused</em> response meant to answer,
   * e.g. to offer the way back to the page that sent it. Null when it cannot be read.
   */
  public static String claimedInResponseTo(byte[] xml) {
    try {
      if (xml.length > MAX_BYTES) {
        return null;
      }
      Response response = parse(xml);
      for (Assertion assertion : response.getAssertions()) {
        if (assertion.getSubject() != null) {
          for (SubjectConfirmation sc : assertion.getSubject().getSubjectConfirmations()) {
            SubjectConfirmationData d = sc.getSubjectConfirmationData();
            if (d != null && blankToNull(d.getInResponseTo()) != null) {
              return d.getInResponseTo();
            }
          }
        }
      }
      return blankToNull(response.getInResponseTo());
    } catch (RuntimeException unreadable) {
      return null;
    }
  }

  /** The acceptance rules, in the order {@link #validate} applies them; names are stable. */
  public enum Rule {
    MESSAGE("SAML response"),
    SINGLE_ASSERTION("Single assertion"),
    SIGNATURE("Signature and certificate"),
    ISSUER("Issuer"),
    DESTINATION("Destination"),
    TIME_WINDOW("Time window"),
    AUDIENCE("Audience"),
    SUBJECT_CONFIRMATION("Subject confirmation"),
    IN_RESPONSE_TO("InResponseTo"),
    REPLAY("Replay"),
    EMAIL_DOMAIN("Email domain"),
    MEMBER("Active member");

    private final String label;

    Rule(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** One rule's verdict: passed, failed (with the reason), or not checked (with why not). */
  public record Check(Rule rule, Verdict verdict, String detail) {}

  public enum Verdict {
    PASSED,
    FAILED,
    NOT_CHECKED
  }

  /**
   * What Test SSO shows: every rule of {@link #validate} judged on its own (a failure does not stop
   * the others), and what the response says (NameID, attributes), signed or not. {@code
   * inResponseTo} is the ID the response claims to answer, covered by a signature or not: it only
   * says which request a report belongs to; the caller checks it.
   */
  public record Report(
      List<Check> checks,
      String nameId,
      Map<String, List<String>> attributes,
      String email,
      String assertionId,
      String inResponseTo) {

    /** Whether every rule judged here passed. */
    public boolean passed() {
      return checks.stream().allMatch(c -> c.verdict() == Verdict.PASSED);
    }
  }

  private interface RuleCheck {
    String run();
  }

  /**
   * Judges every rule of {@link #validate} separately, for a report; never throws. The rules of the
   * caller ({@link Rule#REPLAY}, {@link Rule#EMAIL_DOMAIN}, {@link Rule#MEMBER}, and the
   * outstanding request of {@link Rule#IN_RESPONSE_TO}) are not in it.
   */
  public static Report report(byte[] xml, Expectations expected) {
    List<Check> checks = new ArrayList<>();
    Response response;
    try {
      if (xml.length > MAX_BYTES) {
        throw new Refused("The SAML response is larger than 256 KB.");
      }
      response = parse(xml);
    } catch (Refused e) {
      checks.add(new Check(Rule.MESSAGE, Verdict.FAILED, e.getMessage()));
      for (Rule r : List.of(Rule.values()).subList(1, 9)) {
        checks.add(new Check(r, Verdict.NOT_CHECKED, "The response could not be read."));
      }
      return new Report(checks, null, Map.of(), null, null, null);
    }
    check(
        checks,
        Rule.MESSAGE,
        () -> {
          if (response.getStatus() == null
              || response.getStatus().getStatusCode() == null
              || !StatusCode.SUCCESS.equals(response.getStatus().getStatusCode().getValue())) {
            throw new Refused("The IdP reported that the login did not succeed.");
          }
          return "A SAML 2.0 Response with status Success.";
        });
    Document doc = response.getDOM().getOwnerDocument();
    check(
        checks,
        Rule.SINGLE_ASSERTION,
        () -> {
          if (!response.getEncryptedAssertions().isEmpty()) {
            throw new Refused("Encrypted assertions are not supported.");
          }
          NodeList all = doc.getElementsByTagNameNS(SAMLConstants.SAML20_NS, "Assertion");
          if (response.getAssertions().size() != 1 || all.getLength() != 1) {
            throw new Refused("The response must contain exactly one assertion.");
          }
          return "Exactly one assertion, not encrypted.";
        });
    Assertion assertion =
        response.getAssertions().isEmpty() ? null : response.getAssertions().get(0);
    check(
        checks,
        Rule.SIGNATURE,
        () -> {
          requireUniqueIds(doc);
          boolean responseSigned = response.getSignature() != null;
          boolean assertionSigned = assertion != null && assertion.getSignature() != null;
          if (!responseSigned && !assertionSigned) {
            throw new Refused("The response is not signed.");
          }
          if (responseSigned) {
            verify(response, expected.certificates());
          }
          if (assertionSigned) {
            verify(assertion, expected.certificates());
          }
          return (responseSigned && assertionSigned
                  ? "Response and assertion"
                  : responseSigned ? "The response" : "The assertion")
              + " signed with an active IdP certificate of this organization.";
        });
    boolean responseSigned = response.getSignature() != null;
    String noAssertion = "The response has no assertion.";
    check(
        checks,
        Rule.ISSUER,
        () -> {
          if (response.getIssuer() != null
              && !issuerIs(response.getIssuer(), expected.idpEntityId())) {
            throw new Refused("The response's issuer is not the configured IdP entity ID.");
          }
          if (assertion == null) {
            return null;
          }
          if (!issuerIs(assertion.getIssuer(), expected.idpEntityId())) {
            throw new Refused("The assertion's issuer is not the configured IdP entity ID.");
          }
          return "The configured IdP entity ID.";
        },
        noAssertion);
    check(
        checks,
        Rule.DESTINATION,
        () -> {
          if (responseSigned || response.getDestination() != null) {
            if (!expected.postbackUrl().equals(response.getDestination())) {
              throw new Refused(
                  "The response's Destination is not this organization's postback URL.");
            }
            return "This organization's postback URL.";
          }
          return "No Destination on an unsigned response (allowed).";
        });
    Instant now = expected.now();
    check(
        checks,
        Rule.TIME_WINDOW,
        () -> {
          if (assertion == null) {
            return null;
          }
          timeWindow(assertion.getConditions(), now);
          return "Valid now (with " + SKEW.toMinutes() + " minutes of clock skew allowed).";
        },
        noAssertion);
    check(
        checks,
        Rule.AUDIENCE,
        () -> {
          if (assertion == null) {
            return null;
          }
          audience(assertion.getConditions(), expected);
          return "This organization's SP entity ID.";
        },
        noAssertion);
    SubjectConfirmationData[] bearer = new SubjectConfirmationData[1];
    check(
        checks,
        Rule.SUBJECT_CONFIRMATION,
        () -> {
          if (assertion == null) {
            return null;
          }
          bearer[0] = bearer(assertion, expected, now);
          return "A bearer confirmation for this postback URL, valid now.";
        },
        noAssertion);
    String[] inResponseTo = new String[1];
    check(
        checks,
        Rule.IN_RESPONSE_TO,
        () -> {
          if (bearer[0] == null) {
            inResponseTo[0] = blankToNull(response.getInResponseTo());
            throw new Refused("Not checked: the assertion has no valid bearer confirmation.");
          }
          inResponseTo[0] = inResponseTo(response, responseSigned, bearer[0]);
          if (inResponseTo[0] == null && !expected.allowIdpInitiated()) {
            throw new Refused("IdP-initiated logins are turned off for this organization.");
          }
          return inResponseTo[0] == null
              ? "None: an IdP-initiated response."
              : "Answers request " + inResponseTo[0] + ".";
        });
    if (inResponseTo[0] == null && assertion != null && assertion.getSubject() != null) {
      for (SubjectConfirmation sc : assertion.getSubject().getSubjectConfirmations()) {
        SubjectConfirmationData d = sc.getSubjectConfirmationData();
        if (d != null && blankToNull(d.getInResponseTo()) != null) {
          inResponseTo[0] = d.getInResponseTo();
        }
      }
    }
    String nameId = null;
    String email = null;
    Map<String, List<String>> attributes = new LinkedHashMap<>();
    String assertionId = null;
    if (assertion != null) {
      if (assertion.getSubject() != null && assertion.getSubject().getNameID() != null) {
        nameId = assertion.getSubject().getNameID().getValue();
      }
      attributes = attributes(assertion);
      try {
        email = assertion.getSubject() == null ? null : email(assertion);
      } catch (Refused noEmail) {
        email = null;
      }
      String id = assertion.getID();
      assertionId = id == null || id.isBlank() || id.length() > 256 ? null : id;
    }
    return new Report(checks, nameId, attributes, email, assertionId, inResponseTo[0]);
  }

  /** The assertion's attributes by name, values as text, in document order. */
  private static Map<String, List<String>> attributes(Assertion assertion) {
    Map<String, List<String>> attributes = new LinkedHashMap<>();
    for (AttributeStatement st : assertion.getAttributeStatements()) {
      for (Attribute a : st.getAttributes()) {
        List<String> values = new ArrayList<>();
        for (XMLObject v : a.getAttributeValues()) {
          String value = text(v);
          if (value != null) {
            values.add(value);
          }
        }
        attributes.merge(
            String.valueOf(a.getName()),
            values,
            (x, y) -> {
              List<String> all = new ArrayList<>(x);
              all.addAll(y);
              return all;
            });
      }
    }
    return attributes;
  }

  private static void check(List<Check> checks, Rule rule, RuleCheck check) {
    check(checks, rule, check, null);
  }

  /** Runs one rule; a null answer means "not checked" for {@code notChecked}. */
  private static void check(List<Check> checks, Rule rule, RuleCheck check, String notChecked) {
    try {
      String passed = check.run();
      checks.add(
          passed == null
              ? new Check(rule, Verdict.NOT_CHECKED, notChecked)
              : new Check(rule, Verdict.PASSED, passed));
    } catch (Refused e) {
      checks.add(new Check(rule, Verdict.FAILED, e.getMessage()));
    } catch (RuntimeException e) {
      checks.add(
          new Check(rule, Verdict.FAILED, "The response could not be checked for this rule."));
    }
  }

  private static String text(XMLObject v) {
    return v instanceof XSString s1
        ? s1.getValue()
        : v instanceof XSAny any ? any.getTextContent() : null;
  }

  /**
   * The AuthnRequest ID a response answers (SAML profiles §4.1.4.2, §4.1.4.3): the bearer
   * confirmation's InResponseTo, inside the signed assertion, and the Response's own when the
   * Response is signed. Both present must agree; a Response InResponseTo that no signature covers
   * is not trusted.
   */
  private static String inResponseTo(
      Response response, boolean responseSigned, SubjectConfirmationData bearer) {
    String outer = blankToNull(response.getInResponseTo());
    String inner = blankToNull(bearer.getInResponseTo());
    if (outer != null && inner != null && !outer.equals(inner)) {
      throw new Refused(
          "The response's InResponseTo differs from the one in its assertion's confirmation.");
    }
    if (inner != null) {
      return inner;
    }
    if (outer != null && !responseSigned) {
      throw new Refused(
          "The response's InResponseTo is not covered by a signature (the assertion's"
              + " confirmation lacks it).");
    }
    return outer;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static Response parse(byte[] xml) {
    try {
      Element root = PARSER.parse(new ByteArrayInputStream(xml)).getDocumentElement();
      Unmarshaller u =
          XMLObjectProviderRegistrySupport.getUnmarshallerFactory().getUnmarshaller(root);
      XMLObject object = u == null ? null : u.unmarshall(root);
      if (!(object instanceof Response response)) {
        throw new Refused("The posted message is not a SAML 2.0 Response.");
      }
      return response;
    } catch (XMLParserException e) {
      throw new Refused("The SAML response is not well-formed XML, or contains a DTD (refused).");
    } catch (UnmarshallingException e) {
      throw new Refused("The SAML response could not be read.");
    }
  }

  private static void verify(SignableSAMLObject signed, List<X509Certificate> certificates) {
    Signature signature = signed.getSignature();
    String algorithm = String.valueOf(signature.getSignatureAlgorithm()).toLowerCase(Locale.ROOT);
    if (algorithm.contains("sha1") || weakDigest(signature.getDOM())) {
      throw new Refused("The signature uses SHA-1, which is refused.");
    }
    try {
      new SAMLSignatureProfileValidator().validate(signature);
    } catch (SignatureException e) {
      throw new Refused("The signature does not follow the SAML signature profile.");
    }
    Element element = signed.getDOM();
    if (element.getOwnerDocument().getElementById(signed.getSignatureReferenceID()) != element) {
      throw new Refused("The signature does not cover the element it is attached to.");
    }
    for (X509Certificate certificate : certificates) {
      try {
        SignatureValidator.validate(signature, new BasicX509Credential(certificate));
        return;
      } catch (SignatureException wrongKey) {
        // try the other active certificate
      }
    }
    throw new Refused(
        "The signature does not verify with any active IdP certificate of this organization.");
  }

  private static boolean weakDigest(Element signature) {
    NodeList digests = signature.getElementsByTagNameNS(DS, "DigestMethod");
    for (int i = 0; i < digests.getLength(); i++) {
      String alg = ((Element) digests.item(i)).getAttribute("Algorithm").toLowerCase(Locale.ROOT);
      if (alg.endsWith("sha1")) {
        return true;
      }
    }
    return false;
  }

  private static final String DS = "http://www.w3.org/2000/09/xmldsig#";

  /** Signature wrapping places a second element with the signed ID: refuse any duplicate ID. */
  private static void requireUniqueIds(Document doc) {
    Set<String> seen = new HashSet<>();
    walk(doc.getDocumentElement(), seen);
  }

  private static void walk(Element e, Set<String> seen) {
    NamedNodeMap attributes = e.getAttributes();
    for (int i = 0; i < attributes.getLength(); i++) {
      Node a = attributes.item(i);
      String name = a.getLocalName() == null ? a.getNodeName() : a.getLocalName();
      if ((name.equals("ID") || name.equals("Id") || name.equals("id"))
          && !seen.add(a.getNodeValue())) {
        throw new Refused("The response contains the same ID twice (signature wrapping).");
      }
    }
    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element child) {
        walk(child, seen);
      }
    }
  }

  private static boolean issuerIs(Issuer issuer, String expected) {
    return issuer != null && expected != null && expected.equals(issuer.getValue());
  }

  private static Instant conditions(Conditions c, Expectations expected, Instant now) {
    Instant until = timeWindow(c, now);
    audience(c, expected);
    return until;
  }

  /** NotBefore / NotOnOrAfter of the assertion's Conditions, with {@link #SKEW}. */
  private static Instant timeWindow(Conditions c, Instant now) {
    if (c == null) {
      throw new Refused("The assertion has no Conditions.");
    }
    if (c.getNotBefore() != null && now.plus(SKEW).isBefore(c.getNotBefore())) {
      throw new Refused("The assertion is not valid yet (NotBefore).");
    }
    if (c.getNotOnOrAfter() == null || !now.minus(SKEW).isBefore(c.getNotOnOrAfter())) {
      throw new Refused("The assertion has expired (NotOnOrAfter).");
    }
    return c.getNotOnOrAfter();
  }

  /**
   * The assertion is addressed to this SP: the Web Browser SSO profile (profiles §4.1.4.2) requires
   * an AudienceRestriction naming it, and every AudienceRestriction must be met on its own (core
   * §2.5.1.4: its audiences are alternatives, several restrictions all apply).
   */
  private static void audience(Conditions c, Expectations expected) {
    if (c == null) {
      throw new Refused("The assertion has no Conditions.");
    }
    List<AudienceRestriction> restrictions = c.getAudienceRestrictions();
    boolean audience = !restrictions.isEmpty();
    for (AudienceRestriction r : restrictions) {
      audience &= r.getAudiences().stream().anyMatch(a -> expected.spEntityId().equals(a.getURI()));
    }
    if (!audience) {
      throw new Refused("The assertion's audience is not this organization's SP entity ID.");
    }
  }

  private static SubjectConfirmationData bearer(
      Assertion assertion, Expectations expected, Instant now) {
    if (assertion.getSubject() == null) {
      throw new Refused("The assertion has no Subject.");
    }
    for (SubjectConfirmation sc : assertion.getSubject().getSubjectConfirmations()) {
      SubjectConfirmationData d = sc.getSubjectConfirmationData();
      if (!SubjectConfirmation.METHOD_BEARER.equals(sc.getMethod()) || d == null) {
        continue;
      }
      if (!expected.postbackUrl().equals(d.getRecipient())
          || d.getNotOnOrAfter() == null
          || !now.minus(SKEW).isBefore(d.getNotOnOrAfter())
          || (d.getNotBefore() != null)) {
        continue;
      }
      return d;
    }
    throw new Refused(
        "The assertion has no valid bearer confirmation for this postback URL (Recipient,"
            + " NotOnOrAfter).");
  }

  private static String email(Assertion assertion) {
    NameID nameId = assertion.getSubject().getNameID();
    if (nameId != null && nameId.getValue() != null && nameId.getValue().contains("@")) {
      return nameId.getValue().strip();
    }
    for (AttributeStatement s : assertion.getAttributeStatements()) {
      for (Attribute a : s.getAttributes()) {
        String name = String.valueOf(a.getName()).toLowerCase(Locale.ROOT);
        if (EMAIL_ATTRIBUTES.contains(name) && !a.getAttributeValues().isEmpty()) {
          XMLObject v = a.getAttributeValues().get(0);
          String value =
              v instanceof XSString s1
                  ? s1.getValue()
                  : v instanceof XSAny any ? any.getTextContent() : null;
          if (value != null && value.contains("@")) {
            return value.strip();
          }
        }
      }
    }
    throw new Refused("The assertion carries no email address (NameID or email attribute).");
  }
}
