package dev.portcullis.sso.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;

/**
 * An organization's SAML settings and its own service-provider key pair. The private key is kept
 * only in encrypted form ({@code spPrivateKey} is ciphertext, base64); the entity never sees the
 * key-encryption key.
 */
@Entity
@Table(name = "sso_settings")
/*
 * What an SSO login needs to know of its organization, in one round trip: the organization, its
 * SSO settings and whether Shared SSO links it to an admin organization (the link's id, or null).
 */
@NamedQuery(
    name = "SsoSettings.forLogin",
    query =
        "select o, s, l.organizationId from Organization o"
            + " join SsoSettings s on s.organizationId = o.id"
            + " left join SsoLink l on l.organizationId = o.id"
            + " where o.id = :org")
public class SsoSettings {

  public static final int MAX_ENTITY_ID_LENGTH = 1024;
  public static final int MAX_URL_LENGTH = 2048;

  @Id
  @Column(name = "organization_id", length = 36)
  private String organizationId;

  @Column(nullable = false)
  private boolean enabled;

  @Column(name = "require_sso", nullable = false)
  private boolean requireSso;

  /**
   * IdP Managed Access: a successful SSO login of someone of the verified domains who is not a
   * member adds them (JIT provisioning); sign-up and access requests of the domains go through SSO.
   */
  @Column(name = "idp_managed_access", nullable = false)
  private boolean idpManagedAccess;

  public static final int MAX_GROUP_ATTRIBUTE_LENGTH = 256;

  /** The attribute naming the teams an SSO login joins; null: the usual group attributes. */
  @Column(name = "group_attribute", length = MAX_GROUP_ATTRIBUTE_LENGTH)
  private String groupAttribute;

  /** When single sign-on was first turned on; null while it never was. */
  @Column(name = "first_enabled_at")
  private Instant firstEnabledAt;

  @Column(name = "allow_idp_initiated", nullable = false)
  private boolean allowIdpInitiated;

  /**
   * Strict SSO: under Require SSO not even Owners and Admins log in with a password; Owners use
   * their recovery codes when the IdP fails them.
   */
  @Column(name = "strict_sso", nullable = false)
  private boolean strictSso;

  @Column(name = "idp_entity_id", length = MAX_ENTITY_ID_LENGTH)
  private String idpEntityId;

  @Column(name = "idp_sso_url", length = MAX_URL_LENGTH)
  private String idpSsoUrl;

  @Enumerated(EnumType.STRING)
  @Column(name = "idp_sso_binding", nullable = false, length = 8)
  private SsoBinding idpSsoBinding = SsoBinding.REDIRECT;

  @Column(name = "sp_private_key", nullable = false, length = 8000)
  private String spPrivateKey;

  @Column(name = "sp_certificate", nullable = false, length = 8000)
  private String spCertificate;

  /** Nullable: EclipseLink leaves it null when all its columns are (see {@link #metadata()}). */
  @Embedded private MetadataSource metadataSource = new MetadataSource();

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Version private long version;

  protected SsoSettings() {}

  /** New settings: SSO off, IdP-initiated logins allowed (IdP app tiles need them). */
  public SsoSettings(
      String organizationId, String encryptedPrivateKey, String certificate, Instant now) {
    this.organizationId = Objects.requireNonNull(organizationId);
    this.spPrivateKey = Objects.requireNonNull(encryptedPrivateKey);
    this.spCertificate = Objects.requireNonNull(certificate);
    this.allowIdpInitiated = true;
    this.createdAt = now;
    this.updatedAt = now;
  }

  /** The IdP settings SSO cannot work without; {@code null} when complete. */
  public String missingForLogin(int activeCertificates) {
    return missingForLogin(idpEntityId, idpSsoUrl, activeCertificates);
  }

  /** What an IdP with these settings lacks for logins; {@code null} when complete. */
  public static String missingForLogin(
      String idpEntityId, String idpSsoUrl, int activeCertificates) {
    if (idpEntityId == null) {
      return "the IdP entity ID";
    }
    if (idpSsoUrl == null) {
      return "the IdP SSO URL";
    }
    if (activeCertificates == 0) {
      return "an IdP signing certificate";
    }
    return null;
  }

  public void configureIdp(String entityId, String ssoUrl, Instant now) {
    this.idpEntityId = entityId;
    this.idpSsoUrl = ssoUrl;
    this.updatedAt = now;
  }

  /** The IdP's SSO URL with the binding AuthnRequests must use there. */
  public void configureIdp(String entityId, String ssoUrl, SsoBinding binding, Instant now) {
    configureIdp(entityId, ssoUrl, now);
    this.idpSsoBinding = Objects.requireNonNull(binding);
  }

  public void changePolicy(
      boolean enabled, boolean requireSso, boolean idpManagedAccess, Instant now) {
    if (enabled && firstEnabledAt == null) {
      firstEnabledAt = now;
    }
    this.enabled = enabled;
    this.requireSso = requireSso;
    this.idpManagedAccess = idpManagedAccess;
    this.updatedAt = now;
  }

  public void strictSso(boolean strict, Instant now) {
    this.strictSso = strict;
    this.updatedAt = now;
  }

  public Instant getFirstEnabledAt() {
    return firstEnabledAt;
  }

  public String getGroupAttribute() {
    return groupAttribute;
  }

  public void groupAttribute(String attribute, Instant now) {
    this.groupAttribute = attribute;
    this.updatedAt = now;
  }

  public boolean isStrictSso() {
    return strictSso;
  }

  public void allowIdpInitiated(boolean allowed, Instant now) {
    this.allowIdpInitiated = allowed;
    this.updatedAt = now;
  }

  public String getOrganizationId() {
    return organizationId;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public boolean isRequireSso() {
    return requireSso;
  }

  public boolean isIdpManagedAccess() {
    return idpManagedAccess;
  }

  public boolean isAllowIdpInitiated() {
    return allowIdpInitiated;
  }

  public String getIdpEntityId() {
    return idpEntityId;
  }

  public String getIdpSsoUrl() {
    return idpSsoUrl;
  }

  public SsoBinding getIdpSsoBinding() {
    return idpSsoBinding;
  }

  public String getSpPrivateKey() {
    return spPrivateKey;
  }

  public String getSpCertificate() {
    return spCertificate;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }

  /** See {@link MetadataSource#url(String)}. */
  public void idpMetadataUrl(String url) {
    metadata().url(url);
  }

  /** A refresh from the metadata URL succeeded. */
  public void metadataRefreshed(Instant now) {
    metadata().refreshed(now);
  }

  /** A refresh from the metadata URL failed; the IdP settings stay as they were. */
  public void metadataRefreshFailed(String error, Instant now) {
    metadata().failed(error, now);
  }

  public String getIdpMetadataUrl() {
    return metadata().url();
  }

  public Instant getMetadataRefreshedAt() {
    return metadata().refreshedAt();
  }

  public Instant getMetadataRefreshAttemptedAt() {
    return metadata().attemptedAt();
  }

  public String getMetadataRefreshError() {
    return metadata().error();
  }

  private MetadataSource metadata() {
    if (metadataSource == null) {
      metadataSource = new MetadataSource();
    }
    return metadataSource;
  }
}
