package dev.portcullis.sso.rest;

import dev.portcullis.platform.control.Jsonp;
import dev.portcullis.platform.rest.ApiRequests;
import dev.portcullis.platform.rest.JsonBody;
import dev.portcullis.sso.boundary.IdpConnectionService;
import dev.portcullis.sso.boundary.IdpConnectionView;
import dev.portcullis.sso.boundary.MetadataRefreshService;
import dev.portcullis.sso.entity.IdpCertificate;
import dev.portcullis.sso.entity.IdpConnection;
import dev.portcullis.sso.entity.SsoSettings;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The additional IdP connections of an organization (several IdPs per organization): each with its
 * own IdP settings, certificates, metadata import, bound verified domains, and its own SP entity
 * ID, postback URL and metadata. Same request shapes and errors as the primary IdP's {@link
 * SsoResource}.
 */
@Path("organizations/{org}/sso/idps")
@Produces(MediaType.APPLICATION_JSON)
public class IdpConnectionResource {

  /** At most this many domains are bound to one IdP in one request. */
  static final int MAX_DOMAINS = 100;

  @Inject IdpConnectionService connections;

  @Inject MetadataRefreshService refresher;

  @Inject Clock clock;

  @Context HttpServletRequest request;

  @PathParam("org")
  String org;

  /** → {@code [connection, ...]}, oldest first. */
  @GET
  public String list() {
    Instant now = clock.instant();
    JsonArrayBuilder out = Jsonp.createArrayBuilder();
    connections.list(ApiRequests.actor(request), org).forEach(c -> out.add(json(c, now)));
    return out.build().toString();
  }

  /**
   * {@code {"name","idpEntityId","idpSsoUrl","idpSsoBinding","domains":[...],"idpMetadataUrl"}},
   * {@code name} required → 201 with the connection.
   */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(String body) {
    IdpConnectionView created = connections.create(ApiRequests.actor(request), org, changes(body));
    return Response.status(Response.Status.CREATED)
        .entity(json(created, clock.instant()).toString())
        .build();
  }

  @GET
  @Path("{idp}")
  public String get(@PathParam("idp") String idp) {
    return json(connections.get(ApiRequests.actor(request), org, idp), clock.instant()).toString();
  }

  /** The same fields as {@link #create}, each optional; {@code domains} replaces the bound set. */
  @PUT
  @Path("{idp}")
  @Consumes(MediaType.APPLICATION_JSON)
  public String update(@PathParam("idp") String idp, String body) {
    return json(
            connections.update(ApiRequests.actor(request), org, idp, changes(body)),
            clock.instant())
        .toString();
  }

  /** Deletes the connection, its certificates and domain bindings → 204. */
  @DELETE
  @Path("{idp}")
  public Response delete(@PathParam("idp") String idp) {
    connections.delete(ApiRequests.actor(request), org, idp);
    return Response.noContent().build();
  }

  /** A PEM or DER certificate file → 201 {@code {"id","subject","notAfter","sha256"}}. */
  @POST
  @Path("{idp}/certificates")
  @Consumes({
    SsoResource.PEM,
    SsoResource.DER,
    "application/x-x509-ca-cert",
    MediaType.APPLICATION_OCTET_STREAM
  })
  public Response addCertificate(@PathParam("idp") String idp, InputStream body) {
    IdpCertificate cert =
        connections.addCertificate(
            ApiRequests.actor(request), org, idp, SsoResource.read(body, 64 * 1024));
    return Response.status(Response.Status.CREATED)
        .entity(SsoResource.json(cert, clock.instant()).toString())
        .build();
  }

  @DELETE
  @Path("{idp}/certificates/{id}")
  public Response removeCertificate(@PathParam("idp") String idp, @PathParam("id") String id) {
    connections.removeCertificate(ApiRequests.actor(request), org, idp, id);
    return Response.noContent().build();
  }

  /** IdP metadata XML → 200 with the connection it produced. */
  @POST
  @Path("{idp}/metadata")
  @Consumes({SsoResource.METADATA, MediaType.APPLICATION_XML, MediaType.TEXT_XML})
  public String importMetadata(@PathParam("idp") String idp, InputStream body) {
    return json(
            connections.importMetadata(
                ApiRequests.actor(request), org, idp, SsoResource.read(body, 1024 * 1024)),
            clock.instant())
        .toString();
  }

  /** Refresh now from the connection's metadata URL → 200 with the connection (see SsoResource). */
  @POST
  @Path("{idp}/metadata/refresh")
  public String refreshMetadata(@PathParam("idp") String idp) {
    return json(refresher.refresh(ApiRequests.actor(request), org, idp), clock.instant())
        .toString();
  }

  private static IdpConnectionService.Changes changes(String body) {
    JsonBody json =
        JsonBody.parse(
            body, "name", "idpEntityId", "idpSsoUrl", "idpSsoBinding", "domains", "idpMetadataUrl");
    return new IdpConnectionService.Changes(
        json.has("name")
            ? Optional.ofNullable(json.string("name", IdpConnection.MAX_NAME_LENGTH))
            : null,
        SsoResource.optional(json.string("idpEntityId", SsoSettings.MAX_ENTITY_ID_LENGTH)),
        SsoResource.optional(json.string("idpSsoUrl", SsoSettings.MAX_URL_LENGTH)),
        SsoResource.binding(json.string("idpSsoBinding", 8)),
        json.strings("domains", MAX_DOMAINS, 253),
        SsoResource.metadataUrl(json));
  }

  static JsonObject json(IdpConnectionView v, Instant now) {
    IdpConnection c = v.connection();
    JsonArrayBuilder certificates = Jsonp.createArrayBuilder();
    v.certificates().forEach(x -> certificates.add(SsoResource.json(x, now)));
    JsonArrayBuilder domains = Jsonp.createArrayBuilder();
    v.domains().forEach(domains::add);
    JsonObjectBuilder o = Jsonp.createObjectBuilder().add("id", c.getId()).add("name", c.getName());
    SsoResource.nullable(o, "idpEntityId", c.getIdpEntityId());
    SsoResource.nullable(o, "idpSsoUrl", c.getIdpSsoUrl());
    SsoResource.metadataRefresh(
        o, c.getIdpMetadataUrl(), c.getMetadataRefreshedAt(), c.getMetadataRefreshError());
    return o.add("idpSsoBinding", c.getIdpSsoBinding().name())
        .add("domains", domains)
        .add("postbackUrl", v.postbackUrl())
        .add("spEntityId", v.spEntityId())
        .add("spMetadataUrl", v.spMetadataUrl())
        .add("certificates", certificates)
        .build();
  }
}
