package dev.portcullis.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Instant;
import java.util.Optional;

/**
 * Who is logged in to the console: one attribute of the HTTP session, set only after a successful
 * login (or sign-up) and only after the session id was changed, so a session id planted before the
 * login is worthless (session fixation, OWASP Session Management Cheat Sheet).
 */
public final class ConsoleSession {

  static final String USER = "portcullis.console.user";

  /**
   * The id of the step-up re-confirmation through the IdP this session took (see {@code
   * ReconfirmationService}): only the session, which the browser cannot write, names it.
   */
  static final String RECONFIRMATION = "portcullis.console.reconfirmation";

  /**
   * The logged-in user as the session knows them, and when (the server's real time) they signed in:
   * deprovisioning ends every session begun before it (see {@code User#endSessions}).
   */
  public record SignedIn(String userId, String email, Instant signedInAt) implements Serializable {}

  private ConsoleSession() {}

  public static void signIn(HttpServletRequest request, String userId, String email) {
    // no session fixation: a session that existed before the login gets a new id, and so does a
    // new one that took the id the browser sent; any other new session has a fresh id already
    if (request.getSession(false) != null) {
      request.changeSessionId();
    } else if (request.getSession(true).getId().equals(request.getRequestedSessionId())) {
      request.changeSessionId();
    }
    request.getSession().setAttribute(USER, new SignedIn(userId, email, Instant.now()));
    request.getSession().removeAttribute(RECONFIRMATION);
  }

  /** Keeps the re-confirmation this session just took (replacing an earlier one). */
  public static void reconfirmed(HttpServletRequest request, String reconfirmationId) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.setAttribute(RECONFIRMATION, reconfirmationId);
    }
  }

  /** The id of the re-confirmation this session took, if any (spent or not). */
  public static Optional<String> reconfirmation(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    try {
      return session == null
          ? Optional.empty()
          : Optional.ofNullable((String) session.getAttribute(RECONFIRMATION));
    } catch (IllegalStateException invalidated) {
      return Optional.empty();
    }
  }

  /** Forgets the session's re-confirmation (spent). */
  public static void forgetReconfirmation(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.removeAttribute(RECONFIRMATION);
    }
  }

  public static Optional<SignedIn> user(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable((SignedIn) session.getAttribute(USER));
    } catch (IllegalStateException invalidated) {
      return Optional.empty();
    }
  }
}
