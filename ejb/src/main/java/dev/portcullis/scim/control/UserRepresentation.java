package dev.portcullis.scim.control;

import dev.portcullis.org.entity.Membership;
import dev.portcullis.org.entity.User;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.control.Jsonp;
import dev.portcullis.provisioning.boundary.ProvisioningService.UserProfile;
import dev.portcullis.scim.boundary.ScimException;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SCIM User (RFC 7643 §4.1 and the enterprise extension §4.3) of a provisioned membership, and
 * the {@link UserProfile} a request's User body describes. One email is kept, the user's login
 * email: of the emails sent, the primary one, else the "work" one, else the first; without emails
 * the userName is the email. Attributes outside these (addresses, phoneNumbers...) are ignored.
 */
public final class UserRepresentation {

  /** The enterprise extension's attributes that are stored (RFC 7643 §4.3). */
  static final List<String> ENTERPRISE_ATTRIBUTES =
      List.of("employeeNumber", "costCenter", "organization", "division", "department", "manager");

  public static final Set<String> EXTENSIONS = Set.of(ScimJson.ENTERPRISE_SCHEMA.toLowerCase());

  private UserRepresentation() {}

  public static Map<String, Object> tree(Membership m, String location) {
    User u = m.getUser();
    Map<String, Object> r = new LinkedHashMap<>();
    Map<String, Object> enterprise = enterprise(m.getEnterprise());
    r.put(
        "schemas",
        enterprise.isEmpty()
            ? List.of(ScimJson.USER_SCHEMA)
            : List.of(ScimJson.USER_SCHEMA, ScimJson.ENTERPRISE_SCHEMA));
    r.put("id", m.getId());
    if (m.getExternalId() != null) {
      r.put("externalId", m.getExternalId());
    }
    r.put("userName", m.getUserName());
    Map<String, Object> name = new LinkedHashMap<>();
    if (u.getFirstName() != null) {
      name.put("givenName", u.getFirstName());
    }
    if (u.getLastName() != null) {
      name.put("familyName", u.getLastName());
    }
    if (!name.isEmpty()) {
      name.put(
          "formatted",
          ((u.getFirstName() == null ? "" : u.getFirstName())
                  + " "
                  + (u.getLastName() == null ? "" : u.getLastName()))
              .strip());
      r.put("name", name);
    }
    if (m.getDisplayName() != null) {
      r.put("displayName", m.getDisplayName());
    }
    if (m.getTitle() != null) {
      r.put("title", m.getTitle());
    }
    Map<String, Object> email = new LinkedHashMap<>();
    email.put("value", u.getEmail());
    email.put("type", "work");
    email.put("primary", Boolean.TRUE);
    r.put("emails", new ArrayList<>(List.of(email)));
    r.put("active", m.isActive());
    if (!enterprise.isEmpty()) {
      r.put(ScimJson.ENTERPRISE_SCHEMA, enterprise);
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("resourceType", "User");
    meta.put("created", m.getCreatedAt().truncatedTo(ChronoUnit.MILLIS).toString());
    meta.put("lastModified", m.getUpdatedAt().truncatedTo(ChronoUnit.MILLIS).toString());
    meta.put("version", etag(m.getVersion()));
    meta.put("location", location);
    r.put("meta", meta);
    return r;
  }

  public static String etag(long version) {
    return "W/\"" + version + "\"";
  }

  /** The profile a POST or PUT body (or a patched resource) describes. */
  @SuppressWarnings("unchecked")
  public static UserProfile profile(Map<String, Object> body) {
    String userName = ScimJson.string(body, "userName");
    if (userName == null || userName.isBlank()) {
      throw ScimException.invalidValue("The attribute 'userName' is required.");
    }
    String given = null;
    String family = null;
    Object name = ScimJson.get(body, "name");
    if (name != null) {
      Map<String, Object> n = ScimJson.object(name, "name");
      given = blankToNull(ScimJson.string(n, "givenName"));
      family = blankToNull(ScimJson.string(n, "familyName"));
    }
    String email = null;
    Object emails = ScimJson.get(body, "emails");
    if (emails != null) {
      if (!(emails instanceof List<?> list)) {
        throw ScimException.invalidValue("'emails' must be an array.");
      }
      Map<String, Object> chosen = null;
      for (Object e : list) {
        Map<String, Object> em = ScimJson.object(e, "emails[]");
        Boolean primary = ScimJson.bool(em, "primary");
        if (Boolean.TRUE.equals(primary)) {
          chosen = em;
          break;
        }
        if (chosen == null
            || ("work".equalsIgnoreCase(ScimJson.string(em, "type"))
                && !"work".equalsIgnoreCase(ScimJson.string(chosen, "type")))) {
          chosen = em;
        }
      }
      if (chosen != null) {
        email = blankToNull(ScimJson.string(chosen, "value"));
      }
    }
    Boolean active = ScimJson.bool(body, "active");
    String enterprise = null;
    Object ext = ScimJson.get(body, ScimJson.ENTERPRISE_SCHEMA);
    if (ext != null) {
      Map<String, Object> e = ScimJson.object(ext, ScimJson.ENTERPRISE_SCHEMA);
      Map<String, Object> kept = new LinkedHashMap<>();
      for (String a : ENTERPRISE_ATTRIBUTES) {
        Object v = ScimJson.get(e, a);
        if (v == null) {
          continue;
        }
        if (a.equals("manager")) {
          if (v instanceof String s) {
            v = new LinkedHashMap<>(Map.of("value", s));
          }
          Map<String, Object> mgr = ScimJson.object(v, "manager");
          Map<String, Object> keptManager = new LinkedHashMap<>();
          for (String k : List.of("value", "displayName", "$ref")) {
            String s = ScimJson.string(mgr, k);
            if (s != null) {
              keptManager.put(k, s);
            }
          }
          if (!keptManager.isEmpty()) {
            kept.put(a, keptManager);
          }
        } else {
          kept.put(a, ScimJson.string(e, a));
        }
      }
      if (!kept.isEmpty()) {
        enterprise = ScimJson.toJsonObject(kept).toString();
      }
    }
    try {
      return new UserProfile(
          userName,
          email,
          given,
          family,
          blankToNull(ScimJson.string(body, "displayName")),
          blankToNull(ScimJson.string(body, "externalId")),
          blankToNull(ScimJson.string(body, "title")),
          enterprise,
          active == null || active);
    } catch (ServiceException e) {
      throw ScimException.invalidValue(e.getMessage());
    }
  }

  private static Map<String, Object> enterprise(String json) {
    if (json == null) {
      return new LinkedHashMap<>();
    }
    try (var reader = Jsonp.createReader(new StringReader(json))) {
      JsonObject o = reader.readObject();
      return ScimJson.toTree(o);
    } catch (JsonParsingException e) {
      return new LinkedHashMap<>();
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
