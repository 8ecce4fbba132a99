/**
 * The SCIM 2.0 protocol endpoint at {@code /scim/v2} (RFC 7643, RFC 7644): its own JAX-RS
 * application, bearer authentication with an organization's SCIM token, RFC 7644 §3.12 errors, and
 * the discovery resources.
 */
package dev.portcullis.scim.rest;
