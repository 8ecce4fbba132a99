package dev.portcullis.sso.web;

import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.sso.boundary.SsoSettingsService;
import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** An organization's SAML service provider endpoints: {@code /sso/saml/{org}/metadata}. */
@WebServlet(urlPatterns = "/sso/saml/*")
public class SamlEndpointServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @EJB SsoSettingsService sso;

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
