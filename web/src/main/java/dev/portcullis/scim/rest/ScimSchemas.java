package dev.portcullis.scim.rest;

import dev.portcullis.platform.control.Jsonp;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;

/**
 * The schemas this service provider publishes (RFC 7643 §7, definitions after §8.7.1): core User,
 * the EnterpriseUser extension and Group. The common attributes {@code id}, {@code externalId} and
 * {@code meta} are not part of a schema (RFC 7643 §3.1).
 */
final class ScimSchemas {

  static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
  static final String ENTERPRISE_USER =
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
  static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
  static final String SERVICE_PROVIDER_CONFIG =
      "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
  static final String RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
  static final String SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

  /** The largest page a list or filter answers with (ServiceProviderConfig filter.maxResults). */
  static final int MAX_RESULTS = 200;

  private static final List<JsonObject> ALL =
      List.of(
          schema(
              USER,
              "User",
              "User Account",
              attr("userName", "string")
                  .required()
                  .uniqueness("server")
                  .describe(
                      "Unique identifier for the User within the organization;"
                          + " case-insensitive"),
              complex(
                      "name",
                      attr("formatted", "string")
                          .derived(
                              "Derived from givenName and familyName: a value sent is ignored"),
                      attr("familyName", "string"),
                      attr("givenName", "string"),
                      attr("middleName", "string").ignored(),
                      attr("honorificPrefix", "string").ignored(),
                      attr("honorificSuffix", "string").ignored())
                  .describe("The components of the user's real name"),
              attr("displayName", "string"),
              attr("nickName", "string").ignored(),
              attr("title", "string"),
              attr("userType", "string").ignored(),
              attr("preferredLanguage", "string").ignored(),
              attr("locale", "string").ignored(),
              attr("timezone", "string").ignored(),
              attr("active", "boolean")
                  .describe("Whether the user may use the organization (false removes access)"),
              attr("password", "string")
                  .ignored()
                  .describe("Members sign in with their own password or SSO, never one set here"),
              multi(
                      "emails",
                      attr("value", "string"),
                      attr("display", "string").ignored(),
                      attr("type", "string")
                          .canonical("work", "home", "other")
                          .derived("Chooses the login email; returned as work")
                          .mutability("readWrite"),
                      attr("primary", "boolean")
                          .derived("Chooses the login email; returned as true")
                          .mutability("readWrite"))
                  .describe(
                      "One email is kept, the login email: of those sent the primary one, else"
                          + " the work one, else the first (the userName when none is sent); its"
                          + " domain must be verified by the organization. Others are ignored"),
              multi(
                      "phoneNumbers",
                      attr("value", "string"),
                      attr("display", "string"),
                      attr("type", "string").canonical("work", "home", "mobile", "fax", "other"),
                      attr("primary", "boolean"))
                  .ignored(),
              multi(
                      "addresses",
                      attr("formatted", "string"),
                      attr("streetAddress", "string"),
                      attr("locality", "string"),
                      attr("region", "string"),
                      attr("postalCode", "string"),
                      attr("country", "string"),
                      attr("type", "string").canonical("work", "home", "other"),
                      attr("primary", "boolean"))
                  .ignored(),
              multi(
                      "groups",
                      attr("value", "string").mutability("readOnly"),
                      attr("$ref", "reference").mutability("readOnly").references("User", "Group"),
                      attr("display", "string").mutability("readOnly"),
                      attr("type", "string").mutability("readOnly").canonical("direct", "indirect"))
                  .mutability("readOnly")
                  .ignored()
                  .describe(
                      "A user's groups are the Groups (teams) whose members list it; change them"
                          + " through Groups"),
              multi(
                      "roles",
                      attr("value", "string"),
                      attr("display", "string"),
                      attr("type", "string"),
                      attr("primary", "boolean"))
                  .ignored()),
          schema(
              ENTERPRISE_USER,
              "EnterpriseUser",
              "Enterprise User",
              attr("employeeNumber", "string"),
              attr("costCenter", "string"),
              attr("organization", "string"),
              attr("division", "string"),
              attr("department", "string"),
              complex(
                  "manager",
                  attr("value", "string"),
                  attr("$ref", "reference").references("User"),
                  attr("displayName", "string").mutability("readOnly"))),
          schema(
              GROUP,
              "Group",
              "Group (a team of the organization)",
              attr("displayName", "string").required().uniqueness("server"),
              multi(
                      "members",
                      attr("value", "string")
                          .mutability("immutable")
                          .describe("The id of a User of the organization"),
                      attr("$ref", "reference")
                          .references("User", "Group")
                          .derived("The member's location"),
                      attr("display", "string")
                          .derived("The member's userName: a value sent is ignored"),
                      attr("type", "string").canonical("User", "Group").derived("Returned as User"))
                  .describe(
                      "Users of the organization (team members outside its verified domains are"
                          + " not shown)")));

  private ScimSchemas() {}

  static List<JsonObject> all() {
    return ALL;
  }

  private static JsonObject schema(String id, String name, String description, Attr... attrs) {
    JsonArrayBuilder attributes = Jsonp.createArrayBuilder();
    for (Attr a : attrs) {
      attributes.add(a.json());
    }
    return Jsonp.createObjectBuilder()
        .add("schemas", Jsonp.createArrayBuilder().add(SCHEMA))
        .add("id", id)
        .add("name", name)
        .add("description", description)
        .add("attributes", attributes)
        .build();
  }

  private static Attr attr(String name, String type) {
    return new Attr(name, type, false, new Attr[0]);
  }

  private static Attr complex(String name, Attr... sub) {
    return new Attr(name, "complex", false, sub);
  }

  private static Attr multi(String name, Attr... sub) {
    return new Attr(name, "complex", true, sub);
  }

  /**
   * Whether an attribute is kept, so that an IdP admin reading {@code /Schemas} can tell: each
   * description starts with "Stored." or "Accepted and ignored".
   */
  private enum Kind {
    STORED("Stored."),
    IGNORED("Accepted and ignored: not stored, so never returned."),
    DERIVED("Set by the server.");

    private final String prefix;

    Kind(String prefix) {
      this.prefix = prefix;
    }

    String describe(String text) {
      return text == null ? prefix : prefix + " " + text + ".";
    }
  }

  /** One attribute definition (RFC 7643 §7), with the defaults of §2.2. */
  private static final class Attr {
    private final String name;
    private final String type;
    private final boolean multiValued;
    private final Attr[] sub;
    private String description;
    private boolean required;
    private String mutability = "readWrite";
    private String returned = "default";
    private String uniqueness = "none";
    private String[] canonical = new String[0];
    private String[] references = new String[0];
    private Kind kind = Kind.STORED;

    Attr(String name, String type, boolean multiValued, Attr[] sub) {
      this.name = name;
      this.type = type;
      this.multiValued = multiValued;
      this.sub = sub;
    }

    Attr describe(String text) {
      this.description = text;
      return this;
    }

    /** Accepted in requests and ignored: not stored, so never returned (with its parts). */
    Attr ignored() {
      this.kind = Kind.IGNORED;
      if (!mutability.equals("readOnly")) {
        this.mutability = "writeOnly";
      }
      this.returned = "never";
      for (Attr a : sub) {
        a.ignored();
      }
      return this;
    }

    /** Not stored as sent: the server sets it (read-only). */
    Attr derived(String text) {
      this.kind = Kind.DERIVED;
      this.mutability = "readOnly";
      this.description = text;
      return this;
    }

    Attr required() {
      this.required = true;
      return this;
    }

    Attr mutability(String value) {
      this.mutability = value;
      return this;
    }

    Attr returned(String value) {
      this.returned = value;
      return this;
    }

    Attr uniqueness(String value) {
      this.uniqueness = value;
      return this;
    }

    Attr canonical(String... values) {
      this.canonical = values;
      return this;
    }

    Attr references(String... types) {
      this.references = types;
      return this;
    }

    JsonObject json() {
      JsonObjectBuilder o =
          Jsonp.createObjectBuilder()
              .add("name", name)
              .add("type", type)
              .add("multiValued", multiValued)
              .add("description", kind.describe(description))
              .add("required", required);
      if (canonical.length > 0) {
        JsonArrayBuilder values = Jsonp.createArrayBuilder();
        for (String v : canonical) {
          values.add(v);
        }
        o.add("canonicalValues", values);
      }
      if (type.equals("string") || type.equals("reference")) {
        o.add("caseExact", false);
      }
      if (references.length > 0) {
        JsonArrayBuilder values = Jsonp.createArrayBuilder();
        for (String v : references) {
          values.add(v);
        }
        o.add("referenceTypes", values);
      }
      o.add("mutability", mutability).add("returned", returned).add("uniqueness", uniqueness);
      if (sub.length > 0) {
        JsonArrayBuilder attributes = Jsonp.createArrayBuilder();
        for (Attr a : sub) {
          attributes.add(a.json());
        }
        o.add("subAttributes", attributes);
      }
      return o.build();
    }
  }
}
