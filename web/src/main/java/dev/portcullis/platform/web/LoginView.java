package dev.portcullis.platform.web;

import dev.portcullis.platform.boundary.LoginService;
import dev.portcullis.platform.boundary.ServiceException;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;

/**
 * Email-first login: the email decides how the user logs in ({@link LoginService#discover}); today
 * that is always the password step, single sign-on plugs in at the same place. A refusal never says
 * whether the account exists.
 */
@Named
@ViewScoped
public class LoginView implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject LoginService login;

  private String email;
  private String password;
  private boolean passwordStep;

  /** Someone already logged in goes straight to the console. */
  public void redirectIfSignedIn() {
    if (ConsoleSession.user(request()).isPresent()) {
      Pages.redirect("/console/index");
    }
  }

  /** Step 1: the email. */
  public void next() {
    try {
      LoginService.Method method = login.discover(email);
      passwordStep = method == LoginService.Method.PASSWORD;
    } catch (ServiceException e) {
      Pages.error("login:email", e.getMessage());
    }
  }

  /** Back to step 1, to use another email. */
  public void changeEmail() {
    passwordStep = false;
    password = null;
  }

  /** Step 2: the password. */
  public void submit() {
    HttpServletRequest request = request();
    LoginService.Outcome outcome = login.passwordLogin(email, password, request.getRemoteAddr());
    password = null;
    if (outcome instanceof LoginService.Success success) {
      ConsoleSession.signIn(request, success.userId(), success.email());
      Pages.redirect("/console/index");
    } else if (outcome instanceof LoginService.Throttled throttled) {
      long seconds = Math.max(1, (throttled.retryAfter().toMillis() + 999) / 1000);
      Pages.error("Too many attempts; try again in " + seconds + " seconds.");
    } else {
      Pages.error(LoginService.BAD_CREDENTIALS);
    }
  }

  private static HttpServletRequest request() {
    return (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest();
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public boolean isPasswordStep() {
    return passwordStep;
  }
}
