package dev.exitwise.streams.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.exitwise.registry.MockSchemaRegistry;
import dev.exitwise.registry.SchemaNotRegisteredException;
import dev.exitwise.registry.UnknownSchemaIdException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;

/**
 * A Confluent-compatible schema registry over HTTP (the three calls exitwise's REST client makes) in front of a
 * {@link MockSchemaRegistry} scope, that a test can stop and start again on the same port: a registry outage
 * ("connection refused") without losing the registered schemas.
 */
public final class StoppableRegistry implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final Pattern SCHEMA_BY_ID = Pattern.compile("/schemas/ids/(-?\\d+)");
  private static final Pattern REGISTER = Pattern.compile("/subjects/(.+)/versions");
  private static final Pattern LOOKUP = Pattern.compile("/subjects/(.+)");

  private final String scope = "stoppable-registry-" + UUID.randomUUID();
  private final MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
  private final int port;
  private HttpServer server;
  private volatile int refusal;

  private StoppableRegistry(HttpServer server) {
    this.server = server;
    this.port = server.getAddress().getPort();
  }

  /** Starts serving on a free port. */
  public static StoppableRegistry start() throws IOException {
    StoppableRegistry started = new StoppableRegistry(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
    started.serve();
    return started;
  }

  private void serve() {
    server.createContext("/", this::handle);
    server.start();
  }

  /** The registry's URL. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Stops serving: connections are refused until {@link #resume()}. */
  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  /** Serves again, on the same port, with every schema registered before. */
  public synchronized void resume() throws IOException {
    if (server == null) {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
      serve();
    }
  }

  /** Answers every request with {@code status} (401 or 403: credentials refused) until called with 0. */
  public void refuseWith(int status) {
    refusal = status;
  }

  @Override
  public void close() {
    stop();
    MockSchemaRegistry.dropScope(scope);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (refusal != 0) {
        respond(exchange, refusal, Map.of("error_code", refusal, "message", "refused by the test"));
        return;
      }
      try {
        respond(exchange, 200, answer(exchange));
      } catch (UnknownSchemaIdException e) {
        respond(exchange, 404, Map.of("error_code", 40403, "message", "Schema not found"));
      } catch (SchemaNotRegisteredException e) {
        int code = e.getMessage().contains("subject not found") ? 40401 : 40403;
        respond(exchange, 404, Map.of("error_code", code, "message", e.getMessage()));
      }
    }
  }

  private Object answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    Matcher byId = SCHEMA_BY_ID.matcher(path);
    if (exchange.getRequestMethod().equals("GET") && byId.matches()) {
      return Map.of("schema", registry.schemaById(Integer.parseInt(byId.group(1))).toString());
    }
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Schema schema = new Schema.Parser().parse(JSON.readTree(body).path("schema").asText());
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

  private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", CONTENT_TYPE);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
