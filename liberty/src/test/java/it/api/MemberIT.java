package it.api;

import static it.api.Api.OPERATOR;
import static it.api.Api.PASSWORD;
import static it.api.Api.V1;
import static it.api.Api.assertError;
import static it.api.Api.assertStatus;
import static it.api.Api.delete;
import static it.api.Api.get;
import static it.api.Api.member;
import static it.api.Api.members;
import static it.api.Api.obj;
import static it.api.Api.patch;
import static it.api.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.api.Api.Org;
import it.api.Api.Person;
import it.api.Api.Reply;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Members of an organization: list, add, invite, change role, remove; the last Owner stays. */
class MemberIT {

  @Test
  void anOwnerListsTheMembers() {
    Org org = Api.organization("List");
    Person admin = Api.member(org, "ADMIN", "ListAdmin");
    Person member = Api.member(org, "MEMBER", "ListMember");

    Reply r = get(members(org.id()), org.owner().token());

    assertStatus(200, r);
    assertEquals(3, r.array().size(), r::toString);
    JsonObject a = Api.require(r.array(), "userId", admin.id());
    assertEquals(admin.email(), a.getString("email"));
    assertEquals("ADMIN", a.getString("role"));
    assertTrue(a.getBoolean("active"));
    assertEquals("MEMBER", Api.require(r.array(), "userId", member.id()).getString("role"));
    assertEquals("OWNER", Api.require(r.array(), "userId", org.owner().id()).getString("role"));
    // Admins administer too.
    assertStatus(200, get(members(org.id()), admin.token()));
  }

  @Test
  void aMemberMayNotListTheMembers() {
    Org org = Api.organization("NoList");
    Person member = Api.member(org, "MEMBER", "Plain");

    assertError(get(members(org.id()), member.token()), 403, "forbidden");
    // ...but sees the organization itself.
    assertStatus(200, get(Api.org(org.id()), member.token()));
  }

  @Test
  void someoneOutsideTheOrganizationLearnsNothingAboutIt() {
    Org org = Api.organization("Hidden");
    Person outsider = Api.person("Outsider");

    Reply r = get(members(org.id()), outsider.token());
    Reply unknown = get(members("00000000-0000-0000-0000-000000000000"), outsider.token());

    assertError(r, 404, "not_found");
    assertError(unknown, 404, "not_found");
    assertEquals(unknown.message(), r.message(), "existing and unknown orgs look the same");
  }

  @Test
  void addingAnExistingUserMakesThemAMember() {
    Org org = Api.organization("Add");
    Person p = Api.person("Joiner");

    Reply r =
        post(members(org.id()), org.owner().token(), obj("email", p.email(), "role", "admin"));

    assertStatus(201, r);
    assertEquals(p.id(), r.json().getString("userId"));
    assertEquals(p.email(), r.json().getString("email"));
    assertEquals("ADMIN", r.json().getString("role"));
    assertEquals("ADMIN", Api.roles(org).get(p.id()));
    // They now administer it with their own token.
    assertStatus(200, get(members(org.id()), p.token()));
  }

  @Test
  void addingSomeoneTwiceIsAConflict() {
    Org org = Api.organization("Twice");
    Person p = Api.member(org, "MEMBER", "Again");

    Reply r =
        post(members(org.id()), org.owner().token(), obj("email", p.email(), "role", "ADMIN"));

    assertError(r, 409, "already_member");
    assertEquals("MEMBER", Api.roles(org).get(p.id()));
  }

  @Test
  void anUnknownEmailIsInvitedAndJoinsWithTheInvitedRoleOnSignup() {
    Org org = Api.organization("Invite");
    String email = Api.email("Invitee");

    Reply r = post(members(org.id()), org.owner().token(), obj("email", email, "role", "ADMIN"));

    assertStatus(202, r);
    assertEquals(email, r.json().getString("email"));
    assertEquals("ADMIN", r.json().getString("role"));
    assertTrue(Instant.parse(r.json().getString("expiresAt")).isAfter(Instant.now()));
    assertEquals(1, Api.roles(org).size(), "an invitation is not a membership yet");

    Reply signup = post(V1 + "/signup", null, obj("email", email, "password", PASSWORD));
    assertStatus(201, signup);

    String userId = signup.json().getString("userId");
    assertEquals("ADMIN", Api.roles(org).get(userId));
    assertStatus(200, get(members(org.id()), Api.token(email, PASSWORD)));
  }

  @Test
  void anOwnerChangesARole() {
    Org org = Api.organization("Role");
    Person p = Api.member(org, "MEMBER", "Promoted");

    Reply r = patch(member(org.id(), p.id()), org.owner().token(), obj("role", "ADMIN"));

    assertStatus(200, r);
    assertEquals("ADMIN", r.json().getString("role"));
    assertEquals(p.id(), r.json().getString("userId"));
    assertEquals("ADMIN", Api.roles(org).get(p.id()));
  }

  @Test
  void theLastOwnerCannotBeDemotedOrRemoved() {
    Org org = Api.organization("LastOwner");
    Person admin = Api.member(org, "ADMIN", "Deputy");
    Map<String, String> before = Api.roles(org);

    Reply demote =
        patch(member(org.id(), org.owner().id()), org.owner().token(), obj("role", "ADMIN"));
    Reply remove = delete(member(org.id(), org.owner().id()), org.owner().token());
    Reply byOperator = patch(member(org.id(), org.owner().id()), OPERATOR, obj("role", "MEMBER"));
    Reply removeByOperator = delete(member(org.id(), org.owner().id()), OPERATOR);

    assertError(demote, 409, "last_owner");
    assertError(remove, 409, "last_owner");
    assertError(byOperator, 409, "last_owner");
    assertError(removeByOperator, 409, "last_owner");
    assertEquals(before, Api.roles(org), "nothing changed");
    assertEquals("ADMIN", before.get(admin.id()));
  }

  @Test
  void withASecondOwnerTheFirstMayStepDown() {
    Org org = Api.organization("StepDown");
    Person second = Api.member(org, "OWNER", "SecondOwner");

    Reply r = patch(member(org.id(), org.owner().id()), org.owner().token(), obj("role", "MEMBER"));

    assertStatus(200, r);
    Map<String, String> roles = Api.roles(second(org, second));
    assertEquals("MEMBER", roles.get(org.owner().id()));
    assertEquals("OWNER", roles.get(second.id()));
    // Now the second Owner is the last one.
    assertError(
        patch(member(org.id(), second.id()), second.token(), obj("role", "ADMIN")),
        409,
        "last_owner");
  }

  /** The same organization, seen through another Owner. */
  private static Org second(Org org, Person owner) {
    return new Org(org.id(), org.name(), owner);
  }

  @Test
  void anAdminCannotGrantOrTakeTheOwnerRole() {
    Org org = Api.organization("AdminLimits");
    Person admin = Api.member(org, "ADMIN", "Limited");
    Person member = Api.member(org, "MEMBER", "Hopeful");
    Person outsider = Api.person("NewOwner");
    Map<String, String> before = Api.roles(org);

    Reply promote = patch(member(org.id(), member.id()), admin.token(), obj("role", "OWNER"));
    Reply self = patch(member(org.id(), admin.id()), admin.token(), obj("role", "OWNER"));
    Reply add =
        post(members(org.id()), admin.token(), obj("email", outsider.email(), "role", "OWNER"));
    Reply invite =
        post(members(org.id()), admin.token(), obj("email", Api.email("inv"), "role", "OWNER"));
    Reply demote = patch(member(org.id(), org.owner().id()), admin.token(), obj("role", "MEMBER"));
    Reply remove = delete(member(org.id(), org.owner().id()), admin.token());

    for (Reply r : new Reply[] {promote, self, add, invite, demote, remove}) {
      assertError(r, 403, "forbidden");
    }
    assertEquals(before, Api.roles(org), "nothing changed");
    // What an Admin may do: change non-Owner roles.
    assertStatus(200, patch(member(org.id(), member.id()), admin.token(), obj("role", "ADMIN")));
  }

  @Test
  void aMemberCannotChangeRolesOrRemoveAnyone() {
    Org org = Api.organization("MemberLimits");
    Person member = Api.member(org, "MEMBER", "Plain");
    Person other = Api.member(org, "MEMBER", "Other");
    Map<String, String> before = Api.roles(org);

    assertError(
        patch(member(org.id(), member.id()), member.token(), obj("role", "ADMIN")),
        403,
        "forbidden");
    assertError(delete(member(org.id(), other.id()), member.token()), 403, "forbidden");
    assertError(
        post(members(org.id()), member.token(), obj("email", Api.email("x"), "role", "MEMBER")),
        403,
        "forbidden");
    assertEquals(before, Api.roles(org));
  }

  @Test
  void removingAMemberTakesThemOutOfTheOrganization() {
    Org org = Api.organization("Remove");
    Person p = Api.member(org, "ADMIN", "Leaver");

    Reply r = delete(member(org.id(), p.id()), org.owner().token());

    assertStatus(204, r);
    assertTrue(r.body().isEmpty());
    assertFalse(Api.roles(org).containsKey(p.id()));
    assertError(get(Api.org(org.id()), p.token()), 404, "not_found");
    assertError(delete(member(org.id(), p.id()), org.owner().token()), 404, "not_found");
  }

  @Test
  void changingTheRoleOfSomeoneWhoIsNoMemberIs404() {
    Org org = Api.organization("NotMine");
    Person stranger = Api.person("Stranger");

    assertError(
        patch(member(org.id(), stranger.id()), org.owner().token(), obj("role", "ADMIN")),
        404,
        "not_found");
    assertError(
        patch(member(org.id(), "x".repeat(400)), org.owner().token(), obj("role", "ADMIN")),
        404,
        "not_found");
  }

  @Test
  void anUnknownRoleIsRefusedByName() {
    Org org = Api.organization("BadRole");
    Person p = Api.member(org, "MEMBER", "Roleless");

    Reply r = patch(member(org.id(), p.id()), org.owner().token(), obj("role", "SUPERUSER"));

    assertError(r, 400, "invalid_role");
    assertTrue(r.message().contains("OWNER"), r.message());
    assertEquals("MEMBER", Api.roles(org).get(p.id()));
  }
}
