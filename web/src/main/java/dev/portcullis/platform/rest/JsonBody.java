package dev.portcullis.platform.rest;

import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.platform.control.Jsonp;
import jakarta.json.JsonConfig;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request body read strictly: it must be one JSON object, with no field the endpoint does not
 * know, and each field of the expected type and length. Every refusal names the problem.
 */
public final class JsonBody {

  /** Bodies larger than this are refused before parsing. */
  public static final int MAX_BODY_CHARS = 64 * 1024;

  /**
   * Refuses duplicate names (RFC 8259 §4 leaves their meaning open, so two readers of one body
   * could see different values).
   */
  private static final JsonReaderFactory READERS =
      Jsonp.createReaderFactory(Map.of(JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE));

  private final JsonObject object;

  private JsonBody(JsonObject object) {
    this.object = object;
  }

  /** Parses the body and refuses fields outside {@code allowed}. */
  public static JsonBody parse(String body, String... allowed) {
    if (body == null || body.isBlank()) {
      throw ServiceException.invalid("invalid_json", "A JSON object body is required.");
    }
    if (body.length() > MAX_BODY_CHARS) {
      throw ServiceException.invalid("invalid_json", "The body is too large.");
    }
    JsonValue value;
    try (JsonReader reader = READERS.createReader(new StringReader(body))) {
      value = reader.readValue();
      requireNothingAfterTheValue(body);
    } catch (RuntimeException e) {
      // JsonException for bad syntax; Parsson refuses nesting deeper than 1000 with a plain
      // RuntimeException: either way the body cannot be read.
      throw ServiceException.invalid(
          "invalid_json", "The body is not valid JSON (one value, each field name once).");
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw ServiceException.invalid("invalid_json", "The body must be a JSON object.");
    }
    JsonObject object = value.asJsonObject();
    Set<String> known = Set.of(allowed);
    Set<String> unknown = new TreeSet<>(object.keySet());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw ServiceException.invalid(
          "unknown_field",
          "Unknown field(s): "
              + String.join(", ", unknown)
              + ". Known: "
              + String.join(", ", new TreeSet<>(known))
              + ".");
    }
    return new JsonBody(object);
  }

  /** A reader stops after the first value; anything but white space after it is an error too. */
  private static void requireNothingAfterTheValue(String body) {
    try (JsonParser parser = Jsonp.createParser(new StringReader(body))) {
      parser.next();
      parser.getValue();
      if (parser.hasNext()) {
        throw new JsonParsingException("content after the JSON value", parser.getLocation());
      }
    }
  }

  /** Whether the field is in the body at all, null included (null can mean "clear"). */
  public boolean present(String field) {
    return object.containsKey(field);
  }

  public boolean has(String field) {
    return object.containsKey(field)
        && object.get(field).getValueType() != JsonValue.ValueType.NULL;
  }

  /** A string field, or null when absent; refused when of another type or too long. */
  public String string(String field, int maxLength) {
    if (!has(field)) {
      return null;
    }
    JsonValue v = object.get(field);
    if (v.getValueType() != JsonValue.ValueType.STRING) {
      throw ServiceException.invalid("invalid_field", "'" + field + "' must be a string.");
    }
    String s = object.getString(field);
    if (s.length() > maxLength) {
      throw ServiceException.invalid(
          "invalid_field", "'" + field + "' must have at most " + maxLength + " characters.");
    }
    return s;
  }

  /**
   * An array of strings, or null when absent; refused when not an array of at most {@code maxItems}
   * strings of at most {@code maxLength} characters each.
   */
  public List<String> strings(String field, int maxItems, int maxLength) {
    if (!has(field)) {
      return null;
    }
    JsonValue v = object.get(field);
    String refusal =
        "'"
            + field
            + "' must be an array of at most "
            + maxItems
            + " strings of at most "
            + maxLength
            + " characters.";
    if (v.getValueType() != JsonValue.ValueType.ARRAY || v.asJsonArray().size() > maxItems) {
      throw ServiceException.invalid("invalid_field", refusal);
    }
    List<String> out = new ArrayList<>();
    for (JsonValue item : v.asJsonArray()) {
      if (item.getValueType() != JsonValue.ValueType.STRING
          || ((JsonString) item).getString().length() > maxLength) {
        throw ServiceException.invalid("invalid_field", refusal);
      }
      out.add(((JsonString) item).getString());
    }
    return out;
  }

  public String requiredString(String field, int maxLength) {
    String s = string(field, maxLength);
    if (s == null || s.isBlank()) {
      throw ServiceException.invalid("invalid_field", "'" + field + "' is required.");
    }
    return s;
  }

  public Boolean bool(String field) {
    if (!has(field)) {
      return null;
    }
    JsonValue v = object.get(field);
    if (v != JsonValue.TRUE && v != JsonValue.FALSE) {
      throw ServiceException.invalid("invalid_field", "'" + field + "' must be true or false.");
    }
    return v == JsonValue.TRUE;
  }

  /** An integer field within {@code [min, max]}, or null when absent. */
  public Integer integer(String field, int min, int max) {
    if (!has(field)) {
      return null;
    }
    JsonValue v = object.get(field);
    if (v.getValueType() != JsonValue.ValueType.NUMBER
        || !object.getJsonNumber(field).isIntegral()
        || object.getJsonNumber(field).bigDecimalValue().compareTo(BigDecimal.valueOf(min)) < 0
        || object.getJsonNumber(field).bigDecimalValue().compareTo(BigDecimal.valueOf(max)) > 0) {
      throw ServiceException.invalid(
          "invalid_field",
          "'" + field + "' must be a whole number from " + min + " to " + max + ".");
    }
    return object.getJsonNumber(field).intValue();
  }

  /** An ISO-8601 instant field ({@code 2030-01-31T12:00:00Z}), or null when absent. */
  public Instant instant(String field) {
    String s = string(field, 64);
    if (s == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw ServiceException.invalid(
          "invalid_field",
          "'" + field + "' must be a date and time with its offset, e.g. 2030-01-31T12:00:00Z.");
    }
  }

  /** A required enum field, given by its name (case-insensitive). */
  public <E extends Enum<E>> E requiredEnum(String field, Class<E> type) {
    String s = requiredString(field, 64);
    try {
      return Enum.valueOf(type, s.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ServiceException.invalid(
          "invalid_" + field,
          "'" + field + "' must be one of " + Arrays.toString(type.getEnumConstants()) + ".");
    }
  }

  /** A nested object, read with the same rules. */
  public JsonBody object(String field, String... allowed) {
    if (!has(field)) {
      throw ServiceException.invalid("invalid_field", "'" + field + "' is required.");
    }
    JsonValue v = object.get(field);
    if (v.getValueType() != JsonValue.ValueType.OBJECT) {
      throw ServiceException.invalid("invalid_field", "'" + field + "' must be an object.");
    }
    return parse(v.toString(), allowed);
  }
}
