package dev.portcullis.org.web;

import dev.portcullis.domainclaim.web.DomainClaimingView;
import dev.portcullis.scim.web.ScimView;
import dev.portcullis.sso.web.IdpConnectionsView;
import dev.portcullis.sso.web.SharedSsoView;
import dev.portcullis.sso.web.SingleSignOnView;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/**
 * Organization Settings → Access Security with its sub-menus Domain Claiming, Single Sign-On and
 * SCIM. Domain Claiming is available on every plan ({@link DomainClaimingView}); Single Sign-On
 * ({@link SingleSignOnView}) and SCIM ({@link ScimView}) are greyed out, with the reason, for plans
 * other than Enterprise. The {@code tab} parameter ({@code sso}, {@code scim}) opens a sub-menu
 * directly.
 */
@Named
@ViewScoped
public class AccessSecurityView extends OrganizationSettingsView {

  private static final long serialVersionUID = 1L;

  @Inject DomainClaimingView domainClaiming;

  @Inject SingleSignOnView singleSignOn;

  @Inject ScimView scim;

  @Inject IdpConnectionsView idpConnections;

  @Inject SharedSsoView sharedSso;

  private String tab;

  @Override
  protected void refresh() {
    domainClaiming.show(organizationId);
    if (isAccessSecurityAllowed()) {
      singleSignOn.show(organizationId);
      if (singleSignOn.getUnavailable() == null) {
        idpConnections.show(organizationId);
        sharedSso.show(organizationId);
      }
      scim.show(organizationId);
    }
  }

  /** The Domain Claiming tab read the claims already, and keeps the warnings current. */
  @Override
  protected void loadDomainWarnings() {}

  @Override
  public List<String> getDomainWarnings() {
    return domainClaiming.getWarnings();
  }

  /** The Single Sign-On tab read the certificates already, and keeps the warnings current. */
  @Override
  protected void loadCertificateWarnings() {}

  /** IdP signing certificates that expire within 30 days (Enterprise organizations only). */
  @Override
  public List<String> getCertificateWarnings() {
    return isAccessSecurityAllowed() ? singleSignOn.getWarnings() : List.of();
  }

  @Override
  public int getSectionIndex() {
    return 2;
  }

  public String getTab() {
    return tab;
  }

  public void setTab(String tab) {
    this.tab = tab;
  }

  /** The sub-menu open when the page loads. */
  public int getTabIndex() {
    if ("sso".equals(tab)) {
      return 1;
    }
    return "scim".equals(tab) ? 2 : 0;
  }

  /** The tab view writes its active tab back; the page keeps the one it was opened with. */
  public void setTabIndex(int index) {
    // nothing to keep: switching sub-menus happens in the browser
  }
}
