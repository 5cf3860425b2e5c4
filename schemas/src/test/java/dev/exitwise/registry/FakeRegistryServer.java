package dev.exitwise.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;

/**
 * A Confluent REST API in front of a {@link MockSchemaRegistry}, on the JDK's HTTP server: enough of the protocol
 * to test the REST client's requests, caching, authentication and error handling without a real registry. It can
 * be told to answer the next requests with a given status.
 */
final class FakeRegistryServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SCHEMA_BY_ID = Pattern.compile("/schemas/ids/(-?\\d+)");
  private static final Pattern REGISTER = Pattern.compile("/subjects/(.+)/versions");
  private static final Pattern LOOKUP = Pattern.compile("/subjects/(.+)");

  private final String scope = "fake-registry-" + UUID.randomUUID();
  private final MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
  private final HttpServer server;
  private final List<String> requests = new ArrayList<>();
  private final List<String> authorizations = new ArrayList<>();
  private final Deque<Integer> scriptedStatuses = new ArrayDeque<>();

  FakeRegistryServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  MockSchemaRegistry registry() {
    return registry;
  }

  /** The requests seen so far, as "METHOD raw-path". */
  synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  synchronized List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  /** Answers the next {@code times} requests with {@code status} and a Confluent error body. */
  synchronized void answerNext(int times, int status) {
    for (int i = 0; i < times; i++) {
      scriptedStatuses.add(status);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    MockSchemaRegistry.dropScope(scope);
  }

  private void handle(HttpExchange exchange) throws IOException {
    Integer scripted;
    synchronized (this) {
      requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
      authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      scripted = scriptedStatuses.poll();
    }
    try (exchange) {
      if (scripted != null) {
        respond(exchange, scripted, Map.of("error_code", scripted, "message", "scripted failure"));
        return;
      }
      try {
        respond(exchange, 200, answer(exchange));
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

  private Object answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    Matcher byId = SCHEMA_BY_ID.matcher(path);
    if (exchange.getRequestMethod().equals("GET") && byId.matches()) {
      return Map.of("schema", registry.schemaById(Integer.parseInt(byId.group(1))).toString());
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
