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
