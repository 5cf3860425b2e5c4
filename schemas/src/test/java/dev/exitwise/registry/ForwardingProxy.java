package dev.exitwise.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain HTTP forward proxy for tests: it receives requests in absolute form ({@code GET http://host/path}), as
 * clients send them to a proxy, records them, and forwards those for one made-up host name to a real server.
 * Only a client that uses the proxy can reach that host, since the name does not resolve.
 */
final class ForwardingProxy implements AutoCloseable {
  private static final List<String> FORWARDED_HEADERS = List.of("Accept", "Content-Type", "Authorization");

  private final String madeUpHost;
  private final URI target;
  private final HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();
  private final List<String> requests = new ArrayList<>();

  /** Starts a proxy that sends requests for {@code madeUpHost} to the host and port of {@code target}. */
  ForwardingProxy(String madeUpHost, URI target) throws IOException {
    this.madeUpHost = madeUpHost;
    this.target = target;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::forward);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** @return the requests received, as "METHOD absolute-uri" */
  synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI requested = exchange.getRequestURI();
      synchronized (this) {
        requests.add(exchange.getRequestMethod() + " " + requested);
      }
      if (!madeUpHost.equals(requested.getHost())) {
        exchange.sendResponseHeaders(502, -1);
        return;
      }
      URI forwarded = URI.create(target.getScheme() + "://" + target.getHost() + ":" + target.getPort()
          + requested.getRawPath() + (requested.getRawQuery() == null ? "" : "?" + requested.getRawQuery()));
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      HttpRequest.Builder request = HttpRequest.newBuilder(forwarded)
          .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      FORWARDED_HEADERS.forEach(name -> {
        String value = exchange.getRequestHeaders().getFirst(name);
        if (value != null) {
          request.header(name, value);
        }
      });
      HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      response.headers().firstValue("Content-Type")
          .ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
      exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1
          : response.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(response.body());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while forwarding", e);
    }
  }
}
