package dev.portcullis.domainclaim.control;

import dev.portcullis.domainclaim.entity.CheckResult;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.xbill.DNS.Cache;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Asks DNS whether a TXT record with an exact value exists at a name, following CNAMEs. Every
 * lookup starts from an empty cache (a shared cache hid fresh records and kept deleted ones).
 * Strings of one TXT record are joined before matching; all TXT records at the name count.
 *
 * <p>The answer separates authoritative absence (NXDOMAIN, or an answer without the value) from not
 * knowing (timeout, SERVFAIL, REFUSED): only the former is evidence that a record is gone.
 */
@ApplicationScoped
public class DnsTxtLookup {

  private static final Logger LOG = Logger.getLogger(DnsTxtLookup.class.getName());

  @Inject
  @ConfigProperty(name = "portcullis.dns.servers")
  Optional<String> servers;

  @Inject
  @ConfigProperty(name = "portcullis.dns.timeout", defaultValue = "PT3S")
  String timeout;

  @Inject
  @ConfigProperty(name = "portcullis.dns.retries", defaultValue = "2")
  int retries;

  private Resolver resolver;

  @PostConstruct
  void init() {
    resolver = buildResolver(servers.orElse(""), Duration.parse(timeout), retries);
  }

  /** Builds a resolver for a {@code host:port,host:port} list (system resolvers when blank). */
  public static Resolver buildResolver(String serverList, Duration timeout, int retries) {
    try {
      List<Resolver> list = new ArrayList<>();
      for (String entry : serverList.split(",")) {
        String s = entry.strip();
        if (s.isEmpty()) {
          continue;
        }
        int colon = s.lastIndexOf(':');
        SimpleResolver r =
            new SimpleResolver(colon > 0 && s.indexOf(':') == colon ? s.substring(0, colon) : s);
        if (colon > 0 && s.indexOf(':') == colon) {
          r.setPort(Integer.parseInt(s.substring(colon + 1)));
        }
        list.add(r);
      }
      ExtendedResolver resolver =
          list.isEmpty() ? new ExtendedResolver() : new ExtendedResolver(list);
      resolver.setTimeout(timeout);
      resolver.setRetries(Math.max(0, retries));
      return resolver;
    } catch (UnknownHostException | NumberFormatException e) {
      throw new IllegalStateException("portcullis.dns.servers is not a host:port list", e);
    }
  }

  public CheckResult check(String domain, String expectedValue) {
    return check(resolver, domain, expectedValue);
  }

  static CheckResult check(Resolver resolver, String domain, String expectedValue) {
    Lookup lookup;
    try {
      lookup = new Lookup(Name.fromString(domain + "."), Type.TXT);
    } catch (TextParseException e) {
      return CheckResult.UNKNOWN;
    }
    lookup.setResolver(resolver);
    lookup.setCache(new Cache());
    org.xbill.DNS.Record[] records = lookup.run();
    switch (lookup.getResult()) {
      case Lookup.SUCCESSFUL:
        for (org.xbill.DNS.Record record : records) {
          if (record instanceof TXTRecord txt
              && String.join("", txt.getStrings()).equals(expectedValue)) {
            return CheckResult.FOUND;
          }
        }
        return CheckResult.ABSENT;
      case Lookup.HOST_NOT_FOUND:
      case Lookup.TYPE_NOT_FOUND:
        return CheckResult.ABSENT;
      default:
        LOG.fine(() -> "DNS lookup of " + domain + " inconclusive: " + lookup.getErrorString());
        return CheckResult.UNKNOWN;
    }
  }
}
