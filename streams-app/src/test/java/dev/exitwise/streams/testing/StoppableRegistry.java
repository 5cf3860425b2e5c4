package dev.exitwise.streams.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.exitwise.registry.MockSchemaRegistry;
import dev.exitwise.registry.testing.ConfluentRegistryProtocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.UUID;

/**
 * A Confluent-compatible schema registry over HTTP (the three calls exitwise's REST client makes) in front of a
 * {@link MockSchemaRegistry} scope, that a test can stop and start again on the same port: a registry outage
 * ("connection refused") without losing the registered schemas.
 */
public final class StoppableRegistry implements AutoCloseable {
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
    int refused = refusal;
    ConfluentRegistryProtocol.answer(exchange, registry, refused != 0 ? refused : null, "refused by the test");
  }
}
