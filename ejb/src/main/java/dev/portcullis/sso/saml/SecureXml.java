package dev.portcullis.sso.saml;

import java.util.Map;
import javax.xml.XMLConstants;
import net.shibboleth.utilities.java.support.component.ComponentInitializationException;
import net.shibboleth.utilities.java.support.xml.BasicParserPool;

/**
 * The one XML parser configuration for everything SAML that comes from outside (responses and IdP
 * metadata): namespace-aware, comments dropped (so a comment injected into a NameID cannot split
 * the value), and no DTDs, external entities or XInclude (XXE and entity expansion).
 */
final class SecureXml {

  private SecureXml() {}

  static BasicParserPool parserPool() {
    BasicParserPool pool = new BasicParserPool();
    pool.setNamespaceAware(true);
    pool.setIgnoreComments(true);
    pool.setExpandEntityReferences(false);
    pool.setXincludeAware(false);
    pool.setDTDValidating(false);
    pool.setBuilderFeatures(
        Map.of(
            XMLConstants.FEATURE_SECURE_PROCESSING,
            true,
            "http://apache.org/xml/features/disallow-doctype-decl",
            true,
            "http://xml.org/sax/features/external-general-entities",
            false,
            "http://xml.org/sax/features/external-parameter-entities",
            false,
            "http://apache.org/xml/features/nonvalidating/load-external-dtd",
            false,
            // the whole document is unmarshalled at once: build it fully instead of lazily
            "http://apache.org/xml/features/dom/defer-node-expansion",
            false));
    try {
      pool.initialize();
    } catch (ComponentInitializationException e) {
      throw new IllegalStateException("XML parser pool", e);
    }
    return pool;
  }
}
