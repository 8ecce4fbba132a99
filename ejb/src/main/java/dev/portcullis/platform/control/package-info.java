/**
 * Email normalization, password hashing, random tokens, login throttling, configuration, the clock
 * and outgoing email.
 */
package dev.portcullis.platform.control;
