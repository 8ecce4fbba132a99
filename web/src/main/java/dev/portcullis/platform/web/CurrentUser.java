package dev.portcullis.platform.web;

import dev.portcullis.platform.boundary.Actor;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The console user of this request, as the session knows them; and logging out. */
@Named
@RequestScoped
public class CurrentUser {

  @Inject HttpServletRequest request;

  public boolean isSignedIn() {
    return ConsoleSession.user(request).isPresent();
  }

  public String getEmail() {
    return ConsoleSession.user(request).map(ConsoleSession.SignedIn::email).orElse(null);
  }

  public String getUserId() {
    return ConsoleSession.user(request).map(ConsoleSession.SignedIn::userId).orElse(null);
  }

  /** The actor the services authorize and audit; the console filter guarantees a user. */
  public Actor actor() {
    ConsoleSession.SignedIn user =
        ConsoleSession.user(request)
            .orElseThrow(() -> new IllegalStateException("no console user in this session"));
    return Actor.user(user.userId(), user.email(), request.getRemoteAddr());
  }

  /** The id of the step-up re-confirmation through the IdP this session holds, or null. */
  public String getReconfirmation() {
    return ConsoleSession.reconfirmation(request).orElse(null);
  }

  /** Forgets the session's re-confirmation once a change spent it. */
  public void forgetReconfirmation() {
    ConsoleSession.forgetReconfirmation(request);
  }

  public String getClientAddress() {
    return request.getRemoteAddr();
  }

  /** Ends the session (a POST from the header's form) and goes back to the login page. */
  public void logout() {
    FacesContext faces = FacesContext.getCurrentInstance();
    ExternalContext external = faces.getExternalContext();
    external.invalidateSession();
    try {
      external.redirect(external.getRequestContextPath() + "/login");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    faces.responseComplete();
  }
}
