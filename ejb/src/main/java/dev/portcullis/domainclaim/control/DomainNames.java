package dev.portcullis.domainclaim.control;

import com.google.common.net.InetAddresses;
import com.google.common.net.InternetDomainName;
import dev.portcullis.platform.boundary.ServiceException;
import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Normalizes and vets domain names for claiming: lower case, no trailing dot, IDN to punycode, and
 * at or below a registrable domain according to the Public Suffix List (Guava's copy) or one of the
 * operator's extra suffixes ({@code portcullis.domains.extra-suffixes}).
 */
public final class DomainNames {

  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  private final Set<String> extraSuffixes;

  public DomainNames(Set<String> extraSuffixes) {
    this.extraSuffixes = Set.copyOf(extraSuffixes);
  }

  /** The normalized domain, or {@code invalid_domain} naming what is wrong. */
  public String normalize(String raw) {
    if (raw == null || raw.isBlank()) {
      throw invalid("A domain is required.");
    }
    String value = raw.strip();
    if (value.length() > 300) {
      throw invalid("That is too long for a domain name.");
    }
    if (value.contains("://")
        || value.contains("/")
        || value.contains("@")
        || value.contains(" ")) {
      throw invalid("Enter just the domain name, such as acme.com (no http://, path or email).");
    }
    if (value.startsWith("*.")) {
      throw invalid("Wildcards cannot be claimed; claim the domain itself.");
    }
    if (value.endsWith(".")) {
      value = value.substring(0, value.length() - 1);
    }
    if (InetAddresses.isUriInetAddress(value) || InetAddresses.isInetAddress(value)) {
      throw invalid("An IP address cannot be claimed; claim a domain name.");
    }
    String ascii;
    try {
      ascii = IDN.toASCII(value, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw invalid("'" + value + "' is not a valid domain name.");
    }
    if (ascii.isEmpty() || ascii.length() > 253) {
      throw invalid("'" + value + "' is not a valid domain name.");
    }
    String[] labels = ascii.split("\\.", -1);
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        throw invalid("'" + value + "' is not a valid domain name.");
      }
    }
    if (labels.length < 2) {
      if (InternetDomainName.isValid(ascii) && InternetDomainName.from(ascii).isPublicSuffix()) {
        throw publicSuffix(ascii);
      }
      throw invalid(
          "'" + value + "' is a single label; claim a registered domain such as acme.com.");
    }
    String extra = extraSuffixOf(ascii);
    if (extra != null) {
      if (extra.equals(ascii)) {
        throw publicSuffix(ascii);
      }
      return ascii;
    }
    InternetDomainName name = InternetDomainName.from(ascii);
    if (name.isPublicSuffix()) {
      throw publicSuffix(ascii);
    }
    if (!name.isUnderPublicSuffix()) {
      throw invalid("'" + ascii + "' is not under a known public suffix (such as com or co.uk).");
    }
    return ascii;
  }

  /**
   * The strict parents of a normalized domain down to its registrable domain: for {@code
   * a.b.acme.co.uk} that is {@code b.acme.co.uk} and {@code acme.co.uk}.
   */
  public List<String> parents(String normalized) {
    String registrable = registrable(normalized);
    List<String> out = new ArrayList<>();
    String current = normalized;
    while (!current.equals(registrable)) {
      current = current.substring(current.indexOf('.') + 1);
      out.add(current);
    }
    return out;
  }

  private String registrable(String normalized) {
    String extra = extraSuffixOf(normalized);
    String suffix =
        extra != null ? extra : InternetDomainName.from(normalized).publicSuffix().toString();
    String head = normalized.substring(0, normalized.length() - suffix.length() - 1);
    return head.substring(head.lastIndexOf('.') + 1) + "." + suffix;
  }

  private String extraSuffixOf(String ascii) {
    String best = null;
    for (String suffix : extraSuffixes) {
      if ((ascii.equals(suffix) || ascii.endsWith("." + suffix))
          && (best == null || suffix.length() > best.length())) {
        best = suffix;
      }
    }
    return best;
  }

  private static ServiceException publicSuffix(String ascii) {
    return invalid(
        "'"
            + ascii
            + "' is a public suffix, shared by many owners; claim a domain registered"
            + " under it, such as acme."
            + ascii
            + ".");
  }

  private static ServiceException invalid(String message) {
    return ServiceException.invalid("invalid_domain", message);
  }
}
