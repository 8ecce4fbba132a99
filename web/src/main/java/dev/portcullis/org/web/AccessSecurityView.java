package dev.portcullis.org.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Named;

/**
 * Organization Settings → Access Security with its sub-menus Domain Claiming, Single Sign-On and
 * SCIM. It says what exists so far; SSO and SCIM are greyed out, with the reason, for plans other
 * than Enterprise.
 */
@Named
@ViewScoped
public class AccessSecurityView extends OrganizationSettingsView {

  private static final long serialVersionUID = 1L;

  @Override
  protected void refresh() {
    // the organization and its plan are all this page shows so far
  }

  @Override
  public int getSectionIndex() {
    return 2;
  }
}
