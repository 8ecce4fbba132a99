package dev.portcullis.provisioning.boundary;

import dev.portcullis.audit.control.AuditLog;
import dev.portcullis.domainclaim.entity.VerifiedDomain;
import dev.portcullis.org.control.TeamRoles;
import dev.portcullis.org.entity.Membership;
import dev.portcullis.org.entity.OrgRole;
import dev.portcullis.org.entity.Organization;
import dev.portcullis.org.entity.Project;
import dev.portcullis.org.entity.Team;
import dev.portcullis.org.entity.User;
import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.control.EmailAddress;
import dev.portcullis.sso.entity.SsoLink;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Creates and changes an organization's provisioned users and teams, each call one transaction.
 *
 * <p>Scope: an organization provisions only users whose email domain it has verified (a domain has
 * one verified owner, so a user is provisioned by at most one organization's identity provider).
 * Users are global; what is provisioned is their membership in the organization, which carries the
 * identity provider's view of them (userName, externalId, displayName, title, enterprise data).
 * Deactivating a user removes their access to the organization and at once ends their console
 * sessions and revokes their personal access tokens; removing them deletes the membership and every
 * grant inside the organization. The audit log keeps the history.
 *
 * <p>Refusals are {@link ServiceException}s with these codes: {@code out_of_scope} (400, the email
 * domain is not verified by the organization), {@code uniqueness} (409, the userName or email is
 * taken), {@code invalid_email}, {@code invalid_value} (400), {@code last_owner} (409), not found
 * (404).
 *
 * <p>Teams may carry an organization role (PRODUCT §6, groups to roles; set by admins, never by the
 * identity provider): whoever the identity provider puts into such a team, through SCIM Groups or
 * the groups of an SSO login, has that role at once, and loses it at once when taken out or when
 * the team is deleted ({@link TeamRoles}).
 */
@Stateless
public class ProvisioningService {

  @PersistenceContext EntityManager em;

  @Inject AuditLog audit;

  @Inject Clock clock;

  @Inject TeamRoles teamRoles;

  /**
   * A user as the identity provider describes them. The email is the one the user logs in with (its
   * domain decides the scope); null names and attributes clear them.
   */
  public record UserProfile(
      String userName,
      String email,
      String givenName,
      String familyName,
      String displayName,
      String externalId,
      String title,
      String enterprise,
      boolean active) {

    public UserProfile {
      if (userName == null || userName.isBlank()) {
        throw ServiceException.invalid("invalid_value", "A userName is required.");
      }
      userName = userName.strip();
      if (userName.length() > Membership.MAX_USER_NAME_LENGTH) {
        throw ServiceException.invalid(
            "invalid_value",
            "The userName is longer than " + Membership.MAX_USER_NAME_LENGTH + " characters.");
      }
      givenName = limit("name.givenName", givenName, User.MAX_NAME_LENGTH);
      familyName = limit("name.familyName", familyName, User.MAX_NAME_LENGTH);
      displayName = limit("displayName", displayName, Membership.MAX_USER_NAME_LENGTH);
      externalId = limit("externalId", externalId, Membership.MAX_USER_NAME_LENGTH);
      title = limit("title", title, Membership.MAX_TITLE_LENGTH);
      enterprise = limit("enterprise extension", enterprise, Membership.MAX_ENTERPRISE_LENGTH);
    }

    private static String limit(String name, String value, int max) {
      if (value == null) {
        return null;
      }
      if (value.length() > max) {
        throw ServiceException.invalid(
            "invalid_value", "'" + name + "' is longer than " + max + " characters.");
      }
      return value;
    }
  }

  /** A provisioned user of the organization, if it is one and within the organization's scope. */
  public Optional<Membership> user(String organizationId, String membershipId) {
    if (membershipId == null || membershipId.length() > 36) {
      return Optional.empty();
    }
    return Optional.ofNullable(em.find(Membership.class, membershipId))
        .filter(m -> m.getOrganization().getId().equals(organizationId))
        .filter(m -> inScope(organizationId, m.getUser().getEmail()));
  }

  /** Provisions a user: a new membership (and a new user unless one has the email already). */
  public Membership provision(Actor actor, String organizationId, UserProfile profile) {
    return provision(actor, organizationId, organizationId, profile);
  }

  /**
   * Shared SSO: provisions into an organization linked to {@code adminOrganizationId} a user of the
   * admin organization's verified domains (the admin organization's IdP vouched for them). Refused
   * ({@code out_of_scope}) unless the organization is linked to that admin organization.
   */
  public Membership provisionShared(
      Actor actor, String organizationId, String adminOrganizationId, UserProfile profile) {
    SsoLink link = organizationId == null ? null : em.find(SsoLink.class, organizationId);
    if (link == null || !link.getAdminOrganizationId().equals(adminOrganizationId)) {
      throw ServiceException.invalid(
          "out_of_scope", "This organization does not use that organization's single sign-on.");
    }
    return provision(actor, organizationId, adminOrganizationId, profile);
  }

  private Membership provision(
      Actor actor, String organizationId, String scopeOrganizationId, UserProfile profile) {
    Organization org = organization(organizationId);
    String email = scopedEmail(scopeOrganizationId, profile);
    requireUserNameFree(organizationId, profile.userName(), null);
    Instant now = clock.instant();
    User user =
        em.createNamedQuery("User.byEmail", User.class)
            .setParameter("email", email)
            .getResultStream()
            .findFirst()
            .orElse(null);
    if (user == null) {
      user = new User(email, profile.givenName(), profile.familyName(), now);
      em.persist(user);
    } else {
      if (em.createNamedQuery("Membership.byOrganizationAndUser", Membership.class)
          .setParameter("org", organizationId)
          .setParameter("user", user.getId())
          .getResultStream()
          .findFirst()
          .isPresent()) {
        throw uniqueness("A user with the email " + email + " is already in this organization.");
      }
      // Someone who already has an account (signed up, or a member elsewhere): the IdP's names
      // win, but a name it does not send (JIT without name attributes, SCIM without "name")
      // leaves theirs as it is rather than erasing it.
      user.rename(
          profile.givenName() != null ? profile.givenName() : user.getFirstName(),
          profile.familyName() != null ? profile.familyName() : user.getLastName(),
          now);
    }
    Membership m = new Membership(org, user, OrgRole.MEMBER, now);
    describe(m, profile, now);
    if (!profile.active()) {
      m.deactivate();
    }
    em.persist(m);
    flushUnique(profile.userName(), email);
    audit.record(actor, organizationId, "provisioning.user.created", target(m), null, state(m));
    return m;
  }

  /**
   * Replaces the user's attributes with the profile (a PUT, or the result of a PATCH); changing
   * {@code active} deactivates or reactivates them.
   */
  public Membership update(
      Actor actor, String organizationId, String membershipId, UserProfile profile) {
    Membership m = requireUser(organizationId, membershipId);
    Map<String, Object> before = state(m);
    String email = scopedEmail(organizationId, profile);
    requireUserNameFree(organizationId, profile.userName(), m.getId());
    Instant now = clock.instant();
    User user = m.getUser();
    if (!user.getEmail().equals(email)) {
      if (em.createNamedQuery("User.byEmail", User.class)
          .setParameter("email", email)
          .getResultStream()
          .findFirst()
          .isPresent()) {
        throw uniqueness("Another user has the email " + email + ".");
      }
      user.changeEmail(email, now);
    }
    if (!Objects.equals(user.getFirstName(), profile.givenName())
        || !Objects.equals(user.getLastName(), profile.familyName())) {
      user.rename(profile.givenName(), profile.familyName(), now);
    }
    describe(m, profile, now);
    if (m.isActive() && !profile.active()) {
      endAccess(m, now);
      m.deactivate();
      audit.record(actor, organizationId, "provisioning.user.deactivated", target(m), null, null);
    } else if (!m.isActive() && profile.active()) {
      m.activate();
      audit.record(actor, organizationId, "provisioning.user.reactivated", target(m), null, null);
    }
    em.lock(m, LockModeType.OPTIMISTIC_FORCE_INCREMENT);
    flushUnique(profile.userName(), email);
    audit.record(actor, organizationId, "provisioning.user.updated", target(m), before, state(m));
    return m;
  }

  /** Deactivates the user (as {@link #update} with active false). */
  public Membership deactivate(Actor actor, String organizationId, String membershipId) {
    Membership m = requireUser(organizationId, membershipId);
    if (m.isActive()) {
      Instant now = clock.instant();
      endAccess(m, now);
      m.deactivate();
      m.touch(now);
      em.lock(m, LockModeType.OPTIMISTIC_FORCE_INCREMENT);
      audit.record(actor, organizationId, "provisioning.user.deactivated", target(m), null, null);
    }
    return m;
  }

  /** Removes the user from the organization: the membership and every grant inside it. */
  public void remove(Actor actor, String organizationId, String membershipId) {
    Membership m = requireUser(organizationId, membershipId);
    Map<String, Object> before = state(m);
    Instant now = clock.instant();
    if (m.isActive()) {
      endAccess(m, now);
    }
    User user = m.getUser();
    for (Team t :
        em.createNamedQuery("Team.byOrganization", Team.class)
            .setParameter("org", organizationId)
            .getResultList()) {
      if (t.removeMember(user)) {
        t.touch(now);
      }
    }
    for (Project p :
        em.createNamedQuery("Project.byOrganization", Project.class)
            .setParameter("org", organizationId)
            .getResultList()) {
      p.revoke(user);
    }
    em.remove(m);
    audit.record(actor, organizationId, "provisioning.user.removed", target(m), before, null);
  }

  /** A team of the organization. */
  public Optional<Team> team(String organizationId, String teamId) {
    return team(organizationId, teamId, LockModeType.NONE);
  }

  /**
   * A team of the organization, its row locked until the caller's transaction ends: writes of one
   * team that read it first (a SCIM PATCH applies its operations to the team as read) wait for each
   * other instead of failing on its version when they come in parallel.
   */
  public Optional<Team> teamForWrite(String organizationId, String teamId) {
    return team(organizationId, teamId, LockModeType.PESSIMISTIC_WRITE);
  }

  private Optional<Team> team(String organizationId, String teamId, LockModeType lock) {
    if (teamId == null || teamId.length() > 36) {
      return Optional.empty();
    }
    return Optional.ofNullable(em.find(Team.class, teamId, lock))
        .filter(t -> t.getOrganization().getId().equals(organizationId));
  }

  /** Creates a team with the given members (provisioned users' ids). */
  public Team createTeam(
      Actor actor,
      String organizationId,
      String name,
      String externalId,
      Collection<String> memberIds) {
    Organization org = organization(organizationId);
    String teamName = teamName(name);
    requireTeamNameFree(organizationId, teamName, null);
    Instant now = clock.instant();
    Team t = new Team(org, teamName, now);
    t.describe(limit(externalId), now);
    // A new team carries no role: its members gain none.
    for (Membership m : members(organizationId, memberIds)) {
      t.addMember(m.getUser());
    }
    em.persist(t);
    flushUniqueTeam(teamName);
    audit.record(actor, organizationId, "provisioning.team.created", target(t), null, state(t));
    return t;
  }

  /**
   * Changes a team: its name and externalId, and — when {@code memberIds} is not null — its members
   * to exactly those users.
   */
  public Team updateTeam(
      Actor actor,
      String organizationId,
      String teamId,
      String name,
      String externalId,
      Collection<String> memberIds) {
    Team t = requireTeam(organizationId, teamId);
    Map<String, Object> before = state(t);
    String teamName = teamName(name);
    requireTeamNameFree(organizationId, teamName, t.getId());
    Instant now = clock.instant();
    t.rename(teamName);
    t.describe(limit(externalId), now);
    List<Membership> joined = new ArrayList<>();
    List<User> left = new ArrayList<>();
    if (memberIds != null) {
      Map<User, Membership> wanted = new LinkedHashMap<>();
      members(organizationId, memberIds).forEach(m -> wanted.put(m.getUser(), m));
      for (User u : List.copyOf(t.getMembers())) {
        // Members the identity provider cannot see (outside the verified domains) stay.
        if (!wanted.containsKey(u) && inScope(organizationId, u.getEmail())) {
          t.removeMember(u);
          left.add(u);
        }
      }
      wanted.forEach(
          (u, m) -> {
            if (t.addMember(u)) {
              joined.add(m);
            }
          });
    }
    em.lock(t, LockModeType.OPTIMISTIC_FORCE_INCREMENT);
    flushUniqueTeam(teamName);
    if (t.carriesRole()) {
      teamRoles.joined(t, joined);
      teamRoles.rederive(t, teamRoles.memberships(organizationId, left), false);
    }
    audit.record(actor, organizationId, "provisioning.team.updated", target(t), before, state(t));
    return t;
  }

  public void deleteTeam(Actor actor, String organizationId, String teamId) {
    Team t = requireTeam(organizationId, teamId);
    for (Project p :
        em.createNamedQuery("Project.byOrganization", Project.class)
            .setParameter("org", organizationId)
            .getResultList()) {
      p.revoke(t);
    }
    if (t.carriesRole()) {
      // its members lose the role it gave them, now
      teamRoles.rederive(t, teamRoles.memberships(organizationId, t.getMembers()), true);
    }
    Map<String, Object> before = state(t);
    em.remove(t);
    audit.record(actor, organizationId, "provisioning.team.deleted", target(t), before, null);
  }

  /**
   * Adds the user to those of the organization's teams whose names (without regard to case) are in
   * {@code teamNames} — the IdP's groups at an SSO login. Creates no team and removes the user from
   * none: teams the IdP does not name stay as admins made them. Joining a team that carries a role
   * gives the user that role at once. Returns the teams joined now.
   */
  public List<String> joinTeams(
      Actor actor, String organizationId, String userId, Collection<String> teamNames) {
    if (teamNames.isEmpty()) {
      return List.of();
    }
    Set<String> wanted = new HashSet<>();
    teamNames.forEach(n -> wanted.add(n.toLowerCase(java.util.Locale.ROOT)));
    User user = em.find(User.class, userId);
    List<String> joined = new ArrayList<>();
    for (Team t :
        em.createNamedQuery("Team.byOrganization", Team.class)
            .setParameter("org", organizationId)
            .getResultList()) {
      if (!wanted.contains(t.getName().toLowerCase(java.util.Locale.ROOT))) {
        continue;
      }
      Map<String, Object> before = state(t);
      if (t.addMember(user)) {
        t.touch(clock.instant());
        em.lock(t, LockModeType.OPTIMISTIC_FORCE_INCREMENT);
        if (t.carriesRole()) {
          teamRoles.joined(t, teamRoles.memberships(organizationId, List.of(user)));
        }
        audit.record(
            actor, organizationId, "provisioning.team.updated", target(t), before, state(t));
        joined.add(t.getName());
      }
    }
    return joined;
  }

  /** The memberships of those of the users that are provisioned users, by user id. */
  public Map<String, Membership> memberships(String organizationId, Collection<User> users) {
    Map<String, Membership> out = new HashMap<>();
    List<String> domains = verifiedDomains(organizationId);
    List<String> ids =
        users.stream()
            .filter(u -> domains.contains(EmailAddress.domainOf(u.getEmail())))
            .map(User::getId)
            .toList();
    for (int i = 0; i < ids.size(); i += 500) {
      em.createNamedQuery("Membership.byOrganizationAndUsers", Membership.class)
          .setParameter("org", organizationId)
          .setParameter("users", ids.subList(i, Math.min(ids.size(), i + 500)))
          .getResultList()
          .forEach(m -> out.put(m.getUser().getId(), m));
    }
    return out;
  }

  /**
   * The domains provisioning reaches in the organization (few per organization): its verified
   * domains and, while it is linked through Shared SSO, its admin organization's.
   */
  public List<String> verifiedDomains(String organizationId) {
    return em
        .createNamedQuery("VerifiedDomain.provisioningScope", VerifiedDomain.class)
        .setParameter("org", organizationId)
        .getResultList()
        .stream()
        .map(VerifiedDomain::getDomain)
        .toList();
  }

  /** The memberships of the provisioned users with these (SCIM) ids; refused if one is not. */
  private List<Membership> members(String organizationId, Collection<String> memberIds) {
    List<Membership> users = new ArrayList<>();
    if (memberIds == null || memberIds.isEmpty()) {
      return users;
    }
    Set<String> ids = new LinkedHashSet<>(memberIds);
    for (String id : ids) {
      Membership m =
          user(organizationId, id)
              .orElseThrow(
                  () ->
                      ServiceException.invalid(
                          "invalid_value",
                          "The member '" + id + "' is not a user of this organization."));
      users.add(m);
    }
    return users;
  }

  /** Ends what the user could still do: console sessions and personal access tokens, now. */
  private void endAccess(Membership m, Instant now) {
    User user = m.getUser();
    if (m.isActiveOwner()) {
      long owners =
          em.createNamedQuery("Membership.countActiveOwners", Long.class)
              .setParameter("org", m.getOrganization().getId())
              .getSingleResult();
      if (owners <= 1) {
        throw ServiceException.conflict(
            "last_owner",
            "This user is the organization's last Owner; make someone else Owner first.");
      }
    }
    user.endSessions(Instant.now());
    em.createNamedQuery("AccessToken.revokeAllOfUser")
        .setParameter("now", now)
        .setParameter("user", user.getId())
        .executeUpdate();
  }

  private void describe(Membership m, UserProfile p, Instant now) {
    m.describe(p.userName(), p.externalId(), p.displayName(), p.title(), p.enterprise(), now);
  }

  private String scopedEmail(String organizationId, UserProfile profile) {
    String raw = profile.email() != null ? profile.email() : profile.userName();
    String email = EmailAddress.normalize(raw);
    if (!inScope(organizationId, email)) {
      throw ServiceException.invalid(
          "out_of_scope",
          "The email domain "
              + EmailAddress.domainOf(email)
              + " is not a verified domain of this organization (nor of the organization whose"
              + " single sign-on it shares); verify it under Domain Claiming first.");
    }
    return email;
  }

  /**
   * Whether the email's domain is verified by the organization or, while it is linked through
   * Shared SSO, by its admin organization (whose IdP vouches for those people).
   */
  private boolean inScope(String organizationId, String normalizedEmail) {
    VerifiedDomain v = em.find(VerifiedDomain.class, EmailAddress.domainOf(normalizedEmail));
    if (v == null) {
      return false;
    }
    if (v.getOrganizationId().equals(organizationId)) {
      return true;
    }
    SsoLink link = em.find(SsoLink.class, organizationId);
    return link != null && link.getAdminOrganizationId().equals(v.getOrganizationId());
  }

  private void requireUserNameFree(String organizationId, String userName, String exceptId) {
    em.createNamedQuery("Membership.byOrganizationAndUserNameKey", Membership.class)
        .setParameter("org", organizationId)
        .setParameter("key", Membership.key(userName))
        .getResultStream()
        .filter(m -> !m.getId().equals(exceptId))
        .findFirst()
        .ifPresent(
            m -> {
              throw uniqueness("The userName '" + userName + "' is taken in this organization.");
            });
  }

  private void requireTeamNameFree(String organizationId, String name, String exceptId) {
    em.createNamedQuery("Team.byOrganizationAndName", Team.class)
        .setParameter("org", organizationId)
        .setParameter("name", name)
        .getResultStream()
        .filter(t -> !t.getId().equals(exceptId))
        .findFirst()
        .ifPresent(
            t -> {
              throw uniqueness("A group named '" + name + "' exists in this organization.");
            });
  }

  /**
   * Writes now, so that a concurrent request that took the same userName or email between our check
   * and our insert shows as the database's unique constraint here, as a 409, and not at commit.
   */
  private void flushUnique(String userName, String email) {
    try {
      em.flush();
    } catch (PersistenceException e) {
      if (!uniqueViolation(e)) {
        throw e;
      }
      throw uniqueness(
          "The userName '" + userName + "' or the email " + email + " was taken meanwhile.");
    }
  }

  private void flushUniqueTeam(String name) {
    try {
      em.flush();
    } catch (PersistenceException e) {
      if (!uniqueViolation(e)) {
        throw e;
      }
      throw uniqueness("A group named '" + name + "' was created meanwhile.");
    }
  }

  /** SQLSTATE 23xxx: an integrity constraint (here: a unique one) refused the write. */
  private static boolean uniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith("23")) {
        return true;
      }
    }
    return false;
  }

  private static ServiceException uniqueness(String message) {
    return ServiceException.conflict("uniqueness", message);
  }

  private static String teamName(String name) {
    if (name == null || name.isBlank()) {
      throw ServiceException.invalid("invalid_value", "A group needs a displayName.");
    }
    String n = name.strip();
    if (n.length() > 200) {
      throw ServiceException.invalid("invalid_value", "The displayName is longer than 200.");
    }
    return n;
  }

  private static String limit(String externalId) {
    if (externalId != null && externalId.length() > Membership.MAX_USER_NAME_LENGTH) {
      throw ServiceException.invalid("invalid_value", "The externalId is too long.");
    }
    return externalId;
  }

  private Organization organization(String organizationId) {
    Organization org = organizationId == null ? null : em.find(Organization.class, organizationId);
    if (org == null) {
      throw ServiceException.notFound("Organization");
    }
    return org;
  }

  private Membership requireUser(String organizationId, String membershipId) {
    return user(organizationId, membershipId).orElseThrow(() -> ServiceException.notFound("User"));
  }

  private Team requireTeam(String organizationId, String teamId) {
    return team(organizationId, teamId).orElseThrow(() -> ServiceException.notFound("Group"));
  }

  private static AuditLog.Target target(Membership m) {
    return new AuditLog.Target("user", m.getUser().getId(), m.getUser().getEmail());
  }

  private static AuditLog.Target target(Team t) {
    return new AuditLog.Target("team", t.getId(), t.getName());
  }

  private static Map<String, Object> state(Membership m) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("userName", m.getUserName());
    s.put("email", m.getUser().getEmail());
    s.put("givenName", m.getUser().getFirstName());
    s.put("familyName", m.getUser().getLastName());
    s.put("displayName", m.getDisplayName());
    s.put("externalId", m.getExternalId());
    s.put("active", m.isActive());
    return s;
  }

  private static Map<String, Object> state(Team t) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("name", t.getName());
    s.put("externalId", t.getExternalId());
    s.put("members", t.getMembers().size());
    return s;
  }
}
