package dev.portcullis.org.web;

import dev.portcullis.org.boundary.MemberService;
import dev.portcullis.org.boundary.ProjectService;
import dev.portcullis.org.entity.OrgRole;
import dev.portcullis.org.entity.Project;
import dev.portcullis.org.entity.Team;
import dev.portcullis.org.entity.User;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.web.Pages;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Organization Settings → Projects: projects and who reaches them (All Users, members, teams), and
 * the teams with their members and the organization role each gives its members (PRODUCT §6).
 */
@Named
@ViewScoped
public class ProjectsView extends OrganizationSettingsView {

  private static final long serialVersionUID = 1L;

  @Inject ProjectService projects;

  @Inject MemberService members;

  private List<ProjectRow> projectRows = List.of();
  private List<TeamRow> teamRows = List.of();
  private List<Ref> memberOptions = List.of();

  private String newProjectName;
  private boolean newProjectAllUsers;
  private String newTeamName;

  private String selectedProjectId;
  private String selectedTeamId;
  private String grantUserId;
  private String grantTeamId;
  private String teamMemberId;

  @Override
  protected void refresh() {
    projectRows = projects.projects(actor(), organizationId).stream().map(ProjectRow::new).toList();
    teamRows = projects.teams(actor(), organizationId).stream().map(TeamRow::new).toList();
    memberOptions =
        members.list(actor(), organizationId).stream()
            .map(m -> new Ref(m.getUser().getId(), m.getUser().getEmail()))
            .toList();
    if (getSelectedProject() == null) {
      selectedProjectId = null;
    }
    if (getSelectedTeam() == null) {
      selectedTeamId = null;
    }
  }

  public void createProject() {
    try {
      Project p =
          projects.createProject(actor(), organizationId, newProjectName, newProjectAllUsers);
      Pages.info("Project " + p.getName() + " created.");
      selectedProjectId = p.getId();
    } catch (ServiceException e) {
      Pages.error("projectCreate:projectName", e.getMessage());
      return;
    }
    newProjectName = null;
    newProjectAllUsers = false;
    reload();
  }

  public void createTeam() {
    try {
      Team t = projects.createTeam(actor(), organizationId, newTeamName);
      Pages.info("Team " + t.getName() + " created.");
      selectedTeamId = t.getId();
    } catch (ServiceException e) {
      Pages.error("teamCreate:teamName", e.getMessage());
      return;
    }
    newTeamName = null;
    reload();
  }

  public void selectProject(String projectId) {
    selectedProjectId = projectId;
    grantUserId = null;
    grantTeamId = null;
  }

  public void selectTeam(String teamId) {
    selectedTeamId = teamId;
    teamMemberId = null;
  }

  /** Saves the organization role picked for the selected team. */
  public void saveTeamRole() {
    TeamRow t = getSelectedTeam();
    if (t == null) {
      return;
    }
    OrgRole role = t.getNewRole();
    run(
        () -> projects.setTeamRole(actor(), organizationId, t.getId(), role),
        role == OrgRole.MEMBER
            ? "Team " + t.getName() + " gives its members no organization role now."
            : "Members of team "
                + t.getName()
                + " are "
                + Labels.role(role)
                + "s of "
                + getOrganizationName()
                + " now.");
  }

  /** The roles a team can carry ({@link OrgRole#teamMayCarry}), the lowest ("None") first. */
  public List<OrgRole> getTeamRoles() {
    return java.util.Arrays.stream(OrgRole.values())
        .filter(OrgRole::teamMayCarry)
        .sorted(java.util.Comparator.reverseOrder())
        .toList();
  }

  public String teamRoleLabel(OrgRole role) {
    return TeamRow.roleLabel(role);
  }

  /** The All Users switch of the selected project. */
  public void allUsersChanged() {
    ProjectRow p = getSelectedProject();
    if (p == null) {
      return;
    }
    run(
        () -> projects.setAllUsers(actor(), organizationId, p.getId(), p.isAllUsers()),
        p.isAllUsers()
            ? "All Users of " + getOrganizationName() + " now reach " + p.getName() + "."
            : p.getName() + " is no longer open to All Users.");
  }

  public void grantUser() {
    ProjectRow p = getSelectedProject();
    if (p == null || grantUserId == null) {
      Pages.error("Pick a member to grant " + (p == null ? "the project" : p.getName()) + " to.");
      return;
    }
    String email = label(memberOptions, grantUserId);
    run(
        () -> projects.setUserGrant(actor(), organizationId, p.getId(), grantUserId, true),
        email + " now reaches " + p.getName() + ".");
    grantUserId = null;
  }

  public void revokeUser(Ref user) {
    ProjectRow p = getSelectedProject();
    if (p != null) {
      run(
          () -> projects.setUserGrant(actor(), organizationId, p.getId(), user.getId(), false),
          user.getLabel() + " no longer reaches " + p.getName() + " directly.");
    }
  }

  public void grantTeam() {
    ProjectRow p = getSelectedProject();
    if (p == null || grantTeamId == null) {
      Pages.error("Pick a team to grant " + (p == null ? "the project" : p.getName()) + " to.");
      return;
    }
    String team = label(teamRefs(), grantTeamId);
    run(
        () -> projects.setTeamGrant(actor(), organizationId, p.getId(), grantTeamId, true),
        "Team " + team + " now reaches " + p.getName() + ".");
    grantTeamId = null;
  }

  public void revokeTeam(Ref team) {
    ProjectRow p = getSelectedProject();
    if (p != null) {
      run(
          () -> projects.setTeamGrant(actor(), organizationId, p.getId(), team.getId(), false),
          "Team " + team.getLabel() + " no longer reaches " + p.getName() + ".");
    }
  }

  public void addTeamMember() {
    TeamRow t = getSelectedTeam();
    if (t == null || teamMemberId == null) {
      Pages.error("Pick a member to add to " + (t == null ? "the team" : t.getName()) + ".");
      return;
    }
    String email = label(memberOptions, teamMemberId);
    run(
        () -> projects.setTeamMember(actor(), organizationId, t.getId(), teamMemberId, true),
        email + " joined team " + t.getName() + ".");
    teamMemberId = null;
  }

  public void removeTeamMember(Ref user) {
    TeamRow t = getSelectedTeam();
    if (t != null) {
      run(
          () -> projects.setTeamMember(actor(), organizationId, t.getId(), user.getId(), false),
          user.getLabel() + " left team " + t.getName() + ".");
    }
  }

  private void run(Runnable change, String success) {
    try {
      change.run();
      Pages.info(success);
    } catch (ServiceException e) {
      Pages.error(e);
    }
    reload();
  }

  private static String label(List<Ref> refs, String id) {
    return refs.stream()
        .filter(r -> r.getId().equals(id))
        .map(Ref::getLabel)
        .findFirst()
        .orElse("The chosen one");
  }

  private List<Ref> teamRefs() {
    return teamRows.stream().map(t -> new Ref(t.getId(), t.getName())).toList();
  }

  @Override
  public int getSectionIndex() {
    return 1;
  }

  public ProjectRow getSelectedProject() {
    return projectRows.stream()
        .filter(p -> p.getId().equals(selectedProjectId))
        .findFirst()
        .orElse(null);
  }

  public TeamRow getSelectedTeam() {
    return teamRows.stream().filter(t -> t.getId().equals(selectedTeamId)).findFirst().orElse(null);
  }

  /** Members the selected project is not yet granted to directly. */
  public List<Ref> getGrantableUsers() {
    ProjectRow p = getSelectedProject();
    if (p == null) {
      return List.of();
    }
    Set<String> granted = p.getUsers().stream().map(Ref::getId).collect(Collectors.toSet());
    return memberOptions.stream().filter(r -> !granted.contains(r.getId())).toList();
  }

  /** Teams the selected project is not yet granted to. */
  public List<Ref> getGrantableTeams() {
    ProjectRow p = getSelectedProject();
    if (p == null) {
      return List.of();
    }
    Set<String> granted = p.getTeams().stream().map(Ref::getId).collect(Collectors.toSet());
    return teamRefs().stream().filter(r -> !granted.contains(r.getId())).toList();
  }

  /** Members not yet in the selected team. */
  public List<Ref> getAddableMembers() {
    TeamRow t = getSelectedTeam();
    if (t == null) {
      return List.of();
    }
    Set<String> in = t.getMembers().stream().map(Ref::getId).collect(Collectors.toSet());
    return memberOptions.stream().filter(r -> !in.contains(r.getId())).toList();
  }

  public List<ProjectRow> getProjectRows() {
    return projectRows;
  }

  public List<TeamRow> getTeamRows() {
    return teamRows;
  }

  public String getNewProjectName() {
    return newProjectName;
  }

  public void setNewProjectName(String newProjectName) {
    this.newProjectName = newProjectName;
  }

  public boolean isNewProjectAllUsers() {
    return newProjectAllUsers;
  }

  public void setNewProjectAllUsers(boolean newProjectAllUsers) {
    this.newProjectAllUsers = newProjectAllUsers;
  }

  public String getNewTeamName() {
    return newTeamName;
  }

  public void setNewTeamName(String newTeamName) {
    this.newTeamName = newTeamName;
  }

  public String getSelectedProjectId() {
    return selectedProjectId;
  }

  public String getSelectedTeamId() {
    return selectedTeamId;
  }

  public String getGrantUserId() {
    return grantUserId;
  }

  public void setGrantUserId(String grantUserId) {
    this.grantUserId = Pages.blankToNull(grantUserId);
  }

  public String getGrantTeamId() {
    return grantTeamId;
  }

  public void setGrantTeamId(String grantTeamId) {
    this.grantTeamId = Pages.blankToNull(grantTeamId);
  }

  public String getTeamMemberId() {
    return teamMemberId;
  }

  public void setTeamMemberId(String teamMemberId) {
    this.teamMemberId = Pages.blankToNull(teamMemberId);
  }

  /** An id with the text people recognise it by (an email, a team name). */
  public static final class Ref implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String id;
    private final String label;

    Ref(String id, String label) {
      this.id = Objects.requireNonNull(id);
      this.label = label;
    }

    public String getId() {
      return id;
    }

    public String getLabel() {
      return label;
    }
  }

  /** A project and its grants. */
  public static final class ProjectRow implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String id;
    private final String name;
    private boolean allUsers;
    private final List<Ref> users;
    private final List<Ref> teams;

    ProjectRow(Project p) {
      this.id = p.getId();
      this.name = p.getName();
      this.allUsers = p.isAllUsers();
      this.users = sortedUsers(p.getGrantedUsers());
      this.teams =
          p.getGrantedTeams().stream()
              .map(t -> new Ref(t.getId(), t.getName()))
              .sorted(Comparator.comparing(Ref::getLabel))
              .toList();
    }

    public String getId() {
      return id;
    }

    public String getName() {
      return name;
    }

    public boolean isAllUsers() {
      return allUsers;
    }

    public void setAllUsers(boolean allUsers) {
      this.allUsers = allUsers;
    }

    public List<Ref> getUsers() {
      return users;
    }

    public List<Ref> getTeams() {
      return teams;
    }

    /** Who reaches the project, in a few words. */
    public String getSummary() {
      if (allUsers) {
        return "All Users";
      }
      if (users.isEmpty() && teams.isEmpty()) {
        return "Nobody yet";
      }
      return count(users.size(), "member") + ", " + count(teams.size(), "team");
    }
  }

  /** A team, its members and the organization role it gives them (picked in its menu). */
  public static final class TeamRow implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String id;
    private final String name;
    private final List<Ref> members;
    private final OrgRole role;
    private OrgRole newRole;

    TeamRow(Team t) {
      this.id = t.getId();
      this.name = t.getName();
      this.members = sortedUsers(t.getMembers());
      this.role = t.getRole();
      this.newRole = t.getRole();
    }

    static String roleLabel(OrgRole role) {
      return role == OrgRole.MEMBER ? "None" : Labels.role(role);
    }

    public OrgRole getRole() {
      return role;
    }

    public String getRoleLabel() {
      return roleLabel(role);
    }

    public OrgRole getNewRole() {
      return newRole;
    }

    public void setNewRole(OrgRole newRole) {
      this.newRole = newRole;
    }

    public String getId() {
      return id;
    }

    public String getName() {
      return name;
    }

    public List<Ref> getMembers() {
      return members;
    }

    public String getMemberEmails() {
      return members.stream().map(Ref::getLabel).collect(Collectors.joining(", "));
    }
  }

  private static List<Ref> sortedUsers(Set<User> users) {
    return users.stream()
        .map(u -> new Ref(u.getId(), u.getEmail()))
        .sorted(Comparator.comparing(Ref::getLabel))
        .toList();
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
