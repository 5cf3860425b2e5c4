package dev.exitwise.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.exitwise.registry.testing.ConfluentRegistryProtocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A Confluent REST API in front of a {@link MockSchemaRegistry}, on the JDK's HTTP server: enough of the protocol
 * to test the REST client's requests, caching, authentication and error handling without a real registry. It can
 * be told to answer the next requests with a given status, and serve HTTPS ({@link #https}).
 */
final class FakeRegistryServer implements AutoCloseable {
  private final String scope = "fake-registry-" + UUID.randomUUID();
  private final MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
  private final HttpServer server;
  private final List<String> requests = new ArrayList<>();
  private final List<String> authorizations = new ArrayList<>();
  private final Deque<Integer> scriptedStatuses = new ArrayDeque<>();

  FakeRegistryServer() throws IOException {
    this(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
  }

  private FakeRegistryServer(HttpServer server) {
    this.server = server;
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * A registry on HTTPS with the server certificate of {@code tls}.
   *
   * @param needClientAuth whether clients must present a certificate that {@code tls} trusts (mutual TLS)
   */
  static FakeRegistryServer https(SSLContext tls, boolean needClientAuth) throws IOException {
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters parameters = tls.getDefaultSSLParameters();
        parameters.setNeedClientAuth(needClientAuth);
        params.setSSLParameters(parameters);
      }
    });
    return new FakeRegistryServer(server);
  }

  String url() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return scheme + "://127.0.0.1:" + server.getAddress().getPort();
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
    ConfluentRegistryProtocol.answer(exchange, registry, scripted, "scripted failure");
  }
}
