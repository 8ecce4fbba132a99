/**
 * Cross-cutting state: personal access tokens (hashed), failed-login throttling and step-up
 * re-confirmations through the identity provider.
 */
package dev.portcullis.platform.entity;
