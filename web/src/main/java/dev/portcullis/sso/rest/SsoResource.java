package dev.portcullis.sso.rest;

import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.control.Jsonp;
import dev.portcullis.platform.rest.ApiRequests;
import dev.portcullis.platform.rest.JsonBody;
import dev.portcullis.sso.boundary.MetadataRefreshService;
import dev.portcullis.sso.boundary.RecoveryCodeService;
import dev.portcullis.sso.boundary.SsoConfiguration;
import dev.portcullis.sso.boundary.SsoErrorLogService;
import dev.portcullis.sso.boundary.SsoSettingsService;
import dev.portcullis.sso.entity.IdpCertificate;
import dev.portcullis.sso.entity.SsoBinding;
import dev.portcullis.sso.entity.SsoError;
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
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * SAML SSO settings of an organization: IdP settings, certificates, metadata import; and the SSO
 * error log.
 */
@Path("organizations/{org}/sso")
@Produces(MediaType.APPLICATION_JSON)
public class SsoResource {

  static final String PEM = "application/x-pem-file";
  static final String DER = "application/pkix-cert";
  static final String METADATA = "application/samlmetadata+xml";

  @Inject SsoSettingsService sso;

  @Inject MetadataRefreshService refresher;

  @Inject SsoErrorLogService errors;

  @Inject RecoveryCodeService recoveryCodes;

  @Inject Clock clock;

  @Context HttpServletRequest request;

  @PathParam("org")
  String org;

  @GET
  public String get() {
    return json(sso.get(ApiRequests.actor(request), org), clock.instant()).toString();
  }

  /**
   * {@code {"enabled","requireSso","idpManagedAccess","idpEntityId","idpSsoUrl","idpSsoBinding",
   * "allowIdpInitiated","strictSso","groupAttribute","idpMetadataUrl"}}, each optional; {@code
   * idpSsoBinding} is {@code REDIRECT} or {@code POST}; {@code idpMetadataUrl} null or empty clears
   * it (400 {@code invalid_metadata_url} unless an absolute https URL).
   */
  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  public String update(String body) {
    JsonBody json =
        JsonBody.parse(
            body,
            "enabled",
            "requireSso",
            "idpManagedAccess",
            "idpEntityId",
            "idpSsoUrl",
            "idpSsoBinding",
            "allowIdpInitiated",
            "strictSso",
            "groupAttribute",
            "idpMetadataUrl");
    SsoSettingsService.Changes changes =
        new SsoSettingsService.Changes(
            json.bool("enabled"),
            json.bool("requireSso"),
            json.bool("idpManagedAccess"),
            optional(json.string("idpEntityId", SsoSettings.MAX_ENTITY_ID_LENGTH)),
            optional(json.string("idpSsoUrl", SsoSettings.MAX_URL_LENGTH)),
            json.bool("allowIdpInitiated"),
            binding(json.string("idpSsoBinding", 8)),
            json.bool("strictSso"),
            json.has("groupAttribute")
                ? Optional.ofNullable(
                    json.string("groupAttribute", SsoSettings.MAX_GROUP_ATTRIBUTE_LENGTH))
                : null,
            metadataUrl(json));
    return json(sso.update(ApiRequests.actor(request), org, changes), clock.instant()).toString();
  }

  /**
   * Remove SSO Configuration: IdP settings, certificates, SP keys, outstanding requests and replay
   * entries, irreversibly → 204; 409 {@code sso_enabled} while single sign-on is on.
   */
  @DELETE
  public Response remove() {
    sso.removeConfiguration(ApiRequests.actor(request), org);
    return Response.noContent().build();
  }

  /** A PEM or DER certificate file → 201 {@code {"id","subject","notAfter","sha256"}}. */
  @POST
  @Path("certificates")
  @Consumes({PEM, DER, "application/x-x509-ca-cert", MediaType.APPLICATION_OCTET_STREAM})
  public Response addCertificate(InputStream body) {
    IdpCertificate cert =
        sso.addCertificate(ApiRequests.actor(request), org, read(body, 64 * 1024));
    return Response.status(Response.Status.CREATED)
        .entity(json(cert, clock.instant()).toString())
        .build();
  }

  @DELETE
  @Path("certificates/{id}")
  public Response removeCertificate(@PathParam("id") String id) {
    sso.removeCertificate(ApiRequests.actor(request), org, id);
    return Response.noContent().build();
  }

  /**
   * Ten new recovery codes for the calling Owner (strict SSO), replacing their unused ones → 201
   * {@code {"codes":[...]}}; the only time they are shown.
   */
  @POST
  @Path("recovery-codes")
  public Response generateRecoveryCodes() {
    JsonArrayBuilder codes = Jsonp.createArrayBuilder();
    recoveryCodes.generate(ApiRequests.actor(request), org).forEach(codes::add);
    return Response.status(Response.Status.CREATED)
        .header("Cache-Control", "no-store")
        .entity(Jsonp.createObjectBuilder().add("codes", codes).build().toString())
        .build();
  }

  /** How many unused recovery codes the calling Owner holds → {@code {"remaining"}}. */
  @GET
  @Path("recovery-codes")
  public String recoveryCodes() {
    return Jsonp.createObjectBuilder()
        .add("remaining", recoveryCodes.remaining(ApiRequests.actor(request), org))
        .build()
        .toString();
  }

  /** IdP metadata XML → 200 with the settings it produced. */
  @POST
  @Path("metadata")
  @Consumes({METADATA, MediaType.APPLICATION_XML, MediaType.TEXT_XML})
  public String importMetadata(InputStream body) {
    return json(
            sso.importMetadata(ApiRequests.actor(request), org, read(body, 1024 * 1024)),
            clock.instant())
        .toString();
  }

  /**
   * Refresh now: fetches the IdP metadata URL and applies the metadata as an import does → 200 with
   * the settings; 409 {@code no_metadata_url} without a URL, 502 naming the problem otherwise (the
   * settings stay as they were, the error is recorded as {@code metadataRefreshError}).
   */
  @POST
  @Path("metadata/refresh")
  public String refreshMetadata() {
    return json(refresher.refresh(ApiRequests.actor(request), org), clock.instant()).toString();
  }

  /** The {@code idpMetadataUrl} of an update: absent leaves it, null or "" clears it. */
  static Optional<String> metadataUrl(JsonBody json) {
    // longer than allowed still reaches the service, which answers invalid_metadata_url
    return json.present("idpMetadataUrl")
        ? Optional.ofNullable(json.string("idpMetadataUrl", 4 * SsoSettings.MAX_URL_LENGTH))
        : null;
  }

  static SsoBinding binding(String value) {
    if (value == null) {
      return null;
    }
    try {
      return SsoBinding.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw ServiceException.invalid(
          "invalid_binding", "'idpSsoBinding' must be REDIRECT or POST.");
    }
  }

  /**
   * The SSO error log: refused SSO attempts of the last 7 days, newest first → {@code
   * [{"occurredAt","reference","reason","email","clientAddress"}]}.
   */
  @GET
  @Path("errors")
  public String errors() {
    JsonArrayBuilder out = Jsonp.createArrayBuilder();
    errors.recent(ApiRequests.actor(request), org).forEach(e -> out.add(json(e)));
    return out.build().toString();
  }

  static Optional<String> optional(String value) {
    return value == null ? null : Optional.of(value);
  }

  static byte[] read(InputStream in, int max) {
    try {
      byte[] bytes = in.readNBytes(max + 1);
      if (bytes.length > max) {
        throw ServiceException.invalid(
            "too_large", "The upload is larger than " + max / 1024 + " KB.");
      }
      return bytes;
    } catch (IOException e) {
      throw ServiceException.invalid("invalid_body", "The upload could not be read.");
    }
  }

  static JsonObject json(SsoConfiguration c, Instant now) {
    SsoSettings s = c.settings();
    JsonArrayBuilder certificates = Jsonp.createArrayBuilder();
    c.certificates().forEach(x -> certificates.add(json(x, now)));
    JsonObjectBuilder o =
        Jsonp.createObjectBuilder()
            .add("enabled", s.isEnabled())
            .add("requireSso", s.isRequireSso())
            .add("idpManagedAccess", s.isIdpManagedAccess())
            .add("allowIdpInitiated", s.isAllowIdpInitiated())
            .add("strictSso", s.isStrictSso());
    nullable(o, "groupAttribute", s.getGroupAttribute());
    nullable(o, "idpEntityId", s.getIdpEntityId());
    nullable(o, "idpSsoUrl", s.getIdpSsoUrl());
    o.add("idpSsoBinding", s.getIdpSsoBinding().name());
    metadataRefresh(
        o, s.getIdpMetadataUrl(), s.getMetadataRefreshedAt(), s.getMetadataRefreshError());
    return o.add("postbackUrl", c.postbackUrl())
        .add("spEntityId", c.spEntityId())
        .add("spMetadataUrl", c.spMetadataUrl())
        .add("certificates", certificates)
        .build();
  }

  /**
   * A certificate; {@code expiresInDays} is rounded up (0 once expired), {@code expiryWarning} is
   * true while it is active and expires within 30 days.
   */
  static JsonObject json(IdpCertificate c, Instant now) {
    return Jsonp.createObjectBuilder()
        .add("id", c.getId())
        .add("subject", c.getSubject())
        .add("notAfter", c.getNotAfter().toString())
        .add("sha256", c.getSha256())
        .add("expiresInDays", c.daysLeftAt(now))
        .add("expiryWarning", c.expiresSoonAt(now))
        .build();
  }

  static JsonObject json(SsoError e) {
    JsonObjectBuilder o =
        Jsonp.createObjectBuilder()
            .add("occurredAt", e.getOccurredAt().toString())
            .add("reference", e.getReference())
            .add("reason", e.getReason());
    nullable(o, "email", e.getEmail());
    nullable(o, "clientAddress", e.getClientAddress());
    return o.build();
  }

  /** {@code "idpMetadataUrl","metadataRefreshedAt","metadataRefreshError"}, each nullable. */
  static void metadataRefresh(
      JsonObjectBuilder o, String url, Instant refreshedAt, String refreshError) {
    nullable(o, "idpMetadataUrl", url);
    nullable(o, "metadataRefreshedAt", refreshedAt == null ? null : refreshedAt.toString());
    nullable(o, "metadataRefreshError", refreshError);
  }

  static void nullable(JsonObjectBuilder o, String name, String value) {
    if (value == null) {
      o.addNull(name);
    } else {
      o.add(name, value);
    }
  }
}
