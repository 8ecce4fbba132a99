package dev.portcullis.sso.web;

import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.platform.boundary.ReconfirmationService;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.control.ReturnPath;
import dev.portcullis.platform.control.SecureTokens;
import dev.portcullis.platform.web.ConsoleSession;
import dev.portcullis.sso.boundary.SsoLoginService;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Step-up through the identity provider (PRODUCT §2), for a console user without a password:
 *
 * <ul>
 *   <li>{@value #START}{@code ?org=...&domain=...} sends them to the IdP that serves their email
 *       with a signed AuthnRequest that asks it to authenticate them anew ({@code ForceAuthn}),
 *       bound to this browser like a login (the {@code __Host-portcullis-sso} cookie). Its answer
 *       goes to that IdP's postback URL, which checks it like a login and more (their own email, a
 *       fresh AuthnInstant) but signs nobody in.
 *   <li>{@value #DONE}{@code ?r=...}: where the postback URL sends the browser after an accepted
 *       answer. The IdP's cross-site POST carries no console session cookie ({@code SameSite=Lax});
 *       this top-level GET does, so the user's console session takes the re-confirmation here (same
 *       user, same browser, once, unexpired) and goes back to Access Security → Domain Claiming,
 *       where the dialog reopens with the domain and the claim needs no password. It lasts five
 *       minutes and one change spends it.
 * </ul>
 *
 * Both are console pages: the console filter lets only logged-in users through.
 */
@WebServlet(urlPatterns = {ReconfirmationServlet.START, ReconfirmationServlet.DONE})
public class ReconfirmationServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  static final String START = "/console/reconfirm";

  static final String DONE = "/console/reconfirm/done";

  private static final Pattern ORGANIZATION = Pattern.compile("[A-Za-z0-9-]{1,36}");

  /** Longer than any domain name, even typed with a scheme or spaces around it. */
  private static final int MAX_DOMAIN_LENGTH = 300;

  @EJB SsoLoginService logins;

  @EJB ReconfirmationService reconfirmations;

  @Inject LoginStartLimit starts;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Optional<ConsoleSession.SignedIn> user = ConsoleSession.user(request);
    if (user.isEmpty()) {
      response.sendRedirect(request.getContextPath() + "/login");
      return;
    }
    Actor actor = Actor.user(user.get().userId(), user.get().email(), request.getRemoteAddr());
    if (DONE.equals(request.getServletPath())) {
      done(actor, request, response);
    } else {
      start(actor, request, response);
    }
  }

  private void start(Actor actor, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    // Only the console's own pages start a confirmation: a link on another site must not send
    // an admin to their IdP (Fetch Metadata; browsers without it send no such header)
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      problem(
          request,
          response,
          HttpServletResponse.SC_FORBIDDEN,
          "Confirmation cannot start",
          "Start the confirmation from Access Security → Domain Claiming in the console.",
          null);
      return;
    }
    String org = request.getParameter("org");
    String domain = request.getParameter("domain");
    if (org == null
        || !ORGANIZATION.matcher(org).matches()
        || (domain != null && domain.length() > MAX_DOMAIN_LENGTH)) {
      problem(
          request,
          response,
          HttpServletResponse.SC_BAD_REQUEST,
          "Confirmation cannot start",
          "This link is not one the console makes.",
          null);
      return;
    }
    String back =
        "/console/settings/access-security?org=" + URLEncoder.encode(org, StandardCharsets.UTF_8);
    String returnTo =
        domain == null || domain.isBlank()
            ? back
            : back + "&claim=" + URLEncoder.encode(domain.strip(), StandardCharsets.UTF_8);
    // each start stores a step-up request for ten minutes: as many a minute as SP-initiated logins
    // (portcullis.sso.login-starts-per-minute), counted apart from them
    if (!starts.tryStart(request.getRemoteAddr(), "step-up|" + org)) {
      response.setHeader("Retry-After", Long.toString(starts.secondsToNextWindow()));
      problem(
          request,
          response,
          429,
          "Too many confirmations",
          "Too many confirmations through the identity provider were started from your network in"
              + " the last minute. Wait a minute, then try again.",
          back);
      return;
    }
    String nonce =
        SamlEndpointServlet.browserNonce(request).orElseGet(() -> SecureTokens.generate("", 32));
    SsoLoginService.LoginStart start;
    try {
      start = logins.startStepUp(actor, nonce, returnTo);
    } catch (ServiceException e) {
      problem(
          request,
          response,
          switch (e.kind()) {
            case FORBIDDEN -> HttpServletResponse.SC_FORBIDDEN;
            case CONFLICT -> HttpServletResponse.SC_CONFLICT;
            default -> HttpServletResponse.SC_BAD_REQUEST;
          },
          "Confirmation cannot start",
          e.getMessage(),
          back);
      return;
    }
    SamlEndpointServlet.toIdp(start, nonce, response);
  }

  private void done(Actor actor, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String id = request.getParameter("r");
    Optional<String> back;
    try {
      back =
          reconfirmations.attach(actor, id, SamlEndpointServlet.browserNonce(request).orElse(null));
    } catch (ServiceException e) {
      problem(
          request,
          response,
          HttpServletResponse.SC_FORBIDDEN,
          "Confirmation not taken",
          e.getMessage(),
          null);
      return;
    }
    ConsoleSession.reconfirmed(request, id);
    response.setHeader("Cache-Control", "no-store");
    response.sendRedirect(request.getContextPath() + ReturnPath.orDefault(back.orElse(null)));
  }

  private static void problem(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String title,
      String message,
      String back)
      throws IOException {
    SamlEndpointServlet.page(
        response,
        status,
        title,
        "<p id=\"message\">"
            + SamlEndpointServlet.escape(message)
            + "</p><p><a id=\"back\" href=\""
            + SamlEndpointServlet.escape(
                request.getContextPath() + (back == null ? ReturnPath.DEFAULT : back))
            + "\">Back to the console</a></p>");
  }
}
