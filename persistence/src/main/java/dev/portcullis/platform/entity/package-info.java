/** Cross-cutting state: personal access tokens (hashed) and failed-login throttling. */
package dev.portcullis.platform.entity;
