/** SSO helpers without SAML library types: certificate checks, key encryption, URLs. */
package dev.portcullis.sso.control;
