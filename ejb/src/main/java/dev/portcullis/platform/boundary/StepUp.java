package dev.portcullis.platform.boundary;

/**
 * How the acting user confirms a sensitive change (PRODUCT §2, step-up): by re-entering their
 * password, or, for a user without one, with the re-confirmation their console session holds after
 * they logged in again at their identity provider ({@link ReconfirmationService}).
 */
public sealed interface StepUp {

  /** The password, re-entered. */
  record Password(String password) implements StepUp {}

  /** The id of the re-confirmation the console session took. */
  record IdpReconfirmation(String reconfirmationId) implements StepUp {}

  /** How the audit log names the way it was confirmed. */
  default String label() {
    return this instanceof Password ? "password" : "identity provider";
  }
}
