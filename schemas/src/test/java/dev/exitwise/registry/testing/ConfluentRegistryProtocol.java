package dev.exitwise.registry.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.exitwise.registry.IncompatibleSchemaException;
import dev.exitwise.registry.MockSchemaRegistry;
import dev.exitwise.registry.RestSchemaRegistry;
import dev.exitwise.registry.SchemaNotRegisteredException;
import dev.exitwise.registry.SchemaRegistry;
import dev.exitwise.registry.UnknownSchemaIdException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;

/**
 * The four calls of the Confluent REST API that exitwise's REST client makes (a schema by id, register, look up,
 * the latest version),
 * answered from a {@link MockSchemaRegistry} on the JDK's HTTP server, with Confluent's error bodies: what the test
 * registry servers of the schemas and streams-app tests share.
 */
public final class ConfluentRegistryProtocol {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SCHEMA_BY_ID = Pattern.compile("/schemas/ids/(-?\\d+)");
  private static final Pattern REGISTER = Pattern.compile("/subjects/(.+)/versions");
  private static final Pattern LOOKUP = Pattern.compile("/subjects/(.+)");
  private static final Pattern LATEST = Pattern.compile("/subjects/(.+)/versions/latest");

  private ConfluentRegistryProtocol() {}

  /**
   * Answers the exchange, and closes it: with {@code failure} and a Confluent error body saying {@code failureMessage}
   * where {@code failure} is not null, otherwise as the registry answers the request (404 for an unknown id or
   * subject, 409 for an incompatible schema).
   */
  public static void answer(HttpExchange exchange, MockSchemaRegistry registry, Integer failure,
      String failureMessage) throws IOException {
    try (exchange) {
      if (failure != null) {
        respond(exchange, failure, Map.of("error_code", failure, "message", failureMessage));
        return;
      }
      try {
        respond(exchange, 200, answer(exchange, registry));
      } catch (UnknownSchemaIdException e) {
        respond(exchange, 404, Map.of("error_code", 40403, "message", "Schema not found"));
      } catch (SchemaNotRegisteredException e) {
        int code = e.getMessage().contains("subject not found") ? 40401 : 40403;
        respond(exchange, 404, Map.of("error_code", code, "message", e.getMessage()));
      } catch (IncompatibleSchemaException e) {
        respond(exchange, 409, Map.of("error_code", 409, "message", e.getMessage()));
      }
    }
  }

  private static Object answer(HttpExchange exchange, MockSchemaRegistry registry) throws IOException {
    String path = exchange.getRequestURI().getPath();
    Matcher byId = SCHEMA_BY_ID.matcher(path);
    if (exchange.getRequestMethod().equals("GET") && byId.matches()) {
      return Map.of("schema", registry.schemaById(Integer.parseInt(byId.group(1))).toString());
    }
    Matcher latest = LATEST.matcher(path);
    if (exchange.getRequestMethod().equals("GET") && latest.matches()) {
      SchemaRegistry.RegisteredSchema found = registry.latest(latest.group(1));
      return Map.of("subject", latest.group(1), "id", found.id(), "version", registry.versions(latest.group(1))
          .size(), "schema", found.schema().toString());
    }
    Schema schema = new Schema.Parser().parse(JSON.readTree(readBody(exchange)).path("schema").asText());
    Matcher register = REGISTER.matcher(path);
    if (register.matches()) {
      return Map.of("id", registry.register(register.group(1), schema));
    }
    Matcher lookup = LOOKUP.matcher(path);
    if (lookup.matches()) {
      return Map.of("subject", lookup.group(1), "id", registry.idOf(lookup.group(1), schema), "version", 1,
          "schema", schema.toString());
    }
    throw new IllegalArgumentException("unexpected request " + path);
  }

  private static String readBody(HttpExchange exchange) throws IOException {
    try (InputStream body = exchange.getRequestBody()) {
      return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", RestSchemaRegistry.CONTENT_TYPE);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
