/**
 * Login, bearer tokens, schema migration at start-up, and the types every service shares (Actor,
 * ServiceException).
 */
package dev.portcullis.platform.boundary;
