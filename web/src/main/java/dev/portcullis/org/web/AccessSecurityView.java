package dev.portcullis.org.web;

import dev.portcullis.domainclaim.web.DomainClaimingView;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/**
 * Organization Settings → Access Security with its sub-menus Domain Claiming, Single Sign-On and
 * SCIM. Domain Claiming is available on every plan ({@link DomainClaimingView}); SSO and SCIM are
 * greyed out, with the reason, for plans other than Enterprise.
 */
@Named
@ViewScoped
public class AccessSecurityView extends OrganizationSettingsView {

  private static final long serialVersionUID = 1L;

  @Inject DomainClaimingView domainClaiming;

  @Override
  protected void refresh() {
    domainClaiming.show(organizationId);
  }

  /** The Domain Claiming tab read the claims already, and keeps the warnings current. */
  @Override
  protected void loadDomainWarnings() {}

  @Override
  public List<String> getDomainWarnings() {
    return domainClaiming.getWarnings();
  }

  @Override
  public int getSectionIndex() {
    return 2;
  }
}
