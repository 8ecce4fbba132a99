package dev.portcullis.org.control;

import dev.portcullis.org.entity.User;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.control.PasswordHasher;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.Optional;

/** Finding and creating users; callers pass normalized emails. */
@Dependent
public class Users {

  @PersistenceContext EntityManager em;

  @Inject PasswordHasher hasher;

  public Optional<User> byEmail(String normalizedEmail) {
    return em.createNamedQuery("User.byEmail", User.class)
        .setParameter("email", normalizedEmail)
        .getResultStream()
        .findFirst();
  }

  public Optional<User> byId(String id) {
    return id == null || id.length() > 36
        ? Optional.empty()
        : Optional.ofNullable(em.find(User.class, id));
  }

  /** Creates a user; the password, when given, must satisfy the policy. */
  public User create(
      String normalizedEmail, String firstName, String lastName, String password, Instant now) {
    if (byEmail(normalizedEmail).isPresent()) {
      throw ServiceException.conflict(
          "email_taken", "A user with the email " + normalizedEmail + " already exists.");
    }
    User user =
        new User(
            normalizedEmail,
            Names.optional("firstName", firstName, User.MAX_NAME_LENGTH),
            Names.optional("lastName", lastName, User.MAX_NAME_LENGTH),
            now);
    if (password != null) {
      user.setPasswordHash(hash(password), now);
    }
    em.persist(user);
    return user;
  }

  public String hash(String password) {
    String violation = PasswordHasher.policyViolation(password);
    if (violation != null) {
      throw ServiceException.invalid("weak_password", violation);
    }
    return hasher.hash(password);
  }
}
