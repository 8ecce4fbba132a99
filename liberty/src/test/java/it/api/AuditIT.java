package it.api;

import static it.api.Api.OPERATOR;
import static it.api.Api.assertError;
import static it.api.Api.assertStatus;
import static it.api.Api.get;
import static it.api.Api.member;
import static it.api.Api.obj;
import static it.api.Api.patch;
import static it.api.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.api.Api.Org;
import it.api.Api.Person;
import it.api.Api.Reply;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GET /api/v1/organizations/{org}/audit: what changed, by whom, newest first; JSON or CSV. */
class AuditIT {

  private static String audit(Org org, String query) {
    return Api.org(org.id()) + "/audit" + query;
  }

  private static JsonArray entries(Org org, String query) {
    Reply r = get(audit(org, query), org.owner().token());
    assertStatus(200, r);
    return r.array();
  }

  private static JsonObject state(String json) {
    try (JsonReader r = Json.createReader(new StringReader(json))) {
      return r.readObject();
    }
  }

  @Test
  void roleChangesAreRecordedWithActorAndBeforeAndAfter() {
    Org org = Api.organization("Audited");
    Person p = Api.member(org, "MEMBER", "Audited");
    assertStatus(200, patch(member(org.id(), p.id()), org.owner().token(), obj("role", "ADMIN")));

    JsonArray log = entries(org, "?format=json");

    JsonObject changed = Api.require(log, "action", "member.role_changed");
    assertEquals(org.owner().email(), changed.getString("actor"));
    assertEquals(org.owner().id(), changed.getString("actorId"));
    assertEquals(p.id(), changed.getString("targetId"));
    assertEquals(p.email(), changed.getString("target"));
    assertEquals("MEMBER", state(changed.getString("before")).getString("role"));
    assertEquals("ADMIN", state(changed.getString("after")).getString("role"));
    assertFalse(changed.getString("clientAddress", "").isBlank(), "client address recorded");
    // The earlier steps are there too, in order, newest first.
    List<String> actions = log.stream().map(v -> v.asJsonObject().getString("action")).toList();
    assertEquals(
        List.of("member.role_changed", "member.added", "organization.created"),
        actions,
        log::toString);
  }

  @Test
  void entriesComeNewestFirst() {
    Org org = Api.organization("Ordered");
    String t = org.owner().token();
    for (String name : List.of("First", "Second", "Third")) {
      assertStatus(201, post(Api.org(org.id()) + "/projects", t, obj("name", name)));
    }

    JsonArray log = entries(org, "?format=json");

    Instant previous = Instant.MAX;
    long previousId = Long.MAX_VALUE;
    for (JsonValue v : log) {
      Instant at = Instant.parse(v.asJsonObject().getString("occurredAt"));
      long id = Long.parseLong(v.asJsonObject().getString("id"));
      assertFalse(at.isAfter(previous), "not newest first: " + log);
      assertTrue(id < previousId, "not newest first: " + log);
      previous = at;
      previousId = id;
    }
    List<String> projects =
        log.stream()
            .map(JsonValue::asJsonObject)
            .filter(o -> o.getString("action").equals("project.created"))
            .map(o -> o.getString("target"))
            .toList();
    assertEquals(List.of("Third", "Second", "First"), projects);
  }

  @Test
  void csvHasAHeaderAndTheSameEntries() {
    Org org = Api.organization("Csv");
    Person p = Api.member(org, "MEMBER", "CsvMember");
    assertStatus(200, patch(member(org.id(), p.id()), org.owner().token(), obj("role", "ADMIN")));
    // A name that a spreadsheet would run as a formula, with a comma and quotes.
    assertStatus(
        201,
        post(
            Api.org(org.id()) + "/projects",
            org.owner().token(),
            obj("name", "=HYPERLINK(\"x\",1)")));

    JsonArray json = entries(org, "?format=json");
    Reply r = get(audit(org, "?format=csv"), org.owner().token());

    assertStatus(200, r);
    assertTrue(r.contentType().startsWith("text/csv"), r.contentType());
    List<List<String>> rows = Api.csv(r.body());
    List<String> header = rows.get(0);
    assertEquals("id", header.get(0));
    assertTrue(
        header.containsAll(List.of("occurredAt", "actor", "action", "before", "after")),
        header::toString);
    assertEquals(json.size(), rows.size() - 1, r.body());
    for (int i = 0; i < json.size(); i++) {
      JsonObject e = json.getJsonObject(i);
      List<String> row = rows.get(i + 1);
      assertEquals(header.size(), row.size(), row::toString);
      assertEquals(e.getString("id"), row.get(header.indexOf("id")));
      assertEquals(e.getString("action"), row.get(header.indexOf("action")));
      assertEquals(e.getString("actor"), row.get(header.indexOf("actor")));
      String before = e.isNull("before") ? "" : e.getString("before");
      assertEquals(before, row.get(header.indexOf("before")));
    }
    String target = rows.get(1).get(header.indexOf("target"));
    assertEquals("'=HYPERLINK(\"x\",1)", target, "formula defused");
  }

  @Test
  void filteringByAction() {
    Org org = Api.organization("Filter");
    Person a = Api.member(org, "MEMBER", "FilterA");
    Person b = Api.member(org, "MEMBER", "FilterB");
    assertStatus(200, patch(member(org.id(), a.id()), org.owner().token(), obj("role", "ADMIN")));
    assertStatus(200, patch(member(org.id(), b.id()), org.owner().token(), obj("role", "ADMIN")));

    JsonArray changed = entries(org, "?format=json&action=member.role_changed");
    JsonArray none = entries(org, "?format=json&action=no.such_action");
    Reply csv = get(audit(org, "?format=csv&action=member.added"), org.owner().token());

    assertEquals(2, changed.size(), changed::toString);
    assertEquals(b.id(), changed.getJsonObject(0).getString("targetId"), "newest first");
    assertEquals(a.id(), changed.getJsonObject(1).getString("targetId"));
    assertTrue(none.isEmpty());
    assertEquals(3, Api.csv(csv.body()).size(), "header and two member.added rows: " + csv.body());
  }

  @Test
  void theOperatorsChangesShowTheOperatorAsActor() {
    Org org = Api.organization("OperatorActor");
    assertStatus(200, Api.put(Api.org(org.id()) + "/plan", OPERATOR, obj("plan", "GROWTH")));

    JsonObject e = entries(org, "?format=json&action=organization.plan_changed").getJsonObject(0);

    assertEquals("operator", e.getString("actor"));
    assertEquals("FREE", state(e.getString("before")).getString("plan"));
    assertEquals("GROWTH", state(e.getString("after")).getString("plan"));
  }

  @Test
  void jsonIsTheDefaultAndOtherFormatsAreRefused() {
    Org org = Api.organization("Formats");

    Reply plain = get(audit(org, ""), org.owner().token());
    Reply xml = get(audit(org, "?format=xml"), org.owner().token());
    Reply badLimit = get(audit(org, "?limit=lots"), org.owner().token());
    Reply badFrom = get(audit(org, "?from=yesterday"), org.owner().token());

    assertStatus(200, plain);
    assertEquals(1, plain.array().size(), plain::toString);
    assertError(xml, 400, "invalid_format");
    assertError(badLimit, 400, "invalid_limit");
    assertError(badFrom, 400, "invalid_from");
  }

  @Test
  void membersMayNotReadTheAuditLog() {
    Org org = Api.organization("AuditMember");
    Person member = Api.member(org, "MEMBER", "Curious");

    assertError(get(audit(org, "?format=json"), member.token()), 403, "forbidden");
    assertError(get(audit(org, "?format=csv"), member.token()), 403, "forbidden");
  }
}
