package dev.portcullis.platform.rest;

import dev.portcullis.scim.rest.ScimApplication;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.Paths;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Makes {@code /openapi} document both JAX-RS applications of the WAR, each path under its own
 * application: the admin API ({@link AdminApiApplication}, {@code /api/v1}) and the SCIM API
 * ({@link ScimApplication}, {@code /scim/v2}). MicroProfile OpenAPI defines one application per
 * module; Liberty scans the resources of both but prefixes all of them with one application's path.
 *
 * <p>This filter takes each scanned path back to its path inside the application, and puts it under
 * {@code /scim/v2} when a resource class of {@link ScimApplication#getClasses()} declares it (with
 * the SCIM token as its security scheme), under {@code /api/v1} otherwise. A resource added to the
 * SCIM application is therefore documented in the right place without a change here.
 */
public class OpenApiPaths implements OASFilter {

  static final String SCIM_SCHEME = "scimToken";

  private static final String ADMIN_ROOT = root(AdminApiApplication.class);
  private static final String SCIM_ROOT = root(ScimApplication.class);

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    Paths paths = openAPI.getPaths();
    if (paths == null || paths.getPathItems() == null) {
      return;
    }
    Set<String> scim = scimPaths();
    Map<String, PathItem> sorted = new TreeMap<>();
    for (Map.Entry<String, PathItem> e : paths.getPathItems().entrySet()) {
      String inside = inside(e.getKey());
      if (scim.contains(inside)) {
        PathItem item = e.getValue();
        item.getOperations()
            .values()
            .forEach(
                op ->
                    op.setSecurity(
                        List.of(OASFactory.createSecurityRequirement().addScheme(SCIM_SCHEME))));
        sorted.put(SCIM_ROOT + inside, item);
      } else {
        sorted.put(ADMIN_ROOT + inside, e.getValue());
      }
    }
    Paths rebuilt = OASFactory.createPaths();
    sorted.forEach(rebuilt::addPathItem);
    openAPI.setPaths(rebuilt);
    Components components = openAPI.getComponents();
    if (components == null) {
      components = OASFactory.createComponents();
      openAPI.setComponents(components);
    }
    components.addSecurityScheme(
        SCIM_SCHEME,
        OASFactory.createSecurityScheme()
            .type(SecurityScheme.Type.HTTP)
            .scheme("bearer")
            .description(
                "The SCIM API ("
                    + SCIM_ROOT
                    + ", RFC 7644): the organization's SCIM token"
                    + " (POST "
                    + ADMIN_ROOT
                    + "/organizations/{org}/scim/token). Errors follow"
                    + " RFC 7644 §3.12."));
  }

  /** A scanned path without whichever application prefix the scanner gave it. */
  static String inside(String scanned) {
    for (String root : List.of(ADMIN_ROOT, SCIM_ROOT)) {
      if (scanned.equals(root)) {
        return "";
      }
      if (scanned.startsWith(root + "/")) {
        return scanned.substring(root.length());
      }
    }
    return scanned;
  }

  /** The paths, inside the application, of the SCIM application's resource methods. */
  static Set<String> scimPaths() {
    Set<String> out = new HashSet<>();
    for (Class<?> c : new ScimApplication().getClasses()) {
      Path classPath = c.getAnnotation(Path.class);
      if (classPath == null) {
        continue; // a provider
      }
      out.add(join(classPath.value(), ""));
      for (Method m : c.getMethods()) {
        Path methodPath = m.getAnnotation(Path.class);
        out.add(join(classPath.value(), methodPath == null ? "" : methodPath.value()));
      }
    }
    return out;
  }

  /** "/a/{id}" from "a" and "{id: .+}": slashes normalized, template regexes dropped. */
  static String join(String classPath, String methodPath) {
    String joined =
        ("/" + classPath + "/" + methodPath).replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}");
    joined = joined.replaceAll("/+", "/");
    return joined.length() > 1 && joined.endsWith("/")
        ? joined.substring(0, joined.length() - 1)
        : joined;
  }

  private static String root(Class<?> application) {
    String path = application.getAnnotation(ApplicationPath.class).value();
    String joined = ("/" + path).replaceAll("/+", "/");
    return joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
  }
}
