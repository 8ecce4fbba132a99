package dev.portcullis.scim.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code attributes} and {@code excludedAttributes} (RFC 7644 §3.4.2.5): which attributes a
 * response carries. {@code id} and {@code schemas} are always returned. A value path in the list
 * ({@code emails[type eq "work"]}, as Entra sends) selects the whole attribute.
 */
public final class Projection {

  private final List<AttributePath> attributes;
  private final List<AttributePath> excluded;

  private Projection(List<AttributePath> attributes, List<AttributePath> excluded) {
    this.attributes = attributes;
    this.excluded = excluded;
  }

  public static Projection of(String attributes, String excludedAttributes) {
    return new Projection(paths(attributes), paths(excludedAttributes));
  }

  public boolean excludes(String attribute) {
    String a = attribute.toLowerCase(Locale.ROOT);
    if (!attributes.isEmpty()) {
      return attributes.stream().noneMatch(p -> p.name().equals(a));
    }
    return excluded.stream().anyMatch(p -> p.name().equals(a) && p.subAttribute() == null);
  }

  private static List<AttributePath> paths(String list) {
    List<AttributePath> out = new ArrayList<>();
    if (list == null || list.isBlank()) {
      return out;
    }
    for (String raw : list.split(",")) {
      String s = raw.strip();
      int bracket = s.indexOf('[');
      if (bracket > 0) {
        s = s.substring(0, bracket);
      }
      if (s.isEmpty()) {
        continue;
      }
      AttributePath p = AttributePath.parse(s);
      if (p == null && s.regionMatches(true, 0, "urn:", 0, 4)) {
        p = new AttributePath(s.toLowerCase(Locale.ROOT), "", null);
      }
      if (p != null) {
        out.add(p);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> apply(Map<String, Object> resource) {
    if (attributes.isEmpty() && excluded.isEmpty()) {
      return resource;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : resource.entrySet()) {
      String k = e.getKey();
      String lk = k.toLowerCase(Locale.ROOT);
      if (lk.equals("id") || lk.equals("schemas")) {
        out.put(k, e.getValue());
        continue;
      }
      if (lk.startsWith("urn:")) {
        // An extension's object: select or exclude its attributes by their URN-prefixed names.
        Map<String, Object> ext = (Map<String, Object>) e.getValue();
        Map<String, Object> kept = new LinkedHashMap<>();
        for (Map.Entry<String, Object> x : ext.entrySet()) {
          if (keep(lk, x.getKey().toLowerCase(Locale.ROOT), null)) {
            kept.put(x.getKey(), x.getValue());
          }
        }
        if (!kept.isEmpty()) {
          out.put(k, kept);
        }
        continue;
      }
      Object v = e.getValue();
      if (v instanceof Map<?, ?> complex) {
        Map<String, Object> kept = new LinkedHashMap<>();
        for (Map.Entry<String, Object> x : ((Map<String, Object>) complex).entrySet()) {
          if (keep(null, lk, x.getKey().toLowerCase(Locale.ROOT))) {
            kept.put(x.getKey(), x.getValue());
          }
        }
        if (!kept.isEmpty()) {
          out.put(k, kept);
        }
      } else if (keep(null, lk, null)) {
        out.put(k, v);
      }
    }
    return out;
  }

  private boolean keep(String urn, String name, String sub) {
    if (!attributes.isEmpty()) {
      return attributes.stream().anyMatch(p -> selects(p, urn, name, sub));
    }
    return excluded.stream().noneMatch(p -> selects(p, urn, name, sub));
  }

  /** Whether the path names this attribute (or the whole attribute or extension holding it). */
  private static boolean selects(AttributePath p, String urn, String name, String sub) {
    if (urn != null) {
      if (p.urn() == null || !p.urn().equals(urn) && !(p.urn() + ":" + p.name()).equals(urn)) {
        return false;
      }
      return p.name().isEmpty() || (p.urn() + ":" + p.name()).equals(urn) || p.name().equals(name);
    }
    if (p.urn() != null && !p.urn().startsWith("urn:ietf:params:scim:schemas:core:")) {
      return false;
    }
    if (!p.name().equals(name)) {
      return false;
    }
    return p.subAttribute() == null || sub == null || p.subAttribute().equals(sub);
  }
}
