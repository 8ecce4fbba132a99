package dev.portcullis.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Makes the stateless {@link PasswordHasher} injectable. */
@ApplicationScoped
public class PasswordHasherProducer {

  private final PasswordHasher hasher = new PasswordHasher();

  @Produces
  PasswordHasher hasher() {
    return hasher;
  }
}
