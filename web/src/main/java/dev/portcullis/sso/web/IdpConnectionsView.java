package dev.portcullis.sso.web;

import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.web.ConsoleClock;
import dev.portcullis.platform.web.CurrentUser;
import dev.portcullis.platform.web.Pages;
import dev.portcullis.sso.boundary.IdpConnectionService;
import dev.portcullis.sso.boundary.IdpConnectionView;
import dev.portcullis.sso.boundary.MetadataRefreshService;
import dev.portcullis.sso.control.SsoUrls;
import dev.portcullis.sso.entity.IdpCertificate;
import dev.portcullis.sso.entity.IdpConnection;
import dev.portcullis.sso.entity.SsoBinding;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.primefaces.event.FileUploadEvent;

/**
 * Access Security → Single Sign-On → Additional identity providers: the organization's IdP
 * connections besides its primary IdP, each with its own postback URL, SP entity ID and metadata,
 * bound to some of the verified domains; add, edit (IdP settings, domains, certificates, metadata
 * import), remove. The services check role and plan on every action and audit every change.
 */
@Named
@ViewScoped
public class IdpConnectionsView implements Serializable {

  private static final long serialVersionUID = 1L;

  static final String NAME_FIELD = "accessSecurity:idpEditor:idpName";
  static final String ENTITY_ID_FIELD = "accessSecurity:idpEditor:idpEntityId";
  static final String SSO_URL_FIELD = "accessSecurity:idpEditor:idpSsoUrl";
  static final String METADATA_URL_FIELD = "accessSecurity:idpEditor:idpMetadataUrl";
  static final String DOMAINS_FIELD = "accessSecurity:idpEditor:idpDomains";
  static final String CERTIFICATE_UPLOAD = "accessSecurity:idpCertificateUpload:idpCertificateFile";
  static final String METADATA_UPLOAD = "accessSecurity:idpMetadataUpload:idpMetadataFile";

  @Inject CurrentUser currentUser;

  @Inject IdpConnectionService connections;

  @Inject MetadataRefreshService refresher;

  @Inject ConsoleClock clock;

  private String organizationId;
  private List<Row> rows = List.of();
  private List<String> verifiedDomains = List.of();

  /** The editor: open for a new connection ({@code editingId} null) or an existing one. */
  private boolean editorOpen;

  private String editingId;
  private String name;
  private String idpEntityId;
  private String idpSsoUrl;
  private SsoBinding idpSsoBinding = SsoBinding.REDIRECT;
  private String idpMetadataUrl;
  private Row saved;
  private List<String> domains = new ArrayList<>();
  private List<SingleSignOnView.CertificateRow> certificates = List.of();

  public void show(String organizationId) {
    this.organizationId = organizationId;
    read();
  }

  private void read() {
    Instant now = clock.now();
    rows =
        connections.list(currentUser.actor(), organizationId).stream()
            .map(v -> new Row(v, now))
            .toList();
    verifiedDomains = connections.verifiedDomains(currentUser.actor(), organizationId);
    if (editingId != null) {
      rows.stream()
          .filter(r -> r.getId().equals(editingId))
          .findFirst()
          .ifPresentOrElse(
              r -> {
                certificates = r.certificates;
                saved = r;
              },
              this::closeEditor);
    }
  }

  /** Add identity provider: an empty editor. */
  public void add() {
    editorOpen = true;
    editingId = null;
    name = null;
    idpEntityId = null;
    idpSsoUrl = null;
    idpSsoBinding = SsoBinding.REDIRECT;
    idpMetadataUrl = null;
    saved = null;
    domains = new ArrayList<>();
    certificates = List.of();
  }

  public void edit(Row row) {
    editorOpen = true;
    editingId = row.getId();
    name = row.getName();
    idpEntityId = row.getIdpEntityId();
    idpSsoUrl = row.getIdpSsoUrl();
    idpSsoBinding = row.binding;
    idpMetadataUrl = row.metadataUrl;
    saved = row;
    domains = new ArrayList<>(row.domainList);
    certificates = row.certificates;
  }

  public void closeEditor() {
    editorOpen = false;
    editingId = null;
    saved = null;
    certificates = List.of();
  }

  public void save() {
    IdpConnectionService.Changes changes =
        new IdpConnectionService.Changes(
            Optional.ofNullable(Pages.blankToNull(name)),
            Optional.ofNullable(Pages.blankToNull(idpEntityId)),
            Optional.ofNullable(Pages.blankToNull(idpSsoUrl)),
            idpSsoBinding,
            domains == null ? List.of() : List.copyOf(domains),
            Optional.ofNullable(Pages.blankToNull(idpMetadataUrl)));
    try {
      IdpConnectionView saved =
          editingId == null
              ? connections.create(currentUser.actor(), organizationId, changes)
              : connections.update(currentUser.actor(), organizationId, editingId, changes);
      editingId = saved.connection().getId();
      Pages.info(
          "The identity provider "
              + saved.connection().getName()
              + " is saved"
              + (saved.domains().isEmpty()
                  ? "; bind a verified domain to it so that its users log in there."
                  : ": " + String.join(", ", saved.domains()) + " log in through it."));
    } catch (ServiceException e) {
      Pages.error(fieldOf(e), e.getMessage());
      return;
    }
    read();
  }

  public void remove(Row row) {
    try {
      connections.delete(currentUser.actor(), organizationId, row.getId());
      Pages.info(
          "The identity provider "
              + row.getName()
              + " is removed"
              + (row.domainList.isEmpty()
                  ? "."
                  : "; " + row.getDomains() + " log in through the primary IdP again."));
      if (row.getId().equals(editingId)) {
        closeEditor();
      }
    } catch (ServiceException e) {
      Pages.error(e);
    }
    read();
  }

  public void uploadCertificate(FileUploadEvent event) {
    byte[] bytes =
        SingleSignOnView.read(
            event.getFile(), SingleSignOnView.MAX_CERTIFICATE_BYTES, CERTIFICATE_UPLOAD);
    if (bytes == null || editingId == null) {
      return;
    }
    try {
      IdpCertificate added =
          connections.addCertificate(currentUser.actor(), organizationId, editingId, bytes);
      SingleSignOnView.certificateAdded(added);
    } catch (ServiceException e) {
      Pages.error(CERTIFICATE_UPLOAD, e.getMessage());
      return;
    }
    read();
  }

  public void importMetadata(FileUploadEvent event) {
    byte[] bytes =
        SingleSignOnView.read(
            event.getFile(), SingleSignOnView.MAX_METADATA_BYTES, METADATA_UPLOAD);
    if (bytes == null || editingId == null) {
      return;
    }
    try {
      IdpConnection c =
          connections
              .importMetadata(currentUser.actor(), organizationId, editingId, bytes)
              .connection();
      idpEntityId = c.getIdpEntityId();
      idpSsoUrl = c.getIdpSsoUrl();
      idpSsoBinding = c.getIdpSsoBinding();
      Pages.info(
          "IdP metadata imported: entity ID " + idpEntityId + ", SSO URL " + idpSsoUrl + ".");
    } catch (ServiceException e) {
      Pages.error(METADATA_UPLOAD, e.getMessage());
      return;
    }
    read();
  }

  /** Refresh now from the saved metadata URL of the connection being edited. */
  public void refreshMetadata() {
    if (editingId == null) {
      return;
    }
    try {
      IdpConnection c =
          refresher.refresh(currentUser.actor(), organizationId, editingId).connection();
      idpEntityId = c.getIdpEntityId();
      idpSsoUrl = c.getIdpSsoUrl();
      idpSsoBinding = c.getIdpSsoBinding();
      Pages.info(
          "IdP metadata refreshed from "
              + c.getIdpMetadataUrl()
              + ": entity ID "
              + idpEntityId
              + ", SSO URL "
              + idpSsoUrl
              + ".");
    } catch (ServiceException e) {
      Pages.error(METADATA_URL_FIELD, e.getMessage());
    }
    read();
  }

  public void removeCertificate(SingleSignOnView.CertificateRow cert) {
    try {
      connections.removeCertificate(currentUser.actor(), organizationId, editingId, cert.getId());
      Pages.info("Certificate " + cert.getSubject() + " removed.");
    } catch (ServiceException e) {
      Pages.error(e);
    }
    read();
  }

  private static String fieldOf(ServiceException e) {
    return switch (e.code()) {
      case "invalid_name" -> NAME_FIELD;
      case "invalid_entity_id" -> ENTITY_ID_FIELD;
      case "invalid_sso_url" -> SSO_URL_FIELD;
      case "invalid_metadata_url" -> METADATA_URL_FIELD;
      case "domain_not_verified", "domain_bound" -> DOMAINS_FIELD;
      default -> null;
    };
  }

  public List<Row> getRows() {
    return rows;
  }

  public List<String> getVerifiedDomains() {
    return verifiedDomains;
  }

  public boolean isEditorOpen() {
    return editorOpen;
  }

  /** Whether the editor shows a saved connection (certificates can be added then). */
  public boolean isEditingSaved() {
    return editorOpen && editingId != null;
  }

  public String getEditorTitle() {
    return editingId == null ? "New identity provider" : "Identity provider " + name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getIdpEntityId() {
    return idpEntityId;
  }

  public void setIdpEntityId(String idpEntityId) {
    this.idpEntityId = idpEntityId;
  }

  public String getIdpSsoUrl() {
    return idpSsoUrl;
  }

  public void setIdpSsoUrl(String idpSsoUrl) {
    this.idpSsoUrl = idpSsoUrl;
  }

  public SsoBinding getIdpSsoBinding() {
    return idpSsoBinding;
  }

  public void setIdpSsoBinding(SsoBinding idpSsoBinding) {
    this.idpSsoBinding = idpSsoBinding;
  }

  public String getIdpMetadataUrl() {
    return idpMetadataUrl;
  }

  public void setIdpMetadataUrl(String idpMetadataUrl) {
    this.idpMetadataUrl = idpMetadataUrl;
  }

  /** The saved metadata URL of the connection being edited: Refresh now uses it. */
  public String getSavedMetadataUrl() {
    return saved == null ? null : saved.metadataUrl;
  }

  public String getMetadataRefreshedAt() {
    return saved == null ? null : saved.metadataRefreshedAt;
  }

  public String getMetadataRefreshError() {
    return saved == null ? null : saved.metadataRefreshError;
  }

  public List<String> getDomains() {
    return domains;
  }

  public void setDomains(List<String> domains) {
    this.domains = domains == null ? new ArrayList<>() : new ArrayList<>(domains);
  }

  public List<SingleSignOnView.CertificateRow> getCertificates() {
    return certificates;
  }

  /** A connection as the page lists it. */
  public static final class Row implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String id;
    private final String name;
    private final String idpEntityId;
    private final String idpSsoUrl;
    private final SsoBinding binding;
    private final String metadataUrl;
    private final String metadataRefreshedAt;
    private final String metadataRefreshError;
    private final List<String> domainList;
    private final String postbackUrl;
    private final String spEntityId;
    private final String spMetadataUrl;
    private final String testPath;
    private final String missing;
    private final List<SingleSignOnView.CertificateRow> certificates;

    Row(IdpConnectionView v, Instant now) {
      IdpConnection c = v.connection();
      this.id = c.getId();
      this.name = c.getName();
      this.idpEntityId = c.getIdpEntityId();
      this.idpSsoUrl = c.getIdpSsoUrl();
      this.binding = c.getIdpSsoBinding();
      this.metadataUrl = c.getIdpMetadataUrl();
      this.metadataRefreshedAt =
          c.getMetadataRefreshedAt() == null ? null : Pages.time(c.getMetadataRefreshedAt());
      this.metadataRefreshError = c.getMetadataRefreshError();
      this.domainList = List.copyOf(v.domains());
      this.postbackUrl = v.postbackUrl();
      this.spEntityId = v.spEntityId();
      this.spMetadataUrl = v.spMetadataUrl();
      this.testPath = SsoUrls.testPath(c.getOrganizationId(), c.getId());
      List<SingleSignOnView.CertificateRow> certs = new ArrayList<>();
      v.certificates().forEach(x -> certs.add(new SingleSignOnView.CertificateRow(x, now)));
      this.certificates = List.copyOf(certs);
      this.missing =
          c.missingForLogin(
              (int) certs.stream().filter(SingleSignOnView.CertificateRow::isActive).count());
    }

    public String getId() {
      return id;
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

    /** The bound domains, or a dash. */
    public String getDomains() {
      return domainList.isEmpty() ? "—" : String.join(", ", domainList);
    }

    public String getPostbackUrl() {
      return postbackUrl;
    }

    public String getSpEntityId() {
      return spEntityId;
    }

    public String getSpMetadataUrl() {
      return spMetadataUrl;
    }

    public String getTestPath() {
      return testPath;
    }

    /** "Ready", or what a login through it lacks. */
    public String getStatus() {
      return missing == null ? "Ready" : "Needs " + missing;
    }

    public boolean isReady() {
      return missing == null;
    }

    public int getCertificateCount() {
      return certificates.size();
    }

    public String getRemoveQuestion() {
      return "Remove the identity provider "
          + name
          + "? "
          + (domainList.isEmpty()
              ? "No domain logs in through it."
              : String.join(", ", domainList) + " will log in through the primary IdP again.");
    }
  }
}
