package it.api;

import static it.api.Api.OPERATOR;
import static it.api.Api.PASSWORD;
import static it.api.Api.V1;
import static it.api.Api.assertError;
import static it.api.Api.assertStatus;
import static it.api.Api.get;
import static it.api.Api.obj;
import static it.api.Api.post;
import static it.api.Api.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import it.api.Api.Org;
import it.api.Api.Person;
import it.api.Api.Reply;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** What only the operator may do: create organizations and change their plans. */
class OperatorIT {

  private static JsonObject newOrganization(String name, String plan, String ownerEmail) {
    return obj(
        "name",
        name,
        "plan",
        plan,
        "owner",
        obj("email", ownerEmail, "firstName", "Olga", "lastName", "Owner", "password", PASSWORD));
  }

  @Test
  void theOperatorCreatesAnOrganizationWithANewOwner() {
    String name = Api.unique("Operator Org");
    String ownerEmail = Api.email("opowner");

    Reply r = post(V1 + "/organizations", OPERATOR, newOrganization(name, "growth", ownerEmail));

    assertStatus(201, r);
    JsonObject org = r.json();
    assertFalse(org.getString("id").isBlank());
    assertEquals(name, org.getString("name"));
    assertEquals("GROWTH", org.getString("plan"));
    // The owner can log in with the given password and is the organization's OWNER.
    String ownerToken = Api.token(ownerEmail, PASSWORD);
    Reply seen = get(Api.org(org.getString("id")), ownerToken);
    assertStatus(200, seen);
    assertEquals(org, seen.json());
    JsonObject me = Api.require(Api.membersAsOperator(org.getString("id")), "email", ownerEmail);
    assertEquals("OWNER", me.getString("role"));
  }

  @Test
  void anExistingUserCanBecomeTheOwnerOfAnotherOrganization() {
    Person existing = Api.person("ExistingOwner");

    Reply r =
        post(
            V1 + "/organizations",
            OPERATOR,
            newOrganization(Api.unique("Second Org"), "FREE", existing.email()));

    assertStatus(201, r);
    Reply seen = get(Api.org(r.json().getString("id")), existing.token());
    assertStatus(200, seen);
  }

  @Test
  void anOwnersPersonalTokenCannotCreateOrganizations() {
    Org org = Api.organization("NotOperator");
    String ownerEmail = Api.email("never");

    Reply r =
        post(
            V1 + "/organizations",
            org.owner().token(),
            newOrganization(Api.unique("Sneaky"), "ENTERPRISE", ownerEmail));

    assertError(r, 403, "forbidden");
    // Nothing was created: the would-be owner's email is still free to sign up.
    assertStatus(
        201, post(V1 + "/signup", null, obj("email", ownerEmail, "password", Api.PASSWORD)));
  }

  @Test
  void theOperatorChangesThePlan() {
    Org org = Api.organization("PlanChange");

    Reply r = put(Api.org(org.id()) + "/plan", OPERATOR, obj("plan", "ENTERPRISE"));

    assertStatus(200, r);
    assertEquals("ENTERPRISE", r.json().getString("plan"));
    assertEquals(
        "ENTERPRISE", get(Api.org(org.id()), org.owner().token()).json().getString("plan"));
  }

  @Test
  void anOwnerCannotChangeTheirOwnPlan() {
    Org org = Api.organization("SelfUpgrade");

    Reply r = put(Api.org(org.id()) + "/plan", org.owner().token(), obj("plan", "ENTERPRISE"));

    assertError(r, 403, "forbidden");
    assertEquals("FREE", get(Api.org(org.id()), org.owner().token()).json().getString("plan"));
  }

  @Test
  void anUnknownPlanIsRefusedByName() {
    Org org = Api.organization("BadPlan");

    Reply r = put(Api.org(org.id()) + "/plan", OPERATOR, obj("plan", "PLATINUM"));
    Reply create =
        post(
            V1 + "/organizations",
            OPERATOR,
            newOrganization(Api.unique("Platinum"), "PLATINUM", Api.email("plat")));

    assertError(r, 400, "invalid_plan");
    assertError(create, 400, "invalid_plan");
    assertEquals("FREE", get(Api.org(org.id()), org.owner().token()).json().getString("plan"));
  }

  @Test
  void changingThePlanOfAnUnknownOrganizationIs404() {
    Reply r =
        put(
            Api.org("00000000-0000-0000-0000-000000000000") + "/plan",
            OPERATOR,
            obj("plan", "FREE"));

    assertError(r, 404, "not_found");
  }
}
