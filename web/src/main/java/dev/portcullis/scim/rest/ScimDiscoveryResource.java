package dev.portcullis.scim.rest;

import dev.portcullis.platform.control.Jsonp;
import dev.portcullis.platform.control.PortcullisConfig;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Discovery (RFC 7644 §4): what this service provider supports ({@code ServiceProviderConfig}, RFC
 * 7643 §5), its resource types (§6) and their schemas (§7). The same for every organization; still
 * only for callers with a SCIM token.
 */
@Path("")
public class ScimDiscoveryResource {

  static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

  @Inject PortcullisConfig config;

  /**
   * Discovery is the same for every organization; each method still reads the caller, so that an
   * unauthenticated request could never be answered even if the filter were bypassed.
   */
  @Inject ScimCaller caller;

  @GET
  @Path("ServiceProviderConfig")
  @Operation(summary = "What this SCIM service provider supports (RFC 7643 §5)")
  public String serviceProviderConfig() {
    caller.organizationId();
    return Jsonp.createObjectBuilder()
        .add("schemas", Jsonp.createArrayBuilder().add(ScimSchemas.SERVICE_PROVIDER_CONFIG))
        .add("documentationUri", base() + "/openapi")
        .add("patch", supported(true))
        .add(
            "bulk",
            Jsonp.createObjectBuilder()
                .add("supported", false)
                .add("maxOperations", 0)
                .add("maxPayloadSize", 0))
        .add(
            "filter",
            Jsonp.createObjectBuilder()
                .add("supported", true)
                .add("maxResults", ScimSchemas.MAX_RESULTS))
        .add("changePassword", supported(false))
        .add("sort", supported(true))
        .add("etag", supported(true))
        .add(
            "authenticationSchemes",
            Jsonp.createArrayBuilder()
                .add(
                    Jsonp.createObjectBuilder()
                        .add("type", "oauthbearertoken")
                        .add("name", "OAuth Bearer Token")
                        .add(
                            "description",
                            "The organization's SCIM token (Access Security → SCIM in the"
                                + " console) as a bearer token.")
                        .add("specUri", "https://www.rfc-editor.org/info/rfc6750")
                        .add("primary", true)))
        .add("meta", meta("ServiceProviderConfig", "/ServiceProviderConfig"))
        .build()
        .toString();
  }

  @GET
  @Path("ResourceTypes")
  @Operation(summary = "The resource types: User and Group (RFC 7643 §6)")
  public String resourceTypes() {
    caller.organizationId();
    return list(resourceTypeList());
  }

  @GET
  @Path("ResourceTypes/{id}")
  @Operation(summary = "One resource type")
  public String resourceType(@PathParam("id") String id) {
    caller.organizationId();
    return find(resourceTypeList(), id);
  }

  @GET
  @Path("Schemas")
  @Operation(summary = "The schemas: User, EnterpriseUser, Group (RFC 7643 §7)")
  public String schemas() {
    caller.organizationId();
    return list(schemaList());
  }

  @GET
  @Path("Schemas/{id}")
  @Operation(summary = "One schema, by its URN")
  public String schema(@PathParam("id") String id) {
    caller.organizationId();
    return find(schemaList(), id);
  }

  private JsonArray resourceTypeList() {
    return Jsonp.createArrayBuilder()
        .add(
            Jsonp.createObjectBuilder()
                .add("schemas", Jsonp.createArrayBuilder().add(ScimSchemas.RESOURCE_TYPE))
                .add("id", "User")
                .add("name", "User")
                .add("endpoint", "/Users")
                .add("description", "A member of the organization")
                .add("schema", ScimSchemas.USER)
                .add(
                    "schemaExtensions",
                    Jsonp.createArrayBuilder()
                        .add(
                            Jsonp.createObjectBuilder()
                                .add("schema", ScimSchemas.ENTERPRISE_USER)
                                .add("required", false)))
                .add("meta", meta("ResourceType", "/ResourceTypes/User")))
        .add(
            Jsonp.createObjectBuilder()
                .add("schemas", Jsonp.createArrayBuilder().add(ScimSchemas.RESOURCE_TYPE))
                .add("id", "Group")
                .add("name", "Group")
                .add("endpoint", "/Groups")
                .add("description", "A team of the organization")
                .add("schema", ScimSchemas.GROUP)
                .add("schemaExtensions", Jsonp.createArrayBuilder())
                .add("meta", meta("ResourceType", "/ResourceTypes/Group")))
        .build();
  }

  private JsonArray schemaList() {
    JsonArrayBuilder out = Jsonp.createArrayBuilder();
    for (JsonObject schema : ScimSchemas.all()) {
      out.add(
          Jsonp.createObjectBuilder(schema)
              .add("meta", meta("Schema", "/Schemas/" + schema.getString("id"))));
    }
    return out.build();
  }

  /** A ListResponse of all items (RFC 7644 §3.4.2); discovery lists are never paged. */
  private static String list(JsonArray items) {
    return Jsonp.createObjectBuilder()
        .add("schemas", Jsonp.createArrayBuilder().add(LIST_RESPONSE))
        .add("totalResults", items.size())
        .add("itemsPerPage", items.size())
        .add("startIndex", 1)
        .add("Resources", items)
        .build()
        .toString();
  }

  private static String find(JsonArray items, String id) {
    return items.stream()
        .map(v -> v.asJsonObject())
        .filter(o -> o.getString("id").equals(id))
        .findFirst()
        .orElseThrow(NotFoundException::new)
        .toString();
  }

  private static JsonObject supported(boolean supported) {
    return Jsonp.createObjectBuilder().add("supported", supported).build();
  }

  private JsonObject meta(String resourceType, String path) {
    return Jsonp.createObjectBuilder()
        .add("resourceType", resourceType)
        .add("location", base() + "/scim/v2" + path)
        .build();
  }

  private String base() {
    return config.baseUrl();
  }
}
