package dev.portcullis.sso.saml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Inflater;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensaml.core.config.InitializationService;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.AuthnRequest;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.SignatureValidator;
import org.w3c.dom.Element;

/** AuthnRequests as an IdP checks them: the signature verifies with the SP's certificate. */
class AuthnRequestWriterTest {

  static SpKeys.Generated sp;
  static SpKeys.Generated other;

  static final AuthnRequestWriter.Request REQUEST =
      new AuthnRequestWriter.Request(
          AuthnRequestWriter.newId(),
          "https://portcullis.test/sso/saml/org-1",
          "https://portcullis.test/sso/saml/org-1/acs",
          "https://idp.test/sso?tenant=acme",
          Instant.parse("2026-01-01T10:00:00Z"));

  @BeforeAll
  static void keys() throws Exception {
    InitializationService.initialize();
    sp = SpKeys.generate("org-1", Instant.now());
    other = SpKeys.generate("org-2", Instant.now());
  }

  @Test
  void redirectBindingSignsTheQueryStringWithRsaSha256() throws Exception {
    String url = AuthnRequestWriter.redirectUrl(REQUEST, "/console/index", sp.privateKey());

    assertTrue(url.startsWith("https://idp.test/sso?tenant=acme&SAMLRequest="), url);
    Map<String, String> raw = rawParameters(URI.create(url).getRawQuery());
    assertEquals(AuthnRequestWriter.SIGNATURE_ALGORITHM, decode(raw.get("SigAlg")));
    assertEquals("/console/index", decode(raw.get("RelayState")));
    String signed =
        "SAMLRequest="
            + raw.get("SAMLRequest")
            + "&RelayState="
            + raw.get("RelayState")
            + "&SigAlg="
            + raw.get("SigAlg");
    byte[] signature = Base64.getDecoder().decode(decode(raw.get("Signature")));
    assertTrue(verify(signed, signature, sp), "verifies with the SP certificate");
    assertFalse(verify(signed, signature, other), "not with another key");
    assertFalse(
        verify(signed.replace("RelayState=%2F", "RelayState=%2Fx"), signature, sp),
        "a changed RelayState breaks it");

    String xml = inflate(Base64.getDecoder().decode(decode(raw.get("SAMLRequest"))));
    AuthnRequest authn = parse(xml);
    assertEquals(REQUEST.id(), authn.getID());
    assertEquals("https://idp.test/sso?tenant=acme", authn.getDestination());
    assertEquals(REQUEST.postbackUrl(), authn.getAssertionConsumerServiceURL());
    assertEquals(SAMLConstants.SAML2_POST_BINDING_URI, authn.getProtocolBinding());
    assertEquals(REQUEST.spEntityId(), authn.getIssuer().getValue());
    assertEquals(REQUEST.issuedAt(), authn.getIssueInstant());
    assertEquals(null, authn.getSignature(), "the redirect binding signs the URL, not the XML");
  }

  @Test
  void redirectBindingWithoutRelayState() throws Exception {
    String url = AuthnRequestWriter.redirectUrl(REQUEST, null, sp.privateKey());
    Map<String, String> raw = rawParameters(URI.create(url).getRawQuery());
    assertFalse(raw.containsKey("RelayState"));
    String signed = "SAMLRequest=" + raw.get("SAMLRequest") + "&SigAlg=" + raw.get("SigAlg");
    assertTrue(verify(signed, Base64.getDecoder().decode(decode(raw.get("Signature"))), sp));
  }

  @Test
  void postBindingSignsTheXmlInside() throws Exception {
    AuthnRequestWriter.PostForm form =
        AuthnRequestWriter.postForm(REQUEST, "/console/index", sp.privateKey(), sp.certificate());

    assertEquals(REQUEST.idpSsoUrl(), form.action());
    assertEquals("/console/index", form.relayState());
    AuthnRequest authn =
        parse(new String(Base64.getDecoder().decode(form.samlRequest()), StandardCharsets.UTF_8));
    assertEquals(REQUEST.id(), authn.getID());
    assertNotNull(authn.getSignature());
    assertEquals(
        AuthnRequestWriter.SIGNATURE_ALGORITHM, authn.getSignature().getSignatureAlgorithm());
    new SAMLSignatureProfileValidator().validate(authn.getSignature());
    SignatureValidator.validate(authn.getSignature(), new BasicX509Credential(sp.certificate()));
    assertThrows(
        SignatureException.class,
        () ->
            SignatureValidator.validate(
                authn.getSignature(), new BasicX509Credential(other.certificate())));
  }

  @Test
  void aStepUpAsksTheIdpToAuthenticateTheUserAnew() throws Exception {
    AuthnRequestWriter.Request stepUp =
        new AuthnRequestWriter.Request(
            REQUEST.id(),
            REQUEST.spEntityId(),
            REQUEST.postbackUrl(),
            REQUEST.idpSsoUrl(),
            REQUEST.issuedAt(),
            true);

    String url = AuthnRequestWriter.redirectUrl(stepUp, null, sp.privateKey());
    String redirected =
        inflate(
            Base64.getDecoder()
                .decode(decode(rawParameters(URI.create(url).getRawQuery()).get("SAMLRequest"))));
    assertEquals(Boolean.TRUE, parse(redirected).isForceAuthn(), redirected);
    AuthnRequestWriter.PostForm form =
        AuthnRequestWriter.postForm(stepUp, null, sp.privateKey(), sp.certificate());
    AuthnRequest posted =
        parse(new String(Base64.getDecoder().decode(form.samlRequest()), StandardCharsets.UTF_8));
    assertEquals(Boolean.TRUE, posted.isForceAuthn());
    SignatureValidator.validate(posted.getSignature(), new BasicX509Credential(sp.certificate()));

    String login =
        inflate(
            Base64.getDecoder()
                .decode(
                    decode(
                        rawParameters(
                                URI.create(
                                        AuthnRequestWriter.redirectUrl(
                                            REQUEST, null, sp.privateKey()))
                                    .getRawQuery())
                            .get("SAMLRequest"))));
    assertFalse(login.contains("ForceAuthn"), "a login lets the IdP reuse its session: " + login);
  }

  @Test
  void idsAreFreshNcNames() {
    String a = AuthnRequestWriter.newId();
    String b = AuthnRequestWriter.newId();
    assertTrue(a.matches("_[0-9a-f]{40}"), a);
    assertFalse(a.equals(b));
  }

  private static boolean verify(String signed, byte[] signature, SpKeys.Generated keys)
      throws Exception {
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initVerify(keys.certificate().getPublicKey());
    rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
    return rsa.verify(signature);
  }

  private static Map<String, String> rawParameters(String query) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      out.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return out;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String inflate(byte[] deflated) throws Exception {
    Inflater inflater = new Inflater(true);
    inflater.setInput(deflated);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    while (!inflater.finished()) {
      int n = inflater.inflate(buffer);
      if (n == 0 && inflater.needsInput()) {
        break;
      }
      out.write(buffer, 0, n);
    }
    inflater.end();
    return out.toString(StandardCharsets.UTF_8);
  }

  private static AuthnRequest parse(String xml) throws Exception {
    Element root =
        SecureXml.parserPool()
            .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
            .getDocumentElement();
    return (AuthnRequest)
        XMLObjectProviderRegistrySupport.getUnmarshallerFactory()
            .getUnmarshaller(root)
            .unmarshall(root);
  }
}
