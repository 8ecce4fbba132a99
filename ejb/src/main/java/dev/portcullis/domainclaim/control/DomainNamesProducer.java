package dev.portcullis.domainclaim.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Provides {@link DomainNames} with the operator's extra suffixes (e.g. {@code test,internal}). */
@ApplicationScoped
public class DomainNamesProducer {

  @Inject
  @ConfigProperty(name = "portcullis.domains.extra-suffixes")
  Optional<String> extraSuffixes;

  @Produces
  DomainNames domainNames() {
    return new DomainNames(
        Arrays.stream(extraSuffixes.orElse("").split(","))
            .map(s -> s.strip().toLowerCase(Locale.ROOT))
            .map(s -> s.startsWith(".") ? s.substring(1) : s)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet()));
  }
}
