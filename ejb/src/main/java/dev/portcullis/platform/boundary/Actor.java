package dev.portcullis.platform.boundary;

import java.util.Objects;

/**
 * Who is acting, as established by an inbound adapter (a console session, a personal access token
 * or the operator token), and from which client address. Services authorize against it and write it
 * into the audit log.
 */
public record Actor(String userId, String label, boolean operator, String clientAddress) {

  public Actor {
    Objects.requireNonNull(label);
  }

  public static Actor user(String userId, String email, String clientAddress) {
    return new Actor(Objects.requireNonNull(userId), email, false, clientAddress);
  }

  public static Actor operator(String clientAddress) {
    return new Actor(null, "operator", true, clientAddress);
  }

  /** The application itself (start-up seeding, timers). */
  public static Actor system() {
    return new Actor(null, "system", true, null);
  }

  /** Someone not yet authenticated (sign-up, login). */
  public static Actor anonymous(String label, String clientAddress) {
    return new Actor(null, label, false, clientAddress);
  }
}
