package dev.portcullis.org.web;

import dev.portcullis.org.boundary.MemberService;
import dev.portcullis.org.entity.Invitation;
import dev.portcullis.org.entity.Membership;
import dev.portcullis.org.entity.OrgRole;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.web.Pages;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;

/** Organization Settings → Members: roles, removal, adding and inviting by email. */
@Named
@ViewScoped
public class MembersView extends OrganizationSettingsView {

  private static final long serialVersionUID = 1L;

  @Inject MemberService members;

  private List<MemberRow> rows = List.of();
  private List<InvitationRow> invitations = List.of();
  private String addEmail;
  private OrgRole addRole = OrgRole.MEMBER;

  @Override
  protected void refresh() {
    String me = currentUser.getUserId();
    rows =
        members.listWithRoleTeams(actor(), organizationId).stream()
            .map(m -> new MemberRow(m, m.membership().getUser().getId().equals(me)))
            .toList();
    invitations =
        members.invitations(actor(), organizationId).stream().map(InvitationRow::new).toList();
  }

  public void changeRole(MemberRow row) {
    OrgRole before = row.getRole();
    try {
      Membership m = members.changeRole(actor(), organizationId, row.getUserId(), row.getNewRole());
      String still =
          m.isRoleRaisedByTeam()
              ? " They still act as "
                  + Labels.role(m.getEffectiveRole())
                  + " through a team (see Projects → Teams)."
              : "";
      if (m.getRole() == before) {
        Pages.info(row.getEmail() + " already is " + Labels.role(before) + "." + still);
      } else {
        Pages.info(row.getEmail() + " is now " + Labels.role(m.getRole()) + "." + still);
      }
    } catch (ServiceException e) {
      row.setNewRole(before);
      Pages.error(e);
      return;
    }
    reload();
  }

  public void remove(MemberRow row) {
    try {
      members.remove(actor(), organizationId, row.getUserId());
      Pages.info(row.getEmail() + " was removed from " + getOrganizationName() + ".");
    } catch (ServiceException e) {
      Pages.error(e);
      return;
    }
    reload();
  }

  public void add() {
    MemberService.AddResult result;
    try {
      result = members.add(actor(), organizationId, addEmail, addRole);
    } catch (ServiceException e) {
      Pages.error("members:addEmail", e.getMessage());
      return;
    }
    if (result.invited()) {
      Invitation inv = result.invitation();
      Pages.info(
          "Invitation created for "
              + inv.getEmail()
              + " as "
              + Labels.role(inv.getRole())
              + ": they join "
              + getOrganizationName()
              + " when they sign up with this email before "
              + Pages.time(inv.getExpiresAt())
              + ".");
    } else {
      Membership m = result.membership();
      Pages.info(
          m.getUser().getEmail()
              + " was added to "
              + getOrganizationName()
              + " as "
              + Labels.role(m.getRole())
              + ".");
    }
    addEmail = null;
    addRole = OrgRole.MEMBER;
    reload();
  }

  @Override
  public int getSectionIndex() {
    return 0;
  }

  public OrgRole[] getRoles() {
    return OrgRole.values();
  }

  public String roleLabel(OrgRole role) {
    return Labels.role(role);
  }

  public List<MemberRow> getRows() {
    return rows;
  }

  public List<InvitationRow> getInvitations() {
    return invitations;
  }

  public String getAddEmail() {
    return addEmail;
  }

  public void setAddEmail(String addEmail) {
    this.addEmail = addEmail;
  }

  public OrgRole getAddRole() {
    return addRole;
  }

  public void setAddRole(OrgRole addRole) {
    this.addRole = addRole;
  }

  /**
   * A member as the table shows it: the role they act with (raised by a team, it names the team),
   * and their own role, picked in the row's menu.
   */
  public static final class MemberRow implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String userId;
    private final String email;
    private final String name;
    private final OrgRole role;
    private final OrgRole effectiveRole;
    private final String roleVia;
    private final boolean active;
    private final boolean self;
    private OrgRole newRole;

    MemberRow(MemberService.Member member, boolean self) {
      Membership m = member.membership();
      this.userId = m.getUser().getId();
      this.email = m.getUser().getEmail();
      String full =
          ((m.getUser().getFirstName() == null ? "" : m.getUser().getFirstName())
                  + " "
                  + (m.getUser().getLastName() == null ? "" : m.getUser().getLastName()))
              .strip();
      this.name = full;
      this.role = m.getRole();
      this.effectiveRole = m.getEffectiveRole();
      this.roleVia = m.isRoleRaisedByTeam() ? Labels.via(member.roleTeams()) : null;
      this.active = m.isActive() && m.getUser().isActive();
      this.self = self;
      this.newRole = m.getRole();
    }

    public String getUserId() {
      return userId;
    }

    public String getEmail() {
      return email;
    }

    public String getName() {
      return name;
    }

    public OrgRole getRole() {
      return role;
    }

    /** The role the member acts with: their own, or a higher one from a team. */
    public OrgRole getEffectiveRole() {
      return effectiveRole;
    }

    public String getRoleLabel() {
      return Labels.role(effectiveRole);
    }

    /** "via team X" when a team raises the member above their own role; else null. */
    public String getRoleVia() {
      return roleVia;
    }

    public boolean isActive() {
      return active;
    }

    public boolean isSelf() {
      return self;
    }

    public OrgRole getNewRole() {
      return newRole;
    }

    public void setNewRole(OrgRole newRole) {
      this.newRole = newRole;
    }
  }

  /** An open invitation. */
  public static final class InvitationRow implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String email;
    private final String role;
    private final String invitedBy;
    private final String createdAt;
    private final String expiresAt;

    InvitationRow(Invitation i) {
      this.email = i.getEmail();
      this.role = Labels.role(i.getRole());
      this.invitedBy = i.getInvitedBy() == null ? "operator" : i.getInvitedBy().getEmail();
      this.createdAt = Pages.time(i.getCreatedAt());
      this.expiresAt = Pages.time(i.getExpiresAt());
    }

    public String getEmail() {
      return email;
    }

    public String getRole() {
      return role;
    }

    public String getInvitedBy() {
      return invitedBy;
    }

    public String getCreatedAt() {
      return createdAt;
    }

    public String getExpiresAt() {
      return expiresAt;
    }
  }
}
