package dev.portcullis.sso.entity;

/**
 * How an AuthnRequest travels to the IdP's SSO URL (SAML bindings §3.4 and §3.5): in the query
 * string of a redirect, signed over the query string, or in an auto-submitted form, signed inside
 * the XML.
 */
public enum SsoBinding {
  REDIRECT,
  POST
}
