/**
 * Domain names and the Public Suffix List; DNS TXT lookups with dnsjava; the emails to Owners and
 * Admins when a claim changes state.
 */
package dev.portcullis.domainclaim.control;
