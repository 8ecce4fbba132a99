package dev.portcullis.sso.web;

import dev.portcullis.domainclaim.web.DomainClaimingView;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.web.CurrentUser;
import dev.portcullis.platform.web.Pages;
import dev.portcullis.sso.boundary.SharedSsoService;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;

/**
 * Access Security → Single Sign-On → Shared SSO: as the admin organization, generate a linking code
 * (shown once), see and unlink the linked organizations; as another organization, enter a code to
 * link, see the admin organization, unlink. The service checks Owner and plan on every action and
 * audits each in both organizations.
 */
@Named
@ViewScoped
public class SharedSsoView implements Serializable {

  private static final long serialVersionUID = 1L;

  static final String CODE_FIELD = "accessSecurity:sharedSso:linkCode";

  @Inject CurrentUser currentUser;

  @Inject SharedSsoService sharing;

  /** Domain Claiming offers transfers while linked: it reads the link again after a change. */
  @Inject DomainClaimingView domainClaiming;

  private String organizationId;
  private boolean available;
  private Row admin;
  private List<Row> linked = List.of();
  private int openCodes;
  private String newCode;
  private String newCodeExpires;
  private String code;

  public void show(String organizationId) {
    this.organizationId = organizationId;
    read();
  }

  private void read() {
    try {
      SharedSsoService.State state = sharing.state(currentUser.actor(), organizationId);
      available = true;
      admin = state.admin() == null ? null : new Row(state.admin());
      linked = state.linked().stream().map(Row::new).toList();
      openCodes = state.openCodes();
    } catch (ServiceException e) {
      available = false;
      admin = null;
      linked = List.of();
      openCodes = 0;
    }
  }

  public void generateCode() {
    try {
      SharedSsoService.NewCode created = sharing.generateCode(currentUser.actor(), organizationId);
      newCode = created.code();
      newCodeExpires = Pages.time(created.expiresAt());
      Pages.info(
          "Give the linking code below to an Owner of the organization that should use your single"
              + " sign-on. It is shown only now, works once, until "
              + newCodeExpires
              + ".");
    } catch (ServiceException e) {
      Pages.error(e);
    }
    read();
  }

  public void link() {
    try {
      SharedSsoService.LinkedOrganization admin =
          sharing.link(currentUser.actor(), organizationId, code);
      code = null;
      domainClaiming.show(organizationId);
      Pages.info(
          "Linked to "
              + admin.name()
              + ": people of its verified domains now log in through its identity provider.");
    } catch (ServiceException e) {
      Pages.error(CODE_FIELD, e.getMessage());
    }
    read();
  }

  /** Unlinks this organization from its admin organization. */
  public void unlinkFromAdmin() {
    unlink(organizationId);
  }

  /** Unlinks one of the organizations linked to this one. */
  public void unlink(String linkedOrganizationId) {
    try {
      sharing.unlink(currentUser.actor(), organizationId, linkedOrganizationId);
      domainClaiming.show(organizationId);
      Pages.info("Unlinked: the organization's own single sign-on settings apply again.");
    } catch (ServiceException e) {
      Pages.error(e);
    }
    newCode = null;
    read();
  }

  public boolean isAvailable() {
    return available;
  }

  /** The admin organization this one is linked to; null when it is not linked. */
  public Row getAdmin() {
    return admin;
  }

  public boolean isLinked() {
    return admin != null;
  }

  public List<Row> getLinkedOrganizations() {
    return linked;
  }

  public int getOpenCodes() {
    return openCodes;
  }

  public String getNewCode() {
    return newCode;
  }

  public String getNewCodeExpires() {
    return newCodeExpires;
  }

  public String getCode() {
    return code;
  }

  public void setCode(String code) {
    this.code = code;
  }

  /** An organization on the other side of a link. */
  public static final class Row implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String id;
    private final String name;
    private final String linkedAt;

    Row(SharedSsoService.LinkedOrganization l) {
      this.id = l.id();
      this.name = l.name();
      this.linkedAt = Pages.time(l.linkedAt());
    }

    public String getId() {
      return id;
    }

    public String getName() {
      return name;
    }

    public String getLinkedAt() {
      return linkedAt;
    }
  }
}
