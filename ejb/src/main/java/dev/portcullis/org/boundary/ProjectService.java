package dev.portcullis.org.boundary;

import dev.portcullis.audit.control.AuditLog;
import dev.portcullis.org.control.Names;
import dev.portcullis.org.control.OrgAccess;
import dev.portcullis.org.control.TeamRoles;
import dev.portcullis.org.entity.Membership;
import dev.portcullis.org.entity.OrgRole;
import dev.portcullis.org.entity.Organization;
import dev.portcullis.org.entity.Project;
import dev.portcullis.org.entity.Team;
import dev.portcullis.org.entity.User;
import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.platform.boundary.ServiceException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Projects and teams of an organization, who may reach each project, and the organization role a
 * team gives its members (PRODUCT §6, groups to roles: ADMIN, or MEMBER for none; never OWNER).
 */
@Stateless
public class ProjectService {

  @PersistenceContext EntityManager em;

  @Inject OrgAccess access;

  @Inject AuditLog audit;

  @Inject Clock clock;

  @Inject TeamRoles teamRoles;

  public List<Project> projects(Actor actor, String organizationId) {
    access.requireAdmin(actor, organizationId);
    List<Project> list =
        em.createNamedQuery("Project.byOrganization", Project.class)
            .setParameter("org", organizationId)
            .getResultList();
    list.forEach(p -> p.getGrantedUsers().size()); // load grants for detached views
    list.forEach(p -> p.getGrantedTeams().size());
    return list;
  }

  public List<Team> teams(Actor actor, String organizationId) {
    access.requireAdmin(actor, organizationId);
    List<Team> list =
        em.createNamedQuery("Team.byOrganization", Team.class)
            .setParameter("org", organizationId)
            .getResultList();
    list.forEach(t -> t.getMembers().size());
    return list;
  }

  /** Projects the user reaches in the organization: All Users, a direct grant or a team. */
  public List<Project> reachableProjects(Actor actor, String organizationId) {
    access.requireMember(actor, organizationId);
    User user = em.find(User.class, actor.userId());
    return em.createNamedQuery("Project.byOrganization", Project.class)
        .setParameter("org", organizationId)
        .getResultStream()
        .filter(p -> p.reachableBy(user))
        .toList();
  }

  public Project createProject(Actor actor, String organizationId, String name, boolean allUsers) {
    Organization org = access.requireAdmin(actor, organizationId);
    String clean = Names.require("name", name, 200);
    boolean taken =
        em.createNamedQuery("Project.byOrganization", Project.class)
            .setParameter("org", organizationId)
            .getResultStream()
            .anyMatch(p -> p.getName().equalsIgnoreCase(clean));
    if (taken) {
      throw ServiceException.conflict("name_taken", "A project named '" + clean + "' exists.");
    }
    Project p = new Project(org, clean, clock.instant());
    p.grantAllUsers(allUsers);
    em.persist(p);
    audit.record(
        actor,
        organizationId,
        "project.created",
        target(p),
        null,
        Map.of("name", clean, "allUsers", allUsers));
    return p;
  }

  public Team createTeam(Actor actor, String organizationId, String name) {
    return createTeam(actor, organizationId, name, OrgRole.MEMBER);
  }

  /** Creates a team, without members, that carries {@code role} (null or MEMBER: none). */
  public Team createTeam(Actor actor, String organizationId, String name, OrgRole role) {
    Organization org = access.requireAdmin(actor, organizationId);
    String clean = Names.require("name", name, 200);
    OrgRole teamRole = requireTeamRole(role == null ? OrgRole.MEMBER : role);
    boolean taken =
        em.createNamedQuery("Team.byOrganization", Team.class)
            .setParameter("org", organizationId)
            .getResultStream()
            .anyMatch(t -> t.getName().equalsIgnoreCase(clean));
    if (taken) {
      throw ServiceException.conflict("name_taken", "A team named '" + clean + "' exists.");
    }
    Team t = new Team(org, clean, clock.instant());
    t.carry(teamRole, clock.instant());
    em.persist(t);
    audit.record(
        actor,
        organizationId,
        "team.created",
        target(t),
        null,
        Map.of("name", clean, "role", teamRole));
    return t;
  }

  /**
   * Sets the organization role the team gives its members: ADMIN, or MEMBER for none (OWNER is
   * refused). Its members gain or lose it at once: their memberships are derived again in this
   * transaction, and an Owner stays an Owner whatever their teams carry.
   */
  public Team setTeamRole(Actor actor, String organizationId, String teamId, OrgRole role) {
    access.requireAdmin(actor, organizationId);
    OrgRole newRole = requireTeamRole(role);
    Team team = team(organizationId, teamId);
    OrgRole before = team.getRole();
    if (team.carry(newRole, clock.instant())) {
      teamRoles.rederive(team, teamRoles.memberships(organizationId, team.getMembers()), false);
      audit.record(
          actor,
          organizationId,
          "team.role_changed",
          target(team),
          Map.of("role", before),
          Map.of("role", newRole));
    }
    team.getMembers().size(); // for the caller's detached view
    return team;
  }

  /**
   * Deletes a team: its project grants go, and its members lose the role it gave them at once.
   * Users and their memberships stay.
   */
  public void deleteTeam(Actor actor, String organizationId, String teamId) {
    access.requireAdmin(actor, organizationId);
    Team team = team(organizationId, teamId);
    for (Project p :
        em.createNamedQuery("Project.byOrganization", Project.class)
            .setParameter("org", organizationId)
            .getResultList()) {
      p.revoke(team);
    }
    if (team.carriesRole()) {
      teamRoles.rederive(team, teamRoles.memberships(organizationId, team.getMembers()), true);
    }
    Map<String, Object> before =
        Map.of("name", team.getName(), "role", team.getRole(), "members", team.getMembers().size());
    em.remove(team);
    audit.record(actor, organizationId, "team.deleted", target(team), before, null);
  }

  /**
   * Adds the member to the team or takes them out; with a team that carries a role they gain or
   * lose it at once.
   */
  public void setTeamMember(
      Actor actor, String organizationId, String teamId, String userId, boolean member) {
    access.requireAdmin(actor, organizationId);
    Team team = team(organizationId, teamId);
    Membership m = membership(organizationId, userId);
    User user = m.getUser();
    boolean changed = member ? team.addMember(user) : team.removeMember(user);
    if (changed) {
      // Meets a concurrent change of the team's role on the team's version (see TeamRoles).
      em.lock(team, LockModeType.OPTIMISTIC_FORCE_INCREMENT);
      if (member) {
        teamRoles.joined(team, List.of(m));
      } else if (team.carriesRole()) {
        teamRoles.rederive(team, List.of(m), false);
      }
      audit.record(
          actor,
          organizationId,
          member ? "team.member_added" : "team.member_removed",
          target(team),
          null,
          Map.of("user", user.getEmail()));
    }
  }

  public void setAllUsers(Actor actor, String organizationId, String projectId, boolean granted) {
    access.requireAdmin(actor, organizationId);
    Project p = project(organizationId, projectId);
    if (p.isAllUsers() != granted) {
      p.grantAllUsers(granted);
      audit.record(
          actor,
          organizationId,
          "project.all_users_changed",
          target(p),
          Map.of("allUsers", !granted),
          Map.of("allUsers", granted));
    }
  }

  public void setUserGrant(
      Actor actor, String organizationId, String projectId, String userId, boolean granted) {
    access.requireAdmin(actor, organizationId);
    Project p = project(organizationId, projectId);
    User user = memberUser(organizationId, userId);
    boolean changed = granted ? p.grant(user) : p.revoke(user);
    if (changed) {
      audit.record(
          actor,
          organizationId,
          granted ? "project.user_granted" : "project.user_revoked",
          target(p),
          null,
          Map.of("user", user.getEmail()));
    }
  }

  public void setTeamGrant(
      Actor actor, String organizationId, String projectId, String teamId, boolean granted) {
    access.requireAdmin(actor, organizationId);
    Project p = project(organizationId, projectId);
    Team team = team(organizationId, teamId);
    boolean changed = granted ? p.grant(team) : p.revoke(team);
    if (changed) {
      audit.record(
          actor,
          organizationId,
          granted ? "project.team_granted" : "project.team_revoked",
          target(p),
          null,
          Map.of("team", team.getName()));
    }
  }

  private Project project(String organizationId, String projectId) {
    Project p = projectId == null ? null : em.find(Project.class, projectId);
    if (p == null || !p.getOrganization().getId().equals(organizationId)) {
      throw ServiceException.notFound("Project");
    }
    return p;
  }

  private Team team(String organizationId, String teamId) {
    Team t = teamId == null ? null : em.find(Team.class, teamId);
    if (t == null || !t.getOrganization().getId().equals(organizationId)) {
      throw ServiceException.notFound("Team");
    }
    return t;
  }

  private User memberUser(String organizationId, String userId) {
    return membership(organizationId, userId).getUser();
  }

  private Membership membership(String organizationId, String userId) {
    return access
        .membership(organizationId, userId)
        .orElseThrow(() -> ServiceException.notFound("Member"));
  }

  /** ADMIN or MEMBER; a team never carries OWNER (PRODUCT §6). */
  private static OrgRole requireTeamRole(OrgRole role) {
    if (role == null) {
      throw ServiceException.invalid(
          "invalid_role", "'role' must be ADMIN, or MEMBER for no role beyond membership.");
    }
    if (!role.teamMayCarry()) {
      throw ServiceException.invalid(
          "invalid_role",
          "A team cannot carry the Owner role: Owners are appointed by Owners, one member at a"
              + " time. Give the team ADMIN, or MEMBER for no role beyond membership.");
    }
    return role;
  }

  private static AuditLog.Target target(Project p) {
    return new AuditLog.Target("project", p.getId(), p.getName());
  }

  private static AuditLog.Target target(Team t) {
    return new AuditLog.Target("team", t.getId(), t.getName());
  }
}
