package dev.portcullis.sso.control;

import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.sso.entity.SsoSettings;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The checks an IdP metadata URL passes before the server fetches it (an SSRF surface: admins
 * choose the address the server connects to): an absolute https URL of at most 2048 characters
 * without user info, whose host resolves only to public addresses. Plain http and private, loopback
 * and link-local addresses pass only when the operator allows them.
 */
public final class MetadataUrls {

  private MetadataUrls() {}

  /**
   * The URL without surrounding blanks, {@code null} for blank; 400 {@code invalid_metadata_url}
   * when it is not an absolute https (or, when allowed, http) URL with a host.
   */
  public static URI validate(String value, boolean allowInsecure) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    if (v.length() > SsoSettings.MAX_URL_LENGTH) {
      throw invalid("The IdP metadata URL is longer than 2048 characters.");
    }
    URI uri;
    try {
      uri = new URI(v);
    } catch (URISyntaxException e) {
      throw invalid("The IdP metadata URL is not a valid URL.");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean https = scheme.equals("https");
    if (!https && !(allowInsecure && scheme.equals("http"))) {
      throw invalid("The IdP metadata URL must be an absolute https:// URL.");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty() || uri.getRawUserInfo() != null) {
      throw invalid("The IdP metadata URL must be an absolute https:// URL with a host name.");
    }
    if (uri.getPort() > 65535) {
      throw invalid("The IdP metadata URL's port is not valid.");
    }
    if (!allowInsecure) {
      String host = host(uri);
      if (host.equals("localhost") || host.endsWith(".localhost")) {
        throw invalid("The IdP metadata URL points at this server's own network.");
      }
      if (isIpLiteral(host)) {
        try {
          if (!isPublic(InetAddress.getByName(host))) {
            throw invalid("The IdP metadata URL points at a private or local address.");
          }
        } catch (java.net.UnknownHostException e) {
          throw invalid("The IdP metadata URL's address is not valid.");
        }
      }
    }
    return uri;
  }

  /** The host without IPv6 brackets, lower case. */
  public static String host(URI uri) {
    String h = uri.getHost().toLowerCase(Locale.ROOT);
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }

  private static boolean isIpLiteral(String host) {
    return host.contains(":") || host.matches("[0-9.]+");
  }

  /**
   * Whether an address is on the public internet: not loopback, unspecified, private (RFC 1918,
   * IPv6 unique local), link-local, carrier-grade NAT, multicast, broadcast or reserved, also when
   * written as an IPv4-mapped or IPv4-compatible IPv6 address.
   */
  public static boolean isPublic(InetAddress address) {
    if (address instanceof Inet6Address v6) {
      byte[] b = v6.getAddress();
      boolean firstTenZero = true;
      for (int i = 0; i < 10; i++) {
        firstTenZero &= b[i] == 0;
      }
      if (firstTenZero
          && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
        byte[] v4 = {b[12], b[13], b[14], b[15]};
        if (b[10] == 0 && v4[0] == 0 && v4[1] == 0 && v4[2] == 0) {
          return false; // ::, ::1 and the like
        }
        return isPublicV4(v4);
      }
      int first = b[0] & 0xff;
      if ((first & 0xfe) == 0xfc) {
        return false; // fc00::/7 unique local
      }
      if (first == 0xfe && (b[1] & 0xc0) == 0xc0) {
        return false; // fec0::/10 site-local (deprecated)
      }
      if (first == 0x20 && b[1] == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8) {
        return false; // 2001:db8::/32 documentation
      }
      if (first == 0x00 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
        return isPublicV4(new byte[] {b[12], b[13], b[14], b[15]}); // 64:ff9b::/96 NAT64
      }
      if (first == 0x00 || first == 0x01) {
        return false; // ::/8 reserved, 100::/64 discard-only
      }
      return !(v6.isLoopbackAddress()
          || v6.isAnyLocalAddress()
          || v6.isLinkLocalAddress()
          || v6.isSiteLocalAddress()
          || v6.isMulticastAddress());
    }
    if (address instanceof Inet4Address v4) {
      return isPublicV4(v4.getAddress());
    }
    return false;
  }

  private static boolean isPublicV4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    int a2 = b[2] & 0xff;
    return !(a0 == 0 // this network
        || a0 == 10 // private
        || a0 == 127 // loopback
        || (a0 == 100 && a1 >= 64 && a1 <= 127) // carrier-grade NAT
        || (a0 == 169 && a1 == 254) // link-local, cloud metadata services
        || (a0 == 172 && a1 >= 16 && a1 <= 31) // private
        || (a0 == 192 && a1 == 0 && a2 == 0) // IETF protocol assignments
        || (a0 == 192 && a1 == 0 && a2 == 2) // documentation
        || (a0 == 192 && a1 == 168) // private
        || (a0 == 198 && (a1 == 18 || a1 == 19)) // benchmarking
        || (a0 == 198 && a1 == 51 && a2 == 100) // documentation
        || (a0 == 203 && a1 == 0 && a2 == 113) // documentation
        || a0 >= 224); // multicast, reserved, broadcast
  }

  private static ServiceException invalid(String message) {
    return ServiceException.invalid("invalid_metadata_url", message);
  }
}
