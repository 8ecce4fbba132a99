package dev.portcullis.org.control;

import dev.portcullis.org.entity.Membership;
import dev.portcullis.org.entity.OrgRole;
import dev.portcullis.org.entity.Team;
import dev.portcullis.org.entity.User;
import jakarta.enterprise.context.Dependent;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups to roles (PRODUCT §6): keeps each membership's team role ({@link
 * Membership#getTeamRole()}, the highest role among the member's teams in the organization) equal
 * to what the teams say, in the same transaction as the change of the teams.
 *
 * <p>Why stored rather than joined: every authorization check ({@link OrgAccess}) and every SSO
 * login reads the member's role, so the role the teams give is a column of the membership row those
 * already read; reading it costs nothing. The writes pay instead, and only for teams that carry a
 * role: members who join such a team are raised without a query; members who leave it, lose its
 * role or see it deleted are derived again with one query over their other teams. A team without a
 * role costs nothing anywhere.
 *
 * <p>Concurrency: each derivation forces the membership's version on, even when the value stays,
 * and every change of a team's members or role forces the team's version on. So two transactions
 * that derive one member's role at once (one takes them out of team A while the other clears the
 * role of team B, each still seeing the other's team as it was) cannot both commit: the later one
 * fails on a version and nothing is half-applied, rather than leaving a role no team gives anymore
 * or missing one a team now gives. Every membership passed in must have been read before this
 * call's query runs (callers pass managed memberships), which is what makes that argument hold.
 */
@Dependent
public class TeamRoles {

  private static final int CHUNK = 500;

  @PersistenceContext EntityManager em;

  /** These memberships' users joined the team: they have at least its role now. No query. */
  public void joined(Team team, Collection<Membership> joined) {
    if (!team.carriesRole()) {
      return;
    }
    for (Membership m : joined) {
      m.deriveTeamRole(m.getTeamRole().atLeast(team.getRole()));
      em.lock(m, LockModeType.OPTIMISTIC_FORCE_INCREMENT);
    }
  }

  /**
   * Derives the team role of these memberships again, from all their teams: {@code team} as this
   * transaction has it now (its role and members; ignored when {@code teamGone}, as it is being
   * deleted), their other teams as stored. For members who left the team, and for all members of a
   * team whose role changed or that is being deleted.
   */
  public void rederive(Team team, Collection<Membership> memberships, boolean teamGone) {
    if (memberships.isEmpty()) {
      return;
    }
    String organizationId = team.getOrganization().getId();
    List<String> userIds = memberships.stream().map(m -> m.getUser().getId()).toList();
    Map<String, OrgRole> fromOthers = new HashMap<>();
    for (int i = 0; i < userIds.size(); i += CHUNK) {
      List<Object[]> rows =
          em.createNamedQuery("Team.rolesOfUsers", Object[].class)
              .setParameter("org", organizationId)
              .setParameter("users", userIds.subList(i, Math.min(userIds.size(), i + CHUNK)))
              .setParameter("except", team.getId())
              .getResultList();
      for (Object[] row : rows) {
        fromOthers.merge((String) row[0], (OrgRole) row[1], OrgRole::atLeast);
      }
    }
    for (Membership m : memberships) {
      if (!m.getOrganization().getId().equals(organizationId)) {
        throw new IllegalArgumentException("A membership of another organization");
      }
      OrgRole role = fromOthers.getOrDefault(m.getUser().getId(), OrgRole.MEMBER);
      if (!teamGone && team.getMembers().contains(m.getUser())) {
        role = role.atLeast(team.getRole());
      }
      m.deriveTeamRole(role);
      em.lock(m, LockModeType.OPTIMISTIC_FORCE_INCREMENT);
    }
  }

  /** The memberships in the organization of those of the users who have one. */
  public List<Membership> memberships(String organizationId, Collection<User> users) {
    List<String> ids = users.stream().map(User::getId).toList();
    List<Membership> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += CHUNK) {
      out.addAll(
          em.createNamedQuery("Membership.byOrganizationAndUsers", Membership.class)
              .setParameter("org", organizationId)
              .setParameter("users", ids.subList(i, Math.min(ids.size(), i + CHUNK)))
              .getResultList());
    }
    return out;
  }

  /**
   * For each member who is in teams that carry a role: the names of those teams, by user id, in
   * name order. What the console and the members list show as "Admin (via team X)".
   */
  public Map<String, List<String>> roleTeams(String organizationId) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Object[] row :
        em.createNamedQuery("Team.roleCarryingByOrganization", Object[].class)
            .setParameter("org", organizationId)
            .getResultList()) {
      out.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add((String) row[1]);
    }
    return out;
  }
}
