/** Admin API resource and export formats (JSON, CSV) of the audit log. */
package dev.portcullis.audit.rest;
