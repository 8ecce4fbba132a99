package dev.portcullis.sso.web;

import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.web.ConsoleClock;
import dev.portcullis.platform.web.CurrentUser;
import dev.portcullis.platform.web.Pages;
import dev.portcullis.sso.boundary.MetadataRefreshService;
import dev.portcullis.sso.boundary.RecoveryCodeService;
import dev.portcullis.sso.boundary.SsoConfiguration;
import dev.portcullis.sso.boundary.SsoErrorLogService;
import dev.portcullis.sso.boundary.SsoSettingsService;
import dev.portcullis.sso.entity.IdpCertificate;
import dev.portcullis.sso.entity.SsoBinding;
import dev.portcullis.sso.entity.SsoError;
import dev.portcullis.sso.entity.SsoSettings;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.primefaces.event.FileUploadEvent;
import org.primefaces.model.file.UploadedFile;

/**
 * Access Security → Single Sign-On: the switches (SSO, Require SSO, IdP-initiated logins), the
 * organization's own SP values to give the IdP, the IdP form, the signing certificates with upload,
 * removal and metadata import, the SSO error log of the last 7 days, the expiry banner and the
 * setup guides. The page's {@code AccessSecurityView} lets only Owners and Admins of Enterprise
 * organizations get here; the services check the same on every action and audit every change.
 */
@Named
@ViewScoped
public class SingleSignOnView implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Where refusals about a field or an upload show, in place. */
  static final String ENTITY_ID_FIELD = "accessSecurity:idp:entityId";

  static final String SSO_URL_FIELD = "accessSecurity:idp:ssoUrl";
  static final String METADATA_URL_FIELD = "accessSecurity:idp:metadataUrl";
  static final String CERTIFICATE_UPLOAD = "accessSecurity:certificateUpload:certificateFile";
  static final String METADATA_UPLOAD = "accessSecurity:metadataUpload:metadataFile";

  static final String REMOVE_CONFIRMATION = "accessSecurity:removeSso:confirmName";

  /** Larger uploads are refused before they are read (the services allow 64 KB and 1 MB). */
  static final int MAX_CERTIFICATE_BYTES = 64 * 1024;

  static final int MAX_METADATA_BYTES = 1024 * 1024;

  @Inject CurrentUser currentUser;

  @Inject SsoSettingsService sso;

  @Inject MetadataRefreshService refresher;

  @Inject SsoErrorLogService errorLog;

  @Inject RecoveryCodeService recoveryCodes;

  @Inject ConsoleClock clock;

  @Inject IdpConnectionsView idpConnections;

  private String organizationId;
  private String unavailable;
  private boolean enabled;
  private boolean requireSso;
  private boolean allowIdpInitiated;
  private boolean strictSso;
  private boolean idpManagedAccess;
  private boolean everEnabled;
  private String groupAttribute;
  private boolean owner;
  private long recoveryCodesLeft;
  private List<String> newRecoveryCodes = List.of();
  private String idpEntityId;
  private String idpSsoUrl;
  private SsoBinding idpSsoBinding = SsoBinding.REDIRECT;
  private String idpMetadataUrl;
  private String savedMetadataUrl;
  private String metadataRefreshedAt;
  private String metadataRefreshError;
  private String savedEntityId;
  private String savedSsoUrl;
  private String postbackUrl;
  private String spEntityId;
  private String spMetadataUrl;
  private String missingForLogin;
  private List<CertificateRow> certificates = List.of();
  private List<String> warnings = List.of();
  private List<ErrorRow> errors = List.of();
  private List<SetupGuides.Guide> guides = List.of();
  private String removeConfirmation;

  /**
   * Shows the organization's SSO settings (called once the page has checked role and plan). A
   * server without SSO (no key-encryption key configured) shows why instead of the settings.
   */
  public void show(String organizationId) {
    this.organizationId = organizationId;
    try {
      apply(sso.get(currentUser.actor(), organizationId), true);
    } catch (ServiceException e) {
      if (e.kind() != ServiceException.Kind.CONFLICT) {
        throw e;
      }
      unavailable = e.getMessage();
      return;
    }
    readErrors();
    readRecoveryCodes();
  }

  /**
   * Whether the viewer is an Owner (only Owners hold recovery codes) and how many they have left.
   */
  private void readRecoveryCodes() {
    try {
      recoveryCodesLeft = recoveryCodes.remaining(currentUser.actor(), organizationId);
      owner = true;
    } catch (ServiceException e) {
      owner = false;
      recoveryCodesLeft = 0;
    }
  }

  private void apply(SsoConfiguration c, boolean idpForm) {
    Instant now = clock.now();
    SsoSettings s = c.settings();
    enabled = s.isEnabled();
    requireSso = s.isRequireSso();
    strictSso = s.isStrictSso();
    idpManagedAccess = s.isIdpManagedAccess();
    everEnabled = s.getFirstEnabledAt() != null;
    groupAttribute = s.getGroupAttribute();
    allowIdpInitiated = s.isAllowIdpInitiated();
    savedEntityId = s.getIdpEntityId();
    savedSsoUrl = s.getIdpSsoUrl();
    savedMetadataUrl = s.getIdpMetadataUrl();
    metadataRefreshedAt =
        s.getMetadataRefreshedAt() == null ? null : Pages.time(s.getMetadataRefreshedAt());
    metadataRefreshError = s.getMetadataRefreshError();
    if (idpForm) {
      idpEntityId = savedEntityId;
      idpSsoUrl = savedSsoUrl;
      idpSsoBinding = s.getIdpSsoBinding();
      idpMetadataUrl = savedMetadataUrl;
    }
    postbackUrl = c.postbackUrl();
    spEntityId = c.spEntityId();
    spMetadataUrl = c.spMetadataUrl();
    List<CertificateRow> rows = new ArrayList<>();
    for (IdpCertificate cert : c.certificates()) {
      rows.add(new CertificateRow(cert, now));
    }
    certificates = rows;
    missingForLogin =
        s.missingForLogin((int) rows.stream().filter(CertificateRow::isActive).count());
    warnings = warnings(c.certificates(), now);
    guides = SetupGuides.of(postbackUrl, spEntityId, spMetadataUrl);
  }

  /** The banner lines: one per active certificate that expires within 30 days. */
  public static List<String> warnings(List<IdpCertificate> certificates, Instant now) {
    List<String> out = new ArrayList<>();
    for (IdpCertificate c : certificates) {
      if (!c.expiresSoonAt(now)) {
        continue;
      }
      Optional<IdpCertificate> successor =
          certificates.stream()
              .filter(o -> o != c && o.isActiveAt(now) && o.getNotAfter().isAfter(c.getNotAfter()))
              .findFirst();
      out.add(
          "The IdP signing certificate "
              + c.getSubject()
              + " expires on "
              + Pages.time(c.getNotAfter())
              + " (in "
              + days(c.daysLeftAt(now))
              + "). "
              + successor
                  .map(
                      o ->
                          "Another certificate, valid until "
                              + Pages.time(o.getNotAfter())
                              + ", takes over; remove this one once your IdP signs with the new"
                              + " one.")
                  .orElse(
                      "Upload its successor or import your IdP's new metadata before then, or"
                          + " single sign-on stops working."));
    }
    return List.copyOf(out);
  }

  private void readErrors() {
    errors =
        errorLog.recent(currentUser.actor(), organizationId).stream().map(ErrorRow::new).toList();
  }

  /** Reads everything again after a failed change (the service rolled it back). */
  private void reload(boolean idpForm) {
    try {
      apply(sso.get(currentUser.actor(), organizationId), idpForm);
      readErrors();
    } catch (ServiceException e) {
      Pages.info("You no longer administer this organization.");
      Pages.redirect("/console/index");
    }
  }

  /** The single sign-on switch; turning it off turns Require SSO off too. */
  public void saveEnabled() {
    boolean wanted = enabled;
    boolean wasRequired = requireSso;
    Boolean required = wanted ? null : Boolean.FALSE;
    // The first time SSO goes on, IdP Managed Access (recommended) is preselected with it.
    boolean preselect = wanted && !everEnabled && !idpManagedAccess;
    Boolean managed = preselect ? Boolean.TRUE : null;
    if (change(new SsoSettingsService.Changes(wanted, required, managed, null, null, null, null))) {
      Pages.info(
          wanted
              ? "Single sign-on is on: members of your verified domains can log in through your"
                  + " IdP."
                  + (preselect
                      ? " IdP Managed Access is on too (recommended): people of your domains"
                          + " join at their first SSO login. Turn it off below if you add"
                          + " members yourself."
                      : "")
              : "Single sign-on is off"
                  + (wasRequired ? " and no longer required" : "")
                  + ": everyone logs in with their password.");
    }
  }

  /** The Require SSO switch. */
  public void saveRequireSso() {
    boolean wanted = requireSso;
    if (change(new SsoSettingsService.Changes(null, wanted, null, null, null, null, null))) {
      Pages.info(
          wanted
              ? "SSO is required: users of your verified domains must log in through your IdP;"
                  + " Owners and Admins keep their password for emergencies."
              : "SSO is no longer required: users may log in with their password too.");
    }
  }

  /** The IdP Managed Access switch: JIT provisioning, sign-up and access requests through SSO. */
  public void saveIdpManagedAccess() {
    boolean wanted = idpManagedAccess;
    if (change(new SsoSettingsService.Changes(null, null, wanted, null, null, null, null))) {
      Pages.info(
          wanted
              ? "IdP Managed Access is on: people of your verified domains whom your IdP lets in"
                  + " join as Members at their first SSO login; sign-ups and access requests"
                  + " of your domains go through SSO."
              : "IdP Managed Access is off: only existing members log in with SSO; you add"
                  + " members yourself (or through SCIM).");
    }
  }

  /** Saves the attribute whose values name the teams an SSO login joins. */
  public void saveGroupAttribute() {
    String wanted = groupAttribute;
    if (change(
        new SsoSettingsService.Changes(
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            Optional.ofNullable(Pages.blankToNull(wanted))))) {
      Pages.info(
          groupAttribute == null
              ? "Teams follow the groups your IdP sends under its usual attribute names."
              : "Teams follow the groups your IdP sends in the attribute " + groupAttribute + ".");
    }
  }

  /** The strict SSO switch (Owners only): nobody keeps a password, Owners use recovery codes. */
  public void saveStrictSso() {
    boolean wanted = strictSso;
    if (change(new SsoSettingsService.Changes(null, null, null, null, null, null, null, wanted))) {
      Pages.info(
          wanted
              ? "Strict SSO is on: nobody of your verified domains logs in with a password, Owners"
                  + " and Admins included. Owners use their recovery codes if the IdP fails."
              : "Strict SSO is off: Owners and Admins keep their password for emergencies.");
    }
  }

  /** Ten new recovery codes for the viewing Owner, shown on the page this once. */
  public void generateRecoveryCodes() {
    try {
      newRecoveryCodes = recoveryCodes.generate(currentUser.actor(), organizationId);
      recoveryCodesLeft = newRecoveryCodes.size();
      Pages.info(
          "Your new recovery codes are below. Keep them somewhere safe: they are not shown again,"
              + " and your earlier unused codes no longer work.");
    } catch (ServiceException e) {
      Pages.error(e);
    }
  }

  /** The switch for logins started at the IdP (app tiles). */
  public void saveAllowIdpInitiated() {
    boolean wanted = allowIdpInitiated;
    if (change(new SsoSettingsService.Changes(null, null, null, null, null, wanted, null))) {
      Pages.info(
          wanted
              ? "Logins started at your IdP (its app tiles) are accepted."
              : "Logins started at your IdP are refused; users start at the Portcullis login"
                  + " page.");
    }
  }

  private boolean change(SsoSettingsService.Changes changes) {
    try {
      apply(sso.update(currentUser.actor(), organizationId, changes), false);
      return true;
    } catch (ServiceException e) {
      Pages.error(e);
      reload(false);
      return false;
    }
  }

  /** Save of the IdP form (entity ID, SSO URL and its binding, metadata URL). */
  public void saveIdp() {
    try {
      apply(
          sso.update(
              currentUser.actor(),
              organizationId,
              new SsoSettingsService.Changes(
                  null,
                  null,
                  null,
                  Optional.ofNullable(Pages.blankToNull(idpEntityId)),
                  Optional.ofNullable(Pages.blankToNull(idpSsoUrl)),
                  null,
                  idpSsoBinding,
                  null,
                  null,
                  Optional.ofNullable(Pages.blankToNull(idpMetadataUrl)))),
          true);
      Pages.info("The IdP settings are saved.");
    } catch (ServiceException e) {
      Pages.error(idpFieldOf(e), e.getMessage());
    }
  }

  private static String idpFieldOf(ServiceException e) {
    return switch (e.code()) {
      case "invalid_entity_id" -> ENTITY_ID_FIELD;
      case "invalid_sso_url" -> SSO_URL_FIELD;
      case "invalid_metadata_url" -> METADATA_URL_FIELD;
      default -> null;
    };
  }

  /**
   * Refresh now: fetches the saved IdP metadata URL and applies it as an import does; a failure
   * shows its problem at the URL field and as the last refresh error, and changes nothing else.
   */
  public void refreshMetadata() {
    try {
      apply(refresher.refresh(currentUser.actor(), organizationId), true);
      Pages.info(
          "IdP metadata refreshed from "
              + savedMetadataUrl
              + ": entity ID "
              + savedEntityId
              + ", SSO URL "
              + savedSsoUrl
              + ", "
              + (certificates.size() == 1 ? "1 certificate" : certificates.size() + " certificates")
              + ".");
    } catch (ServiceException e) {
      Pages.error(METADATA_URL_FIELD, e.getMessage());
      reload(true);
    }
  }

  /** Upload certificate: a .cer/.cert/.crt/.pem file, PEM or DER. */
  public void uploadCertificate(FileUploadEvent event) {
    byte[] bytes = read(event.getFile(), MAX_CERTIFICATE_BYTES, CERTIFICATE_UPLOAD);
    if (bytes == null) {
      return;
    }
    IdpCertificate added;
    try {
      added = sso.addCertificate(currentUser.actor(), organizationId, bytes);
    } catch (ServiceException e) {
      Pages.error(CERTIFICATE_UPLOAD, e.getMessage());
      return;
    }
    certificateAdded(added);
    reload(false);
  }

  /** Tells the admin which certificate was added and when it expires (both IdP forms). */
  static void certificateAdded(IdpCertificate added) {
    Pages.info(
        "Certificate "
            + added.getSubject()
            + " added; it expires on "
            + Pages.time(added.getNotAfter())
            + ".");
  }

  /** Import IdP metadata: an XML file that sets entity ID, SSO URL and certificates. */
  public void importMetadata(FileUploadEvent event) {
    byte[] bytes = read(event.getFile(), MAX_METADATA_BYTES, METADATA_UPLOAD);
    if (bytes == null) {
      return;
    }
    try {
      apply(sso.importMetadata(currentUser.actor(), organizationId, bytes), true);
    } catch (ServiceException e) {
      Pages.error(METADATA_UPLOAD, e.getMessage());
      return;
    }
    Pages.info(
        "IdP metadata imported: entity ID "
            + savedEntityId
            + ", SSO URL "
            + savedSsoUrl
            + ", "
            + (certificates.size() == 1 ? "1 certificate" : certificates.size() + " certificates")
            + ".");
  }

  /** The uploaded file's bytes; null (with the refusal shown at {@code field}) when unusable. */
  static byte[] read(UploadedFile file, int max, String field) {
    if (file == null || file.getSize() == 0) {
      Pages.error(field, "The file is empty.");
      return null;
    }
    if (file.getSize() > max) {
      Pages.error(field, "The file is larger than " + max / 1024 + " KB.");
      return null;
    }
    try (InputStream in = file.getInputStream()) {
      return in.readNBytes(max);
    } catch (IOException e) {
      Pages.error(field, "The file could not be read; try again.");
      return null;
    }
  }

  public void removeCertificate(CertificateRow row) {
    try {
      sso.removeCertificate(currentUser.actor(), organizationId, row.getId());
      Pages.info("Certificate " + row.getSubject() + " removed.");
    } catch (ServiceException e) {
      Pages.error(e);
    }
    reload(false);
  }

  /**
   * Remove SSO Configuration, once the admin has typed the organization's name: the IdP settings,
   * certificates, SP keys and login state go; the page then shows a new, empty configuration.
   */
  public void removeConfiguration(String organizationName) {
    String typed = removeConfirmation == null ? "" : removeConfirmation.strip();
    if (organizationName == null || !typed.equals(organizationName.strip())) {
      Pages.error(
          REMOVE_CONFIRMATION,
          "Type the organization's name, " + organizationName + ", exactly to confirm.");
      return;
    }
    try {
      sso.removeConfiguration(currentUser.actor(), organizationId);
      removeConfirmation = null;
      idpConnections.closeEditor();
      idpConnections.show(organizationId);
      Pages.info(
          "The SSO configuration of "
              + organizationName
              + " is removed. Your service provider has a new signing key: give your IdP the new"
              + " metadata if you set single sign-on up again.");
    } catch (ServiceException e) {
      Pages.error(e);
    }
    reload(true);
  }

  public String getRemoveConfirmation() {
    return removeConfirmation;
  }

  public void setRemoveConfirmation(String removeConfirmation) {
    this.removeConfirmation = removeConfirmation;
  }

  /** Refresh of the error log (while an admin tries a login in another window). */
  public void refreshErrors() {
    reload(false);
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean isRequireSso() {
    return requireSso;
  }

  public void setRequireSso(boolean requireSso) {
    this.requireSso = requireSso;
  }

  public boolean isAllowIdpInitiated() {
    return allowIdpInitiated;
  }

  public boolean isStrictSso() {
    return strictSso;
  }

  public void setStrictSso(boolean strictSso) {
    this.strictSso = strictSso;
  }

  public boolean isIdpManagedAccess() {
    return idpManagedAccess;
  }

  public void setIdpManagedAccess(boolean idpManagedAccess) {
    this.idpManagedAccess = idpManagedAccess;
  }

  public String getGroupAttribute() {
    return groupAttribute;
  }

  public void setGroupAttribute(String groupAttribute) {
    this.groupAttribute = groupAttribute;
  }

  public boolean isOwner() {
    return owner;
  }

  public long getRecoveryCodesLeft() {
    return recoveryCodesLeft;
  }

  public List<String> getNewRecoveryCodes() {
    return newRecoveryCodes;
  }

  public void setAllowIdpInitiated(boolean allowIdpInitiated) {
    this.allowIdpInitiated = allowIdpInitiated;
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

  /** How AuthnRequests travel to the IdP SSO URL (HTTP-Redirect or HTTP-POST). */
  public String getIdpMetadataUrl() {
    return idpMetadataUrl;
  }

  public void setIdpMetadataUrl(String idpMetadataUrl) {
    this.idpMetadataUrl = idpMetadataUrl;
  }

  /** The metadata URL as saved: Refresh now uses it. */
  public String getSavedMetadataUrl() {
    return savedMetadataUrl;
  }

  public String getMetadataRefreshedAt() {
    return metadataRefreshedAt;
  }

  public String getMetadataRefreshError() {
    return metadataRefreshError;
  }

  public SsoBinding getIdpSsoBinding() {
    return idpSsoBinding;
  }

  public void setIdpSsoBinding(SsoBinding idpSsoBinding) {
    this.idpSsoBinding = idpSsoBinding;
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

  /** Why single sign-on cannot be configured on this server, or null. */
  public String getUnavailable() {
    return unavailable;
  }

  /** What SSO cannot be turned on without ("the IdP SSO URL"), or null when complete. */
  public String getMissingForLogin() {
    return missingForLogin;
  }

  public List<CertificateRow> getCertificates() {
    return certificates;
  }

  /** The expiry banner's lines. */
  public List<String> getWarnings() {
    return warnings;
  }

  public List<ErrorRow> getErrors() {
    return errors;
  }

  public List<SetupGuides.Guide> getGuides() {
    return guides;
  }

  public String getNameIdFormat() {
    return SetupGuides.NAME_ID_EMAIL;
  }

  private static String days(long n) {
    return n == 1 ? "1 day" : n + " days";
  }

  /** A certificate as the page lists it. */
  public static final class CertificateRow implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String id;
    private final String subject;
    private final String sha256;
    private final String notAfter;
    private final boolean active;
    private final boolean expiringSoon;
    private final String expiry;

    CertificateRow(IdpCertificate c, Instant now) {
      this.id = c.getId();
      this.subject = c.getSubject();
      this.sha256 = c.getSha256();
      this.notAfter = Pages.time(c.getNotAfter());
      this.active = c.isActiveAt(now);
      this.expiringSoon = c.expiresSoonAt(now);
      this.expiry = active ? "in " + days(c.daysLeftAt(now)) : "expired";
    }

    public String getId() {
      return id;
    }

    public String getSubject() {
      return subject;
    }

    public String getSha256() {
      return sha256;
    }

    public String getNotAfter() {
      return notAfter;
    }

    /** "in 12 days", or "expired". */
    public String getExpiry() {
      return expiry;
    }

    public boolean isActive() {
      return active;
    }

    public boolean isExpiringSoon() {
      return expiringSoon;
    }

    public String getRemoveQuestion() {
      return "Remove the certificate "
          + subject
          + "? Responses signed with it are refused from now on.";
    }
  }

  /** An entry of the SSO error log as the page shows it. */
  public static final class ErrorRow implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String time;
    private final String reference;
    private final String reason;
    private final String email;
    private final String clientAddress;

    ErrorRow(SsoError e) {
      this.time = Pages.time(e.getOccurredAt());
      this.reference = e.getReference();
      this.reason = e.getReason();
      this.email = e.getEmail() == null ? "—" : e.getEmail();
      this.clientAddress = e.getClientAddress() == null ? "—" : e.getClientAddress();
    }

    public String getTime() {
      return time;
    }

    public String getReference() {
      return reference;
    }

    public String getReason() {
      return reason;
    }

    public String getEmail() {
      return email;
    }

    public String getClientAddress() {
      return clientAddress;
    }
  }
}
