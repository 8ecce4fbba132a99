package it.api;

import static it.api.Api.assertError;
import static it.api.Api.assertStatus;
import static it.api.Api.delete;
import static it.api.Api.get;
import static it.api.Api.member;
import static it.api.Api.members;
import static it.api.Api.obj;
import static it.api.Api.patch;
import static it.api.Api.post;
import static it.api.Api.put;
import static org.junit.jupiter.api.Assertions.assertEquals;

import it.api.Api.Org;
import it.api.Api.Person;
import it.api.Api.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An Owner of one organization can neither read nor change anything of another: every attempt is
 * "not found", exactly as for an organization that does not exist, and the other organization is
 * unchanged afterwards.
 */
class TenantIsolationIT {

  /** What org B's own Owner sees of it. */
  private record Snapshot(String org, String members, String projects, String teams, String audit) {
    static Snapshot of(Org b) {
      String t = b.owner().token();
      return new Snapshot(
          body(get(Api.org(b.id()), t)),
          body(get(Api.members(b.id()), t)),
          body(get(Api.org(b.id()) + "/projects", t)),
          body(get(Api.org(b.id()) + "/teams", t)),
          body(get(Api.org(b.id()) + "/audit?format=json", t)));
    }

    private static String body(Reply r) {
      assertStatus(200, r);
      return r.body();
    }
  }

  @Test
  void anOwnerOfOneOrganizationCanDoNothingInAnother() {
    Org a = Api.organization("TenantA");
    Org b = Api.organization("TenantB");
    Person bMember = Api.member(b, "MEMBER", "TenantBMember");
    String project = projectId(b, "B Secret Project");
    String team = teamId(b, "B Team");
    Snapshot before = Snapshot.of(b);
    String attacker = a.owner().token();
    String base = Api.org(b.id());

    List<Reply> attempts = new ArrayList<>();
    attempts.add(get(base, attacker));
    attempts.add(get(members(b.id()), attacker));
    attempts.add(get(base + "/audit?format=json", attacker));
    attempts.add(get(base + "/audit?format=csv", attacker));
    attempts.add(get(base + "/projects", attacker));
    attempts.add(get(base + "/teams", attacker));
    attempts.add(post(members(b.id()), attacker, obj("email", a.owner().email(), "role", "OWNER")));
    attempts.add(
        post(members(b.id()), attacker, obj("email", Api.email("plant"), "role", "ADMIN")));
    attempts.add(patch(member(b.id(), bMember.id()), attacker, obj("role", "OWNER")));
    attempts.add(patch(member(b.id(), b.owner().id()), attacker, obj("role", "MEMBER")));
    attempts.add(delete(member(b.id(), bMember.id()), attacker));
    attempts.add(delete(member(b.id(), b.owner().id()), attacker));
    attempts.add(post(base + "/projects", attacker, obj("name", "Planted")));
    attempts.add(post(base + "/teams", attacker, obj("name", "Planted")));
    attempts.add(put(base + "/projects/" + project + "/all-users", attacker, obj("granted", true)));
    attempts.add(put(base + "/projects/" + project + "/users/" + bMember.id(), attacker, null));
    attempts.add(delete(base + "/projects/" + project + "/teams/" + team, attacker));
    attempts.add(put(base + "/teams/" + team + "/members/" + b.owner().id(), attacker, null));
    attempts.add(patch(base + "/teams/" + team, attacker, obj("role", "ADMIN")));
    attempts.add(delete(base + "/teams/" + team, attacker));
    Reply unknownOrg = get(Api.org("00000000-0000-0000-0000-000000000000"), attacker);

    for (Reply r : attempts) {
      assertError(r, 404, "not_found");
      assertEquals(unknownOrg.message(), r.message(), "must look like an unknown organization");
    }
    // The plan is the operator's alone: forbidden to every personal token, member or not.
    assertError(put(base + "/plan", attacker, obj("plan", "ENTERPRISE")), 403, "forbidden");
    assertEquals(before, Snapshot.of(b), "organization B changed");
  }

  @Test
  void orgAIdsCannotReachIntoOrgBThroughOrgAsPaths() {
    Org a = Api.organization("PathA");
    Org b = Api.organization("PathB");
    String bProject = projectId(b, "B Project");
    String bTeam = teamId(b, "B Team");
    String aProject = projectId(a, "A Project");
    String aTeam = teamId(a, "A Team");
    Snapshot before = Snapshot.of(b);
    String t = a.owner().token();
    String base = Api.org(a.id());

    // B's project, team and owner under A's organization: none of them exists there.
    assertError(
        put(base + "/projects/" + bProject + "/all-users", t, obj("granted", true)),
        404,
        "not_found");
    assertError(
        put(base + "/projects/" + bProject + "/users/" + a.owner().id(), t, null),
        404,
        "not_found");
    assertError(put(base + "/projects/" + aProject + "/teams/" + bTeam, t, null), 404, "not_found");
    assertError(
        put(base + "/projects/" + aProject + "/users/" + b.owner().id(), t, null),
        404,
        "not_found");
    assertError(
        put(base + "/teams/" + aTeam + "/members/" + b.owner().id(), t, null), 404, "not_found");
    assertError(
        put(base + "/teams/" + bTeam + "/members/" + a.owner().id(), t, null), 404, "not_found");
    assertError(patch(member(a.id(), b.owner().id()), t, obj("role", "MEMBER")), 404, "not_found");
    assertError(delete(member(a.id(), b.owner().id()), t), 404, "not_found");
    assertError(patch(base + "/teams/" + bTeam, t, obj("role", "ADMIN")), 404, "not_found");
    assertError(delete(base + "/teams/" + bTeam, t), 404, "not_found");

    assertEquals(before, Snapshot.of(b), "organization B changed");
  }

  @Test
  void aTeamsRoleCountsInItsOwnOrganizationOnly() {
    Org a = Api.organization("RoleA");
    Org b = Api.organization("RoleB");
    Person both = Api.member(a, "MEMBER", "InBoth");
    assertStatus(
        201,
        post(members(b.id()), b.owner().token(), obj("email", both.email(), "role", "MEMBER")));
    String bTeam = teamId(b, "Admins");
    assertStatus(
        204,
        put(
            Api.org(b.id()) + "/teams/" + bTeam + "/members/" + both.id(),
            b.owner().token(),
            null));
    Snapshot before = Snapshot.of(b);

    // A's Admin team takes the person in: an Admin of A, still a Member of B.
    Reply aTeam =
        post(Api.org(a.id()) + "/teams", a.owner().token(), obj("name", "Admins", "role", "ADMIN"));
    assertStatus(201, aTeam);
    String aTeamPath = Api.org(a.id()) + "/teams/" + aTeam.json().getString("id");
    assertStatus(204, put(aTeamPath + "/members/" + both.id(), a.owner().token(), null));

    assertStatus(200, get(members(a.id()), both.token()));
    assertError(get(members(b.id()), both.token()), 403, "forbidden");
    assertError(post(Api.org(b.id()) + "/teams", both.token(), obj("name", "X")), 403, "forbidden");
    assertEquals(before, Snapshot.of(b), "organization B changed");

    // B's team of the same name gets the role: now an Admin of B too; A's team leaving changes
    // nothing in B.
    assertStatus(
        200, patch(Api.org(b.id()) + "/teams/" + bTeam, b.owner().token(), obj("role", "ADMIN")));
    assertStatus(204, delete(aTeamPath, a.owner().token()));
    assertError(get(members(a.id()), both.token()), 403, "forbidden");
    assertStatus(200, get(members(b.id()), both.token()));
  }

  static String projectId(Org org, String name) {
    Reply r = post(Api.org(org.id()) + "/projects", org.owner().token(), obj("name", name));
    assertStatus(201, r);
    return r.json().getString("id");
  }

  static String teamId(Org org, String name) {
    Reply r = post(Api.org(org.id()) + "/teams", org.owner().token(), obj("name", name));
    assertStatus(201, r);
    return r.json().getString("id");
  }
}
