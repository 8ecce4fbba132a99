package dev.portcullis.sso.saml;

import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.sso.entity.SsoBinding;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.shibboleth.utilities.java.support.xml.BasicParserPool;
import net.shibboleth.utilities.java.support.xml.XMLParserException;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.io.Unmarshaller;
import org.opensaml.core.xml.io.UnmarshallingException;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.metadata.EntitiesDescriptor;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.saml.saml2.metadata.IDPSSODescriptor;
import org.opensaml.saml.saml2.metadata.KeyDescriptor;
import org.opensaml.saml.saml2.metadata.SingleSignOnService;
import org.opensaml.security.credential.UsageType;
import org.opensaml.xmlsec.signature.X509Data;
import org.w3c.dom.Element;

/**
 * Reads an IdP's SAML 2.0 metadata: entity ID, SSO URL (HTTP-Redirect preferred, else HTTP-POST)
 * and signing certificates. DTDs are refused outright, so no entity expansion or XXE.
 */
public final class IdpMetadataReader {

  public static final int MAX_BYTES = 1024 * 1024;

  private static final BasicParserPool PARSER = SecureXml.parserPool();

  private IdpMetadataReader() {}

  /** What metadata says about an IdP; certificates are DER. */
  public record IdpDescription(
      String entityId, String ssoUrl, SsoBinding ssoBinding, List<byte[]> certificates) {}

  private record SsoService(String url, SsoBinding binding) {}

  public static IdpDescription read(byte[] xml) {
    if (xml == null || xml.length == 0) {
      throw invalid("The metadata file is empty.");
    }
    if (xml.length > MAX_BYTES) {
      throw invalid("The metadata file is larger than 1 MB.");
    }
    XMLObject parsed;
    try {
      Element root = PARSER.parse(new ByteArrayInputStream(xml)).getDocumentElement();
      Unmarshaller unmarshaller =
          XMLObjectProviderRegistrySupport.getUnmarshallerFactory().getUnmarshaller(root);
      if (unmarshaller == null) {
        throw invalid("This XML is not SAML metadata (root element " + root.getLocalName() + ").");
      }
      parsed = unmarshaller.unmarshall(root);
    } catch (XMLParserException e) {
      String detail = String.valueOf(e.getCause() == null ? e : e.getCause().getMessage());
      throw invalid(
          detail.contains("DOCTYPE")
              ? "The metadata contains a DTD (DOCTYPE), which is refused."
              : "The metadata is not well-formed XML.");
    } catch (UnmarshallingException e) {
      throw invalid("The metadata could not be read as SAML 2.0 metadata.");
    }
    EntityDescriptor entity = idpEntity(parsed);
    IDPSSODescriptor idp = entity.getIDPSSODescriptor(SAMLConstants.SAML20P_NS);
    String entityId = blankToNull(entity.getEntityID());
    if (entityId == null) {
      throw invalid("The metadata has no entityID.");
    }
    SsoService sso = ssoService(idp);
    return new IdpDescription(entityId, sso.url(), sso.binding(), certificates(idp));
  }

  private static EntityDescriptor idpEntity(XMLObject parsed) {
    List<EntityDescriptor> candidates = new ArrayList<>();
    if (parsed instanceof EntityDescriptor e) {
      candidates.add(e);
    } else if (parsed instanceof EntitiesDescriptor all) {
      collect(all, candidates);
    } else {
      throw invalid("This XML is not SAML metadata (no EntityDescriptor).");
    }
    candidates.removeIf(e -> e.getIDPSSODescriptor(SAMLConstants.SAML20P_NS) == null);
    if (candidates.isEmpty()) {
      throw invalid("The metadata describes no SAML 2.0 identity provider (IDPSSODescriptor).");
    }
    if (candidates.size() > 1) {
      throw invalid(
          "The metadata describes "
              + candidates.size()
              + " identity providers: import the metadata of your IdP alone.");
    }
    return candidates.get(0);
  }

  private static void collect(EntitiesDescriptor group, List<EntityDescriptor> out) {
    out.addAll(group.getEntityDescriptors());
    group.getEntitiesDescriptors().forEach(g -> collect(g, out));
  }

  private static SsoService ssoService(IDPSSODescriptor idp) {
    Map<String, String> byBinding = new HashMap<>();
    for (SingleSignOnService s : idp.getSingleSignOnServices()) {
      String location = blankToNull(s.getLocation());
      if (s.getBinding() != null && location != null) {
        byBinding.putIfAbsent(s.getBinding(), location);
      }
    }
    String url = byBinding.get(SAMLConstants.SAML2_REDIRECT_BINDING_URI);
    if (url != null) {
      return new SsoService(url, SsoBinding.REDIRECT);
    }
    url = byBinding.get(SAMLConstants.SAML2_POST_BINDING_URI);
    if (url != null) {
      return new SsoService(url, SsoBinding.POST);
    }
    throw invalid(
        "The metadata has no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding.");
  }

  private static List<byte[]> certificates(IDPSSODescriptor idp) {
    List<byte[]> out = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (KeyDescriptor key : idp.getKeyDescriptors()) {
      if (key.getUse() == UsageType.ENCRYPTION || key.getKeyInfo() == null) {
        continue;
      }
      for (X509Data data : key.getKeyInfo().getX509Datas()) {
        for (org.opensaml.xmlsec.signature.X509Certificate c : data.getX509Certificates()) {
          String value = c.getValue() == null ? "" : c.getValue().replaceAll("\\s", "");
          if (!value.isEmpty() && !seen.contains(value)) {
            seen.add(value);
            try {
              out.add(Base64.getDecoder().decode(value));
            } catch (IllegalArgumentException e) {
              throw invalid("A certificate in the metadata is not valid base64.");
            }
          }
        }
      }
    }
    if (out.isEmpty()) {
      throw invalid("The metadata contains no signing certificate for the IdP.");
    }
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static ServiceException invalid(String message) {
    return ServiceException.invalid("metadata_invalid", message);
  }
}
