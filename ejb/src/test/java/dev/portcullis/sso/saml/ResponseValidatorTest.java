package dev.portcullis.sso.saml;

import static dev.portcullis.sso.saml.TestResponses.ACS;
import static dev.portcullis.sso.saml.TestResponses.NOW;
import static dev.portcullis.sso.saml.TestResponses.SP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensaml.core.config.InitializationService;
import org.opensaml.saml.saml2.core.NameIDType;
import org.opensaml.saml.saml2.core.StatusCode;

/**
 * The acceptance rules of PRODUCT §3 that depend on the response alone (SAML core §2.5 Conditions,
 * profiles §4.1.4.2-3 bearer confirmation, XML signature wrapping, the size limit), at exact clock
 * boundaries that the end-to-end tests cannot hit without racing the clock.
 */
class ResponseValidatorTest {

  static TestResponses idp;

  private static final Duration SKEW = ResponseValidator.SKEW;
  private static final Duration ONE_SECOND = Duration.ofSeconds(1);

  @BeforeAll
  static void initialize() throws Exception {
    InitializationService.initialize();
    idp = new TestResponses();
  }

  @Test
  void aValidResponseIsAccepted() throws Exception {
    ResponseValidator.Accepted accepted = accept(idp.login("ann@acme.test"));
    assertEquals("ann@acme.test", accepted.email());
  }

  // --- Subject confirmation (profiles §4.1.4.2) ---------------------------------------------

  @Test
  void aBearerConfirmationForAnotherRecipientIsRefusedEvenWithTheRightDestination()
      throws Exception {
    TestResponses.Login login = idp.login("ann@acme.test");
    login.recipient = "https://portcullis.test/sso/saml/org-2/acs";
    assertEquals(ACS, login.destination);
    refused(login, "no valid bearer confirmation for this postback URL");
  }

  @Test
  void aBearerConfirmationPastItsNotOnOrAfterIsRefused() throws Exception {
    TestResponses.Login past = idp.login("ann@acme.test");
    past.confirmationNotOnOrAfter = NOW.minus(SKEW);
    refused(past, "no valid bearer confirmation");

    TestResponses.Login withinSkew = idp.login("ann@acme.test");
    withinSkew.confirmationNotOnOrAfter = NOW.minus(SKEW).plus(ONE_SECOND);
    accept(withinSkew);
  }

  // --- Conditions (core §2.5.1) -------------------------------------------------------------

  @Test
  void notBeforeIsHonouredWithTwoMinutesOfSkew() throws Exception {
    TestResponses.Login beyond = idp.login("ann@acme.test");
    beyond.notBefore = NOW.plus(SKEW).plus(ONE_SECOND);
    refused(beyond, "not valid yet (NotBefore)");

    TestResponses.Login within = idp.login("ann@acme.test");
    within.notBefore = NOW.plus(SKEW);
    accept(within);
  }

  @Test
  void notOnOrAfterIsHonouredWithTwoMinutesOfSkew() throws Exception {
    TestResponses.Login beyond = idp.login("ann@acme.test");
    beyond.notOnOrAfter = NOW.minus(SKEW);
    refused(beyond, "expired (NotOnOrAfter)");

    TestResponses.Login within = idp.login("ann@acme.test");
    within.notOnOrAfter = NOW.minus(SKEW).plus(ONE_SECOND);
    accept(within);
  }

  /**
   * The Web Browser SSO profile (profiles §4.1.4.2) requires an AudienceRestriction naming the SP,
   * which lives in Conditions: an assertion without Conditions is addressed to nobody in particular
   * and is refused, as is one whose Conditions name no audience or no end of validity.
   */
  @Test
  void anAssertionWithoutConditionsOrWithoutAudienceRestrictionIsRefused() throws Exception {
    TestResponses.Login none = idp.login("ann@acme.test");
    none.conditions = false;
    refused(none, "no Conditions");

    TestResponses.Login noAudience = idp.login("ann@acme.test");
    noAudience.audienceRestrictions = List.of();
    refused(noAudience, "audience is not this organization's SP entity ID");

    TestResponses.Login noEnd = idp.login("ann@acme.test");
    noEnd.notOnOrAfter = null;
    refused(noEnd, "expired (NotOnOrAfter)");
  }

  /**
   * Core §2.5.1.4: audiences within one AudienceRestriction are alternatives, but every
   * AudienceRestriction must be met: an assertion restricted to another SP as well is not ours.
   */
  @Test
  void everyAudienceRestrictionMustNameThisSp() throws Exception {
    TestResponses.Login anyOf = idp.login("ann@acme.test");
    anyOf.audienceRestrictions = List.of(List.of("https://other-sp.test", SP));
    accept(anyOf);

    TestResponses.Login allOf = idp.login("ann@acme.test");
    allOf.audienceRestrictions = List.of(List.of(SP), List.of("https://other-sp.test"));
    refused(allOf, "audience is not this organization's SP entity ID");
  }

  // --- Email ----------------------------------------------------------------------------------

  @Test
  void theEmailComesFromAnAttributeWhenTheNameIdIsOpaque() throws Exception {
    TestResponses.Login persistent = idp.login("00u1a2b3c4d5e6f7g8h9");
    persistent.nameIdFormat = NameIDType.PERSISTENT;
    persistent.attributes.put("email", List.of("bob@acme.test"));
    assertEquals("bob@acme.test", accept(persistent).email());

    TestResponses.Login noEmail = idp.login("00u1a2b3c4d5e6f7g8h9");
    noEmail.nameIdFormat = NameIDType.PERSISTENT;
    noEmail.attributes.put("firstName", List.of("Bob"));
    refused(noEmail, "carries no email address");
  }

  // --- Size -----------------------------------------------------------------------------------

  @Test
  void aResponseLargerThan256KbIsRefusedBeforeItIsRead() throws Exception {
    TestResponses.Login login = idp.login("ann@acme.test");
    login.attributes.put("padding", List.of("x".repeat(ResponseValidator.MAX_BYTES)));
    byte[] tooLarge = login.xml().getBytes(StandardCharsets.UTF_8);
    assertTrue(tooLarge.length > ResponseValidator.MAX_BYTES);
    refused(tooLarge, "larger than 256 KB");

    TestResponses.Login justUnder = idp.login("ann@acme.test");
    justUnder.attributes.put("padding", List.of("x".repeat(ResponseValidator.MAX_BYTES - 12_000)));
    byte[] fits = justUnder.xml().getBytes(StandardCharsets.UTF_8);
    assertTrue(fits.length <= ResponseValidator.MAX_BYTES, "length " + fits.length);
    ResponseValidator.validate(fits, idp.expectations());
  }

  // --- XML signature wrapping ---------------------------------------------------------------

  /**
   * XSW1 (Somorovsky et al., "On Breaking SAML", 2012) against a signature on the whole Response:
   * an evil Response around the signature, the signed original inside the signature's ds:Object.
   */
  @Test
  void wrappingTheSignedResponseInsideItsSignatureIsRefused() throws Exception {
    String original = responseSigned("ann@acme.test");
    String evil = evilRoot(original, "_evil", "eve@acme.test");
    String signature = signature(original);
    String wrapped =
        insertAfterIssuer(
            evil,
            signature.replace(
                "</ds:Signature>",
                "<ds:Object>" + withoutSignature(original) + "</ds:Object></ds:Signature>"));
    refused(wrapped.getBytes(StandardCharsets.UTF_8), "exactly one assertion");
  }

  /** XSW2: the same with the signed original as the evil Response's child before the signature. */
  @Test
  void wrappingTheSignedResponseBesideItsSignatureIsRefused() throws Exception {
    String original = responseSigned("ann@acme.test");
    String evil = evilRoot(original, "_evil", "eve@acme.test");
    String wrapped = insertAfterIssuer(evil, withoutSignature(original) + signature(original));
    refused(wrapped.getBytes(StandardCharsets.UTF_8), "exactly one assertion");
  }

  /**
   * A signed Response without an assertion (IdPs sign their error responses too: an attacker gets
   * one by cancelling a login) wrapped in an evil Response of the same ID that carries the
   * attacker's unsigned assertion and the copied signature: one assertion in all, and the signature
   * reference could resolve to the nested original, whose digest is good. The duplicate ID is what
   * gives it away.
   */
  @Test
  void anEvilResponseWithTheSignedResponsesIdIsRefusedAsDuplicateId() throws Exception {
    TestResponses.Login error = idp.login("ann@acme.test");
    error.withAssertion = false;
    error.signResponse = true;
    error.statusCode = StatusCode.RESPONDER;
    String original = error.xml();

    TestResponses.Login eve = idp.login("eve@acme.test");
    eve.responseId = error.responseId;
    eve.signAssertion = false;
    String wrapped =
        insertAfterIssuer(
            eve.xml(),
            signature(original)
                + "<saml2p:Extensions xmlns:saml2p=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + withoutSignature(original)
                + "</saml2p:Extensions>");
    refused(wrapped.getBytes(StandardCharsets.UTF_8), "same ID twice");
  }

  /**
   * Against an assertion signature: an evil assertion with the signed assertion's ID and signature,
   * the original (whose digest covers its saml2:Assertion element, so it stays one) in the evil
   * one's Advice, where the reference may resolve to it. Only one assertion is the Response's own;
   * the count of every assertion in the document refuses it.
   */
  @Test
  void anEvilAssertionWithTheSignedAssertionsIdAndTheOriginalInItsAdviceIsRefused()
      throws Exception {
    TestResponses.Login ann = idp.login("ann@acme.test");
    String original = ann.xml();
    String signed = assertion(original);

    TestResponses.Login eve = idp.login("eve@acme.test");
    eve.assertionId = ann.assertionId;
    eve.signAssertion = false;
    String evilXml = eve.xml();
    String evilAssertion = assertion(evilXml);
    String advice =
        "<saml2:Advice>"
            + signed.replace(signature(signed), "")
            + "</saml2:Advice></saml2:Assertion>";
    String evilWithSignature =
        insertAfterIssuer(evilAssertion, signature(signed))
            .replaceFirst("</saml2:Assertion>$", Matcher.quoteReplacement(advice));
    refused(
        evilXml.replace(evilAssertion, evilWithSignature).getBytes(StandardCharsets.UTF_8),
        "exactly one assertion");
  }

  // --- helpers --------------------------------------------------------------------------------

  private static String responseSigned(String email) throws Exception {
    TestResponses.Login login = idp.login(email);
    login.signAssertion = false;
    login.signResponse = true;
    String xml = login.xml();
    accept(xml.getBytes(StandardCharsets.UTF_8));
    return xml;
  }

  /** The original Response with another ID and another person, unsigned. */
  private static String evilRoot(String original, String id, String email) {
    String root = withoutSignature(original);
    Matcher m = Pattern.compile("<saml2p:Response [^>]*ID=\"([^\"]+)\"").matcher(root);
    assertTrue(m.find(), root);
    return root.replace("ID=\"" + m.group(1) + "\"", "ID=\"" + id + "\"")
        .replace("ann@acme.test", email);
  }

  private static String signature(String xml) {
    Matcher m = Pattern.compile("(?s)<ds:Signature.*?</ds:Signature>").matcher(xml);
    assertTrue(m.find(), xml);
    return m.group();
  }

  private static String withoutSignature(String xml) {
    return xml.replaceFirst("<\\?xml[^>]*>", "").replace(signature(xml), "");
  }

  private static String assertion(String xml) {
    Matcher m = Pattern.compile("(?s)<saml2:Assertion.*</saml2:Assertion>").matcher(xml);
    assertTrue(m.find(), xml);
    return m.group();
  }

  private static String insertAfterIssuer(String xml, String insert) {
    int at = xml.indexOf("</saml2:Issuer>") + "</saml2:Issuer>".length();
    assertTrue(at > "</saml2:Issuer>".length(), xml);
    return xml.substring(0, at) + insert + xml.substring(at);
  }

  private static ResponseValidator.Accepted accept(TestResponses.Login login) throws Exception {
    return accept(login.xml().getBytes(StandardCharsets.UTF_8));
  }

  private static ResponseValidator.Accepted accept(byte[] xml) {
    return ResponseValidator.validate(xml, idp.expectations());
  }

  private static void refused(TestResponses.Login login, String reason) throws Exception {
    refused(login.xml().getBytes(StandardCharsets.UTF_8), reason);
  }

  private static void refused(byte[] xml, String reason) {
    ResponseValidator.Refused refused =
        assertThrows(
            ResponseValidator.Refused.class,
            () -> ResponseValidator.validate(xml, idp.expectations()));
    assertTrue(
        refused.getMessage().contains(reason),
        "'" + reason + "' expected: " + refused.getMessage());
  }
}
