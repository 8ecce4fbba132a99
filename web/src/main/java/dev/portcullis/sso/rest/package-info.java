/** Admin API of SAML single sign-on settings. */
package dev.portcullis.sso.rest;
