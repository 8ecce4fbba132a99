package dev.portcullis.sso.web;

import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.control.SecureTokens;
import dev.portcullis.platform.web.ConsoleSession;
import dev.portcullis.sso.boundary.IdpConnectionService;
import dev.portcullis.sso.boundary.OutstandingRequests;
import dev.portcullis.sso.boundary.SsoLoginFastPath;
import dev.portcullis.sso.boundary.SsoLoginService;
import dev.portcullis.sso.boundary.SsoSettingsService;
import dev.portcullis.sso.boundary.SsoTestReport;
import dev.portcullis.sso.entity.SsoBinding;
import dev.portcullis.sso.saml.ResponseValidator;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An organization's SAML service provider endpoints: {@code /sso/saml/{org}/metadata}, {@code
 * /sso/saml/{org}/login} (SP-initiated login: a signed AuthnRequest to the IdP) and the postback
 * URL {@code /sso/saml/{org}/acs}, and {@code /sso/saml/{org}/test} (Test SSO, for an admin logged
 * in to the console: a login whose answer is reported, not signed in). The postback URL also takes
 * the answers to step-up re-confirmations ({@link ReconfirmationServlet}), which sign nobody in.
 * Each additional IdP connection of the organization has the same four under {@code
 * /sso/saml/{org}/idps/{idp}/}. A successful SSO login creates the same console session a password
 * login does ({@link ConsoleSession#signIn}).
 *
 * <p>A login started here is bound to the browser by a random value in the cookie {@value #COOKIE}
 * (only its SHA-256 is stored). The IdP's POST to the postback URL comes from another site, and
 * browsers send only {@code SameSite=None} cookies along with such a POST; those must be {@code
 * Secure}, which browsers accept over HTTPS and on {@code http://localhost}.
 */
@WebServlet(urlPatterns = "/sso/saml/*")
public class SamlEndpointServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  static final String COOKIE = "__Host-portcullis-sso";

  private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{43}");

  /** Submits the HTTP-POST binding's form; allowed by its hash in the page's CSP. */
  private static final String AUTO_SUBMIT = "document.getElementById('saml').submit();";

  private static final String AUTO_SUBMIT_HASH = sha256Base64(AUTO_SUBMIT);

  @EJB SsoSettingsService sso;

  /**
   * The largest form the postback URL reads: a 256 KB response ({@code
   * ResponseValidator.MAX_BYTES}) in base64 with line breaks, URL-encoded, and a RelayState.
   */
  static final long MAX_FORM_BYTES = 1024 * 1024;

  @EJB SsoLoginService logins;

  @Inject SsoLoginFastPath fastPath;

  @EJB IdpConnectionService connections;

  @Inject LoginStartLimit starts;

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Endpoint endpoint = Endpoint.of(request);
    if (endpoint == null || !endpoint.action().equals("acs")) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    long length = request.getContentLengthLong();
    if (length < 0 || length > MAX_FORM_BYTES) {
      // refused before the form is read: a response over 256 KB is refused anyway, and reading
      // megabytes of form into memory first is what an attacker would want
      page(
          response,
          HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
          "Single sign-on failed",
          "<p>The SAML response is too large (or its length is not given): a SAML response is"
              + " accepted up to 256 KB.</p><p><a href=\"/login\">Back to login</a></p>");
      return;
    }
    String samlResponse = request.getParameter("SAMLResponse");
    String relayState = request.getParameter("RelayState");
    String nonce = browserNonce(request).orElse(null);
    // the common login first (see SsoLoginFastPath): it writes nothing unless it logs the user in
    SsoLoginService.Outcome outcome =
        fastPath
            .login(
                endpoint.org(),
                endpoint.idp(),
                samlResponse,
                relayState,
                nonce,
                request.getRemoteAddr())
            .map(SsoLoginService.Outcome.class::cast)
            .orElseGet(
                () ->
                    logins.acceptResponse(
                        endpoint.org(),
                        endpoint.idp(),
                        samlResponse,
                        relayState,
                        nonce,
                        request.getRemoteAddr()));
    if (outcome instanceof SsoLoginService.Tested tested) {
      report(response, tested.report(), request.getContextPath());
      return;
    }
    if (outcome instanceof SsoLoginService.Success success) {
      ConsoleSession.signIn(request, success.userId(), success.email());
      response.sendRedirect(request.getContextPath() + success.returnTo());
      return;
    }
    if (outcome instanceof SsoLoginService.Reconfirmed reconfirmed) {
      // no session here (the IdP's cross-site POST does not carry the Lax session cookie): the
      // console session takes the re-confirmation on the next, top-level GET
      response.setHeader("Cache-Control", "no-store");
      response.setStatus(HttpServletResponse.SC_SEE_OTHER);
      response.setHeader(
          "Location",
          request.getContextPath()
              + ReconfirmationServlet.DONE
              + "?r="
              + URLEncoder.encode(reconfirmed.reconfirmationId(), StandardCharsets.UTF_8));
      return;
    }
    SsoLoginService.Refused refused = (SsoLoginService.Refused) outcome;
    if (refused.backTo() != null) {
      page(
          response,
          HttpServletResponse.SC_FORBIDDEN,
          "Confirmation through your identity provider failed",
          "<p id=\"message\">"
              + escape(refused.message())
              + "</p><p>Nothing was confirmed and nothing changed. Reference: <code id=\"reference\">"
              + escape(refused.reference())
              + "</code> — it is in the audit log and the SSO error log.</p>"
              + "<p><a id=\"back\" href=\""
              + escape(request.getContextPath() + refused.backTo())
              + "\">Back to the console</a></p>");
      return;
    }
    page(
        response,
        HttpServletResponse.SC_FORBIDDEN,
        "Single sign-on failed",
        "<p>"
            + escape(refused.message())
            + "</p><p>Reference: <code id=\"reference\">"
            + escape(refused.reference())
            + "</code> — give it to your administrator; it is in the audit log.</p>"
            + "<p><a href=\"/login\">Back to login</a></p>");
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Endpoint endpoint = Endpoint.of(request);
    String action = endpoint == null ? "" : endpoint.action();
    switch (action) {
      case "metadata" -> metadata(endpoint, response);
      case "login" -> login(endpoint, request, response);
      case "test" -> test(endpoint, request, response);
      default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
    }
  }

  /**
   * An endpoint of the organization's primary IdP ({@code /sso/saml/{org}/{action}}, {@code idp}
   * null) or of one of its IdP connections ({@code /sso/saml/{org}/idps/{idp}/{action}}).
   */
  record Endpoint(String org, String idp, String action) {
    static Endpoint of(HttpServletRequest request) {
      String[] parts = path(request);
      if (parts.length == 2) {
        return new Endpoint(parts[0], null, parts[1]);
      }
      if (parts.length == 4 && parts[1].equals("idps") && !parts[2].isEmpty()) {
        return new Endpoint(parts[0], parts[2], parts[3]);
      }
      return null;
    }
  }

  /** SP-initiated login: to the IdP with a signed AuthnRequest, in the binding its URL takes. */
  private void login(Endpoint endpoint, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!starts.tryStart(request.getRemoteAddr(), endpoint.org())) {
      response.setHeader("Retry-After", Long.toString(starts.secondsToNextWindow()));
      page(
          response,
          429,
          "Too many sign-in attempts",
          "<p id=\"message\">Too many single sign-on logins to this organization were started from"
              + " your network in the last minute. Wait a minute, then try again.</p>"
              + "<p><a href=\"/login\">Back to login</a></p>");
      return;
    }
    String nonce = browserNonce(request).orElseGet(() -> SecureTokens.generate("", 32));
    SsoLoginService.LoginStart start;
    try {
      start =
          logins.startLogin(
              endpoint.org(), endpoint.idp(), nonce, request.getParameter("returnTo"));
    } catch (ServiceException e) {
      page(
          response,
          e.kind() == ServiceException.Kind.NOT_FOUND
              ? HttpServletResponse.SC_NOT_FOUND
              : HttpServletResponse.SC_SERVICE_UNAVAILABLE,
          "Single sign-on is not available",
          "<p>" + escape(e.getMessage()) + "</p><p><a href=\"/login\">Back to login</a></p>");
      return;
    }
    toIdp(start, nonce, response);
  }

  /**
   * Test SSO: an admin of the organization, logged in to the console, goes through a real login at
   * the IdP; the postback URL then shows the report instead of signing anyone in.
   */
  private void test(Endpoint endpoint, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String org = endpoint.org();
    Optional<ConsoleSession.SignedIn> user = ConsoleSession.user(request);
    if (user.isEmpty()) {
      // the console sends a visitor to the login page and back to the Test SSO button
      response.sendRedirect(
          request.getContextPath()
              + "/console/settings/access-security?org="
              + URLEncoder.encode(org, StandardCharsets.UTF_8)
              + "&tab=sso");
      return;
    }
    String nonce = browserNonce(request).orElseGet(() -> SecureTokens.generate("", 32));
    SsoLoginService.LoginStart start;
    try {
      start =
          logins.startTest(
              Actor.user(user.get().userId(), user.get().email(), request.getRemoteAddr()),
              org,
              endpoint.idp(),
              nonce);
    } catch (ServiceException e) {
      page(
          response,
          switch (e.kind()) {
            case NOT_FOUND -> HttpServletResponse.SC_NOT_FOUND;
            case FORBIDDEN -> HttpServletResponse.SC_FORBIDDEN;
            case CONFLICT -> HttpServletResponse.SC_CONFLICT;
            default -> HttpServletResponse.SC_BAD_REQUEST;
          },
          "Test SSO cannot start",
          "<p id=\"message\">"
              + escape(e.getMessage())
              + "</p><p><a href=\"/console/settings/access-security?org="
              + escape(URLEncoder.encode(org, StandardCharsets.UTF_8))
              + "&amp;tab=sso\">Back to Single Sign-On</a></p>");
      return;
    }
    toIdp(start, nonce, response);
  }

  /** Sets the login cookie and sends the browser to the IdP with the AuthnRequest. */
  static void toIdp(SsoLoginService.LoginStart start, String nonce, HttpServletResponse response)
      throws IOException {
    Cookie cookie = new Cookie(COOKIE, nonce);
    cookie.setPath("/");
    cookie.setMaxAge((int) OutstandingRequests.LIFETIME.toSeconds());
    cookie.setHttpOnly(true);
    cookie.setSecure(true);
    cookie.setAttribute("SameSite", "None");
    response.addCookie(cookie);
    response.setHeader("Cache-Control", "no-store");
    if (start.binding() == SsoBinding.REDIRECT) {
      response.setStatus(HttpServletResponse.SC_FOUND);
      response.setHeader("Location", start.location());
      return;
    }
    StringBuilder form =
        new StringBuilder("<form id=\"saml\" method=\"post\" action=\"")
            .append(escape(start.location()))
            .append("\"><input type=\"hidden\" name=\"SAMLRequest\" value=\"")
            .append(escape(start.samlRequest()))
            .append("\">");
    if (start.relayState() != null) {
      form.append("<input type=\"hidden\" name=\"RelayState\" value=\"")
          .append(escape(start.relayState()))
          .append("\">");
    }
    form.append("<p>Taking you to your identity provider…</p>")
        .append("<button type=\"submit\">Continue</button></form>")
        .append("<script>")
        .append(AUTO_SUBMIT)
        .append("</script>");
    page(response, HttpServletResponse.SC_OK, "Single sign-on", form.toString());
  }

  /** The Test SSO report: what the IdP sent and each rule's verdict. */
  private static void report(HttpServletResponse response, SsoTestReport r, String contextPath)
      throws IOException {
    StringBuilder b = new StringBuilder();
    b.append("<p id=\"result\" class=\"")
        .append(r.passed() ? "passed" : "failed")
        .append("\">")
        .append(
            r.passed()
                ? "Every rule passed: a real login with this response would succeed."
                : "A real login with this response would be refused: "
                    + escape(String.join(", ", r.failedRules()))
                    + ".")
        .append("</p><p>This was a test: nobody was signed in and nobody's access changed.</p>")
        .append("<h2>What the IdP sent</h2><dl>")
        .append("<dt>NameID</dt><dd><code id=\"nameId\">")
        .append(escape(r.nameId() == null ? "(none)" : r.nameId()))
        .append("</code></dd><dt>Email</dt><dd><code id=\"email\">")
        .append(escape(r.email() == null ? "(none)" : r.email()))
        .append("</code></dd><dt>Matched verified domain</dt><dd><code id=\"matchedDomain\">")
        .append(escape(r.matchedDomain() == null ? "(none)" : r.matchedDomain()))
        .append("</code></dd></dl>");
    b.append("<h3>Attributes</h3>");
    if (r.attributes().isEmpty()) {
      b.append("<p id=\"noAttributes\">No attributes.</p>");
    } else {
      b.append("<table id=\"attributes\"><tr><th>Name</th><th>Values</th></tr>");
      r.attributes()
          .forEach(
              (name, values) ->
                  b.append("<tr><td><code>")
                      .append(escape(name))
                      .append("</code></td><td>")
                      .append(escape(String.join(", ", values)))
                      .append("</td></tr>"));
      b.append("</table>");
    }
    b.append("<h2>Acceptance rules</h2><table id=\"rules\"><tr><th>Rule</th><th>Result</th>")
        .append("<th>Why</th></tr>");
    for (ResponseValidator.Check c : r.checks()) {
      String verdict =
          switch (c.verdict()) {
            case PASSED -> "passed";
            case FAILED -> "failed";
            case NOT_CHECKED -> "not checked";
          };
      b.append("<tr id=\"rule-")
          .append(c.rule().name())
          .append("\" class=\"")
          .append(verdict.replace(' ', '-'))
          .append("\"><td>")
          .append(escape(c.rule().label()))
          .append("</td><td class=\"verdict\">")
          .append(verdict)
          .append("</td><td>")
          .append(escape(c.detail() == null ? "" : c.detail()))
          .append("</td></tr>");
    }
    b.append("</table><p>Reference: <code id=\"reference\">")
        .append(escape(r.reference()))
        .append("</code> (in the audit log")
        .append(r.passed() ? "" : " and the SSO error log")
        .append(").</p><p><a id=\"back\" href=\"")
        .append(escape(contextPath + (r.backTo() == null ? "/console/index" : r.backTo())))
        .append("\">Back to Single Sign-On</a></p>");
    page(
        response,
        HttpServletResponse.SC_OK,
        r.passed() ? "Test SSO passed" : "Test SSO failed",
        b.toString());
  }

  /** The random value of this browser's login cookie, if it sent a well-formed one. */
  static Optional<String> browserNonce(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return Optional.empty();
    }
    for (Cookie c : cookies) {
      if (COOKIE.equals(c.getName()) && c.getValue() != null) {
        if (NONCE.matcher(c.getValue()).matches()) {
          return Optional.of(c.getValue());
        }
      }
    }
    return Optional.empty();
  }

  /** A small page of our own (no Faces): never cached, no scripts but the form's own. */
  static void page(HttpServletResponse response, int status, String title, String body)
      throws IOException {
    response.setStatus(status);
    response.setContentType("text/html;charset=UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-"
            + AUTO_SUBMIT_HASH
            + "'; frame-ancestors 'none'");
    response
        .getWriter()
        .write(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>"
                + escape(title)
                + "</title></head><body><h1>"
                + escape(title)
                + "</h1>"
                + body
                + "</body></html>");
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  private void metadata(Endpoint endpoint, HttpServletResponse response) throws IOException {
    String org = endpoint.org();
    Optional<String> xml;
    try {
      xml =
          endpoint.idp() == null
              ? sso.spMetadata(org)
              : connections.spMetadata(org, endpoint.idp());
    } catch (ServiceException e) {
      response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, e.getMessage());
      return;
    }
    if (xml.isEmpty()) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    byte[] body = xml.get().getBytes(StandardCharsets.UTF_8);
    response.setContentType("application/samlmetadata+xml;charset=UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader(
        "Content-Disposition",
        "inline; filename=\"portcullis-sp-metadata-"
            + org
            + (endpoint.idp() == null ? "" : "-" + endpoint.idp())
            + ".xml\"");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private static String[] path(HttpServletRequest request) {
    String info = request.getPathInfo();
    if (info == null || info.length() < 2) {
      return new String[0];
    }
    return info.substring(1).split("/", -1);
  }

  private static String sha256Base64(String s) {
    try {
      return Base64.getEncoder()
          .encodeToString(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
