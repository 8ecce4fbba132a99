/** SAML single sign-on state: per-organization settings, SP key pair, IdP certificates. */
package dev.portcullis.sso.entity;
