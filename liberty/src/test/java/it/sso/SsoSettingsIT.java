package it.sso;

import static it.sso.SsoApi.DER;
import static it.sso.SsoApi.METADATA;
import static it.sso.SsoApi.PEM;
import static it.sso.SsoApi.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.sso.SsoApi.Org;
import it.sso.SsoApi.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The SSO settings admin API and the SP metadata, as an Owner or Admin uses them. */
class SsoSettingsIT {

  static final String MD = "urn:oasis:names:tc:SAML:2.0:metadata";
  static final String DS = "http://www.w3.org/2000/09/xmldsig#";

  static X509Certificate first;
  static X509Certificate second;
  static X509Certificate third;
  static X509Certificate expired;

  @BeforeAll
  static void certificates() throws Exception {
    first = SsoApi.certificate("idp-one.sso.test", null, 365);
    second = SsoApi.certificate("idp-two.sso.test", null, 730);
    third = SsoApi.certificate("idp-three.sso.test", null, 365);
    expired = SsoApi.certificate("idp-old.sso.test", "-400d", 30);
  }

  @Test
  void newSettingsShowTheSpAddressesAndSsoOff() throws Exception {
    Org org = SsoApi.createOrg("ENTERPRISE");
    Reply r = send("GET", org.sso(), org.token(), null, null);
    assertEquals(200, r.status(), r.body());
    JsonObject sso = r.json();
    assertFalse(sso.getBoolean("enabled"));
    assertFalse(sso.getBoolean("requireSso"));
    String sp = SsoApi.BASE + "/sso/saml/" + org.id();
    assertEquals(sp, sso.getString("spEntityId"));
    assertEquals(sp + "/acs", sso.getString("postbackUrl"));
    assertEquals(sp + "/metadata", sso.getString("spMetadataUrl"));
    assertTrue(sso.isNull("idpEntityId"));
    assertEquals(0, sso.getJsonArray("certificates").size());
  }

  @Test
  void onlyEnterpriseOrganizationsGetSso() throws Exception {
    Org growth = SsoApi.createOrg("GROWTH");
    Reply r = send("GET", growth.sso(), growth.token(), null, null);
    assertEquals(403, r.status(), r.body());
    assertEquals("plan_required", r.error());
    assertEquals(
        404, send("GET", "/sso/saml/" + growth.id() + "/metadata", null, null, null).status());
  }

  @Test
  void onlyOwnersAndAdminsManageSsoAndOutsidersSeeNothing() throws Exception {
    Org org = SsoApi.createOrg("ENTERPRISE");
    String admin = SsoApi.member(org, "ADMIN");
    String member = SsoApi.member(org, "MEMBER");
    assertEquals(200, send("GET", org.sso(), admin, null, null).status());
    Reply asMember = send("GET", org.sso(), member, null, null);
    assertEquals(403, asMember.status(), asMember.body());
    Reply upload = send("POST", org.sso() + "/certificates", member, PEM, pem(first));
    assertEquals(403, upload.status(), upload.body());

    Org other = SsoApi.createOrg("ENTERPRISE");
    for (Reply r :
        new Reply[] {
          send("GET", other.sso(), org.token(), null, null),
          send("POST", other.sso() + "/certificates", org.token(), PEM, pem(first)),
          SsoApi.json(
              "PUT",
              other.sso(),
              org.token(),
              Json.createObjectBuilder().add("idpEntityId", "https://evil.test").build())
        }) {
      assertEquals(404, r.status(), r.body());
      assertEquals("not_found", r.error());
    }
    // a certificate of another organization cannot be removed through this one
    String id =
        send("POST", other.sso() + "/certificates", other.token(), PEM, pem(first))
            .json()
            .getString("id");
    assertEquals(
        404, send("DELETE", org.sso() + "/certificates/" + id, org.token(), null, null).status());
    assertEquals(
        1,
        send("GET", other.sso(), other.token(), null, null)
            .json()
            .getJsonArray("certificates")
            .size());
  }

  @Test
  void certificatesUploadAsPemOrDerAtMostTwoActive() throws Exception {
    Org org = SsoApi.createOrg("ENTERPRISE");
    Reply a = send("POST", org.sso() + "/certificates", org.token(), PEM, pem(first));
    assertEquals(201, a.status(), a.body());
    assertEquals("CN=idp-one.sso.test", a.json().getString("subject"));
    assertEquals(fingerprint(first), a.json().getString("sha256"));
    assertEquals(first.getNotAfter().toInstant().toString(), a.json().getString("notAfter"));
    Reply b = send("POST", org.sso() + "/certificates", org.token(), DER, second.getEncoded());
    assertEquals(201, b.status(), b.body());

    Reply c = send("POST", org.sso() + "/certificates", org.token(), PEM, pem(third));
    assertEquals(409, c.status(), c.body());
    assertEquals("too_many_certificates", c.error());

    Reply del =
        send(
            "DELETE",
            org.sso() + "/certificates/" + a.json().getString("id"),
            org.token(),
            null,
            null);
    assertEquals(204, del.status(), del.body());
    assertEquals(
        201, send("POST", org.sso() + "/certificates", org.token(), PEM, pem(third)).status());
    var listed =
        send("GET", org.sso(), org.token(), null, null).json().getJsonArray("certificates");
    assertEquals(2, listed.size());
    assertTrue(listed.toString().contains("idp-three.sso.test"));
    assertFalse(listed.toString().contains("idp-one.sso.test"));
  }

  @Test
  void refusedUploadsSayWhatIsWrong() throws Exception {
    Org org = SsoApi.createOrg("ENTERPRISE");
    String path = org.sso() + "/certificates";
    Reply xml = send("POST", path, org.token(), PEM, metadata("https://idp.sso.test", first));
    assertEquals(400, xml.status(), xml.body());
    assertEquals("certificate_is_metadata", xml.error());
    assertEquals("This is metadata, not a certificate — use Import IdP metadata.", xml.message());

    var pair = KeyPairGenerator.getInstance("RSA");
    pair.initialize(2048);
    byte[] key = pair.generateKeyPair().getPrivate().getEncoded();
    String keyPem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(key)
            + "\n-----END PRIVATE KEY-----\n";
    Reply privatePem = send("POST", path, org.token(), PEM, keyPem.getBytes());
    assertEquals("certificate_is_private_key", privatePem.error(), privatePem.body());
    assertTrue(privatePem.message().contains("private key"));
    Reply privateDer = send("POST", path, org.token(), DER, key);
    assertEquals("certificate_is_private_key", privateDer.error(), privateDer.body());

    Reply garbage = send("POST", path, org.token(), DER, "not a certificate at all".getBytes());
    assertEquals(400, garbage.status());
    assertEquals("certificate_invalid", garbage.error());
    assertTrue(garbage.message().contains("not an X.509 certificate"), garbage.message());

    Reply old = send("POST", path, org.token(), PEM, pem(expired));
    assertEquals(400, old.status(), old.body());
    assertEquals("certificate_expired", old.error());
    assertTrue(old.message().startsWith("This certificate expired on "), old.message());

    assertEquals(
        0,
        send("GET", org.sso(), org.token(), null, null).json().getJsonArray("certificates").size());
  }

  @Test
  void settingsUpdateAndSsoNeedsACompleteIdp() throws Exception {
    Org org = SsoApi.createOrg("ENTERPRISE");
    Reply on =
        SsoApi.json(
            "PUT", org.sso(), org.token(), Json.createObjectBuilder().add("enabled", true).build());
    assertEquals(409, on.status(), on.body());
    assertEquals("sso_incomplete", on.error());

    Reply badUrl =
        SsoApi.json(
            "PUT",
            org.sso(),
            org.token(),
            Json.createObjectBuilder().add("idpSsoUrl", "javascript:alert(1)").build());
    assertEquals(400, badUrl.status(), badUrl.body());

    assertEquals(
        201, send("POST", org.sso() + "/certificates", org.token(), PEM, pem(first)).status());
    Reply saved =
        SsoApi.json(
            "PUT",
            org.sso(),
            org.token(),
            Json.createObjectBuilder()
                .add("enabled", true)
                .add("requireSso", true)
                .add("idpManagedAccess", true)
                .add("idpEntityId", "https://idp.sso.test/entity")
                .add("idpSsoUrl", "https://idp.sso.test/sso")
                .build());
    assertEquals(200, saved.status(), saved.body());
    JsonObject got = send("GET", org.sso(), org.token(), null, null).json();
    assertTrue(got.getBoolean("enabled"));
    assertTrue(got.getBoolean("requireSso"));
    assertTrue(got.getBoolean("idpManagedAccess"));
    assertEquals("https://idp.sso.test/entity", got.getString("idpEntityId"));
    assertEquals("https://idp.sso.test/sso", got.getString("idpSsoUrl"));

    Reply audit =
        send(
            "GET",
            "/api/v1/organizations/" + org.id() + "/audit?format=json",
            org.token(),
            null,
            null);
    assertTrue(audit.body().contains("sso.updated"), audit.body());
    assertTrue(audit.body().contains("sso.certificate_added"), audit.body());
  }

  @Test
  void importsIdpMetadataAndRefusesDtds() throws Exception {
    Org org = SsoApi.createOrg("ENTERPRISE");
    Reply r =
        send(
            "POST",
            org.sso() + "/metadata",
            org.token(),
            METADATA,
            metadata("https://idp.sso.test/metadata", first, second));
    assertEquals(200, r.status(), r.body());
    JsonObject sso = r.json();
    assertEquals("https://idp.sso.test/metadata", sso.getString("idpEntityId"));
    assertEquals("https://idp.sso.test/sso/redirect", sso.getString("idpSsoUrl"));
    assertEquals(2, sso.getJsonArray("certificates").size());
    assertTrue(sso.getJsonArray("certificates").toString().contains(fingerprint(second)));

    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE md [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + new String(metadata("https://idp.sso.test/&x;", first), StandardCharsets.UTF_8)
                .replaceFirst("<\\?xml[^>]*>", "");
    Reply refused = send("POST", org.sso() + "/metadata", org.token(), METADATA, xxe.getBytes());
    assertEquals(400, refused.status(), refused.body());
    assertEquals("metadata_invalid", refused.error());
    assertTrue(refused.message().contains("DTD"), refused.message());
    assertFalse(refused.body().contains("root:"));
    assertEquals(
        "https://idp.sso.test/metadata",
        send("GET", org.sso(), org.token(), null, null).json().getString("idpEntityId"));
  }

  @Test
  void spMetadataNamesEntityIdPostbackUrlAndSigningCertificate() throws Exception {
    Org org = SsoApi.createOrg("ENTERPRISE");
    Reply r = send("GET", "/sso/saml/" + org.id() + "/metadata", null, null, null);
    assertEquals(200, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/samlmetadata+xml"), r.contentType());
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document doc =
        f.newDocumentBuilder()
            .parse(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
    Element entity = doc.getDocumentElement();
    String sp = SsoApi.BASE + "/sso/saml/" + org.id();
    assertEquals("EntityDescriptor", entity.getLocalName());
    assertEquals(sp, entity.getAttribute("entityID"));
    Element descriptor = (Element) entity.getElementsByTagNameNS(MD, "SPSSODescriptor").item(0);
    assertEquals("true", descriptor.getAttribute("AuthnRequestsSigned"));
    assertEquals("true", descriptor.getAttribute("WantAssertionsSigned"));
    Element acs =
        (Element) descriptor.getElementsByTagNameNS(MD, "AssertionConsumerService").item(0);
    assertEquals(sp + "/acs", acs.getAttribute("Location"));
    assertEquals("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST", acs.getAttribute("Binding"));
    Element key = (Element) descriptor.getElementsByTagNameNS(MD, "KeyDescriptor").item(0);
    assertEquals("signing", key.getAttribute("use"));
    String base64 = key.getElementsByTagNameNS(DS, "X509Certificate").item(0).getTextContent();
    X509Certificate cert =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(Base64.getMimeDecoder().decode(base64)));
    assertNotNull(cert.getPublicKey());
    assertEquals("RSA", cert.getPublicKey().getAlgorithm());

    // the same key pair on the next request: it is stored, not regenerated
    Reply again = send("GET", "/sso/saml/" + org.id() + "/metadata", null, null, null);
    assertEquals(r.body(), again.body());
    assertEquals(404, send("GET", "/sso/saml/no-such-org/metadata", null, null, null).status());
  }

  static byte[] pem(X509Certificate c) throws Exception {
    return SsoApi.pem(c).getBytes(StandardCharsets.US_ASCII);
  }

  static String fingerprint(X509Certificate c) throws Exception {
    return SsoApi.fingerprint(c);
  }

  static byte[] metadata(String entityId, X509Certificate... signing) throws Exception {
    return SsoApi.metadata(entityId, signing);
  }
}
