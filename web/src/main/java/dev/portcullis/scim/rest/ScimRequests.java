package dev.portcullis.scim.rest;

import dev.portcullis.platform.control.Jsonp;
import dev.portcullis.platform.control.PortcullisConfig;
import dev.portcullis.scim.boundary.ListRequest;
import dev.portcullis.scim.boundary.ListResult;
import dev.portcullis.scim.boundary.ScimContext;
import dev.portcullis.scim.boundary.ScimException;
import dev.portcullis.scim.control.Projection;
import dev.portcullis.scim.control.ScimJson;
import jakarta.json.JsonConfig;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.net.URI;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/** What the Users and Groups resources share: reading bodies and parameters, writing answers. */
final class ScimRequests {

  /** Bodies larger than this are refused with 413 before they are parsed. */
  static final int MAX_BODY_CHARS = 1024 * 1024;

  private static final JsonReaderFactory READERS =
      Jsonp.createReaderFactory(Map.of(JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE));

  /** How often a SCIM write is tried when it keeps losing races with concurrent writes. */
  static final int WRITE_ATTEMPTS = 4;

  private ScimRequests() {}

  /**
   * Runs a SCIM write (one transaction of the EJB layer), again when it lost a race with a
   * concurrent write of the same resource (an optimistic lock's version check, a serialization
   * failure or a deadlock rolled it back, so it changed nothing), up to {@link #WRITE_ATTEMPTS}
   * times with a short random pause: IdPs send writes of one group in parallel (one member each),
   * and each should succeed as if it came alone. {@code If-Match} still holds: a retry finds the
   * new version and answers 412.
   */
  static <T> T write(Supplier<T> write) {
    for (int attempt = 1; ; attempt++) {
      try {
        return write.get();
      } catch (RuntimeException e) {
        if (attempt >= WRITE_ATTEMPTS || !lostRace(e)) {
          throw e;
        }
        try {
          Thread.sleep(ThreadLocalRandom.current().nextLong(2, 10L * attempt * attempt + 2));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** As {@link #write(Supplier)}, for a write that answers nothing. */
  static void write(Runnable write) {
    write(
        () -> {
          write.run();
          return null;
        });
  }

  /**
   * Whether a write failed because a concurrent one won: JPA's optimistic lock (which reaches this
   * layer as itself: it is an application exception of the EJB module, see its ejb-jar.xml), or
   * SQLSTATE 40001 (serialization failure) or 40P01 (deadlock).
   */
  static boolean lostRace(Throwable e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof jakarta.persistence.OptimisticLockException) {
        return true;
      }
      if (t instanceof SQLException sql
          && ("40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  static ScimContext context(ScimCaller caller, PortcullisConfig config) {
    return new ScimContext(
        caller.organizationId(),
        caller.tokenId(),
        caller.actor().clientAddress(),
        config.baseUrl());
  }

  /** The body as a tree: one JSON object, each name once; otherwise 400 invalidSyntax. */
  static Map<String, Object> body(String body) {
    if (body == null || body.isBlank()) {
      throw ScimException.invalidSyntax("A JSON object body is required.");
    }
    if (body.length() > MAX_BODY_CHARS) {
      throw ScimException.tooLarge("The body is larger than 1 MB.");
    }
    JsonValue value;
    try (JsonReader reader = READERS.createReader(new StringReader(body))) {
      value = reader.readValue();
      try (JsonParser parser = Jsonp.createParser(new StringReader(body))) {
        parser.next();
        parser.getValue();
        if (parser.hasNext()) {
          throw new IllegalArgumentException("content after the value");
        }
      }
    } catch (RuntimeException e) {
      throw ScimException.invalidSyntax(
          "The body is not valid JSON (one object, each attribute name once).");
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw ScimException.invalidSyntax("The body must be a JSON object.");
    }
    return ScimJson.toTree(value.asJsonObject());
  }

  static Integer integer(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(value.strip());
    } catch (NumberFormatException e) {
      if (value.strip().matches("-?[0-9]+")) {
        return value.strip().startsWith("-") ? Integer.MIN_VALUE : Integer.MAX_VALUE;
      }
      throw ScimException.invalidValue("'" + name + "' must be a whole number.");
    }
  }

  static ListRequest list(
      String filter,
      String sortBy,
      String sortOrder,
      String startIndex,
      String count,
      String cursor) {
    if (sortOrder != null
        && !sortOrder.equalsIgnoreCase("ascending")
        && !sortOrder.equalsIgnoreCase("descending")) {
      throw ScimException.invalidValue("'sortOrder' is ascending or descending.");
    }
    return new ListRequest(
        filter == null || filter.isBlank() ? null : filter,
        sortBy == null || sortBy.isBlank() ? null : sortBy,
        sortOrder,
        integer("startIndex", startIndex),
        integer("count", count),
        cursor);
  }

  static Response resource(
      Response.Status status, Map<String, Object> tree, Projection projection, boolean location) {
    Response.ResponseBuilder b = Response.status(status);
    Object meta = tree.get("meta");
    if (meta instanceof Map<?, ?> m) {
      String version = (String) m.get("version");
      if (version != null) {
        b.tag(new EntityTag(version.substring(3, version.length() - 1), true));
      }
      if (location) {
        b.location(URI.create((String) m.get("location")));
      }
    }
    return b.type(ScimApplication.SCIM_JSON)
        .entity(ScimJson.toJson(projection.apply(tree)).toString())
        .build();
  }

  static Response list(ListResult result, Projection projection) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("schemas", List.of(ScimJson.LIST_SCHEMA));
    body.put("totalResults", result.totalResults());
    body.put("startIndex", result.startIndex());
    body.put("itemsPerPage", result.resources().size());
    List<Object> resources = new ArrayList<>();
    result.resources().forEach(r -> resources.add(projection.apply(r)));
    body.put("Resources", resources);
    if (result.nextCursor() != null) {
      body.put("nextCursor", result.nextCursor());
    }
    return Response.ok(ScimJson.toJson(body).toString(), ScimApplication.SCIM_JSON).build();
  }
}
