/**
 * The only package that uses pac4j-saml and OpenSAML (both end of life at the versions Maven
 * Central offers, see STACK.md): a later upgrade should touch this package alone. Everything
 * outside it sees plain JDK types (bytes, strings, {@code X509Certificate}, {@code PrivateKey}).
 */
package dev.portcullis.sso.saml;
