package dev.portcullis.sso.saml;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.xml.namespace.QName;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.io.MarshallingException;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.NameIDType;
import org.opensaml.saml.saml2.metadata.AssertionConsumerService;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.saml.saml2.metadata.KeyDescriptor;
import org.opensaml.saml.saml2.metadata.NameIDFormat;
import org.opensaml.saml.saml2.metadata.SPSSODescriptor;
import org.opensaml.security.credential.UsageType;
import org.opensaml.xmlsec.signature.KeyInfo;
import org.opensaml.xmlsec.signature.X509Data;

/**
 * An organization's SP metadata: entity ID, the postback URL (HTTP-POST), the SP signing
 * certificate; AuthnRequests are signed and assertions must be.
 */
public final class SpMetadataWriter {

  private SpMetadataWriter() {}

  public static String write(String entityId, String acsUrl, X509Certificate signing) {
    EntityDescriptor entity = build(EntityDescriptor.DEFAULT_ELEMENT_NAME);
    entity.setEntityID(entityId);
    SPSSODescriptor sp = build(SPSSODescriptor.DEFAULT_ELEMENT_NAME);
    sp.addSupportedProtocol(SAMLConstants.SAML20P_NS);
    sp.setAuthnRequestsSigned(true);
    sp.setWantAssertionsSigned(true);

    KeyDescriptor key = build(KeyDescriptor.DEFAULT_ELEMENT_NAME);
    key.setUse(UsageType.SIGNING);
    KeyInfo keyInfo = build(KeyInfo.DEFAULT_ELEMENT_NAME);
    X509Data data = build(X509Data.DEFAULT_ELEMENT_NAME);
    org.opensaml.xmlsec.signature.X509Certificate cert =
        build(org.opensaml.xmlsec.signature.X509Certificate.DEFAULT_ELEMENT_NAME);
    try {
      cert.setValue(Base64.getEncoder().encodeToString(signing.getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
    data.getX509Certificates().add(cert);
    keyInfo.getX509Datas().add(data);
    key.setKeyInfo(keyInfo);
    sp.getKeyDescriptors().add(key);

    NameIDFormat format = build(NameIDFormat.DEFAULT_ELEMENT_NAME);
    format.setURI(NameIDType.EMAIL);
    sp.getNameIDFormats().add(format);

    AssertionConsumerService acs = build(AssertionConsumerService.DEFAULT_ELEMENT_NAME);
    acs.setBinding(SAMLConstants.SAML2_POST_BINDING_URI);
    acs.setLocation(acsUrl);
    acs.setIndex(0);
    acs.setIsDefault(true);
    sp.getAssertionConsumerServices().add(acs);
    entity.getRoleDescriptors().add(sp);

    try {
      return SerializeSupport.prettyPrintXML(
          XMLObjectProviderRegistrySupport.getMarshallerFactory()
              .getMarshaller(entity)
              .marshall(entity));
    } catch (MarshallingException e) {
      throw new IllegalStateException("could not write SP metadata", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends XMLObject> T build(QName name) {
    return (T)
        XMLObjectProviderRegistrySupport.getBuilderFactory()
            .getBuilderOrThrow(name)
            .buildObject(name);
  }
}
