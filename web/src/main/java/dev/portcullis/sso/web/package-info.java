/** The per-organization SAML endpoints under /sso/saml/{org}. */
package dev.portcullis.sso.web;
