package dev.portcullis.domainclaim.web;

import dev.portcullis.domainclaim.boundary.DomainClaimService;
import dev.portcullis.domainclaim.entity.CheckResult;
import dev.portcullis.domainclaim.entity.ClaimStatus;
import dev.portcullis.domainclaim.entity.DomainClaim;
import dev.portcullis.domainclaim.entity.VerificationPolicy;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.web.CurrentUser;
import dev.portcullis.platform.web.Pages;
import dev.portcullis.sso.boundary.SharedSsoService;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.primefaces.PrimeFaces;

/**
 * Access Security → Domain Claiming: the organization's claims with their status and checks, the
 * TXT record to publish, "Add a Domain" (with the password re-entered), Verify now, Remove and
 * Claim again. The page's {@code AccessSecurityView} lets only Owners and Admins in and hands over
 * the organization; the service checks the same on every action.
 */
@Named
@ViewScoped
public class DomainClaimingView implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Where the dialog shows refusals about the domain and about the password. */
  static final String DOMAIN_FIELD = "addDomain:domain";

  static final String PASSWORD_FIELD = "addDomain:password";

  @Inject CurrentUser currentUser;

  @Inject DomainClaimService claims;

  @Inject SharedSsoService sharing;

  /** Shared SSO: the admin organization verified domains can be transferred to; null: none. */
  private String transferTarget;

  private String organizationId;
  private List<ClaimRow> rows = List.of();
  private List<String> warnings = List.of();
  private String domain;
  private String password;
  private boolean retrying;

  /** Shows the organization's claims (called once the page has checked the user's role). */
  public void show(String organizationId) {
    this.organizationId = organizationId;
    refresh();
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
  }

  /** "Claim again" on an expired, unverified or rejected claim: the dialog for its domain. */
  public void startRetry(ClaimRow row) {
    domain = row.getDomain();
    password = null;
    retrying = true;
  }

  /** Submit Claim. On success the dialog closes (callback parameter {@code claimed}). */
  public void claim() {
    String typed = password;
    password = null;
    if (typed == null || typed.isEmpty()) {
      Pages.error(PASSWORD_FIELD, "Re-enter your password to confirm the claim.");
      return;
    }
    DomainClaim claim;
    try {
      claim = claims.claim(currentUser.actor(), organizationId, domain, typed);
    } catch (ServiceException e) {
      Pages.error(fieldOf(e), e.getMessage());
      return;
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

  /** Refusals about the domain show under the domain, step-up refusals under the password. */
  private static String fieldOf(ServiceException e) {
    return switch (e.code()) {
      case "reauthentication_failed", "too_many_attempts" -> PASSWORD_FIELD;
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
