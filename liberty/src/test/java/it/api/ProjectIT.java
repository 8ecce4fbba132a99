package it.api;

import static it.api.Api.assertError;
import static it.api.Api.assertStatus;
import static it.api.Api.delete;
import static it.api.Api.get;
import static it.api.Api.obj;
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
import org.junit.jupiter.api.Test;

/** Projects, teams and grants of an organization. */
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
