package dev.portcullis.org.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A person. The email is globally unique and stored normalized (see {@code EmailAddress} in the EJB
 * module); the password is optional (SSO-only users have none) and kept only as a one-way hash.
 */
@Entity
@Table(name = "app_user")
@NamedQuery(name = "User.byEmail", query = "select u from User u where u.email = :email")
public class User {

  public static final int MAX_NAME_LENGTH = 100;

  @Id private String id;

  @Column(nullable = false, length = 320, unique = true)
  private String email;

  @Column(name = "first_name", length = MAX_NAME_LENGTH)
  private String firstName;

  @Column(name = "last_name", length = MAX_NAME_LENGTH)
  private String lastName;

  @Column(name = "password_hash")
  private String passwordHash;

  @Column(nullable = false)
  private boolean active;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  /** Console sessions that began before this instant are over (see {@link #endSessions}). */
  @Column(name = "sessions_ended_at")
  private Instant sessionsEndedAt;

  @Version private long version;

  protected User() {}

  public User(String normalizedEmail, String firstName, String lastName, Instant now) {
    this.id = UUID.randomUUID().toString();
    this.email = Objects.requireNonNull(normalizedEmail);
    this.firstName = firstName;
    this.lastName = lastName;
    this.active = true;
    this.createdAt = now;
    this.updatedAt = now;
  }

  public String getId() {
    return id;
  }

  public String getEmail() {
    return email;
  }

  public String getFirstName() {
    return firstName;
  }

  public String getLastName() {
    return lastName;
  }

  public String getDisplayName() {
    String full = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName));
    return full.isBlank() ? email : full.trim();
  }

  public String getPasswordHash() {
    return passwordHash;
  }

  public boolean hasPassword() {
    return passwordHash != null;
  }

  public boolean isActive() {
    return active;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }

  public long getVersion() {
    return version;
  }

  public void setPasswordHash(String passwordHash, Instant now) {
    this.passwordHash = passwordHash;
    this.updatedAt = now;
  }

  /** A new (normalized, still globally unique) email, as the identity provider now sends it. */
  public void changeEmail(String normalizedEmail, Instant now) {
    this.email = Objects.requireNonNull(normalizedEmail);
    this.updatedAt = now;
  }

  public void rename(String firstName, String lastName, Instant now) {
    this.firstName = firstName;
    this.lastName = lastName;
    this.updatedAt = now;
  }

  /**
   * Ends every console session begun until now (deprovisioning): a session is valid only when it
   * began after this instant. The instant is the server's real time, as a session's start is.
   */
  public void endSessions(Instant realNow) {
    this.sessionsEndedAt = realNow;
  }

  public boolean sessionValid(Instant sessionStartedAt) {
    return sessionsEndedAt == null
        || (sessionStartedAt != null && sessionStartedAt.isAfter(sessionsEndedAt));
  }

  public void deactivate(Instant now) {
    this.active = false;
    this.updatedAt = now;
  }

  public void activate(Instant now) {
    this.active = true;
    this.updatedAt = now;
  }
}
