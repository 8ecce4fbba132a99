package dev.portcullis.sso.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Where an IdP's metadata is refreshed from, and how the last refresh went: part of the primary
 * IdP's settings ({@link SsoSettings}) and of each additional IdP ({@link IdpConnection}), in the
 * same columns of their tables.
 */
@Embeddable
public class MetadataSource {

  public static final int MAX_ERROR_LENGTH = 1000;

  @Column(name = "idp_metadata_url", length = SsoSettings.MAX_URL_LENGTH)
  private String url;

  @Column(name = "metadata_refreshed_at")
  private Instant refreshedAt;

  @Column(name = "metadata_refresh_attempted_at")
  private Instant attemptedAt;

  @Column(name = "metadata_refresh_error", length = MAX_ERROR_LENGTH)
  private String error;

  /**
   * The URL the IdP's metadata is refreshed from ({@code null}: none). A new URL is due for a
   * refresh at once and forgets the old URL's refresh time and error.
   */
  void url(String newUrl) {
    if (!Objects.equals(newUrl, url)) {
      this.url = newUrl;
      this.refreshedAt = null;
      this.attemptedAt = null;
      this.error = null;
    }
  }

  /** A refresh from the metadata URL succeeded. */
  void refreshed(Instant now) {
    this.refreshedAt = now.truncatedTo(ChronoUnit.MICROS); // as the database keeps it
    this.attemptedAt = refreshedAt;
    this.error = null;
  }

  /** A refresh from the metadata URL failed; the IdP settings stay as they were. */
  void failed(String message, Instant now) {
    String e = message == null || message.isBlank() ? "The refresh failed." : message.strip();
    this.attemptedAt = now.truncatedTo(ChronoUnit.MICROS);
    this.error = e.length() > MAX_ERROR_LENGTH ? e.substring(0, MAX_ERROR_LENGTH) : e;
  }

  String url() {
    return url;
  }

  Instant refreshedAt() {
    return refreshedAt;
  }

  Instant attemptedAt() {
    return attemptedAt;
  }

  String error() {
    return error;
  }
}
