package dev.portcullis.scim.web;

import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.control.PortcullisConfig;
import dev.portcullis.platform.web.ConsoleClock;
import dev.portcullis.platform.web.CurrentUser;
import dev.portcullis.platform.web.Pages;
import dev.portcullis.scim.boundary.ScimTokenService;
import dev.portcullis.scim.entity.ScimToken;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Access Security → SCIM: the base URL to give the identity provider, and the organization's SCIM
 * token — generate (shown once), regenerate (revokes the old one at once), rotate (the old one
 * stays valid for a grace period), revoke — with when it was created and last used, how often it
 * was used and when it expires. The page's {@code AccessSecurityView} lets only Owners and Admins
 * of Enterprise organizations get here; the service checks the same on every action.
 */
@Named
@ViewScoped
public class ScimView implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Grace periods offered for a rotation, in hours (the service allows up to 7 days). */
  static final Map<String, Integer> GRACE_CHOICES = new LinkedHashMap<>();

  /** Expiry choices for a new token, in days; 0 for never. */
  static final Map<String, Integer> EXPIRY_CHOICES = new LinkedHashMap<>();

  static {
    GRACE_CHOICES.put("1 hour", 1);
    GRACE_CHOICES.put("24 hours", 24);
    GRACE_CHOICES.put("3 days", 72);
    GRACE_CHOICES.put("7 days", 168);
    EXPIRY_CHOICES.put("Never", 0);
    EXPIRY_CHOICES.put("In 30 days", 30);
    EXPIRY_CHOICES.put("In 90 days", 90);
    EXPIRY_CHOICES.put("In 1 year", 365);
  }

  @Inject CurrentUser currentUser;

  @Inject ScimTokenService tokens;

  @Inject PortcullisConfig config;

  @Inject ConsoleClock clock;

  private String organizationId;
  private String newToken;
  private int graceHours = 24;
  private int expiryDays;
  private TokenRow current;
  private TokenRow previous;

  /** One token as the page shows it (never the token itself). */
  public record TokenRow(
      String createdAt,
      String lastUsedAt,
      long useCount,
      String expiresAt,
      boolean expired,
      String validUntil) {

    static TokenRow of(ScimToken t, Instant now) {
      return new TokenRow(
          Pages.time(t.getCreatedAt()),
          t.getLastUsedAt() == null ? "Never" : Pages.time(t.getLastUsedAt()),
          t.getUseCount(),
          t.getExpiresAt() == null ? "Never" : Pages.time(t.getExpiresAt()),
          t.isExpiredAt(now),
          Pages.time(t.getRevokedAt()));
    }
  }

  /** Reads the token's status (called once the page has checked role and plan). */
  public void show(String organizationId) {
    this.organizationId = organizationId;
    read();
  }

  private void read() {
    ScimTokenService.Status status = tokens.status(currentUser.actor(), organizationId);
    Instant now = clock.now();
    current = status.current().map(t -> TokenRow.of(t, now)).orElse(null);
    previous = status.previous().map(t -> TokenRow.of(t, now)).orElse(null);
  }

  /** Generate, or Regenerate: a new token, the previous one revoked at once. */
  public void generate() {
    boolean replacing = current != null;
    act(
        () -> tokens.generate(currentUser.actor(), organizationId, expiry()),
        replacing
            ? "A new SCIM token is ready; the previous one no longer works."
            : "Your SCIM token is ready.");
  }

  /** Rotate: a new token, the previous one valid for the chosen grace period. */
  public void rotate() {
    act(
        () ->
            tokens.rotate(
                currentUser.actor(), organizationId, Duration.ofHours(graceHours), expiry()),
        "A new SCIM token is ready; the previous one keeps working for "
            + graceLabel()
            + ". Update your identity provider before then.");
  }

  public void revoke() {
    newToken = null;
    try {
      tokens.revoke(currentUser.actor(), organizationId);
      Pages.info("The SCIM token is revoked: your identity provider can no longer provision.");
    } catch (ServiceException e) {
      Pages.error(e);
    }
    read();
  }

  private void act(java.util.function.Supplier<ScimTokenService.Issued> action, String done) {
    newToken = null;
    try {
      newToken = action.get().token();
      Pages.info(done);
    } catch (ServiceException e) {
      Pages.error(e);
    }
    read();
  }

  private Instant expiry() {
    return expiryDays <= 0 ? null : clock.now().plus(Duration.ofDays(expiryDays));
  }

  private String graceLabel() {
    return GRACE_CHOICES.entrySet().stream()
        .filter(e -> e.getValue() == graceHours)
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(graceHours + " hours");
  }

  /** What to give the identity provider as the SCIM base URL (tenant URL). */
  public String getBaseUrl() {
    return config.baseUrl() + "/scim/v2";
  }

  /** The token just generated; shown in this view only, never again. */
  public String getNewToken() {
    return newToken;
  }

  public TokenRow getCurrent() {
    return current;
  }

  public TokenRow getPrevious() {
    return previous;
  }

  public Map<String, Integer> getGraceChoices() {
    return GRACE_CHOICES;
  }

  public Map<String, Integer> getExpiryChoices() {
    return EXPIRY_CHOICES;
  }

  public int getGraceHours() {
    return graceHours;
  }

  public void setGraceHours(int graceHours) {
    this.graceHours = graceHours;
  }

  public int getExpiryDays() {
    return expiryDays;
  }

  public void setExpiryDays(int expiryDays) {
    this.expiryDays = expiryDays;
  }
}
