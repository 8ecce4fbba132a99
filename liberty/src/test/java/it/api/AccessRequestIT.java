package it.api;

import static it.api.Api.V1;
import static it.api.Api.assertError;
import static it.api.Api.assertStatus;
import static it.api.Api.get;
import static it.api.Api.obj;
import static it.api.Api.org;
import static it.api.Api.organization;
import static it.api.Api.person;
import static it.api.Api.post;
import static it.api.Api.roles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** A user asks to join an organization or one of its projects; its Owner decides. */
class AccessRequestIT {

  private static String requests(Api.Org org) {
    return org(org.id()) + "/access-requests";
  }

  @Test
  void aProjectRequestApprovedMakesAMemberWhoReachesTheProject() {
    Api.Org org = organization("ar-owner");
    JsonObject project =
        post(org(org.id()) + "/projects", org.owner().token(), obj("name", "Warehouse")).json();
    Api.Person asker = person("ar-asker");

    Api.Reply created =
        post(requests(org), asker.token(), obj("projectId", project.getString("id")));
    assertStatus(201, created);
    assertEquals("PENDING", created.json().getString("status"));
    assertError(post(requests(org), asker.token(), obj()), 409, "already_requested");

    Api.Reply pending = get(requests(org), org.owner().token());
    assertStatus(200, pending);
    assertEquals(1, pending.array().size());
    assertEquals(asker.email(), pending.array().getJsonObject(0).getString("email"));

    String id = created.json().getString("id");
    Api.Reply approved = post(requests(org) + "/" + id + "/approve", org.owner().token(), obj());
    assertStatus(200, approved);
    assertEquals("APPROVED", approved.json().getString("status"));
    assertEquals("MEMBER", roles(org).get(asker.id()));
    JsonObject granted =
        get(org(org.id()) + "/projects", org.owner().token()).array().getJsonObject(0);
    assertEquals(asker.id(), granted.getJsonArray("users").getString(0));

    assertError(
        post(requests(org) + "/" + id + "/deny", org.owner().token(), obj()),
        409,
        "already_decided");
  }

  @Test
  void aDeniedRequestAddsNobodyAndOnlyAdministratorsDecide() {
    Api.Org org = organization("ar-deny");
    Api.Person asker = person("ar-denied");
    String id = post(requests(org), asker.token(), obj()).json().getString("id");

    assertError(get(requests(org), asker.token()), 404, "not_found");
    assertError(
        post(requests(org) + "/" + id + "/approve", asker.token(), obj()), 404, "not_found");

    Api.Reply denied = post(requests(org) + "/" + id + "/deny", org.owner().token(), obj());
    assertStatus(200, denied);
    assertEquals("DENIED", denied.json().getString("status"));
    assertFalse(roles(org).containsKey(asker.id()));
  }

  @Test
  void badInputIsRefusedAndCreatesNothing() {
    Api.Org org = organization("ar-bad");
    Api.Person asker = person("ar-bad-asker");
    assertError(post(requests(org), asker.token(), obj("projectId", "nope")), 404, "not_found");
    assertError(post(requests(org), asker.token(), obj("role", "OWNER")), 400, "unknown_field");
    assertError(
        post(V1 + "/organizations/no-such-org/access-requests", asker.token(), obj()),
        404,
        "not_found");
    assertError(post(requests(org), org.owner().token(), obj()), 409, "already_member");
    assertEquals(0, get(requests(org), org.owner().token()).array().size());
  }
}
