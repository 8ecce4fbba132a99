package dev.portcullis.platform.control;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Where a user goes after logging in: a path on this site only, so a crafted link cannot send a
 * freshly logged-in user to another site (OWASP Unvalidated Redirects). Anything else is ignored,
 * never an error.
 */
public final class ReturnPath {

  public static final String DEFAULT = "/console/index";
  public static final int MAX_LENGTH = 1024;

  private ReturnPath() {}

  /**
   * The path itself when it is a local one: starts with one '/', printable ASCII without '\', no
   * scheme or host (so neither {@code //evil.test} nor {@code /\evil.test}); not the SSO endpoints
   * (a login loop).
   */
  public static Optional<String> local(String candidate) {
    if (candidate == null
        || candidate.length() < 1
        || candidate.length() > MAX_LENGTH
        || candidate.charAt(0) != '/'
        || candidate.startsWith("//")
        || candidate.startsWith("/sso/")) {
      return Optional.empty();
    }
    for (int i = 0; i < candidate.length(); i++) {
      char c = candidate.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '\\') {
        return Optional.empty();
      }
    }
    try {
      URI uri = new URI(candidate);
      if (uri.getScheme() != null || uri.getRawAuthority() != null || uri.getRawPath() == null) {
        return Optional.empty();
      }
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    return Optional.of(candidate);
  }

  /** The local path, or the console's start page. */
  public static String orDefault(String candidate) {
    return local(candidate).orElse(DEFAULT);
  }
}
