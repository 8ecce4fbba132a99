package dev.portcullis.platform.boundary;

import dev.portcullis.audit.control.AuditLog;
import dev.portcullis.org.control.Users;
import dev.portcullis.org.entity.User;
import dev.portcullis.platform.control.EmailAddress;
import dev.portcullis.platform.control.LoginThrottles;
import dev.portcullis.platform.control.PasswordHasher;
import dev.portcullis.sso.control.BreakGlassLogin;
import dev.portcullis.sso.control.RecoveryCodes;
import dev.portcullis.sso.control.SsoPolicy;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Email-first login: which way an email logs in ({@link #discover}), and password login. A password
 * login's outcome is returned, never thrown, so the throttle bookkeeping of a failed attempt
 * commits. Unknown emails cost the same hashing work as known ones and get the same answer, so the
 * answer does not tell which accounts exist. Under Require SSO, a correct password of a user whose
 * email is in the organization's verified domain is refused ({@link SsoRequired}) unless the user
 * is an Owner or Admin of that organization (break-glass, audited as {@code login.break_glass} and
 * emailed to the organization's other Owners).
 */
@Stateless
public class LoginService {

  public static final String BAD_CREDENTIALS = "The email or password is not correct.";

  public static final String BAD_RECOVERY_CODE = "The email or recovery code is not correct.";

  /** What a password login came to. */
  public sealed interface Outcome {}

  public record Success(String userId, String email) implements Outcome {}

  public record Refused(String message) implements Outcome {}

  public record Throttled(Duration retryAfter) implements Outcome {}

  /** The password was right, but this user must log in through the organization's IdP. */
  public record SsoRequired(String organizationId, String connectionId, String message)
      implements Outcome {}

  /**
   * Step-up of a user without a password: they confirm through their identity provider, in the
   * console ({@link ReconfirmationService}), not with a password.
   */
  public record ConfirmThroughIdp(String message) implements Outcome {}

  /** Step-up without the password re-entered (a user who has one). */
  public record PasswordMissing() implements Outcome {}

  /** What a user without a password is told where a password step-up is asked of them. */
  public static final String CONFIRM_THROUGH_IDP =
      "Your account has no password: you sign in through your identity provider. Confirm this"
          + " change in the console (Access Security → Domain Claiming → Add a Domain → Confirm"
          + " through your identity provider), where you log in again at your identity provider;"
          + " it cannot be confirmed with a password or through the API.";

  @Inject Users users;

  @Inject PasswordHasher hasher;

  @Inject LoginThrottles throttles;

  @Inject AuditLog audit;

  @Inject Clock clock;

  @Inject MetricRegistry metrics;

  @Inject SsoPolicy sso;

  @Inject RecoveryCodes recoveryCodes;

  @Inject Event<BreakGlassLogin> breakGlass;

  /** The first step of email-first login: how this email logs in. */
  public enum Method {
    PASSWORD,
    SSO
  }

  /**
   * How an email logs in; for {@link Method#SSO}, through which organization's IdP: its primary IdP
   * ({@code connectionId} null) or the IdP connection the email's domain is bound to.
   */
  public record Discovery(Method method, String organizationId, String connectionId) {}

  /**
   * Which login method applies to an email: single sign-on when its domain is a verified domain of
   * an Enterprise organization with SSO on, the password otherwise. Throws {@code invalid_email}.
   */
  public Discovery discover(String email) {
    return sso.route(EmailAddress.normalize(email))
        .map(r -> new Discovery(Method.SSO, r.organizationId(), r.connectionId()))
        .orElse(new Discovery(Method.PASSWORD, null, null));
  }

  /**
   * Checks a password to log in. Always in a transaction of its own, so the throttling of a failure
   * commits whatever the caller's transaction does next.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public Outcome passwordLogin(String email, String password, String clientAddress) {
    return checkPassword(email, password, clientAddress, true);
  }

  private Outcome checkPassword(
      String email, String password, String clientAddress, boolean applySsoPolicy) {
    String normalized;
    try {
      normalized = EmailAddress.normalize(email);
    } catch (ServiceException e) {
      return new Refused(e.getMessage());
    }
    Instant now = clock.instant();
    Duration wait = throttles.waitFor(normalized, clientAddress, now);
    if (!wait.isZero()) {
      count("throttled");
      return new Throttled(wait);
    }
    Optional<User> user = users.byEmail(normalized);
    String stored = user.filter(User::isActive).map(User::getPasswordHash).orElse(null);
    if (password == null || password.length() > PasswordHasher.MAX_LENGTH) {
      password = "";
    }
    boolean ok = hasher.verify(password, stored);
    if (!ok) {
      throttles.recordFailure(normalized, clientAddress, now);
      return failed(normalized, user, clientAddress, Map.of(), BAD_CREDENTIALS);
    }
    User u = user.orElseThrow();
    Actor self = Actor.user(u.getId(), u.getEmail(), clientAddress);
    AuditLog.Target target = new AuditLog.Target("user", u.getId(), u.getEmail());
    Optional<SsoPolicy.Route> required =
        applySsoPolicy ? sso.requiredRoute(normalized) : Optional.empty();
    if (required.isPresent() && !sso.mayBreakGlass(required.get(), u.getId())) {
      SsoPolicy.Route route = required.get();
      audit.record(self, route.organizationId(), "login.sso_required", target, null, Map.of());
      count("sso_required");
      return new SsoRequired(
          route.organizationId(), route.connectionId(), SsoPolicy.ssoRequiredMessage(route));
    }
    throttles.recordSuccess(normalized, clientAddress);
    if (required.isPresent()) {
      audit.record(
          self,
          required.get().organizationId(),
          "login.break_glass",
          target,
          null,
          Map.of("method", "password"));
      SsoPolicy.Route route = required.get();
      breakGlass.fire(
          new BreakGlassLogin(
              route.organizationId(),
              route.organizationName(),
              u.getId(),
              u.getEmail(),
              "password",
              now,
              clientAddress));
    } else {
      audit.record(self, null, "login.password", target, null, Map.of());
    }
    count("success");
    return new Success(u.getId(), u.getEmail());
  }

  /**
   * Logs an Owner in with one of their recovery codes (strict SSO's break-glass): the code is
   * spent, the login audited as {@code login.break_glass}. Throttled like passwords, in a
   * transaction of its own; one answer for an unknown email, a wrong, spent or foreign code.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public Outcome recoveryCodeLogin(String email, String code, String clientAddress) {
    String normalized;
    try {
      normalized = EmailAddress.normalize(email);
    } catch (ServiceException e) {
      return new Refused(e.getMessage());
    }
    Instant now = clock.instant();
    Duration wait = throttles.waitFor(normalized, clientAddress, now);
    if (!wait.isZero()) {
      count("throttled");
      return new Throttled(wait);
    }
    Optional<User> user = users.byEmail(normalized).filter(User::isActive);
    RecoveryCodes.Attempt attempt =
        user.isEmpty()
            ? new RecoveryCodes.Invalid()
            : recoveryCodes.spend(user.get().getId(), code, now);
    if (attempt instanceof RecoveryCodes.AlreadySpent) {
      // the right code, spent: audited, but no guess for the throttle to count
      return failed(
          normalized,
          user,
          clientAddress,
          Map.of("method", "recovery_code", "reason", "code already used"),
          BAD_RECOVERY_CODE);
    }
    if (!(attempt instanceof RecoveryCodes.Spent spent)) {
      throttles.recordFailure(normalized, clientAddress, now);
      return failed(
          normalized, user, clientAddress, Map.of("method", "recovery_code"), BAD_RECOVERY_CODE);
    }
    User u = user.orElseThrow();
    throttles.recordSuccess(normalized, clientAddress);
    audit.record(
        Actor.user(u.getId(), u.getEmail(), clientAddress),
        spent.organizationId(),
        "login.break_glass",
        new AuditLog.Target("user", u.getId(), u.getEmail()),
        null,
        Map.of("method", "recovery_code", "codesLeft", spent.remaining()));
    breakGlass.fire(
        new BreakGlassLogin(
            spent.organizationId(),
            null,
            u.getId(),
            u.getEmail(),
            "recovery code",
            now,
            clientAddress));
    count("success");
    return new Success(u.getId(), u.getEmail());
  }

  /**
   * Step-up: the logged-in user re-enters their password before a sensitive change. Runs in its own
   * transaction and returns its outcome (never throws), so a failure's throttling commits even when
   * the caller's change does not; the caller passes the outcome to {@link #requireSuccess}. A user
   * without a password gets {@link ConfirmThroughIdp} whatever was sent; a missing password is
   * {@link PasswordMissing} and costs no attempt.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public Outcome reauthenticate(Actor actor, String password) {
    if (actor.userId() == null) {
      return new Refused("Only a person can confirm this with their password.");
    }
    Optional<User> user = users.byId(actor.userId());
    if (user.isEmpty()) {
      return new Refused("Log in again.");
    }
    if (!user.get().hasPassword()) {
      return new ConfirmThroughIdp(CONFIRM_THROUGH_IDP);
    }
    if (password == null || password.isBlank()) {
      return new PasswordMissing();
    }
    // Confirms who is already logged in; not a login, so Require SSO does not apply here.
    Outcome outcome = checkPassword(user.get().getEmail(), password, actor.clientAddress(), false);
    return outcome instanceof Refused
        ? new Refused("The password you re-entered is not correct.")
        : outcome;
  }

  /**
   * Whether the user has a password to re-enter for a step-up; users without one (provisioned by
   * SSO or SCIM) confirm through their identity provider instead.
   */
  public boolean hasPassword(Actor actor) {
    return actor.userId() != null
        && users.byId(actor.userId()).map(User::hasPassword).orElse(false);
  }

  /**
   * Whether a console session of the user that began at {@code signedInAt} may go on: the user
   * exists and was not deprovisioned since (SCIM deactivation or removal ends sessions at once).
   */
  public boolean sessionValid(String userId, Instant signedInAt) {
    return users.byId(userId).filter(u -> u.sessionValid(signedInAt)).isPresent();
  }

  /**
   * Throws {@code reauthentication_failed} (403), {@code too_many_attempts} (429), {@code
   * idp_reconfirmation_required} (403: a user without a password) or {@code invalid_field} (400: no
   * password given) unless the outcome is a success.
   */
  public static void requireSuccess(Outcome outcome) {
    if (outcome instanceof ConfirmThroughIdp c) {
      throw ServiceException.forbidden("idp_reconfirmation_required", c.message());
    }
    if (outcome instanceof PasswordMissing) {
      throw ServiceException.invalid("invalid_field", "'password' is required.");
    }
    if (outcome instanceof Throttled t) {
      throw tooManyAttempts(t);
    }
    if (outcome instanceof Refused r) {
      throw ServiceException.forbidden("reauthentication_failed", r.message());
    }
    if (outcome instanceof SsoRequired r) {
      throw ssoRequired(r);
    }
  }

  /** The 403 {@code sso_required} for a password login that policy routes through SSO. */
  public static ServiceException ssoRequired(SsoRequired r) {
    return ServiceException.forbidden("sso_required", r.message());
  }

  /** The 429 for a throttled attempt, with the wait in seconds. */
  public static ServiceException tooManyAttempts(Throttled t) {
    long seconds = Math.max(1, (t.retryAfter().toMillis() + 999) / 1000);
    return new ServiceException(
            ServiceException.Kind.TOO_MANY_REQUESTS,
            "too_many_attempts",
            "Too many failed attempts; try again in " + seconds + " seconds.")
        .retryAfter(seconds);
  }

  /** A refused attempt: audited when the account exists (never its secret), counted. */
  private Refused failed(
      String normalized,
      Optional<User> user,
      String clientAddress,
      Map<String, ?> details,
      String message) {
    user.ifPresent(
        u ->
            audit.record(
                Actor.anonymous(normalized, clientAddress),
                null,
                "login.failed",
                new AuditLog.Target("user", u.getId(), normalized),
                null,
                details));
    count("refused");
    return new Refused(message);
  }

  /** {@code portcullis_password_logins_total{outcome=...}} on /metrics, for operators' alerts. */
  private void count(String outcome) {
    metrics.counter("portcullis_password_logins", new Tag("outcome", outcome)).inc();
  }
}
