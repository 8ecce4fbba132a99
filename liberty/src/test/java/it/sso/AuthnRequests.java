package it.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Inflater;
import javax.xml.parsers.DocumentBuilderFactory;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.saml.saml2.core.AuthnRequest;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.support.SignatureValidator;
import org.w3c.dom.Element;

/**
 * The IdP's side of SP-initiated login: reads an AuthnRequest as it arrives (HTTP-Redirect or
 * HTTP-POST binding) and verifies its signature with the certificate of the organization's SP
 * metadata, as an IdP does before it answers.
 */
final class AuthnRequests {

  static {
    try {
      org.opensaml.core.config.InitializationService.initialize();
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static final String RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";

  private AuthnRequests() {}

  /** A received, verified AuthnRequest. */
  record Received(
      String id,
      String destination,
      String postbackUrl,
      String protocolBinding,
      String issuer,
      String relayState,
      boolean forceAuthn) {}

  /** The SP's signing certificate, from its metadata. */
  static X509Certificate spCertificate(String orgId) throws Exception {
    SsoApi.Reply metadata =
        SsoApi.send("GET", "/sso/saml/" + orgId + "/metadata", null, null, null);
    assertEquals(200, metadata.status(), metadata.body());
    Matcher m =
        Pattern.compile("<ds:X509Certificate>([^<]+)</ds:X509Certificate>")
            .matcher(metadata.body());
    assertTrue(m.find(), metadata.body());
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(Base64.getMimeDecoder().decode(m.group(1))));
  }

  /**
   * HTTP-Redirect: the signature over the query string (SAML bindings §3.4.4.1), computed on the
   * values exactly as they arrived, must verify with {@code sp}.
   */
  static Received fromRedirect(String location, X509Certificate sp) throws Exception {
    Map<String, String> raw = new LinkedHashMap<>();
    for (String pair : URI.create(location).getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      raw.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    assertEquals(RSA_SHA256, decode(raw.get("SigAlg")), "RSA-SHA256");
    String signed = "SAMLRequest=" + raw.get("SAMLRequest");
    if (raw.containsKey("RelayState")) {
      signed += "&RelayState=" + raw.get("RelayState");
    }
    signed += "&SigAlg=" + raw.get("SigAlg");
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initVerify(sp.getPublicKey());
    rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
    assertTrue(
        rsa.verify(Base64.getDecoder().decode(decode(raw.get("Signature")))),
        "the AuthnRequest's signature verifies with the SP metadata's certificate");
    AuthnRequest request =
        parse(inflate(Base64.getDecoder().decode(decode(raw.get("SAMLRequest")))));
    assertNull(request.getSignature(), "HTTP-Redirect carries the signature in the URL");
    String relayState = raw.containsKey("RelayState") ? decode(raw.get("RelayState")) : null;
    return received(request, relayState);
  }

  /** HTTP-POST: the page's form, the enveloped XML signature verifying with {@code sp}. */
  static Received fromPostForm(String html, X509Certificate sp) throws Exception {
    String samlRequest = field(html, "SAMLRequest");
    AuthnRequest request = parse(Base64.getDecoder().decode(samlRequest));
    new SAMLSignatureProfileValidator().validate(request.getSignature());
    assertEquals(RSA_SHA256, request.getSignature().getSignatureAlgorithm());
    SignatureValidator.validate(request.getSignature(), new BasicX509Credential(sp));
    return received(
        request, html.contains("name=\"RelayState\"") ? field(html, "RelayState") : null);
  }

  static String formAction(String html) {
    Matcher m =
        Pattern.compile("<form id=\"saml\" method=\"post\" action=\"([^\"]+)\"").matcher(html);
    assertTrue(m.find(), html);
    return unescape(m.group(1));
  }

  private static String field(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
    assertTrue(m.find(), name + " in " + html);
    return unescape(m.group(1));
  }

  private static Received received(AuthnRequest r, String relayState) {
    return new Received(
        r.getID(),
        r.getDestination(),
        r.getAssertionConsumerServiceURL(),
        r.getProtocolBinding(),
        r.getIssuer().getValue(),
        relayState,
        Boolean.TRUE.equals(r.isForceAuthn()));
  }

  private static AuthnRequest parse(byte[] xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Element root = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml)).getDocumentElement();
    return (AuthnRequest)
        XMLObjectProviderRegistrySupport.getUnmarshallerFactory()
            .getUnmarshaller(root)
            .unmarshall(root);
  }

  private static byte[] inflate(byte[] deflated) throws Exception {
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
    return out.toByteArray();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String unescape(String s) {
    return s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }
}
