package dev.portcullis.scim.control;

import dev.portcullis.platform.control.Jsonp;
import dev.portcullis.scim.boundary.ScimException;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SCIM resources as mutable trees (maps, lists, strings, numbers, booleans) with case-insensitive
 * attribute names (RFC 7643 §2.1), converted from and to JSON-P.
 */
public final class ScimJson {

  /** The JSON-P provider, looked up once (see {@link Jsonp}). */
  private static final JsonProvider JSON = Jsonp.PROVIDER;

  public static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
  public static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
  public static final String ENTERPRISE_SCHEMA =
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
  public static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
  public static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

  private ScimJson() {}

  public static Map<String, Object> toTree(JsonObject o) {
    Map<String, Object> m = new LinkedHashMap<>();
    o.forEach((k, v) -> m.put(k, toTree(v)));
    return m;
  }

  public static Object toTree(JsonValue v) {
    return switch (v.getValueType()) {
      case OBJECT -> toTree(v.asJsonObject());
      case ARRAY -> {
        List<Object> l = new ArrayList<>();
        for (JsonValue e : v.asJsonArray()) {
          l.add(toTree(e));
        }
        yield l;
      }
      case STRING -> ((JsonString) v).getString();
      case NUMBER -> ((JsonNumber) v).bigDecimalValue();
      case TRUE -> Boolean.TRUE;
      case FALSE -> Boolean.FALSE;
      case NULL -> null;
    };
  }

  @SuppressWarnings("unchecked")
  public static JsonValue toJson(Object tree) {
    if (tree == null) {
      return JsonValue.NULL;
    }
    if (tree instanceof Map<?, ?> map) {
      JsonObjectBuilder b = JSON.createObjectBuilder();
      ((Map<String, Object>) map).forEach((k, v) -> b.add(k, toJson(v)));
      return b.build();
    }
    if (tree instanceof List<?> list) {
      JsonArrayBuilder b = JSON.createArrayBuilder();
      list.forEach(e -> b.add(toJson(e)));
      return b.build();
    }
    if (tree instanceof Boolean bool) {
      return bool ? JsonValue.TRUE : JsonValue.FALSE;
    }
    if (tree instanceof java.math.BigDecimal n) {
      return JSON.createValue(n);
    }
    if (tree instanceof Number n) {
      return JSON.createValue(n.longValue());
    }
    return JSON.createValue(tree.toString());
  }

  public static JsonObject toJsonObject(Map<String, Object> tree) {
    return (JsonObject) toJson(tree);
  }

  /** The key of {@code m} equal to {@code name} ignoring case, or null. */
  public static String key(Map<String, Object> m, String name) {
    if (m.containsKey(name)) {
      return name;
    }
    for (String k : m.keySet()) {
      if (k.equalsIgnoreCase(name)) {
        return k;
      }
    }
    return null;
  }

  public static Object get(Map<String, Object> m, String name) {
    String k = key(m, name);
    return k == null ? null : m.get(k);
  }

  /** Sets the attribute, keeping the spelling of an existing key (so no duplicate appears). */
  public static void put(Map<String, Object> m, String name, Object value) {
    String k = key(m, name);
    m.put(k == null ? name : k, value);
  }

  public static void remove(Map<String, Object> m, String name) {
    String k = key(m, name);
    if (k != null) {
      m.remove(k);
    }
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(Object v, String what) {
    if (v instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw ScimException.invalidValue("'" + what + "' must be an object.");
  }

  /** A string attribute; null when absent; numbers and booleans are taken as their text. */
  public static String string(Map<String, Object> m, String name) {
    Object v = get(m, name);
    if (v == null) {
      return null;
    }
    if (v instanceof Map || v instanceof List) {
      throw ScimException.invalidValue("'" + name + "' must be a string.");
    }
    return v.toString();
  }

  /**
   * A boolean attribute; also the strings "True"/"False" in any case, which Microsoft Entra sends.
   */
  public static Boolean bool(Map<String, Object> m, String name) {
    Object v = get(m, name);
    if (v == null) {
      return null;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s) {
      String t = s.strip().toLowerCase(Locale.ROOT);
      if (t.equals("true") || t.equals("false")) {
        return Boolean.valueOf(t);
      }
    }
    throw ScimException.invalidValue("'" + name + "' must be true or false.");
  }

  /** A deep copy of a tree. */
  @SuppressWarnings("unchecked")
  public static <T> T copy(T tree) {
    if (tree instanceof Map<?, ?> map) {
      Map<String, Object> c = new LinkedHashMap<>();
      ((Map<String, Object>) map).forEach((k, v) -> c.put(k, copy(v)));
      return (T) c;
    }
    if (tree instanceof List<?> list) {
      List<Object> c = new ArrayList<>();
      list.forEach(e -> c.add(copy(e)));
      return (T) c;
    }
    return tree;
  }

  public static JsonArray strings(String... values) {
    JsonArrayBuilder b = JSON.createArrayBuilder();
    for (String v : values) {
      b.add(v);
    }
    return b.build();
  }
}
