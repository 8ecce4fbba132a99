package dev.portcullis.scim.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.scim.boundary.ScimException;
import dev.portcullis.scim.control.FilterTranslator.Column;
import dev.portcullis.scim.control.FilterTranslator.Type;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Filters become JPQL on indexed columns with parameters, or a 400 naming what can be filtered. */
class FilterTranslatorTest {

  private static final Map<String, Column> COLUMNS =
      Map.of(
          "username", Column.of("m.userNameKey", Type.STRING_KEY, false),
          "externalid", Column.of("m.externalId", Type.STRING, true),
          "active", Column.of("m.active", Type.BOOLEAN, false),
          "meta.created", Column.of("m.createdAt", Type.DATE_TIME, false),
          "emails.value", Column.of("u.email", Type.STRING_KEY, false));

  private static final Map<String, Map<String, Column>> VALUE_PATHS =
      Map.of(
          "emails",
          Map.of(
              "value", Column.of("u.email", Type.STRING_KEY, false),
              "type", Column.constant("work")));

  private static FilterTranslator.Condition translate(String filter) {
    return new FilterTranslator(COLUMNS, VALUE_PATHS, "userName, externalId")
        .translate(FilterParser.parse(filter));
  }

  @Test
  void userNameComparesCaseInsensitivelyThroughItsKeyColumn() {
    var c = translate("userName eq \"Ann@Example.COM\"");
    assertEquals("(m.userNameKey = :f0)", c.jpql());
    assertEquals("ann@example.com", c.parameters().get("f0"));
  }

  @Test
  void externalIdIsCaseExactAndNullSafeUnderNot() {
    var c = translate("not (externalId eq \"AbC\")");
    assertEquals("(not (m.externalId is not null and m.externalId = :f0))", c.jpql());
    assertEquals("AbC", c.parameters().get("f0"));
  }

  @Test
  void likeOperatorsEscapeWildcards() {
    assertEquals("%50\\%\\_off%", translate("userName co \"50%_off\"").parameters().get("f0"));
    assertEquals("ab%", translate("userName sw \"AB\"").parameters().get("f0"));
    assertEquals("%.org", translate("emails.value ew \".org\"").parameters().get("f0"));
  }

  @Test
  void datesBooleansAndLogic() {
    var c =
        translate("meta.created gt \"2026-01-02T03:04:05Z\" and (active eq true or userName pr)");
    assertEquals("((m.createdAt >= :f0) and ((m.active = :f1) or (1 = 1)))", c.jpql());
    assertEquals(Instant.parse("2026-01-02T03:04:05.001Z"), c.parameters().get("f0"));
    assertEquals(Boolean.TRUE, c.parameters().get("f1"));
    assertEquals(
        Instant.parse("2015-10-10T21:38:21.862Z"),
        translate("meta.created gt 2015-10-10T14:38:21.8617979-07:00").parameters().get("f0"));
  }

  /**
   * Timestamps are shown to the millisecond and stored with microseconds: a stored 12:00:00.123456
   * is shown as 12:00:00.123 and must compare as that value.
   */
  @Test
  void datesCompareAsTheMillisecondsResourcesShow() {
    Instant x = Instant.parse("2026-01-02T03:04:05.123Z");
    Instant next = Instant.parse("2026-01-02T03:04:05.124Z");
    String shown = "\"2026-01-02T03:04:05.123Z\"";
    var eq = translate("meta.created eq " + shown);
    assertEquals("((m.createdAt >= :f0 and m.createdAt < :f1))", eq.jpql());
    assertEquals(Map.of("f0", x, "f1", next), eq.parameters());
    var ne = translate("meta.created ne " + shown);
    assertEquals("((m.createdAt < :f0 or m.createdAt >= :f1))", ne.jpql());
    assertEquals(Map.of("f0", x, "f1", next), ne.parameters());
    assertEquals("(m.createdAt >= :f0)", translate("meta.created gt " + shown).jpql());
    assertEquals(next, translate("meta.created gt " + shown).parameters().get("f0"));
    assertEquals(x, translate("meta.created ge " + shown).parameters().get("f0"));
    assertEquals("(m.createdAt < :f0)", translate("meta.created lt " + shown).jpql());
    assertEquals(x, translate("meta.created lt " + shown).parameters().get("f0"));
    assertEquals("(m.createdAt < :f0)", translate("meta.created le " + shown).jpql());
    assertEquals(next, translate("meta.created le " + shown).parameters().get("f0"));

    // between two milliseconds: no shown value equals it; the next millisecond passes it
    String between = "\"2026-01-02T03:04:05.1234Z\"";
    assertEquals("(1 = 0)", translate("meta.created eq " + between).jpql());
    assertEquals("(1 = 1)", translate("meta.created ne " + between).jpql());
    for (String op : new String[] {"gt", "ge", "lt", "le"}) {
      assertEquals(
          next, translate("meta.created " + op + " " + between).parameters().get("f0"), op);
    }
    // an offset other than Z names the same instant
    assertEquals(
        next,
        translate("meta.created le \"2026-01-02T05:04:05.123+02:00\"").parameters().get("f0"));
  }

  @Test
  void valuePathsOnEmails() {
    var c = translate("emails[type eq \"work\" and value eq \"A@x.org\"]");
    assertEquals("((1 = 1) and (u.email = :f0))", c.jpql());
    assertEquals("a@x.org", c.parameters().get("f0"));
  }

  @Test
  void unindexedAttributesAreRefusedNamingTheFilterableOnes() {
    ScimException e =
        assertThrows(ScimException.class, () -> translate("name.familyName eq \"Jensen\""));
    assertEquals("invalidFilter", e.scimType());
    assertTrue(e.detail().contains("userName, externalId"), e.detail());
  }

  @Test
  void wrongValueTypesAreRefused() {
    assertThrows(ScimException.class, () -> translate("active gt true"));
    assertThrows(ScimException.class, () -> translate("meta.created co \"2026\""));
    assertThrows(ScimException.class, () -> translate("meta.created gt \"yesterday\""));
    assertThrows(ScimException.class, () -> translate("userName gt null"));
  }
}
