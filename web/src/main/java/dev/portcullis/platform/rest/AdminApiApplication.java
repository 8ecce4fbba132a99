package dev.portcullis.platform.rest;

import dev.portcullis.audit.rest.AuditResource;
import dev.portcullis.domainclaim.rest.DomainClaimResource;
import dev.portcullis.org.rest.AccessRequestResource;
import dev.portcullis.org.rest.OrganizationResource;
import dev.portcullis.org.rest.ProjectResource;
import dev.portcullis.org.rest.SignupResource;
import dev.portcullis.org.rest.TeamResource;
import dev.portcullis.scim.rest.ScimTokenResource;
import dev.portcullis.sso.rest.IdpConnectionResource;
import dev.portcullis.sso.rest.SharedSsoResource;
import dev.portcullis.sso.rest.SsoResource;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The operator and admin API. Its classes are listed explicitly so that its filters and exception
 * mappers apply to it alone (the SCIM API has its own).
 */
@ApplicationPath("/api/v1")
@OpenAPIDefinition(
    info =
        @Info(
            title = "Portcullis admin API",
            version = "1",
            description =
                "Organizations, members, projects, audit log. Errors are"
                    + " {\"error\": code, \"message\": text}."),
    security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(
    securitySchemeName = "bearer",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    description = "The operator token, or a personal access token from POST /api/v1/auth/token")
public class AdminApiApplication extends Application {

  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(
        ApiAuthenticationFilter.class,
        ApiExceptionMappers.ServiceExceptionMapper.class,
        ApiExceptionMappers.WebApplicationExceptionMapper.class,
        ApiExceptionMappers.CatchAllMapper.class,
        AuthResource.class,
        SignupResource.class,
        OrganizationResource.class,
        AccessRequestResource.class,
        ProjectResource.class,
        TeamResource.class,
        AuditResource.class,
        DomainClaimResource.class,
        SsoResource.class,
        IdpConnectionResource.class,
        SharedSsoResource.class,
        ScimTokenResource.class,
        TestingResource.class);
  }
}
