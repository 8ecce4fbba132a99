package dev.portcullis.org.web;

import dev.portcullis.org.boundary.OrganizationService;
import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.platform.boundary.LoginService;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.control.EmailAddress;
import dev.portcullis.platform.web.ConsoleSession;
import dev.portcullis.platform.web.Pages;
import dev.portcullis.sso.control.SsoUrls;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;

/**
 * Self-service sign-up; the new user is logged in right away (with a fresh session id). An email of
 * a domain whose organization manages access through its IdP goes to that IdP instead (its first
 * SSO login makes them a member); one that Require SSO alone routes through an IdP is refused, with
 * a link to that single sign-on.
 */
@Named
@ViewScoped
public class SignupView implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject OrganizationService organizations;

  @Inject LoginService login;

  private String email;
  private String password;
  private String firstName;
  private String lastName;
  private String organizationName;
  private String ssoUrl;

  public void signup() {
    HttpServletRequest request =
        (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest();
    OrganizationService.SignupResult result;
    ssoUrl = null;
    try {
      result =
          organizations.signup(
              Actor.anonymous("signup", request.getRemoteAddr()),
              email,
              password,
              Pages.blankToNull(firstName),
              Pages.blankToNull(lastName),
              Pages.blankToNull(organizationName));
    } catch (ServiceException e) {
      password = null;
      if ("sso_required".equals(e.code())) {
        ssoUrl = ssoUrl();
        if (ssoUrl != null && organizations.signupThroughIdp(email)) {
          // IdP Managed Access: sign-up goes through the IdP, whose first login adds them (JIT)
          try {
            FacesContext.getCurrentInstance().getExternalContext().redirect(ssoUrl);
          } catch (java.io.IOException gone) {
            // the browser left: nothing to answer
          }
          FacesContext.getCurrentInstance().responseComplete();
          return;
        }
      }
      Pages.error(fieldOf(e), e.getMessage());
      return;
    }
    ConsoleSession.signIn(request, result.userId(), EmailAddress.normalize(email));
    Pages.info(
        result.organizationId() != null
            ? "Welcome! Your account and the organization "
                + organizationName.strip()
                + " (Free plan) are ready."
            : "Welcome! Your account is ready.");
    Pages.redirect("/console/index");
  }

  /** Where an email that must use single sign-on logs in instead of signing up. */
  private String ssoUrl() {
    LoginService.Discovery discovery = login.discover(email);
    return discovery.method() == LoginService.Method.SSO
        ? FacesContext.getCurrentInstance().getExternalContext().getRequestContextPath()
            + SsoUrls.loginPath(discovery.organizationId(), discovery.connectionId())
        : null;
  }

  /** Set when the email must log in through its organization's IdP instead. */
  public String getSsoUrl() {
    return ssoUrl;
  }

  /** The input a refusal is about, so the message shows next to it. */
  private static String fieldOf(ServiceException e) {
    switch (e.code()) {
      case "invalid_email":
      case "email_taken":
      case "sso_required":
        return "signup:email";
      case "weak_password":
        return "signup:password";
      default:
        String m = e.getMessage();
        if (m.startsWith("'firstName'")) {
          return "signup:firstName";
        } else if (m.startsWith("'lastName'")) {
          return "signup:lastName";
        } else if (m.startsWith("'organizationName'")) {
          return "signup:organizationName";
        }
        return null;
    }
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

  public String getFirstName() {
    return firstName;
  }

  public void setFirstName(String firstName) {
    this.firstName = firstName;
  }

  public String getLastName() {
    return lastName;
  }

  public void setLastName(String lastName) {
    this.lastName = lastName;
  }

  public String getOrganizationName() {
    return organizationName;
  }

  public void setOrganizationName(String organizationName) {
    this.organizationName = organizationName;
  }
}
