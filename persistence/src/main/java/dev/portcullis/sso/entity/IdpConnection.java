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
import java.util.UUID;

/**
 * An additional IdP of an organization (PRODUCT §6: several IdPs per organization): its own entity
 * ID, SSO URL and binding, signing certificates ({@link IdpCertificate#getConnectionId}) and
 * postback URL, bound to some of the organization's verified domains ({@link IdpDomain}). The
 * organization's policies and SP key pair stay in {@link SsoSettings}, whose IdP is the primary
 * one: the verified domains bound to no connection log in there.
 */
@Entity
@Table(name = "sso_idp_connection")
@NamedQuery(
    name = "IdpConnection.byOrganization",
    query =
        "select c from IdpConnection c where c.organizationId = :org order by c.createdAt, c.id")
public class IdpConnection {

  public static final int MAX_NAME_LENGTH = 100;

  /** How many connections an organization may have besides its primary IdP. */
  public static final int MAX_PER_ORGANIZATION = 20;

  @Id
  @Column(length = 36)
  private String id;

  @Column(name = "organization_id", nullable = false, length = 36)
  private String organizationId;

  @Column(nullable = false, length = MAX_NAME_LENGTH)
  private String name;

  @Column(name = "idp_entity_id", length = SsoSettings.MAX_ENTITY_ID_LENGTH)
  private String idpEntityId;

  @Column(name = "idp_sso_url", length = SsoSettings.MAX_URL_LENGTH)
  private String idpSsoUrl;

  @Enumerated(EnumType.STRING)
  @Column(name = "idp_sso_binding", nullable = false, length = 8)
  private SsoBinding idpSsoBinding = SsoBinding.REDIRECT;

  /** Nullable: EclipseLink leaves it null when all its columns are (see {@link #metadata()}). */
  @Embedded private MetadataSource metadataSource = new MetadataSource();

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Version private long version;

  protected IdpConnection() {}

  public IdpConnection(String organizationId, String name, Instant now) {
    this.id = UUID.randomUUID().toString();
    this.organizationId = Objects.requireNonNull(organizationId);
    this.name = Objects.requireNonNull(name);
    this.createdAt = now;
    this.updatedAt = now;
  }

  /** The IdP settings a login through this connection cannot work without; null when complete. */
  public String missingForLogin(int activeCertificates) {
    return SsoSettings.missingForLogin(idpEntityId, idpSsoUrl, activeCertificates);
  }

  public void rename(String name, Instant now) {
    this.name = Objects.requireNonNull(name);
    this.updatedAt = now;
  }

  public void configureIdp(String entityId, String ssoUrl, SsoBinding binding, Instant now) {
    this.idpEntityId = entityId;
    this.idpSsoUrl = ssoUrl;
    this.idpSsoBinding = Objects.requireNonNull(binding);
    this.updatedAt = now;
  }

  public String getId() {
    return id;
  }

  public String getOrganizationId() {
    return organizationId;
  }

  public String getName() {
    return name;
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
