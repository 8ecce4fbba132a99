package dev.portcullis.scim.control;

import dev.portcullis.org.entity.Membership;
import dev.portcullis.org.entity.Team;
import dev.portcullis.scim.boundary.ScimException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The SCIM Group (RFC 7643 §4.2) of a team; its members are the SCIM ids of their users. */
public final class GroupRepresentation {

  private GroupRepresentation() {}

  /**
   * @param members the team's members' memberships; null leaves "members" out
   */
  public static Map<String, Object> tree(
      Team t, Collection<Membership> members, String location, String usersBase) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("schemas", List.of(ScimJson.GROUP_SCHEMA));
    r.put("id", t.getId());
    if (t.getExternalId() != null) {
      r.put("externalId", t.getExternalId());
    }
    r.put("displayName", t.getName());
    if (members != null) {
      List<Object> list = new ArrayList<>();
      members.stream()
          .sorted((a, b) -> a.getId().compareTo(b.getId()))
          .forEach(
              m -> {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("value", m.getId());
                v.put("display", m.getUserName());
                v.put("type", "User");
                v.put("$ref", usersBase + m.getId());
                list.add(v);
              });
      r.put("members", list);
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("resourceType", "Group");
    meta.put("created", t.getCreatedAt().truncatedTo(ChronoUnit.MILLIS).toString());
    meta.put("lastModified", t.getUpdatedAt().truncatedTo(ChronoUnit.MILLIS).toString());
    meta.put("version", UserRepresentation.etag(t.getVersion()));
    meta.put("location", location);
    r.put("meta", meta);
    return r;
  }

  public static String displayName(Map<String, Object> body) {
    String name = ScimJson.string(body, "displayName");
    if (name == null || name.isBlank()) {
      throw ScimException.invalidValue("The attribute 'displayName' is required.");
    }
    return name;
  }

  /**
   * The member ids of a body; null when it has no "members" (a PUT without members keeps them). A
   * bare string member (as Entra's collection sends) is taken as the id.
   */
  @SuppressWarnings("unchecked")
  public static Set<String> memberIds(Map<String, Object> body) {
    String key = ScimJson.key(body, "members");
    if (key == null) {
      return null;
    }
    Object v = body.get(key);
    Set<String> ids = new LinkedHashSet<>();
    if (v == null) {
      return ids;
    }
    List<Object> list = v instanceof List<?> l ? (List<Object>) l : List.of(v);
    for (Object e : list) {
      String id =
          e instanceof Map<?, ?> m
              ? ScimJson.string((Map<String, Object>) m, "value")
              : e.toString();
      if (id == null || id.isBlank()) {
        throw ScimException.invalidValue("Every member needs a 'value' (the User's id).");
      }
      ids.add(id);
    }
    return ids;
  }
}
