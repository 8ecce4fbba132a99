package dev.portcullis.sso.web;

import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.web.ConsoleSession;
import dev.portcullis.sso.boundary.SsoLoginService;
import dev.portcullis.sso.boundary.SsoSettingsService;
import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * An organization's SAML service provider endpoints: {@code /sso/saml/{org}/metadata} and the
 * postback URL {@code /sso/saml/{org}/acs}. A successful SSO login creates the same console session
 * a password login does ({@link ConsoleSession#signIn}).
 */
@WebServlet(urlPatterns = "/sso/saml/*")
public class SamlEndpointServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @EJB SsoSettingsService sso;

  @EJB SsoLoginService logins;

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String[] parts = path(request);
    if (parts.length != 2 || !parts[1].equals("acs")) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    SsoLoginService.Outcome outcome =
        logins.acceptResponse(
            parts[0], request.getParameter("SAMLResponse"), request.getRemoteAddr());
    if (outcome instanceof SsoLoginService.Success success) {
      ConsoleSession.signIn(request, success.userId(), success.email());
      response.sendRedirect(request.getContextPath() + "/console/index");
      return;
    }
    SsoLoginService.Refused refused = (SsoLoginService.Refused) outcome;
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    response.setContentType("text/html;charset=UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    response
        .getWriter()
        .write(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Single sign-on failed</title></head><body>"
                + "<h1>Single sign-on failed</h1><p>"
                + escape(refused.message())
                + "</p><p>Reference: <code id=\"reference\">"
                + escape(refused.reference())
                + "</code> — give it to your administrator; it is in the audit log.</p>"
                + "<p><a href=\"/login\">Back to login</a></p></body></html>");
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String[] parts = path(request);
    if (parts.length == 2 && parts[1].equals("metadata")) {
      metadata(parts[0], response);
    } else {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
    }
  }

  private void metadata(String org, HttpServletResponse response) throws IOException {
    Optional<String> xml;
    try {
      xml = sso.spMetadata(org);
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
        "Content-Disposition", "inline; filename=\"portcullis-sp-metadata-" + org + ".xml\"");
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
}
