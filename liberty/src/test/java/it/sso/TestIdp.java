package it.sso;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.xml.namespace.QName;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.opensaml.core.config.InitializationService;
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
import org.opensaml.saml.saml2.core.AuthnContext;
import org.opensaml.saml.saml2.core.AuthnContextClassRef;
import org.opensaml.saml.saml2.core.AuthnStatement;
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
import org.opensaml.security.SecurityException;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.keyinfo.impl.X509KeyInfoGeneratorFactory;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.Signer;
import org.w3c.dom.Element;

/**
 * A SAML IdP in the test: builds and signs responses, with every field open to tampering. Public
 * for the SAML benchmark ({@code bench.SamlLoginBench}), which signs its responses with it.
 */
public final class TestIdp {

  static {
    try {
      InitializationService.initialize();
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  public final String entityId;
  final KeyPair keys;
  public final X509Certificate certificate;

  public TestIdp(String entityId) throws Exception {
    this.entityId = entityId;
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    this.keys = g.generateKeyPair();
    Instant now = Instant.now();
    X500Name name = new X500Name("CN=" + entityId.replaceAll("[^A-Za-z0-9.-]", "-"));
    this.certificate =
        new JcaX509CertificateConverter()
            .getCertificate(
                new JcaX509v3CertificateBuilder(
                        name,
                        BigInteger.valueOf(now.toEpochMilli()),
                        Date.from(now.minus(Duration.ofDays(1))),
                        Date.from(now.plus(Duration.ofDays(365))),
                        name,
                        keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
  }

  /** One response to craft; defaults make a valid IdP-initiated login. */
  public final class Login {
    String email;
    String issuer = entityId;
    String audience;
    String destination;
    String recipient;
    String assertionId = "_" + UUID.randomUUID();
    public Instant notOnOrAfter = Instant.now().plus(Duration.ofMinutes(5));

    /** The Conditions' NotBefore; null: a minute before the response is made. */
    Instant notBefore;

    /** The Conditions' NotOnOrAfter, if not {@link #notOnOrAfter}. */
    Instant conditionsNotOnOrAfter;

    /** The bearer SubjectConfirmationData's NotOnOrAfter, if not {@link #notOnOrAfter}. */
    Instant confirmationNotOnOrAfter;

    /** False: the assertion has no Conditions element at all. */
    boolean conditions = true;

    /** The NameID's value (null: the email) and format. */
    String nameId;

    String nameIdFormat = NameIDType.EMAIL;

    /** The Response's ID (null: a random one). */
    String responseId;

    /** The top-level status; with {@link #withAssertion} false, an IdP's error response. */
    String statusCode = StatusCode.SUCCESS;

    boolean withAssertion = true;
    String inResponseTo;
    boolean signAssertion = true;
    boolean signResponse = false;
    boolean sha1 = false;
    TestIdp signer = TestIdp.this;

    /** The signing certificate in each signature's KeyInfo, as most IdPs send it. */
    public boolean keyInfo = false;

    /** The AuthnStatement's AuthnInstant: when the user logged in at the IdP; null: now. */
    public Instant authnInstant;

    /** Whether the assertion has an AuthnStatement at all. */
    public boolean authnStatement = true;

    /** An AttributeStatement with these attributes (name to values), if any. */
    public Map<String, List<String>> attributes = Map.of();

    Login(String email, String spEntityId) {
      this.email = email;
      this.audience = spEntityId;
      this.destination = spEntityId + "/acs";
      this.recipient = spEntityId + "/acs";
    }

    public String xml() throws Exception {
      Instant now = Instant.now();
      Response response = build(Response.DEFAULT_ELEMENT_NAME);
      response.setID(responseId != null ? responseId : "_" + UUID.randomUUID());
      response.setVersion(SAMLVersion.VERSION_20);
      response.setIssueInstant(now);
      response.setDestination(destination);
      response.setInResponseTo(inResponseTo);
      response.setIssuer(issuer(issuer));
      Status status = build(Status.DEFAULT_ELEMENT_NAME);
      StatusCode code = build(StatusCode.DEFAULT_ELEMENT_NAME);
      code.setValue(statusCode);
      status.setStatusCode(code);
      response.setStatus(status);

      Assertion assertion = build(Assertion.DEFAULT_ELEMENT_NAME);
      assertion.setID(assertionId);
      assertion.setVersion(SAMLVersion.VERSION_20);
      assertion.setIssueInstant(now);
      assertion.setIssuer(issuer(issuer));
      Subject subject = build(Subject.DEFAULT_ELEMENT_NAME);
      NameID nameId = build(NameID.DEFAULT_ELEMENT_NAME);
      nameId.setFormat(nameIdFormat);
      nameId.setValue(this.nameId != null ? this.nameId : email);
      subject.setNameID(nameId);
      SubjectConfirmation confirmation = build(SubjectConfirmation.DEFAULT_ELEMENT_NAME);
      confirmation.setMethod(SubjectConfirmation.METHOD_BEARER);
      SubjectConfirmationData data = build(SubjectConfirmationData.DEFAULT_ELEMENT_NAME);
      data.setRecipient(recipient);
      data.setNotOnOrAfter(
          confirmationNotOnOrAfter != null ? confirmationNotOnOrAfter : notOnOrAfter);
      data.setInResponseTo(inResponseTo);
      confirmation.setSubjectConfirmationData(data);
      subject.getSubjectConfirmations().add(confirmation);
      assertion.setSubject(subject);
      Conditions conditions = build(Conditions.DEFAULT_ELEMENT_NAME);
      conditions.setNotBefore(notBefore != null ? notBefore : now.minus(Duration.ofMinutes(1)));
      conditions.setNotOnOrAfter(
          conditionsNotOnOrAfter != null ? conditionsNotOnOrAfter : notOnOrAfter);
      AudienceRestriction restriction = build(AudienceRestriction.DEFAULT_ELEMENT_NAME);
      Audience a = build(Audience.DEFAULT_ELEMENT_NAME);
      a.setURI(audience);
      restriction.getAudiences().add(a);
      conditions.getAudienceRestrictions().add(restriction);
      if (this.conditions) {
        assertion.setConditions(conditions);
      }
      AuthnStatement authn = build(AuthnStatement.DEFAULT_ELEMENT_NAME);
      authn.setAuthnInstant(authnInstant == null ? now : authnInstant);
      AuthnContext context = build(AuthnContext.DEFAULT_ELEMENT_NAME);
      AuthnContextClassRef ref = build(AuthnContextClassRef.DEFAULT_ELEMENT_NAME);
      ref.setURI(AuthnContext.PPT_AUTHN_CTX);
      context.setAuthnContextClassRef(ref);
      authn.setAuthnContext(context);
      if (authnStatement) {
        assertion.getAuthnStatements().add(authn);
      }
      if (!attributes.isEmpty()) {
        AttributeStatement statement = build(AttributeStatement.DEFAULT_ELEMENT_NAME);
        for (Map.Entry<String, List<String>> named : attributes.entrySet()) {
          Attribute attribute = build(Attribute.DEFAULT_ELEMENT_NAME);
          attribute.setName(named.getKey());
          attribute.setNameFormat(Attribute.BASIC);
          for (String value : named.getValue()) {
            XSString v =
                (XSString)
                    XMLObjectProviderRegistrySupport.getBuilderFactory()
                        .getBuilderOrThrow(XSString.TYPE_NAME)
                        .buildObject(AttributeValue.DEFAULT_ELEMENT_NAME, XSString.TYPE_NAME);
            v.setValue(value);
            attribute.getAttributeValues().add(v);
          }
          statement.getAttributes().add(attribute);
        }
        assertion.getAttributeStatements().add(statement);
      }
      if (withAssertion) {
        response.getAssertions().add(assertion);
      }

      Signature assertionSignature = withAssertion && signAssertion ? signature() : null;
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

    private Signature signature() {
      Signature s = build(Signature.DEFAULT_ELEMENT_NAME);
      s.setSigningCredential(new BasicX509Credential(signer.certificate, signer.keys.getPrivate()));
      s.setSignatureAlgorithm(
          sha1
              ? SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1
              : SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256);
      s.setCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
      if (keyInfo) {
        X509KeyInfoGeneratorFactory factory = new X509KeyInfoGeneratorFactory();
        factory.setEmitEntityCertificate(true);
        try {
          s.setKeyInfo(
              factory
                  .newInstance()
                  .generate(new BasicX509Credential(signer.certificate, signer.keys.getPrivate())));
        } catch (SecurityException e) {
          throw new IllegalStateException(e);
        }
      }
      return s;
    }
  }

  public Login login(String email, String spEntityId) {
    return new Login(email, spEntityId);
  }

  /**
   * The page with which an IdP sends its response back: a form auto-submitted to the postback URL
   * with the response and the RelayState, if any.
   */
  public static String autoPostPage(String postbackUrl, String xml, String relayState) {
    StringBuilder form =
        new StringBuilder("<!DOCTYPE html><html><body><form id=\"f\" method=\"post\" action=\"")
            .append(postbackUrl)
            .append("\"><input type=\"hidden\" name=\"SAMLResponse\" value=\"")
            .append(encode(xml))
            .append("\">");
    if (relayState != null) {
      form.append("<input type=\"hidden\" name=\"RelayState\" value=\"")
          .append(relayState.replace("&", "&amp;").replace("\"", "&quot;"))
          .append("\">");
    }
    return form.append("</form><script>document.getElementById('f').submit();</script>")
        .append("</body></html>")
        .toString();
  }

  public static String encode(String xml) {
    return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
  }

  private static Issuer issuer(String value) {
    Issuer issuer = build(Issuer.DEFAULT_ELEMENT_NAME);
    issuer.setValue(value);
    return issuer;
  }

  @SuppressWarnings("unchecked")
  static <T extends XMLObject> T build(QName name) {
    return (T)
        XMLObjectProviderRegistrySupport.getBuilderFactory()
            .getBuilderOrThrow(name)
            .buildObject(name);
  }
}
