package it.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A console page driven over HTTP the way PrimeFaces drives it in a browser: the page as loaded,
 * then Ajax posts of its buttons (the Faces Ajax protocol: source, execute, render, the form's
 * fields and the page's ViewState), answered with a partial response. For tests that need the
 * console's behaviour without a real browser.
 */
final class ConsolePage {

  private static final Pattern VIEW_STATE =
      Pattern.compile("name=\"jakarta\\.faces\\.ViewState\"[^>]*value=\"([^\"]*)\"");

  private final WebClient browser;
  private final String path;
  final String html;
  private String viewState;

  private ConsolePage(WebClient browser, String path, String html) {
    this.browser = browser;
    this.path = path;
    this.html = html;
    Matcher m = VIEW_STATE.matcher(html);
    assertTrue(m.find(), "a Faces page: " + html);
    this.viewState = unescape(m.group(1));
  }

  /** Loads the page (a path with its query string); it must answer 200. */
  static ConsolePage open(WebClient browser, String path) throws Exception {
    HttpResponse<String> page = browser.get(path);
    assertEquals(200, page.statusCode(), path + ": " + page.body());
    return new ConsolePage(browser, path.replaceFirst("\\?.*", ""), page.body());
  }

  /**
   * The client id of the page's element whose id is {@code id} inside naming containers, if any.
   */
  String clientId(String id) {
    Matcher m = Pattern.compile("id=\"((?:[^\"]*:)?" + Pattern.quote(id) + ")\"").matcher(html);
    assertTrue(m.find(), id + " in " + html);
    return m.group(1);
  }

  /**
   * Presses the Ajax button {@code button} of form {@code form}, with {@code fields} (client id to
   * value), processing {@code execute} and rendering {@code render}; the partial response.
   */
  String press(
      String form, String button, Map<String, String> fields, String execute, String render)
      throws Exception {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("jakarta.faces.partial.ajax", "true");
    params.put("jakarta.faces.source", button);
    params.put("jakarta.faces.partial.execute", execute);
    params.put("jakarta.faces.partial.render", render);
    params.put(button, button);
    params.put(form, form);
    params.putAll(fields);
    params.put("jakarta.faces.ViewState", viewState);
    StringBuilder body = new StringBuilder();
    for (Map.Entry<String, String> p : params.entrySet()) {
      if (body.length() > 0) {
        body.append('&');
      }
      body.append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
    }
    HttpResponse<String> r =
        browser.postForm(
            path,
            body.toString(),
            "Faces-Request",
            "partial/ajax",
            "X-Requested-With",
            "XMLHttpRequest");
    assertEquals(200, r.statusCode(), r.body());
    Matcher state =
        Pattern.compile(
                "<update id=\"[^\"]*jakarta\\.faces\\.ViewState[^\"]*\"><!\\[CDATA\\[([^\\]]*)\\]\\]>")
            .matcher(r.body());
    if (state.find()) {
      viewState = state.group(1);
    }
    return r.body();
  }

  /** The URL a partial response redirects the browser to, or null. */
  static String redirect(String partialResponse) {
    Matcher m = Pattern.compile("<redirect url=\"([^\"]*)\"").matcher(partialResponse);
    return m.find() ? unescape(m.group(1)) : null;
  }

  static String unescape(String s) {
    return s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }
}
