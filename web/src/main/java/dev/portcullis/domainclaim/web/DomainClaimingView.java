package dev.portcullis.domainclaim.web;

import dev.portcullis.domainclaim.boundary.DomainClaimService;
import dev.portcullis.domainclaim.entity.CheckResult;
import dev.portcullis.domainclaim.entity.ClaimStatus;
import dev.portcullis.domainclaim.entity.DomainClaim;
import dev.portcullis.domainclaim.entity.VerificationPolicy;
import dev.portcullis.platform.boundary.LoginService;
import dev.portcullis.platform.boundary.ReconfirmationService;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.boundary.StepUp;
import dev.portcullis.platform.web.CurrentUser;
import dev.portcullis.platform.web.Pages;
import dev.portcullis.sso.boundary.SharedSsoService;
import dev.portcullis.sso.boundary.SsoLoginService;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.primefaces.PrimeFaces;

/**
 * Access Security → Domain Claiming: the organization's claims with their status and checks, the
 * TXT record to publish, "Add a Domain" (with the password re-entered), Verify now, Remove and
 * Claim again. The page's {@code AccessSecurityView} lets only Owners and Admins in and hands over
 * the organization; the service checks the same on every action.
 *
 * <p>An admin without a password (provisioned by SSO or SCIM) confirms a claim through their
 * identity provider instead (PRODUCT §2): "Confirm through your identity provider" checks the
 * domain, then sends them to {@code /console/reconfirm}, which logs them in again at the IdP and
 * brings them back here ({@code claim} parameter) with the dialog open and a re-confirmation on
 * their session, which Submit Claim spends.
 */
@Named
@ViewScoped
public class DomainClaimingView implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Where the dialog shows refusals about the domain and about the password. */
  static final String DOMAIN_FIELD = "addDomain:domain";

  static final String PASSWORD_FIELD = "addDomain:password";

  /** Where the dialog shows refusals about the re-confirmation through the IdP. */
  static final String RECONFIRMATION_FIELD = "addDomain:reconfirmState";

  @Inject CurrentUser currentUser;

  @Inject DomainClaimService claims;

  @Inject SharedSsoService sharing;

  @Inject LoginService login;

  @Inject SsoLoginService sso;

  @Inject ReconfirmationService reconfirmations;

  /** Shared SSO: the admin organization verified domains can be transferred to; null: none. */
  private String transferTarget;

  private String organizationId;
  private List<ClaimRow> rows = List.of();
  private List<String> warnings = List.of();
  private String domain;
  private String password;
  private boolean retrying;

  /** The user has a password to re-enter; false: they confirm through their IdP. */
  private boolean passwordRequired = true;

  /** Whose IdP confirms a user without a password; null: none serves their email. */
  private String stepUpIdp;

  /** Until when the session's re-confirmation can be spent; null: it holds none. */
  private Instant reconfirmedUntil;

  /** The domain the admin confirmed for, back from their IdP ({@code claim} parameter). */
  private String returnedDomain;

  /** The dialog opens when the page loads (back from the IdP). */
  private boolean reopen;

  /** Shows the organization's claims (called once the page has checked the user's role). */
  public void show(String organizationId) {
    this.organizationId = organizationId;
    refresh();
    readStepUp();
    if (returnedDomain != null && !returnedDomain.isBlank()) {
      domain = returnedDomain.strip();
      retrying = false;
      reopen = true;
    }
    try {
      SharedSsoService.LinkedOrganization admin =
          sharing.state(currentUser.actor(), organizationId).admin();
      transferTarget = admin == null ? null : admin.name();
    } catch (ServiceException e) {
      transferTarget = null;
    }
  }

  public String getTransferTarget() {
    return transferTarget;
  }

  /** Shared SSO: moves a verified domain to the admin organization (Owners; audited both sides). */
  public void transfer(ClaimRow row) {
    try {
      sharing.transferDomain(currentUser.actor(), organizationId, row.getId());
      Pages.info(
          row.getDomain()
              + " now belongs to "
              + transferTarget
              + "; its people log in through "
              + transferTarget
              + "'s identity provider.");
    } catch (ServiceException e) {
      Pages.error(e);
    }
    reload();
  }

  private void refresh() {
    List<DomainClaim> list = claims.list(currentUser.actor(), organizationId);
    rows = list.stream().map(ClaimRow::new).toList();
    warnings = rows.stream().map(ClaimRow::getWarning).filter(Objects::nonNull).toList();
  }

  private void reload() {
    try {
      refresh();
    } catch (ServiceException e) {
      Pages.info("You no longer administer this organization.");
      Pages.redirect("/console/index");
    }
  }

  /** "Add a Domain": an empty dialog. */
  public void startAdding() {
    domain = null;
    password = null;
    retrying = false;
    readStepUp();
  }

  /** "Claim again" on an expired, unverified or rejected claim: the dialog for its domain. */
  public void startRetry(ClaimRow row) {
    domain = row.getDomain();
    password = null;
    retrying = true;
    readStepUp();
  }

  /** How this user confirms a claim, and whether their session holds a re-confirmation. */
  private void readStepUp() {
    passwordRequired = login.hasPassword(currentUser.actor());
    if (passwordRequired) {
      stepUpIdp = null;
      reconfirmedUntil = null;
      return;
    }
    stepUpIdp = sso.stepUpIdp(currentUser.actor()).orElse(null);
    String held = currentUser.getReconfirmation();
    reconfirmedUntil =
        held == null ? null : reconfirmations.usableUntil(currentUser.actor(), held).orElse(null);
  }

  /**
   * "Confirm through your identity provider" (users without a password): checks the domain first,
   * so the trip to the IdP is not wasted on a claim that would be refused, then goes there; the
   * page comes back with the dialog open.
   */
  public void confirmThroughIdp() {
    String typed = Pages.blankToNull(domain);
    if (typed == null) {
      Pages.error(DOMAIN_FIELD, "Enter the domain to claim first.");
      return;
    }
    String normalized;
    try {
      normalized = claims.claimable(currentUser.actor(), organizationId, typed);
    } catch (ServiceException e) {
      Pages.error(fieldOf(e), e.getMessage());
      return;
    }
    ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
    try {
      external.redirect(
          external.getRequestContextPath()
              + "/console/reconfirm?org="
              + URLEncoder.encode(organizationId, StandardCharsets.UTF_8)
              + "&domain="
              + URLEncoder.encode(normalized, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Submit Claim. On success the dialog closes (callback parameter {@code claimed}). */
  public void claim() {
    StepUp stepUp;
    if (passwordRequired) {
      String typed = password;
      password = null;
      if (typed == null || typed.isEmpty()) {
        Pages.error(PASSWORD_FIELD, "Re-enter your password to confirm the claim.");
        return;
      }
      stepUp = new StepUp.Password(typed);
    } else {
      String held = currentUser.getReconfirmation();
      if (held == null) {
        Pages.error(
            RECONFIRMATION_FIELD,
            "Confirm through your identity provider first: you log in again there and come back"
                + " here.");
        return;
      }
      stepUp = new StepUp.IdpReconfirmation(held);
    }
    DomainClaim claim;
    try {
      claim = claims.claim(currentUser.actor(), organizationId, domain, stepUp);
    } catch (ServiceException e) {
      readStepUp();
      Pages.error(fieldOf(e), e.getMessage());
      return;
    }
    if (!passwordRequired) {
      currentUser.forgetReconfirmation();
      reconfirmedUntil = null;
    }
    Pages.info(
        claim.getDomain()
            + " is claimed. Add its TXT record in your DNS, then press Verify now; Portcullis"
            + " also keeps checking.");
    PrimeFaces.current().ajax().addCallbackParam("claimed", true);
    domain = null;
    retrying = false;
    reload();
  }

  /** Verify now: checks DNS at once and says what it found. */
  public void verifyNow(ClaimRow row) {
    DomainClaim claim;
    try {
      claim = claims.verifyNow(currentUser.actor(), organizationId, row.getId());
    } catch (ServiceException e) {
      Pages.error(e);
      reload();
      return;
    }
    report(row.getStatus(), claim);
    reload();
  }

  public void remove(ClaimRow row) {
    try {
      claims.remove(currentUser.actor(), organizationId, row.getId());
      Pages.info(
          row.getStatus() == ClaimStatus.VERIFIED
              ? row.getDomain()
                  + " was removed; single sign-on and SCIM no longer apply to its users."
              : "The claim on " + row.getDomain() + " was removed.");
    } catch (ServiceException e) {
      Pages.error(e);
    }
    reload();
  }

  private static void report(ClaimStatus before, DomainClaim claim) {
    String domain = claim.getDomain();
    CheckResult result = claim.getLastCheckResult();
    switch (claim.getStatus()) {
      case VERIFIED -> {
        if (result == CheckResult.ABSENT) {
          Pages.warn(
              "The record of "
                  + domain
                  + " was not found. The domain stays verified for now; put the record back"
                  + " before "
                  + Pages.time(claim.unverifiesAt(VerificationPolicy.DEFAULT))
                  + ".");
        } else if (result == CheckResult.UNKNOWN) {
          Pages.warn("DNS did not answer for " + domain + "; nothing changed. Try again later.");
        } else if (before == ClaimStatus.VERIFIED) {
          Pages.info("The record of " + domain + " is in place; the domain stays verified.");
        } else {
          Pages.info(domain + " is verified.");
        }
      }
      case PENDING -> {
        if (result == CheckResult.UNKNOWN) {
          Pages.warn("DNS did not answer for " + domain + "; try again later.");
        } else {
          Pages.warn(
              "The record for "
                  + domain
                  + " was not found yet. DNS changes can take a while to show; Portcullis keeps"
                  + " checking.");
        }
      }
      default ->
          Pages.error(
              domain
                  + " is "
                  + ClaimLabels.status(claim.getStatus()).toLowerCase(Locale.ROOT)
                  + ": "
                  + claim.getStatusReason());
    }
  }

  /**
   * Refusals about the domain show under the domain, step-up refusals under the password (or the
   * re-confirmation, for users without a password).
   */
  private String fieldOf(ServiceException e) {
    return switch (e.code()) {
      case "reauthentication_failed", "too_many_attempts", "idp_reconfirmation_required" ->
          passwordRequired ? PASSWORD_FIELD : RECONFIRMATION_FIELD;
      case "forbidden", "not_found" -> null;
      default -> DOMAIN_FIELD;
    };
  }

  public List<ClaimRow> getRows() {
    return rows;
  }

  /** The missing-record warnings for the page's banner. */
  public List<String> getWarnings() {
    return warnings;
  }

  public String getDomain() {
    return domain;
  }

  public void setDomain(String domain) {
    this.domain = domain;
  }

  public String getPassword() {
    return null;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public boolean isRetrying() {
    return retrying;
  }

  /** Whether the dialog asks for the password (else: the confirmation through the IdP). */
  public boolean isPasswordRequired() {
    return passwordRequired;
  }

  /** Whose IdP confirms this user, e.g. "Acme's identity provider"; null: none serves them. */
  public String getStepUpIdp() {
    return stepUpIdp;
  }

  /** Whether the session holds a re-confirmation the claim can spend. */
  public boolean isReconfirmed() {
    return reconfirmedUntil != null;
  }

  /** What the dialog says about the confirmation through the IdP. */
  public String getReconfirmationState() {
    if (reconfirmedUntil != null) {
      return "Confirmed through your identity provider: submit the claim before "
          + Pages.time(reconfirmedUntil)
          + ". The confirmation serves one claim.";
    }
    if (stepUpIdp == null) {
      return "Your account has no password, and no identity provider serves "
          + currentUser.getEmail()
          + " now (single sign-on is off for its domain), so you cannot confirm a claim. Ask"
          + " another Owner or Admin to claim the domain.";
    }
    return "Your account has no password: you sign in through "
        + stepUpIdp
        + ". Confirm there — you log in again — and you come back here to submit the claim.";
  }

  public void setReturnedDomain(String returnedDomain) {
    this.returnedDomain = returnedDomain;
  }

  public String getReturnedDomain() {
    return returnedDomain;
  }

  /** Whether the page opens the dialog as it loads (back from the IdP). */
  public boolean isReopen() {
    return reopen;
  }

  /** A claim as the page shows it. */
  public static final class ClaimRow implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String id;
    private final String domain;
    private final ClaimStatus status;
    private final String reason;
    private final String lastCheck;
    private final String nextCheck;
    private final String verifiedAt;
    private final String recordValue;
    private final String warning;

    ClaimRow(DomainClaim c) {
      this.id = c.getId();
      this.domain = c.getDomain();
      this.status = c.getStatus();
      this.recordValue = c.expectedRecord();
      this.lastCheck =
          c.getLastCheckedAt() == null
              ? "Not checked yet"
              : Pages.time(c.getLastCheckedAt())
                  + " · "
                  + ClaimLabels.result(c.getLastCheckResult());
      this.nextCheck = c.getNextCheckAt() == null ? "—" : Pages.time(c.getNextCheckAt());
      this.verifiedAt = c.getVerifiedAt() == null ? "—" : Pages.time(c.getVerifiedAt());
      this.warning =
          c.getStatus() == ClaimStatus.VERIFIED && c.getAbsentSince() != null
              ? ClaimLabels.missingRecord(c)
              : null;
      this.reason = reason(c, warning);
    }

    private static String reason(DomainClaim c, String warning) {
      return switch (c.getStatus()) {
        case PENDING ->
            "Waiting for the TXT record. A claim not verified by "
                + Pages.time(c.getCreatedAt().plus(VerificationPolicy.DEFAULT.verifyWindow()))
                + " expires.";
        case VERIFIED ->
            warning != null
                ? "The record is missing since "
                    + Pages.time(c.getAbsentSince())
                    + "; the domain unverifies on "
                    + Pages.time(c.unverifiesAt(VerificationPolicy.DEFAULT))
                    + " unless it is back by then."
                : "Single sign-on and SCIM can apply to users with an email at this domain.";
        default -> c.getStatusReason() == null ? "" : c.getStatusReason();
      };
    }

    public String getId() {
      return id;
    }

    public String getDomain() {
      return domain;
    }

    public ClaimStatus getStatus() {
      return status;
    }

    public String getStatusLabel() {
      return ClaimLabels.status(status);
    }

    public String getReason() {
      return reason;
    }

    public String getLastCheck() {
      return lastCheck;
    }

    public String getNextCheck() {
      return nextCheck;
    }

    public String getVerifiedAt() {
      return verifiedAt;
    }

    public String getRecordValue() {
      return recordValue;
    }

    public String getWarning() {
      return warning;
    }

    /** The record matters while the claim is pending or verified; others need a new claim. */
    public boolean isRecordShown() {
      return status == ClaimStatus.PENDING || status == ClaimStatus.VERIFIED;
    }

    public boolean isRetryable() {
      return status.retryable();
    }

    /** The confirmation before Remove, naming what ends with it. */
    public String getRemoveQuestion() {
      return status == ClaimStatus.VERIFIED
          ? "Remove "
              + domain
              + "? Single sign-on enforcement and SCIM provisioning end at once for users with"
              + " an email at "
              + domain
              + ". Claiming it again needs a new TXT record."
          : "Remove the claim on " + domain + "? Its TXT record is no longer checked.";
    }
  }
}
