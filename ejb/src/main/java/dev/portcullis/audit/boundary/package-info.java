/** Reading the audit log, for an organization's Owners and Admins. */
package dev.portcullis.audit.boundary;
