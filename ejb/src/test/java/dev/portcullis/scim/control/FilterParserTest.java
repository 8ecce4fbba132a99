package dev.portcullis.scim.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.scim.boundary.ScimException;
import dev.portcullis.scim.control.Filter.And;
import dev.portcullis.scim.control.Filter.Comparison;
import dev.portcullis.scim.control.Filter.Not;
import dev.portcullis.scim.control.Filter.Operator;
import dev.portcullis.scim.control.Filter.Or;
import dev.portcullis.scim.control.Filter.ValuePath;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 7644 §3.4.2.2: the filter grammar, its precedence, and what it refuses. */
class FilterParserTest {

  @Test
  void everyOperatorOfTable3() {
    for (Operator op : Operator.values()) {
      String text = op == Operator.PR ? "title pr" : "title " + op.name().toLowerCase() + " \"x\"";
      Comparison c = assertInstanceOf(Comparison.class, FilterParser.parse(text));
      assertEquals(op, c.operator());
      assertEquals("title", c.path().name());
    }
  }

  @Test
  void keywordsAndAttributeNamesAreCaseInsensitive() {
    Comparison c =
        assertInstanceOf(Comparison.class, FilterParser.parse("UserName EQ \"Bjensen\""));
    assertEquals("username", c.path().name());
    assertEquals("Bjensen", c.value());
    assertInstanceOf(And.class, FilterParser.parse("a eq 1 AND b Eq 2"));
  }

  @Test
  void andBindsTighterThanOrAndNotTighterThanAnd() {
    Or or = assertInstanceOf(Or.class, FilterParser.parse("a eq 1 or b eq 2 and not (c eq 3)"));
    assertInstanceOf(Comparison.class, or.left());
    And and = assertInstanceOf(And.class, or.right());
    assertInstanceOf(Not.class, and.right());
  }

  @Test
  void parenthesesGroup() {
    And and =
        assertInstanceOf(
            And.class,
            FilterParser.parse(
                "userType eq \"Employee\" and (emails co \"example.com\" or emails.value co"
                    + " \"example.org\")"));
    Or or = assertInstanceOf(Or.class, and.right());
    assertEquals("emails", ((Comparison) or.left()).path().name());
    assertEquals("value", ((Comparison) or.right()).path().subAttribute());
  }

  @Test
  void valuePathsOfTheRfc() {
    ValuePath vp =
        assertInstanceOf(
            ValuePath.class,
            FilterParser.parse("emails[type eq \"work\" and value co \"@example.com\"]"));
    assertEquals("emails", vp.attribute().name());
    assertInstanceOf(And.class, vp.filter());
    Or or =
        assertInstanceOf(
            Or.class,
            FilterParser.parse(
                "userType eq \"Employee\" and emails[type eq \"work\"] or ims[type eq \"xmpp\"]"));
    assertInstanceOf(ValuePath.class, or.right());
  }

  @Test
  void literalsAndEscapes() {
    assertEquals(Boolean.TRUE, ((Comparison) FilterParser.parse("active eq true")).value());
    assertEquals(Boolean.FALSE, ((Comparison) FilterParser.parse("active eq FALSE")).value());
    assertNull(((Comparison) FilterParser.parse("title eq null")).value());
    assertEquals(
        new BigDecimal("-1.5e3"), ((Comparison) FilterParser.parse("x gt -1.5e3")).value());
    assertEquals(
        "say \"hi\"\\ \u00e9/",
        ((Comparison) FilterParser.parse("title eq \"say \\\"hi\\\"\\\\ \\u00e9\\/\"")).value());
    assertEquals(
        "a ) or b eq \"c",
        ((Comparison) FilterParser.parse("title eq \"a ) or b eq \\\"c\"")).value());
  }

  @Test
  void schemaUrnPrefixes() {
    Comparison c =
        (Comparison)
            FilterParser.parse(
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq"
                    + " \"42\"");
    assertEquals("urn:ietf:params:scim:schemas:extension:enterprise:2.0:user", c.path().urn());
    assertEquals("employeenumber", c.path().name());
    Comparison d =
        (Comparison)
            FilterParser.parse(
                "urn:ietf:params:scim:schemas:core:2.0:User:name.familyName sw \"J\"");
    assertEquals("name.familyname", d.path().dotted());
  }

  @Test
  void metaDatesAsEntraSendsThemUnquoted() {
    Comparison c =
        (Comparison) FilterParser.parse("meta.Created gt 2015-10-10T14:38:21.8617979-07:00");
    assertEquals("2015-10-10T14:38:21.8617979-07:00", c.value());
    assertEquals("meta.created", c.path().dotted());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "userName",
        "userName eq",
        "userName xx \"a\"",
        "userName eq \"a",
        "userName eq \"a\" and",
        "(userName eq \"a\"",
        "userName eq \"a\")",
        "not userName eq \"a\"",
        "emails[type eq \"work\"",
        "emails[type eq \"work\"].value eq \"x\"",
        "userName eq \"a\" or or b eq \"c\"",
        "user name eq \"a\"",
        "userName eq \"bad \\q escape\"",
        "userName eq \"\\u12\"",
        "a.b.c eq \"x\"",
        "userName eq 'single'",
        "userName eq \"a\" userName eq \"b\"",
        "emails[type eq \"work\" and emails[value eq \"x\"]] pr"
      })
  void malformedFiltersAreInvalidFilter(String filter) {
    ScimException e = assertThrows(ScimException.class, () -> FilterParser.parse(filter));
    assertEquals(400, e.status());
    assertEquals("invalidFilter", e.scimType());
  }

  @Test
  void deepNestingIsRefusedNotAStackOverflow() {
    String deep = "(".repeat(2000) + "a eq 1" + ")".repeat(2000);
    ScimException e = assertThrows(ScimException.class, () -> FilterParser.parse(deep));
    assertEquals("invalidFilter", e.scimType());
  }

  @Test
  void patchPathsWithATrailingSubAttribute() {
    FilterParser.Path p = FilterParser.parsePath("emails[type eq \"work\"].value");
    assertEquals("emails", p.attribute().name());
    assertEquals("value", p.subAttribute());
    FilterParser.Path m = FilterParser.parsePath("members[value eq \"2819c223\"]");
    assertInstanceOf(Comparison.class, m.valueFilter());
    FilterParser.Path n = FilterParser.parsePath("name.givenName");
    assertEquals("givenname", n.attribute().subAttribute());
    ScimException e =
        assertThrows(ScimException.class, () -> FilterParser.parsePath("members[value eq"));
    assertEquals("invalidPath", e.scimType());
    assertTrue(e.detail().contains("path"));
  }
}
