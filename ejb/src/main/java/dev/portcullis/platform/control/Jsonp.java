package dev.portcullis.platform.control;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.Reader;
import java.util.Map;

/**
 * JSON-P through a provider looked up once. Each of {@code jakarta.json.Json}'s static factory
 * methods looks the provider up again (a service lookup through the class loaders); in the SCIM
 * benchmark that was 70% of Liberty's CPU time while listing 200 Users a page. Use these instead of
 * {@code Json.create...}.
 */
public final class Jsonp {

  /** The JSON-P provider, looked up once. */
  public static final JsonProvider PROVIDER = JsonProvider.provider();

  private Jsonp() {}

  public static JsonObjectBuilder createObjectBuilder() {
    return PROVIDER.createObjectBuilder();
  }

  public static JsonObjectBuilder createObjectBuilder(JsonObject object) {
    return PROVIDER.createObjectBuilder(object);
  }

  public static JsonArrayBuilder createArrayBuilder() {
    return PROVIDER.createArrayBuilder();
  }

  public static JsonReader createReader(Reader reader) {
    return PROVIDER.createReader(reader);
  }

  public static JsonReaderFactory createReaderFactory(Map<String, ?> config) {
    return PROVIDER.createReaderFactory(config);
  }

  public static JsonParser createParser(Reader reader) {
    return PROVIDER.createParser(reader);
  }

  public static JsonString createValue(String value) {
    return PROVIDER.createValue(value);
  }
}
