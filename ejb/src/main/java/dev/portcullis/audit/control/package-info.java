/** Writing audit entries inside the caller's transaction. */
package dev.portcullis.audit.control;
