package it.api;

import static it.api.Api.assertError;
import static it.api.Api.assertStatus;
import static it.api.Api.delete;
import static it.api.Api.get;
import static it.api.Api.obj;
import static it.api.Api.patch;
import static it.api.Api.post;
import static it.api.Api.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.api.Api.Org;
import it.api.Api.Person;
import it.api.Api.Reply;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Projects, teams and grants of an organization, and the organization role a team gives its members
 * (PRODUCT §6, groups to roles).
 */
class ProjectIT {

  private static String projects(Org org) {
    return Api.org(org.id()) + "/projects";
  }

  private static String teams(Org org) {
    return Api.org(org.id()) + "/teams";
  }

  private static JsonObject project(Org org, String id) {
    Reply r = get(projects(org), org.owner().token());
    assertStatus(200, r);
    return Api.require(r.array(), "id", id);
  }

  private static JsonObject team(Org org, String id) {
    Reply r = get(teams(org), org.owner().token());
    assertStatus(200, r);
    return Api.require(r.array(), "id", id);
  }

  @Test
  void anOwnerCreatesAProject() {
    Org org = Api.organization("Projects");

    Reply r =
        post(projects(org), org.owner().token(), obj("name", "  Website  ", "allUsers", true));

    assertStatus(201, r);
    JsonObject p = r.json();
    assertEquals("Website", p.getString("name"), "names are trimmed");
    assertTrue(p.getBoolean("allUsers"));
    assertEquals(Json.createArrayBuilder().build(), p.getJsonArray("users"));
    assertEquals(Json.createArrayBuilder().build(), p.getJsonArray("teams"));
    assertEquals(p, project(org, p.getString("id")));
  }

  @Test
  void projectNamesAreUniqueInAnOrganizationIgnoringCase() {
    Org org = Api.organization("Unique");
    Org other = Api.organization("UniqueOther");
    assertStatus(201, post(projects(org), org.owner().token(), obj("name", "Billing")));

    Reply again = post(projects(org), org.owner().token(), obj("name", "BILLING"));
    Reply elsewhere = post(projects(other), other.owner().token(), obj("name", "Billing"));

    assertError(again, 409, "name_taken");
    assertStatus(201, elsewhere);
    assertEquals(1, get(projects(org), org.owner().token()).array().size());
  }

  @Test
  void grantsToUsersAndTeamsAndAllUsers() {
    Org org = Api.organization("Grants");
    Person alice = Api.member(org, "MEMBER", "Alice");
    Person bob = Api.member(org, "MEMBER", "Bob");
    String t = org.owner().token();
    String projectId = TenantIsolationIT.projectId(org, "Data Warehouse");
    String teamId = TenantIsolationIT.teamId(org, "Analysts");
    String project = projects(org) + "/" + projectId;

    assertStatus(204, put(teams(org) + "/" + teamId + "/members/" + bob.id(), t, null));
    assertStatus(204, put(project + "/users/" + alice.id(), t, null));
    assertStatus(204, put(project + "/teams/" + teamId, t, null));
    assertStatus(204, put(project + "/all-users", t, obj("granted", true)));

    JsonObject p = project(org, projectId);
    assertEquals(Json.createArrayBuilder().add(alice.id()).build(), p.getJsonArray("users"));
    assertEquals(Json.createArrayBuilder().add(teamId).build(), p.getJsonArray("teams"));
    assertTrue(p.getBoolean("allUsers"));
    assertEquals(
        Json.createArrayBuilder().add(bob.id()).build(), team(org, teamId).getJsonArray("members"));

    // Granting twice changes nothing; revoking takes the grant away.
    assertStatus(204, put(project + "/users/" + alice.id(), t, null));
    assertStatus(204, delete(project + "/users/" + alice.id(), t));
    assertStatus(204, delete(project + "/teams/" + teamId, t));
    assertStatus(204, put(project + "/all-users", t, obj("granted", false)));
    assertStatus(204, delete(teams(org) + "/" + teamId + "/members/" + bob.id(), t));

    p = project(org, projectId);
    assertTrue(p.getJsonArray("users").isEmpty(), p::toString);
    assertTrue(p.getJsonArray("teams").isEmpty(), p::toString);
    assertFalse(p.getBoolean("allUsers"));
    assertTrue(team(org, teamId).getJsonArray("members").isEmpty());
  }

  @Test
  void removingAMemberTakesTheirGrantsAway() {
    Org org = Api.organization("Revoke");
    Person leaver = Api.member(org, "MEMBER", "Leaver");
    String t = org.owner().token();
    String projectId = TenantIsolationIT.projectId(org, "Secret");
    String teamId = TenantIsolationIT.teamId(org, "Crew");
    assertStatus(204, put(projects(org) + "/" + projectId + "/users/" + leaver.id(), t, null));
    assertStatus(204, put(teams(org) + "/" + teamId + "/members/" + leaver.id(), t, null));

    assertStatus(204, delete(Api.member(org.id(), leaver.id()), t));

    assertTrue(project(org, projectId).getJsonArray("users").isEmpty());
    assertTrue(team(org, teamId).getJsonArray("members").isEmpty());
  }

  @Test
  void onlyMembersCanBeGrantedAccess() {
    Org org = Api.organization("OnlyMembers");
    Person outsider = Api.person("NotInOrg");
    String t = org.owner().token();
    String projectId = TenantIsolationIT.projectId(org, "Internal");
    String teamId = TenantIsolationIT.teamId(org, "Insiders");

    assertError(
        put(projects(org) + "/" + projectId + "/users/" + outsider.id(), t, null),
        404,
        "not_found");
    assertError(
        put(teams(org) + "/" + teamId + "/members/" + outsider.id(), t, null), 404, "not_found");
    assertError(
        put(projects(org) + "/no-such-project/users/" + org.owner().id(), t, null),
        404,
        "not_found");
    assertError(
        put(projects(org) + "/" + projectId + "/teams/no-such-team", t, null), 404, "not_found");

    assertTrue(project(org, projectId).getJsonArray("users").isEmpty());
    assertTrue(team(org, teamId).getJsonArray("members").isEmpty());
  }

  @Test
  void membersCannotManageProjectsOrTeams() {
    Org org = Api.organization("MemberProjects");
    Person member = Api.member(org, "MEMBER", "NoAdmin");
    String projectId = TenantIsolationIT.projectId(org, "Guarded");
    String t = member.token();

    assertError(get(projects(org), t), 403, "forbidden");
    assertError(get(teams(org), t), 403, "forbidden");
    assertError(post(projects(org), t, obj("name", "Mine")), 403, "forbidden");
    assertError(post(teams(org), t, obj("name", "Mine")), 403, "forbidden");
    String teamId = TenantIsolationIT.teamId(org, "Guards");
    assertError(patch(teams(org) + "/" + teamId, t, obj("role", "ADMIN")), 403, "forbidden");
    assertError(delete(teams(org) + "/" + teamId, t), 403, "forbidden");
    assertError(
        put(teams(org) + "/" + teamId + "/members/" + member.id(), t, null), 403, "forbidden");
    assertEquals("MEMBER", team(org, teamId).getString("role"));
    assertError(
        put(projects(org) + "/" + projectId + "/users/" + member.id(), t, null), 403, "forbidden");
    assertError(
        put(projects(org) + "/" + projectId + "/all-users", t, obj("granted", true)),
        403,
        "forbidden");

    JsonArray all = get(projects(org), org.owner().token()).array();
    assertEquals(1, all.size(), all::toString);
    assertFalse(all.getJsonObject(0).getBoolean("allUsers"));
    assertTrue(all.getJsonObject(0).getJsonArray("users").isEmpty());
  }

  @Test
  void anAdminManagesProjectsAndTeams() {
    Org org = Api.organization("AdminProjects");
    Person admin = Api.member(org, "ADMIN", "ProjectAdmin");

    assertStatus(201, post(projects(org), admin.token(), obj("name", "By Admin")));
    assertStatus(201, post(teams(org), admin.token(), obj("name", "By Admin")));
  }

  /** The member as the members list shows them to the Owner. */
  private static JsonObject memberEntry(Org org, String userId) {
    Reply r = get(Api.members(org.id()), org.owner().token());
    assertStatus(200, r);
    return Api.require(r.array(), "userId", userId);
  }

  /** Whether the person may use the admin API of the organization right now. */
  private static int adminStatus(Org org, Person p) {
    return get(Api.members(org.id()), p.token()).status();
  }

  @Test
  void anAdminTeamMakesItsMembersAdminsAtOnceAndTakingThemOutUndoesIt() {
    Org org = Api.organization("TeamRole");
    Person alice = Api.member(org, "MEMBER", "TeamAlice");
    String t = org.owner().token();
    String teamId = TenantIsolationIT.teamId(org, "Platform Admins");
    String team = teams(org) + "/" + teamId;
    assertEquals("MEMBER", team(org, teamId).getString("role"), "a new team carries no role");

    Reply set = patch(team, t, obj("role", "admin"));
    assertStatus(200, set);
    assertEquals("ADMIN", set.json().getString("role"));
    assertEquals(teamId, set.json().getString("id"));
    assertError(get(Api.members(org.id()), alice.token()), 403, "forbidden");

    assertStatus(204, put(team + "/members/" + alice.id(), t, null));
    assertEquals(200, adminStatus(org, alice), "in the Admin team: an Admin at once");
    assertStatus(201, post(projects(org), alice.token(), obj("name", "Made By Team Admin")));
    JsonObject entry = memberEntry(org, alice.id());
    assertEquals("MEMBER", entry.getString("role"), "their own role stays");
    assertEquals("ADMIN", entry.getString("effectiveRole"));
    assertEquals(
        Json.createArrayBuilder().add("Platform Admins").build(), entry.getJsonArray("roleTeams"));

    assertStatus(204, delete(team + "/members/" + alice.id(), t));
    assertError(get(Api.members(org.id()), alice.token()), 403, "forbidden");
    assertEquals("MEMBER", memberEntry(org, alice.id()).getString("effectiveRole"));
    assertTrue(memberEntry(org, alice.id()).getJsonArray("roleTeams").isEmpty());

    // Back in; then the team's role is cleared: Member again at once.
    assertStatus(204, put(team + "/members/" + alice.id(), t, null));
    assertEquals(200, adminStatus(org, alice));
    assertStatus(200, patch(team, t, obj("role", "MEMBER")));
    assertEquals(403, adminStatus(org, alice));
    assertEquals("MEMBER", team(org, teamId).getString("role"));

    // The role again (everyone in the team gains it), then the team is deleted.
    assertStatus(200, patch(team, t, obj("role", "ADMIN")));
    assertEquals(200, adminStatus(org, alice));
    assertStatus(204, delete(team, t));
    assertEquals(403, adminStatus(org, alice));
    assertTrue(get(teams(org), t).array().isEmpty());
    assertEquals("MEMBER", memberEntry(org, alice.id()).getString("effectiveRole"));

    JsonArray log = get(Api.org(org.id()) + "/audit?format=json", t).array();
    JsonObject changed = Api.require(log, "action", "team.role_changed");
    assertEquals(teamId, changed.getString("targetId"));
    assertEquals(org.owner().email(), changed.getString("actor"));
    assertTrue(changed.getString("before").contains("\"role\":\"MEMBER\""), changed::toString);
    assertTrue(changed.getString("after").contains("\"role\":\"ADMIN\""), changed::toString);
    Api.require(log, "action", "team.deleted");
  }

  @Test
  void aTeamNeverCarriesOwnerAndNeverLowersAnOwner() {
    Org org = Api.organization("TeamOwner");
    Person bob = Api.member(org, "MEMBER", "TeamBob");
    String t = org.owner().token();
    String teamId = TenantIsolationIT.teamId(org, "Would Be Owners");
    String team = teams(org) + "/" + teamId;
    assertStatus(204, put(team + "/members/" + bob.id(), t, null));
    assertStatus(204, put(team + "/members/" + org.owner().id(), t, null));
    String auditBefore = get(Api.org(org.id()) + "/audit?format=json", t).body();

    Reply owner = patch(team, t, obj("role", "OWNER"));
    assertError(owner, 400, "invalid_role");
    assertTrue(owner.message().contains("Owner"), owner::toString);
    assertError(patch(team, t, obj("role", "SUPERUSER")), 400, "invalid_role");
    assertError(patch(team, t, obj("role", null)), 400, "invalid_field");
    assertError(
        post(teams(org), t, obj("name", "Owners Club", "role", "OWNER")), 400, "invalid_role");
    assertEquals("MEMBER", team(org, teamId).getString("role"), "nothing changed");
    assertEquals(1, get(teams(org), t).array().size(), "no team was created");
    assertEquals(403, adminStatus(org, bob));
    assertEquals(auditBefore, get(Api.org(org.id()) + "/audit?format=json", t).body());

    // An Admin through a team cannot make themselves an Owner either.
    assertStatus(200, patch(team, t, obj("role", "ADMIN")));
    assertError(
        patch(Api.member(org.id(), bob.id()), bob.token(), obj("role", "OWNER")), 403, "forbidden");

    // The Owner in the Admin team stays Owner, also when the team's role goes away.
    JsonObject ownerEntry = memberEntry(org, org.owner().id());
    assertEquals("OWNER", ownerEntry.getString("effectiveRole"));
    assertStatus(200, patch(team, t, obj("role", "MEMBER")));
    assertEquals("OWNER", memberEntry(org, org.owner().id()).getString("effectiveRole"));
    assertEquals(200, adminStatus(org, org.owner()));

    // A team created with a role gives it from the start.
    Reply created = post(teams(org), t, obj("name", "Ops", "role", "ADMIN"));
    assertStatus(201, created);
    assertEquals("ADMIN", created.json().getString("role"));
    assertStatus(
        204,
        put(teams(org) + "/" + created.json().getString("id") + "/members/" + bob.id(), t, null));
    assertEquals(200, adminStatus(org, bob));
  }

  @Test
  void anAdminByOwnRoleStaysAdminWhenTheirTeamLosesItsRole() {
    Org org = Api.organization("TeamOwnAdmin");
    Person carol = Api.member(org, "ADMIN", "TeamCarol");
    String t = org.owner().token();
    Reply created = post(teams(org), t, obj("name", "Admins", "role", "ADMIN"));
    String team = teams(org) + "/" + created.json().getString("id");
    assertStatus(204, put(team + "/members/" + carol.id(), t, null));

    assertStatus(200, patch(team, t, obj("role", "MEMBER")));
    assertStatus(204, delete(team + "/members/" + carol.id(), t));

    assertEquals(200, adminStatus(org, carol));
    assertEquals("ADMIN", memberEntry(org, carol.id()).getString("effectiveRole"));
  }

  /**
   * Changes racing over one member's teams (joining and leaving two Admin teams while their roles
   * are set and cleared) never leave the member with a role no team gives, nor without one a team
   * gives: each change either applies whole or is refused with 409 (retry).
   */
  @Test
  void racingTeamChangesNeverLeaveARoleNoTeamGives() throws Exception {
    Org org = Api.organization("TeamRace");
    Person dan = Api.member(org, "MEMBER", "TeamDan");
    String t = org.owner().token();
    String a = teams(org) + "/" + TenantIsolationIT.teamId(org, "Race A");
    String b = teams(org) + "/" + TenantIsolationIT.teamId(org, "Race B");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 12; round++) {
        int n = round;
        boolean even = n % 2 == 0;
        List<Callable<Reply>> changes =
            List.of(
                () ->
                    even
                        ? put(a + "/members/" + dan.id(), t, null)
                        : delete(a + "/members/" + dan.id(), t),
                () ->
                    n % 3 == 0
                        ? delete(b + "/members/" + dan.id(), t)
                        : put(b + "/members/" + dan.id(), t, null),
                () -> patch(a, t, obj("role", n % 4 < 2 ? "ADMIN" : "MEMBER")),
                () -> patch(b, t, obj("role", even ? "MEMBER" : "ADMIN")));
        for (Future<Reply> f : pool.invokeAll(changes)) {
          Reply r = f.get();
          assertTrue(r.status() == 200 || r.status() == 204 || r.status() == 409, r::toString);
          if (r.status() == 409) {
            assertEquals("conflict", r.error());
          }
        }
        boolean viaTeam = false;
        for (JsonValue v : get(teams(org), t).array()) {
          JsonObject team = v.asJsonObject();
          viaTeam |=
              team.getString("role").equals("ADMIN")
                  && team.getJsonArray("members").contains(Json.createValue(dan.id()));
        }
        String expected = viaTeam ? "ADMIN" : "MEMBER";
        assertEquals(
            expected, memberEntry(org, dan.id()).getString("effectiveRole"), "round " + round);
        assertEquals(viaTeam ? 200 : 403, adminStatus(org, dan), "round " + round);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theAllUsersToggleNeedsABoolean() {
    Org org = Api.organization("Toggle");
    String projectId = TenantIsolationIT.projectId(org, "Toggled");
    String path = projects(org) + "/" + projectId + "/all-users";

    assertEquals(400, put(path, org.owner().token(), obj()).status());
    assertEquals(400, put(path, org.owner().token(), obj("granted", "yes")).status());
    assertFalse(project(org, projectId).getBoolean("allUsers"));
  }
}
