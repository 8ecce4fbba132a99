/** SAML single sign-on services (the transaction boundary). */
package dev.portcullis.sso.boundary;
