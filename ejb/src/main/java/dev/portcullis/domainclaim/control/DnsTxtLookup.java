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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Name;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.lookup.LookupResult;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;

/**
 * Asks DNS whether a TXT record with an exact value exists at a name, following CNAMEs. Nothing is
 * cached, not even within one check (a shared cache hid fresh records and kept deleted ones).
 * Strings of one TXT record are joined before matching; all TXT records at the name count.
 *
 * <p>The answer separates authoritative absence (NXDOMAIN, or an answer without the value) from not
 * knowing (timeout, SERVFAIL, REFUSED): only the former is evidence that a record is gone.
 *
 * <p>Lookups are asynchronous: a sweep keeps many queries in flight without a thread per query.
 * What runs when an answer arrives (parsing it, following a CNAME, matching) runs on the thread
 * that received it. dnsjava's default, the common fork-join pool, turns into a new thread per
 * answer on machines with fewer than three cores (CompletableFuture's fallback), which capped a
 * sweep at a few thousand queries per second.
 */
@ApplicationScoped
public class DnsTxtLookup {

  private static final Logger LOG = Logger.getLogger(DnsTxtLookup.class.getName());

  private static final Executor SAME_THREAD = Runnable::run;

  @Inject
  @ConfigProperty(name = "portcullis.dns.servers")
  Optional<String> servers;

  @Inject
  @ConfigProperty(name = "portcullis.dns.timeout", defaultValue = "PT3S")
  String timeout;

  @Inject
  @ConfigProperty(name = "portcullis.dns.retries", defaultValue = "2")
  int retries;

  private LookupSession session;

  @PostConstruct
  void init() {
    session = session(buildResolver(servers.orElse(""), Duration.parse(timeout), retries));
  }

  /** A lookup session without any cache around {@code resolver}. */
  static LookupSession session(Resolver resolver) {
    return LookupSession.builder().resolver(resolver).executor(SAME_THREAD).build();
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

  /** Checks now, waiting for the answer (at most the configured timeouts and retries). */
  public CheckResult check(String domain, String expectedValue) {
    return checkAsync(domain, expectedValue).toCompletableFuture().join();
  }

  /** Checks without waiting; the stage completes with a result, never exceptionally. */
  public CompletionStage<CheckResult> checkAsync(String domain, String expectedValue) {
    return check(session, domain, expectedValue);
  }

  static CompletionStage<CheckResult> check(
      LookupSession session, String domain, String expectedValue) {
    Name name;
    try {
      name = Name.fromString(domain + ".");
    } catch (TextParseException e) {
      return CompletableFuture.completedFuture(CheckResult.UNKNOWN);
    }
    CompletionStage<LookupResult> lookup;
    try {
      lookup = session.lookupAsync(name, Type.TXT);
    } catch (RuntimeException e) {
      lookup = CompletableFuture.failedFuture(e);
    }
    return lookup.handle(
        (answer, error) -> {
          if (error == null) {
            for (org.xbill.DNS.Record record : answer.getRecords()) {
              if (record instanceof TXTRecord txt
                  && String.join("", txt.getStrings()).equals(expectedValue)) {
                return CheckResult.FOUND;
              }
            }
            return CheckResult.ABSENT; // NOERROR, with other records or none
          }
          Throwable cause = error instanceof CompletionException ? error.getCause() : error;
          if (cause instanceof NoSuchDomainException || cause instanceof NoSuchRRSetException) {
            return CheckResult.ABSENT;
          }
          LOG.fine(() -> "DNS lookup of " + domain + " inconclusive: " + cause);
          return CheckResult.UNKNOWN;
        });
  }
}
