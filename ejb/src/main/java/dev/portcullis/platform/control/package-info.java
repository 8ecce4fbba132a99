/**
 * Email normalization, password hashing, random tokens, login throttling, configuration and the
 * clock.
 */
package dev.portcullis.platform.control;
