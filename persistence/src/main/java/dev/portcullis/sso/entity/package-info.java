/**
 * SAML single sign-on state: per-organization settings, SP key pair, IdP certificates, outstanding
 * AuthnRequests and the replay store.
 */
package dev.portcullis.sso.entity;
