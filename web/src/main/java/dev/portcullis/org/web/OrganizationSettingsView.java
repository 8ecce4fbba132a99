package dev.portcullis.org.web;

import dev.portcullis.domainclaim.boundary.DomainClaimService;
import dev.portcullis.domainclaim.web.ClaimLabels;
import dev.portcullis.org.boundary.OrganizationService;
import dev.portcullis.org.entity.Organization;
import dev.portcullis.org.entity.Plan;
import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.web.ConsoleClock;
import dev.portcullis.platform.web.CurrentUser;
import dev.portcullis.platform.web.Pages;
import dev.portcullis.sso.boundary.SsoSettingsService;
import dev.portcullis.sso.web.SingleSignOnView;
import jakarta.inject.Inject;
import java.io.Serializable;
import java.util.List;

/**
 * What every Organization Settings page shares: the organization (from the {@code org} request
 * parameter) and the rule that only its Owners and Admins get past {@link #load()}. Anyone else
 * gets 403 (a member) or 404 (not a member) before the page reads any of the organization's data;
 * the services check the same on every action.
 */
public abstract class OrganizationSettingsView implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject protected CurrentUser currentUser;

  @Inject protected OrganizationService organizations;

  @Inject DomainClaimService domainClaims;

  @Inject SsoSettingsService ssoSettings;

  @Inject ConsoleClock clock;

  protected String organizationId;
  private String organizationName;
  private Plan plan;
  private List<String> domainWarnings = List.of();
  private List<String> certificateWarnings = List.of();

  /** The page's view action (on the first GET only). */
  public void load() {
    try {
      Organization org = organizations.administered(actor(), organizationId);
      organizationName = org.getName();
      plan = org.getPlan();
      refresh();
      loadDomainWarnings();
      loadCertificateWarnings();
    } catch (ServiceException e) {
      if (e.kind() == ServiceException.Kind.FORBIDDEN
          || e.kind() == ServiceException.Kind.NOT_FOUND) {
        Pages.refuse(e);
      } else {
        Pages.error(e);
      }
    }
  }

  /**
   * Reads the warnings every settings page shows at the top: verified domains whose verification
   * record was found missing, with the date they unverify.
   */
  protected void loadDomainWarnings() {
    domainWarnings =
        domainClaims.missingRecords(actor(), organizationId).stream()
            .map(ClaimLabels::missingRecord)
            .toList();
  }

  /**
   * Reads the other warning every settings page shows at the top (Enterprise organizations): IdP
   * signing certificates that expire within 30 days. A page that cannot read them shows none.
   */
  protected void loadCertificateWarnings() {
    if (plan == null || !plan.allowsAccessSecurity()) {
      certificateWarnings = List.of();
      return;
    }
    try {
      certificateWarnings =
          SingleSignOnView.warnings(
              ssoSettings.get(actor(), organizationId).certificates(), clock.now());
    } catch (ServiceException e) {
      certificateWarnings = List.of();
    }
  }

  /** Reads the section's data; services refuse with a {@link ServiceException}. */
  protected abstract void refresh();

  /**
   * Reads the section again after a change. If the user no longer administers the organization
   * (they demoted or removed themselves), they go back to the console home with the reason.
   */
  protected void reload() {
    try {
      refresh();
    } catch (ServiceException e) {
      Pages.info("You no longer administer " + organizationName + ".");
      Pages.redirect("/console/index");
    }
  }

  protected Actor actor() {
    return currentUser.actor();
  }

  /** Which tab of the settings menu this page is (0 Members ... 3 Audit Log). */
  public abstract int getSectionIndex();

  public String getOrganizationId() {
    return organizationId;
  }

  public void setOrganizationId(String organizationId) {
    this.organizationId = organizationId;
  }

  public String getOrganizationName() {
    return organizationName;
  }

  public List<String> getDomainWarnings() {
    return domainWarnings;
  }

  public List<String> getCertificateWarnings() {
    return certificateWarnings;
  }

  public String getPlanLabel() {
    return Labels.plan(plan);
  }

  public Plan getPlan() {
    return plan;
  }

  /** SSO and SCIM (and IdP-managed access) need the Enterprise plan. */
  public boolean isAccessSecurityAllowed() {
    return plan != null && plan.allowsAccessSecurity();
  }
}
