package it.sso;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A browser over plain HTTP: keeps its own cookies and follows no redirect by itself. Like
 * browsers, it treats {@code http://localhost} as a secure origin, so {@code Secure} cookies set
 * there come back (Java's own cookie manager would send them over HTTPS only).
 */
final class WebClient {

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .cookieHandler(new LocalhostIsSecure())
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /** Where paths go: the server under test, or one server of the cluster ({@link #at}). */
  private String base = SsoApi.BASE;

  /**
   * Sends this browser's next requests to another base URL (one server of a cluster, bypassing the
   * balancer), with the same cookies.
   */
  WebClient at(String base) {
    this.base = base;
    return this;
  }

  /** GET of a path on the server, or of an absolute URL. */
  HttpResponse<String> get(String pathOrUrl) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(pathOrUrl)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** What an IdP's auto-submitted form posts to the organization's postback URL. */
  HttpResponse<String> postResponse(String orgId, String xml, String relayState) throws Exception {
    return postResponseTo("/sso/saml/" + orgId + "/acs", xml, relayState);
  }

  /** What an IdP's auto-submitted form posts to this postback URL (a path or a whole URL). */
  HttpResponse<String> postResponseTo(String acs, String xml, String relayState) throws Exception {
    String form =
        "SAMLResponse=" + URLEncoder.encode(TestIdp.encode(xml), StandardCharsets.US_ASCII);
    if (relayState != null) {
      form += "&RelayState=" + URLEncoder.encode(relayState, StandardCharsets.UTF_8);
    }
    return http.send(
        HttpRequest.newBuilder(uri(acs))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A form post ({@code application/x-www-form-urlencoded}) as a page's script sends it, with these
   * extra headers (name, value, name, value...).
   */
  HttpResponse<String> postForm(String path, String form, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The value of this browser's cookie {@code name}, or null. */
  String cookie(String name) {
    return http
        .cookieHandler()
        .map(h -> ((LocalhostIsSecure) h).cookies.getCookieStore().getCookies())
        .orElse(List.of())
        .stream()
        .filter(c -> c.getName().equals(name))
        .map(HttpCookie::getValue)
        .findFirst()
        .orElse(null);
  }

  /** Gives this browser a cookie of the server (as if it had set it). */
  void setCookie(String name, String value) {
    HttpCookie c = new HttpCookie(name, value);
    c.setPath("/");
    c.setVersion(0);
    ((LocalhostIsSecure) http.cookieHandler().orElseThrow())
        .cookies
        .getCookieStore()
        .add(LocalhostIsSecure.secure(uri("/")), c);
  }

  private URI uri(String pathOrUrl) {
    return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl);
  }

  private static final class LocalhostIsSecure extends CookieHandler {
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

    @Override
    public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers)
        throws IOException {
      return cookies.get(secure(uri), headers);
    }

    @Override
    public void put(URI uri, Map<String, List<String>> headers) throws IOException {
      cookies.put(secure(uri), headers);
    }

    private static URI secure(URI uri) {
      return "http".equals(uri.getScheme()) && "localhost".equals(uri.getHost())
          ? URI.create("https" + uri.toString().substring(4))
          : uri;
    }
  }
}
