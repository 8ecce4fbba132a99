package dev.portcullis.platform.web;

import dev.portcullis.platform.boundary.LoginService;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.control.ReturnPath;
import dev.portcullis.sso.control.SsoUrls;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Email-first login: the email decides how the user logs in ({@link LoginService#discover}). An
 * email in a verified domain of an organization with single sign-on on goes to that organization's
 * IdP ({@code /sso/saml/{org}/login}, or {@code /sso/saml/{org}/idps/{idp}/login} when the domain
 * is bound to one of its additional IdPs); every other email gets the password step. "Use a
 * password instead" skips discovery (Owners and Admins keep their password under Require SSO:
 * break-glass). Both ways keep {@code returnTo}, the local page the user was going to. A refusal
 * never says whether the account exists.
 */
@Named
@ViewScoped
public class LoginView implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject LoginService login;

  private String email;
  private String password;
  private boolean passwordStep;
  private boolean recoveryStep;
  private String recoveryCode;
  private String returnTo;
  private String ssoUrl;

  /** Someone already logged in goes straight to where they were going. */
  public void redirectIfSignedIn() {
    if (ConsoleSession.user(request()).isPresent()) {
      redirect(ReturnPath.orDefault(returnTo));
    }
  }

  /** Step 1: the email; single sign-on users go on to their IdP. */
  public void next() {
    try {
      LoginService.Discovery discovery = login.discover(email);
      if (discovery.method() == LoginService.Method.SSO) {
        redirect(ssoPath(discovery.organizationId(), discovery.connectionId()));
        return;
      }
      ssoUrl = null;
      passwordStep = true;
    } catch (ServiceException e) {
      Pages.error("login:email", e.getMessage());
    }
  }

  /** Step 1 without discovery: the password step, with a way back to single sign-on. */
  public void usePassword() {
    try {
      LoginService.Discovery discovery = login.discover(email);
      ssoUrl =
          discovery.method() == LoginService.Method.SSO
              ? contextPath() + ssoPath(discovery.organizationId(), discovery.connectionId())
              : null;
      passwordStep = true;
    } catch (ServiceException e) {
      Pages.error("login:email", e.getMessage());
    }
  }

  /** Step 1 to an Owner's recovery code (strict SSO's break-glass when the IdP fails). */
  public void useRecoveryCode() {
    try {
      login.discover(email); // the same check of the email as the other ways
      recoveryStep = true;
      passwordStep = false;
    } catch (ServiceException e) {
      Pages.error("login:email", e.getMessage());
    }
  }

  /** Step 2 with a recovery code: spends it and logs in. */
  public void submitRecoveryCode() {
    HttpServletRequest request = request();
    LoginService.Outcome outcome =
        login.recoveryCodeLogin(email, recoveryCode, request.getRemoteAddr());
    recoveryCode = null;
    if (outcome instanceof LoginService.Success success) {
      ConsoleSession.signIn(request, success.userId(), success.email());
      redirect(ReturnPath.orDefault(returnTo));
    } else if (outcome instanceof LoginService.Throttled throttled) {
      long seconds = Math.max(1, (throttled.retryAfter().toMillis() + 999) / 1000);
      Pages.error("Too many attempts; try again in " + seconds + " seconds.");
    } else {
      Pages.error(LoginService.BAD_RECOVERY_CODE);
    }
  }

  /** Back to step 1, to use another email. */
  public void changeEmail() {
    recoveryStep = false;
    recoveryCode = null;
    passwordStep = false;
    password = null;
    ssoUrl = null;
  }

  /** Step 2: the password. */
  public void submit() {
    HttpServletRequest request = request();
    LoginService.Outcome outcome = login.passwordLogin(email, password, request.getRemoteAddr());
    password = null;
    if (outcome instanceof LoginService.Success success) {
      ConsoleSession.signIn(request, success.userId(), success.email());
      redirect(ReturnPath.orDefault(returnTo));
    } else if (outcome instanceof LoginService.Throttled throttled) {
      long seconds = Math.max(1, (throttled.retryAfter().toMillis() + 999) / 1000);
      Pages.error("Too many attempts; try again in " + seconds + " seconds.");
    } else if (outcome instanceof LoginService.SsoRequired required) {
      ssoUrl = contextPath() + ssoPath(required.organizationId(), required.connectionId());
      Pages.error(required.message());
    } else {
      Pages.error(LoginService.BAD_CREDENTIALS);
    }
  }

  /**
   * The SP-initiated login of the organization's IdP for the email's domain (a connection's, or the
   * primary one's), carrying on to {@code returnTo}.
   */
  private String ssoPath(String organizationId, String connectionId) {
    String path = SsoUrls.loginPath(organizationId, connectionId);
    return ReturnPath.local(returnTo)
        .map(r -> path + "?returnTo=" + URLEncoder.encode(r, StandardCharsets.UTF_8))
        .orElse(path);
  }

  /** To a path of this application (outside Faces navigation: SSO is a servlet). */
  private static void redirect(String path) {
    FacesContext faces = FacesContext.getCurrentInstance();
    ExternalContext external = faces.getExternalContext();
    try {
      external.redirect(external.getRequestContextPath() + path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    faces.responseComplete();
  }

  private static String contextPath() {
    return FacesContext.getCurrentInstance().getExternalContext().getRequestContextPath();
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

  public boolean isRecoveryStep() {
    return recoveryStep;
  }

  public String getRecoveryCode() {
    return recoveryCode;
  }

  public void setRecoveryCode(String recoveryCode) {
    this.recoveryCode = recoveryCode;
  }

  public boolean isPasswordStep() {
    return passwordStep;
  }

  public String getReturnTo() {
    return returnTo;
  }

  /** From the {@code returnTo} query parameter; only a local path is ever used. */
  public void setReturnTo(String returnTo) {
    this.returnTo = ReturnPath.local(returnTo).orElse(null);
  }

  /** Where this email logs in with single sign-on, when it may. */
  public String getSsoUrl() {
    return ssoUrl;
  }
}
