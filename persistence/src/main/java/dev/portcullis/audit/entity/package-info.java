/** The append-only audit log entry. */
package dev.portcullis.audit.entity;
