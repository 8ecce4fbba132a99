package dev.portcullis.sso.saml;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.Deflater;
import javax.xml.namespace.QName;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.io.MarshallingException;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.AuthnRequest;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.Signer;
import org.w3c.dom.Element;

/**
 * Signed AuthnRequests for SP-initiated login (SAML core §3.4.1), signed with RSA-SHA256 by the
 * organization's SP key, for either binding of the IdP's SSO URL: HTTP-Redirect (SAML bindings
 * §3.4.4.1: the XML deflated into the query string, the signature over the query string) or
 * HTTP-POST (§3.5: the XML signed inside, sent by an auto-submitted form). The request asks for the
 * answer at the postback URL with the HTTP-POST binding, and with {@code ForceAuthn="true"} (SAML
 * core §3.4.1) for a step-up, so that the IdP makes the user log in again instead of reusing its
 * session.
 */
public final class AuthnRequestWriter {

  public static final String SIGNATURE_ALGORITHM = SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256;

  /** SAML bindings §3.4.3 and §3.5.3: RelayState MUST NOT exceed 80 bytes. */
  public static final int MAX_RELAY_STATE_BYTES = 80;

  private static final SecureRandom RANDOM = new SecureRandom();

  private AuthnRequestWriter() {}

  /** What one AuthnRequest says; {@code forceAuthn}: the IdP must authenticate the user anew. */
  public record Request(
      String id,
      String spEntityId,
      String postbackUrl,
      String idpSsoUrl,
      Instant issuedAt,
      boolean forceAuthn) {

    /** A request the IdP may answer from the session it already has with the user. */
    public Request(
        String id, String spEntityId, String postbackUrl, String idpSsoUrl, Instant issuedAt) {
      this(id, spEntityId, postbackUrl, idpSsoUrl, issuedAt, false);
    }
  }

  /** The HTTP-POST binding's form: where it goes and its two fields. */
  public record PostForm(String action, String samlRequest, String relayState) {}

  /** A fresh request ID: an XML NCName (so it starts with '_') of 160 random bits. */
  public static String newId() {
    byte[] raw = new byte[20];
    RANDOM.nextBytes(raw);
    return "_" + HexFormat.of().formatHex(raw);
  }

  /** HTTP-Redirect: the URL to send the browser to, query string signed. */
  public static String redirectUrl(Request request, String relayState, PrivateKey key) {
    byte[] xml = serialize(marshall(authnRequest(request))).getBytes(StandardCharsets.UTF_8);
    StringBuilder query =
        new StringBuilder("SAMLRequest=")
            .append(encode(Base64.getEncoder().encodeToString(deflate(xml))));
    if (relayState != null) {
      query.append("&RelayState=").append(encode(relayState));
    }
    query.append("&SigAlg=").append(encode(SIGNATURE_ALGORITHM));
    try {
      java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update(query.toString().getBytes(StandardCharsets.US_ASCII));
      query.append("&Signature=").append(encode(Base64.getEncoder().encodeToString(rsa.sign())));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not sign the AuthnRequest", e);
    }
    String url = request.idpSsoUrl();
    return url + (url.indexOf('?') >= 0 ? "&" : "?") + query;
  }

  /** HTTP-POST: the form fields, the AuthnRequest signed inside (enveloped signature). */
  public static PostForm postForm(
      Request request, String relayState, PrivateKey key, X509Certificate certificate) {
    AuthnRequest authn = authnRequest(request);
    Signature signature = build(Signature.DEFAULT_ELEMENT_NAME);
    signature.setSigningCredential(new BasicX509Credential(certificate, key));
    signature.setSignatureAlgorithm(SIGNATURE_ALGORITHM);
    signature.setCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
    authn.setSignature(signature);
    Element dom = marshall(authn);
    try {
      Signer.signObject(signature);
    } catch (SignatureException e) {
      throw new IllegalStateException("could not sign the AuthnRequest", e);
    }
    String xml = serialize(dom);
    return new PostForm(
        request.idpSsoUrl(),
        Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8)),
        relayState);
  }

  private static AuthnRequest authnRequest(Request r) {
    AuthnRequest authn = build(AuthnRequest.DEFAULT_ELEMENT_NAME);
    authn.setID(r.id());
    authn.setVersion(SAMLVersion.VERSION_20);
    authn.setIssueInstant(r.issuedAt());
    authn.setDestination(r.idpSsoUrl());
    authn.setAssertionConsumerServiceURL(r.postbackUrl());
    authn.setProtocolBinding(SAMLConstants.SAML2_POST_BINDING_URI);
    if (r.forceAuthn()) {
      authn.setForceAuthn(Boolean.TRUE);
    }
    Issuer issuer = build(Issuer.DEFAULT_ELEMENT_NAME);
    issuer.setValue(r.spEntityId());
    authn.setIssuer(issuer);
    return authn;
  }

  private static Element marshall(XMLObject object) {
    try {
      return XMLObjectProviderRegistrySupport.getMarshallerFactory()
          .getMarshaller(object)
          .marshall(object);
    } catch (MarshallingException e) {
      throw new IllegalStateException("could not write the AuthnRequest", e);
    }
  }

  private static String serialize(Element element) {
    return SerializeSupport.nodeToString(element);
  }

  /** Raw DEFLATE (RFC 1951, no zlib header), as the HTTP-Redirect binding prescribes. */
  private static byte[] deflate(byte[] data) {
    Deflater deflater = new Deflater(Deflater.DEFLATED, true);
    try {
      deflater.setInput(data);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
      byte[] buffer = new byte[4096];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  private static <T extends XMLObject> T build(QName name) {
    return (T)
        XMLObjectProviderRegistrySupport.getBuilderFactory()
            .getBuilderOrThrow(name)
            .buildObject(name);
  }
}
