package dev.portcullis.platform.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The error page's words. It names what happened in terms a user can act on and never shows an
 * exception, a class name or a stack trace; the server log has those.
 */
@Named
@RequestScoped
public class ErrorView {

  /** Request attribute with the reason of a refusal, written by the console itself. */
  static final String REASON = "portcullis.error.reason";

  @Inject HttpServletRequest request;

  @Inject CurrentUser currentUser;

  public int getStatus() {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    return code instanceof Integer i ? i : 500;
  }

  public String getTitle() {
    return switch (getStatus()) {
      case 403 -> "Not allowed";
      case 404 -> "Not found";
      default -> "Something went wrong";
    };
  }

  public String getText() {
    switch (getStatus()) {
      case 403:
        Object reason = request.getAttribute(REASON);
        return (reason != null ? reason + " " : "")
            + "You are not allowed to open this page; ask an Owner or Admin of the organization"
            + " if you need access.";
      case 404:
        return "There is no such page, or it belongs to an organization you are not a member of.";
      default:
        return "The page could not be shown. The problem was logged; please try again in a"
            + " moment.";
    }
  }

  public boolean isSignedIn() {
    return currentUser.isSignedIn();
  }
}
