package dev.portcullis.platform.web;

import dev.portcullis.platform.boundary.LoginService;
import dev.portcullis.platform.control.ReturnPath;
import jakarta.ejb.EJB;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Only logged-in users reach the console. Anyone else is sent to the login page (which brings them
 * back to the page they asked for once logged in), Faces Ajax requests (an expired session behind
 * an open page) with a partial-response redirect the page follows. Console pages are never cached,
 * so the back button after logout shows nothing.
 */
@WebFilter(urlPatterns = "/console/*")
public class ConsoleFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;

  @EJB private transient LoginService login;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    response.setHeader("Cache-Control", "no-store");
    Optional<ConsoleSession.SignedIn> user = ConsoleSession.user(request);
    if (user.isPresent() && !login.sessionValid(user.get().userId(), user.get().signedInAt())) {
      // Deprovisioned (SCIM active:false or removal) since this session began: it is over.
      request.getSession().invalidate();
      user = Optional.empty();
    }
    if (user.isEmpty()) {
      String login = request.getContextPath() + "/login" + returnTo(request);
      if ("partial/ajax".equals(request.getHeader("Faces-Request"))) {
        response.setContentType("text/xml");
        response.setCharacterEncoding("UTF-8");
        response
            .getWriter()
            .write(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><partial-response><redirect url=\""
                    + login
                    + "\"></redirect></partial-response>");
      } else {
        response.sendRedirect(login);
      }
      return;
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (path.equals("/console") || path.equals("/console/")) {
      response.sendRedirect(request.getContextPath() + "/console/index");
      return;
    }
    chain.doFilter(request, response);
  }

  /**
   * {@code ?returnTo=} the page asked for (a GET of a local path other than the start page), so the
   * login, by password or single sign-on, ends where the user was going.
   */
  private static String returnTo(HttpServletRequest request) {
    if (!"GET".equals(request.getMethod())) {
      return "";
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    String query = request.getQueryString();
    String page = query == null ? path : path + "?" + query;
    if (path.equals("/console")
        || path.equals("/console/")
        || path.equals(ReturnPath.DEFAULT)
        || ReturnPath.local(page).isEmpty()) {
      return "";
    }
    return "?returnTo=" + URLEncoder.encode(page, StandardCharsets.UTF_8);
  }
}
