package dev.portcullis.sso.web;

import java.io.Serializable;
import java.util.List;

/**
 * The setup guides of the Single Sign-On page (PRODUCT §3): for each supported identity provider,
 * which of the organization's values goes into which of the IdP's fields, which attributes to send,
 * and where in the IdP's console to find what Portcullis needs back. Field names are the ones each
 * IdP's admin console shows.
 */
public final class SetupGuides {

  /** SAML 2.0 NameID format for email addresses (SAML core §8.3.2). */
  public static final String NAME_ID_EMAIL =
      "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

  private SetupGuides() {}

  /**
   * One line of a guide.
   *
   * @param field the field as the IdP's console names it (or, for attributes, the attribute name)
   * @param value what goes into it: one of our values (copyable) or where the IdP takes it from
   * @param copyable whether {@code value} is one of ours, to copy into the IdP
   */
  public record Line(String field, String value, boolean copyable) implements Serializable {
    private static final long serialVersionUID = 1L;

    static Line ours(String field, String value) {
      return new Line(field, value, true);
    }

    static Line text(String field, String value) {
      return new Line(field, value, false);
    }
  }

  /**
   * One identity provider's guide.
   *
   * @param id a stable id for the page (tab ids, tests)
   * @param start where in the IdP's console to begin
   * @param fields which of our values go into which of its fields
   * @param attributes the attributes to send: name → where the IdP takes the value from
   * @param back where the IdP shows what Portcullis needs, and which of our fields it goes into
   * @param notes anything else that trips people up
   */
  public record Guide(
      String id,
      String name,
      String start,
      List<Line> fields,
      List<Line> attributes,
      List<Line> back,
      List<String> notes)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** The guides, with this organization's postback URL, SP entity ID and metadata URL filled in. */
  public static List<Guide> of(String postbackUrl, String spEntityId, String metadataUrl) {
    return List.of(
        okta(postbackUrl, spEntityId, metadataUrl),
        oneLogin(postbackUrl, spEntityId),
        google(postbackUrl, spEntityId),
        entra(postbackUrl, spEntityId, metadataUrl),
        custom(postbackUrl, spEntityId, metadataUrl));
  }

  private static final String IMPORT =
      "or download the IdP's metadata and use Import IdP metadata, which fills all three";

  private static Guide okta(String postback, String entityId, String metadata) {
    return new Guide(
        "okta",
        "Okta",
        "Okta Admin Console → Applications → Applications → Create App Integration → SAML 2.0;"
            + " name the app, then Configure SAML.",
        List.of(
            Line.ours("Single sign-on URL", postback),
            Line.text("Use this for Recipient URL and Destination URL", "Checked (the default)"),
            Line.ours("Audience URI (SP Entity ID)", entityId),
            Line.text("Name ID format", "EmailAddress"),
            Line.text("Application username", "Email"),
            Line.text("Response / Assertion Signature", "Signed, RSA-SHA256 (the defaults)")),
        List.of(
            Line.text("email", "user.email"),
            Line.text("firstName", "user.firstName"),
            Line.text("lastName", "user.lastName")),
        List.of(
            Line.text("Identity Provider Issuer", "IdP entity ID"),
            Line.text("Identity Provider Single Sign-On URL", "IdP SSO URL"),
            Line.text("X.509 Certificate (download)", "Upload certificate"),
            Line.text("Metadata URL (Sign On tab)", "Import IdP metadata")),
        List.of(
            "Okta shows these under the app's Sign On tab → View SAML setup instructions; "
                + IMPORT
                + ".",
            "Assign the app to the people or groups who should log in; the app tile uses"
                + " IdP-initiated login.",
            "Our SP metadata, if Okta asks for it: " + metadata));
  }

  private static Guide oneLogin(String postback, String entityId) {
    return new Guide(
        "onelogin",
        "OneLogin",
        "OneLogin Administration → Applications → Add App → search \"SAML Custom Connector"
            + " (Advanced)\" → Save, then its Configuration tab.",
        List.of(
            Line.ours("Audience (EntityID)", entityId),
            Line.ours("Recipient", postback),
            Line.ours("ACS (Consumer) URL", postback),
            Line.ours("ACS (Consumer) URL Validator", "^" + quoteRegex(postback) + "$"),
            Line.text("SAML nameID format", "Email"),
            Line.text("SAML signature element", "Assertion (or Both)"),
            Line.text("SAML initiator", "OneLogin for the app tile, Service Provider otherwise")),
        List.of(
            Line.text("email", "Email (Parameters tab, \"Include in SAML assertion\")"),
            Line.text("firstName", "First Name"),
            Line.text("lastName", "Last Name")),
        List.of(
            Line.text("Issuer URL (SSO tab)", "IdP entity ID"),
            Line.text("SAML 2.0 Endpoint (HTTP) (SSO tab)", "IdP SSO URL"),
            Line.text("X.509 Certificate → View Details → Download", "Upload certificate"),
            Line.text("More Actions → SAML Metadata", "Import IdP metadata")),
        List.of(
            "Set the certificate's SHA fingerprint algorithm to SHA-256: Portcullis refuses SHA-1"
                + " signatures.",
            "Give users access to the app under its Access or Users tab."));
  }

  private static Guide google(String postback, String entityId) {
    return new Guide(
        "google",
        "Google Workspace",
        "Google Admin console → Apps → Web and mobile apps → Add app → Add custom SAML app;"
            + " name it, Continue.",
        List.of(
            Line.ours("ACS URL", postback),
            Line.ours("Entity ID", entityId),
            Line.text("Start URL", "Leave empty"),
            Line.text("Signed response", "Optional (the assertion is always signed)"),
            Line.text("Name ID format", "EMAIL"),
            Line.text("Name ID", "Basic Information > Primary email")),
        List.of(
            Line.text("email", "Basic Information > Primary email (Attribute mapping)"),
            Line.text("firstName", "Basic Information > First name"),
            Line.text("lastName", "Basic Information > Last name")),
        List.of(
            Line.text("Entity ID (Google Identity Provider details)", "IdP entity ID"),
            Line.text("SSO URL", "IdP SSO URL"),
            Line.text("Certificate (Download certificate)", "Upload certificate"),
            Line.text("Download metadata (Option 1)", "Import IdP metadata")),
        List.of(
            "Google shows its details on the first page of the wizard, before ours; you can"
                + " find them again under the app → Download metadata.",
            "The app is OFF for everyone until you turn it on under User access."));
  }

  private static Guide entra(String postback, String entityId, String metadata) {
    return new Guide(
        "entra",
        "Microsoft Entra ID",
        "Microsoft Entra admin center → Enterprise applications → New application → Create your"
            + " own application → \"Integrate any other application you don't find in the"
            + " gallery (Non-gallery)\" → Single sign-on → SAML.",
        List.of(
            Line.ours("Identifier (Entity ID)", entityId),
            Line.ours("Reply URL (Assertion Consumer Service URL)", postback),
            Line.text("Sign on URL", "Leave empty"),
            Line.text(
                "Unique User Identifier (Name ID)",
                "user.mail (or user.userprincipalname when it is the email),"
                    + " format Email address"),
            Line.text("Signing Option / Algorithm", "Sign SAML assertion, SHA-256 (the defaults)")),
        List.of(
            Line.text("email", "user.mail (leave Namespace empty)"),
            Line.text("firstName", "user.givenname (leave Namespace empty)"),
            Line.text("lastName", "user.surname (leave Namespace empty)")),
        List.of(
            Line.text("Microsoft Entra Identifier (Set up section)", "IdP entity ID"),
            Line.text("Login URL (Set up section)", "IdP SSO URL"),
            Line.text("Certificate (Base64) (SAML Certificates)", "Upload certificate"),
            Line.text("Federation Metadata XML (SAML Certificates)", "Import IdP metadata")),
        List.of(
            "Instead of typing, Basic SAML Configuration → Upload metadata file accepts our SP"
                + " metadata: "
                + metadata,
            "Entra only posts to https:// reply URLs (except localhost): run Portcullis behind"
                + " TLS.",
            "Assign users and groups to the application, or they are refused by Entra."));
  }

  private static Guide custom(String postback, String entityId, String metadata) {
    return new Guide(
        "custom",
        "Custom SAML 2.0",
        "Any SAML 2.0 identity provider: give it our SP metadata URL, or these values.",
        List.of(
            Line.ours("SP metadata URL", metadata),
            Line.ours("Assertion Consumer Service (ACS) URL, HTTP-POST binding", postback),
            Line.ours("SP entity ID / Audience", entityId),
            Line.ours("NameID format", NAME_ID_EMAIL),
            Line.text(
                "Signing",
                "Sign the Assertion or the Response with RSA-SHA256; SHA-1 is" + " refused")),
        List.of(
            Line.text("email", "the user's email (or the NameID itself in email format)"),
            Line.text("firstName", "given name"),
            Line.text("lastName", "family name")),
        List.of(
            Line.text("IdP entity ID (Issuer)", "IdP entity ID"),
            Line.text("IdP SSO URL (HTTP-Redirect or HTTP-POST)", "IdP SSO URL"),
            Line.text("IdP signing certificate (PEM or DER)", "Upload certificate"),
            Line.text("IdP metadata XML", "Import IdP metadata")),
        List.of(
            "The email must belong to one of the organization's verified domains, and the"
                + " assertion must be valid for at most a few minutes (2 minutes of clock skew"
                + " are allowed).",
            "Encrypted assertions are not supported: send them signed, unencrypted, over"
                + " HTTPS."));
  }

  private static String quoteRegex(String s) {
    return s.replaceAll("[.\\\\+*?\\[\\]^$(){}|/]", "\\\\$0");
  }
}
