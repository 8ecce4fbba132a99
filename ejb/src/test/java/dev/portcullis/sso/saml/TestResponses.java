package dev.portcullis.sso.saml;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.xml.namespace.QName;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.AttributeStatement;
import org.opensaml.saml.saml2.core.AttributeValue;
import org.opensaml.saml.saml2.core.Audience;
import org.opensaml.saml.saml2.core.AudienceRestriction;
import org.opensaml.saml.saml2.core.Conditions;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.NameIDType;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.Status;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.Signer;
import org.w3c.dom.Element;

/**
 * An IdP for {@link ResponseValidatorTest}: signs SAML responses as real IdPs' OpenSAML does, every
 * field open to tampering, all times relative to a fixed {@link #NOW} (the validator's clock).
 */
final class TestResponses {

  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  static final String IDP = "https://idp.test/saml";
  static final String SP = "https://portcullis.test/sso/saml/org-1";
  static final String ACS = SP + "/acs";

  final KeyPair keys;
  final X509Certificate certificate;

  TestResponses() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    keys = g.generateKeyPair();
    X500Name name = new X500Name("CN=idp.test");
    certificate =
        new JcaX509CertificateConverter()
            .getCertificate(
                new JcaX509v3CertificateBuilder(
                        name,
                        BigInteger.ONE,
                        Date.from(NOW.minus(Duration.ofDays(1))),
                        Date.from(NOW.plus(Duration.ofDays(365))),
                        name,
                        keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
  }

  /** What the validator expects for the organization this IdP serves, at {@link #NOW}. */
  ResponseValidator.Expectations expectations() {
    return new ResponseValidator.Expectations(IDP, SP, ACS, List.of(certificate), true, NOW);
  }

  /** One response; the defaults make a valid IdP-initiated login of {@code email}. */
  final class Login {
    String responseId = "_r" + UUID.randomUUID();
    String assertionId = "_a" + UUID.randomUUID();
    String nameId;
    String nameIdFormat = NameIDType.EMAIL;
    String destination = ACS;
    String recipient = ACS;
    String statusCode = StatusCode.SUCCESS;

    /** Null: no Conditions element at all. */
    Instant notBefore = NOW.minus(Duration.ofMinutes(1));

    Instant notOnOrAfter = NOW.plus(Duration.ofMinutes(5));
    Instant confirmationNotOnOrAfter = NOW.plus(Duration.ofMinutes(5));
    boolean conditions = true;

    /** Each inner list is one AudienceRestriction (audiences of one are alternatives). */
    List<List<String>> audienceRestrictions = new ArrayList<>(List.of(List.of(SP)));

    boolean withAssertion = true;
    boolean signAssertion = true;
    boolean signResponse = false;
    Map<String, List<String>> attributes = new LinkedHashMap<>();

    Login(String email) {
      this.nameId = email;
    }

    String xml() throws Exception {
      Response response = build(Response.DEFAULT_ELEMENT_NAME);
      response.setID(responseId);
      response.setVersion(SAMLVersion.VERSION_20);
      response.setIssueInstant(NOW);
      response.setDestination(destination);
      response.setIssuer(issuer());
      Status status = build(Status.DEFAULT_ELEMENT_NAME);
      StatusCode code = build(StatusCode.DEFAULT_ELEMENT_NAME);
      code.setValue(statusCode);
      status.setStatusCode(code);
      response.setStatus(status);
      Assertion assertion = withAssertion ? assertion() : null;
      if (assertion != null) {
        response.getAssertions().add(assertion);
      }
      Signature assertionSignature = assertion != null && signAssertion ? signature() : null;
      Signature responseSignature = signResponse ? signature() : null;
      if (assertionSignature != null) {
        assertion.setSignature(assertionSignature);
      }
      if (responseSignature != null) {
        response.setSignature(responseSignature);
      }
      Element dom =
          XMLObjectProviderRegistrySupport.getMarshallerFactory()
              .getMarshaller(response)
              .marshall(response);
      if (assertionSignature != null) {
        Signer.signObject(assertionSignature);
      }
      if (responseSignature != null) {
        Signer.signObject(responseSignature);
      }
      return SerializeSupport.nodeToString(dom);
    }

    private Assertion assertion() {
      Assertion assertion = build(Assertion.DEFAULT_ELEMENT_NAME);
      assertion.setID(assertionId);
      assertion.setVersion(SAMLVersion.VERSION_20);
      assertion.setIssueInstant(NOW);
      assertion.setIssuer(issuer());
      Subject subject = build(Subject.DEFAULT_ELEMENT_NAME);
      NameID id = build(NameID.DEFAULT_ELEMENT_NAME);
      id.setFormat(nameIdFormat);
      id.setValue(nameId);
      subject.setNameID(id);
      SubjectConfirmation confirmation = build(SubjectConfirmation.DEFAULT_ELEMENT_NAME);
      confirmation.setMethod(SubjectConfirmation.METHOD_BEARER);
      SubjectConfirmationData data = build(SubjectConfirmationData.DEFAULT_ELEMENT_NAME);
      data.setRecipient(recipient);
      data.setNotOnOrAfter(confirmationNotOnOrAfter);
      confirmation.setSubjectConfirmationData(data);
      subject.getSubjectConfirmations().add(confirmation);
      assertion.setSubject(subject);
      if (conditions) {
        Conditions c = build(Conditions.DEFAULT_ELEMENT_NAME);
        c.setNotBefore(notBefore);
        c.setNotOnOrAfter(notOnOrAfter);
        for (List<String> audiences : audienceRestrictions) {
          AudienceRestriction restriction = build(AudienceRestriction.DEFAULT_ELEMENT_NAME);
          for (String uri : audiences) {
            Audience a = build(Audience.DEFAULT_ELEMENT_NAME);
            a.setURI(uri);
            restriction.getAudiences().add(a);
          }
          c.getAudienceRestrictions().add(restriction);
        }
        assertion.setConditions(c);
      }
      if (!attributes.isEmpty()) {
        AttributeStatement statement = build(AttributeStatement.DEFAULT_ELEMENT_NAME);
        attributes.forEach(
            (name, values) -> {
              Attribute attribute = build(Attribute.DEFAULT_ELEMENT_NAME);
              attribute.setName(name);
              attribute.setNameFormat(Attribute.BASIC);
              for (String value : values) {
                XSString v =
                    (XSString)
                        XMLObjectProviderRegistrySupport.getBuilderFactory()
                            .getBuilderOrThrow(XSString.TYPE_NAME)
                            .buildObject(AttributeValue.DEFAULT_ELEMENT_NAME, XSString.TYPE_NAME);
                v.setValue(value);
                attribute.getAttributeValues().add(v);
              }
              statement.getAttributes().add(attribute);
            });
        assertion.getAttributeStatements().add(statement);
      }
      return assertion;
    }
  }

  Login login(String email) {
    return new Login(email);
  }

  private Signature signature() {
    Signature s = build(Signature.DEFAULT_ELEMENT_NAME);
    s.setSigningCredential(new BasicX509Credential(certificate, keys.getPrivate()));
    s.setSignatureAlgorithm(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256);
    s.setCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
    return s;
  }

  private static Issuer issuer() {
    Issuer issuer = build(Issuer.DEFAULT_ELEMENT_NAME);
    issuer.setValue(IDP);
    return issuer;
  }

  @SuppressWarnings("unchecked")
  private static <T extends XMLObject> T build(QName name) {
    return (T)
        XMLObjectProviderRegistrySupport.getBuilderFactory()
            .getBuilderOrThrow(name)
            .buildObject(name);
  }
}
