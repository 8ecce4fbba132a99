package dev.portcullis.platform.web;

import dev.portcullis.platform.boundary.ServiceException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** What the console's view beans share: messages, refusals, redirects, how times look. */
public final class Pages {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private Pages() {}

  public static void info(String text) {
    add(null, FacesMessage.SEVERITY_INFO, text);
  }

  public static void warn(String text) {
    add(null, FacesMessage.SEVERITY_WARN, text);
  }

  public static void error(String text) {
    add(null, FacesMessage.SEVERITY_ERROR, text);
  }

  /** An error shown next to one input (and in the page's message list). */
  public static void error(String clientId, String text) {
    add(clientId, FacesMessage.SEVERITY_ERROR, text);
  }

  /** A service's refusal, in its own words (they name the problem and never hold secrets). */
  public static void error(ServiceException e) {
    error(e.getMessage());
  }

  private static void add(String clientId, FacesMessage.Severity severity, String text) {
    FacesContext.getCurrentInstance().addMessage(clientId, new FacesMessage(severity, text, null));
  }

  /**
   * Answers the page request with 403 (a member without the role) or 404 (not a member, or no such
   * organization) and the error page, before any of the organization's data was read.
   */
  public static void refuse(ServiceException e) {
    FacesContext faces = FacesContext.getCurrentInstance();
    ExternalContext external = faces.getExternalContext();
    boolean forbidden = e.kind() == ServiceException.Kind.FORBIDDEN;
    if (forbidden) {
      ((HttpServletRequest) external.getRequest()).setAttribute(ErrorView.REASON, e.getMessage());
    }
    try {
      external.responseSendError(forbidden ? 403 : 404, null);
    } catch (IOException io) {
      throw new UncheckedIOException(io);
    }
    faces.responseComplete();
  }

  /**
   * Redirects to a view (also from Ajax requests) through the navigation handler, which carries the
   * messages over to the next page in the flash.
   */
  public static void redirect(String viewId) {
    FacesContext faces = FacesContext.getCurrentInstance();
    faces.getExternalContext().getFlash().setKeepMessages(!faces.getMessageList().isEmpty());
    faces
        .getApplication()
        .getNavigationHandler()
        .handleNavigation(faces, null, viewId + "?faces-redirect=true");
    faces.responseComplete();
  }

  public static String time(Instant instant) {
    return instant == null ? "" : TIME.format(instant);
  }

  /** Null for null or blank input, the stripped text otherwise. */
  public static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
