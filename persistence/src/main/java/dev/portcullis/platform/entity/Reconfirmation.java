package dev.portcullis.platform.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Step-up through the identity provider (PRODUCT §2): a user without a password logged in again at
 * their IdP to confirm a sensitive change. It belongs to that user and to the browser that went
 * through the IdP (the SHA-256 of the random value in its login cookie); the user's console session
 * in that browser takes it once ({@link #attach}), and one change spends it ({@link #spend}), all
 * within {@link #LIFETIME} of the IdP's answer.
 */
@Entity
@Table(name = "step_up_reconfirmation")
@NamedQuery(
    name = "Reconfirmation.purge",
    query = "delete from Reconfirmation r where r.expiresAt < :now")
public class Reconfirmation {

  /** How long a re-confirmation can be spent after the IdP's answer. */
  public static final Duration LIFETIME = Duration.ofMinutes(5);

  /** What an attempt to take or spend it came to. */
  public enum Use {
    /** Taken by the console session, or spent. */
    DONE,
    /** Another user's. */
    NOT_YOURS,
    /** Confirmed in another browser. */
    OTHER_BROWSER,
    /** A console session took it already (attach), or none has yet (spend). */
    ALREADY_TAKEN,
    NOT_TAKEN,
    ALREADY_USED,
    EXPIRED
  }

  @Id
  @Column(length = 36)
  private String id;

  @Column(name = "user_id", nullable = false, length = 36)
  private String userId;

  @Column(name = "browser_hash", nullable = false, length = 64)
  private String browserHash;

  /** The console page the user goes back to; null: the console's start page. */
  @Column(name = "return_to", length = 1024)
  private String returnTo;

  /** The reference of the accepted answer (its audit entry at the IdP's organization). */
  @Column(nullable = false, length = 16)
  private String reference;

  /** When the IdP says the user logged in (the assertion's AuthnInstant). */
  @Column(name = "authn_instant", nullable = false)
  private Instant authnInstant;

  @Column(name = "confirmed_at", nullable = false)
  private Instant confirmedAt;

  @Column(name = "expires_at", nullable = false)
  private Instant expiresAt;

  @Column(name = "attached_at")
  private Instant attachedAt;

  @Column(name = "used_at")
  private Instant usedAt;

  protected Reconfirmation() {}

  public Reconfirmation(
      String userId,
      String browserHash,
      String returnTo,
      String reference,
      Instant authnInstant,
      Instant now) {
    this.id = UUID.randomUUID().toString();
    this.userId = Objects.requireNonNull(userId);
    this.browserHash = Objects.requireNonNull(browserHash);
    this.returnTo = returnTo;
    this.reference = Objects.requireNonNull(reference);
    this.authnInstant = Objects.requireNonNull(authnInstant);
    this.confirmedAt = now;
    this.expiresAt = now.plus(LIFETIME);
  }

  /**
   * The console session of {@code userId} in the browser whose login cookie hashes to {@code
   * browserHash} takes it: once, unexpired. A refusal leaves it as it was.
   */
  public Use attach(String userId, String browserHash, Instant now) {
    if (!this.userId.equals(userId)) {
      return Use.NOT_YOURS;
    }
    if (browserHash == null || !this.browserHash.equals(browserHash)) {
      return Use.OTHER_BROWSER;
    }
    if (attachedAt != null) {
      return Use.ALREADY_TAKEN;
    }
    if (!now.isBefore(expiresAt)) {
      return Use.EXPIRED;
    }
    attachedAt = now;
    return Use.DONE;
  }

  /** One change of {@code userId} spends it: taken by a console session, unused, unexpired. */
  public Use spend(String userId, Instant now) {
    Use use = usable(userId, now);
    if (use == Use.DONE) {
      usedAt = now;
    }
    return use;
  }

  /** Whether {@link #spend} would succeed now ({@link Use#DONE}), and why not otherwise. */
  public Use usable(String userId, Instant now) {
    if (!this.userId.equals(userId)) {
      return Use.NOT_YOURS;
    }
    if (attachedAt == null) {
      return Use.NOT_TAKEN;
    }
    if (usedAt != null) {
      return Use.ALREADY_USED;
    }
    if (!now.isBefore(expiresAt)) {
      return Use.EXPIRED;
    }
    return Use.DONE;
  }

  public String getId() {
    return id;
  }

  public String getUserId() {
    return userId;
  }

  public String getReturnTo() {
    return returnTo;
  }

  public String getReference() {
    return reference;
  }

  public Instant getAuthnInstant() {
    return authnInstant;
  }

  public Instant getConfirmedAt() {
    return confirmedAt;
  }

  public Instant getExpiresAt() {
    return expiresAt;
  }

  public Instant getUsedAt() {
    return usedAt;
  }
}
