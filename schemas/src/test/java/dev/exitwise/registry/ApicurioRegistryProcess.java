package dev.exitwise.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apicurio Registry 2.6.13 (in-memory storage) in a child JVM on a free port: the Confluent-compatible
 * registry our integration tests run against without Docker. The build unpacks it into
 * {@code target/apicurio-registry} and passes the runner's path as {@code apicurio.registry.runner}.
 */
final class ApicurioRegistryProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistryProcess.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final Process process;
  private final int port;

  private ApicurioRegistryProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts the registry and waits until {@code /health/ready} answers 200.
   *
   * @throws IllegalStateException if the runner is missing, or the registry exits or is not ready in time
   */
  static ApicurioRegistryProcess start() throws IOException, InterruptedException {
    Path runner = Path.of(System.getProperty("apicurio.registry.runner",
        "target/apicurio-registry/apicurio-registry-app-2.6.13.Final-runner.jar")).toAbsolutePath();
    if (!Files.isRegularFile(runner)) {
      throw new IllegalStateException(runner + " is missing: run mvn -pl schemas generate-test-resources");
    }
    int port = LocalPorts.unused();
    Path log = runner.resolveSibling("apicurio-" + port + ".log");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    // C1 only and the serial collector: it starts faster on a busy 2-core machine and needs no more.
    Process process = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC", "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1", "-jar",
        runner.toString()))
        .directory(runner.getParent().toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    ApicurioRegistryProcess registry = new ApicurioRegistryProcess(process, port);
    try {
      registry.awaitReady(log);
    } catch (IOException | InterruptedException | RuntimeException e) {
      registry.close();
      throw e;
    }
    return registry;
  }

  /** @return the Confluent-compatible API's base URL */
  String ccompatUrl() {
    return "http://127.0.0.1:" + port + "/apis/ccompat/v6";
  }

  /** @return Apicurio's own v2 API, which its serdes use */
  String coreApiUrl() {
    return "http://127.0.0.1:" + port + "/apis/registry/v2";
  }

  /** Stops the registry: SIGTERM, then SIGKILL if it has not exited within 15 s or we are interrupted. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
  }

  private void awaitReady(Path log) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
        .timeout(Duration.ofSeconds(2)).build();
    long started = System.nanoTime();
    while (System.nanoTime() - started < START_TIMEOUT.toNanos()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Apicurio Registry exited with " + process.exitValue() + ":\n"
            + tail(log));
      }
      try {
        if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          LOG.info("Apicurio Registry ready on port {} after {} ms", port, (System.nanoTime() - started) / 1_000_000);
          return;
        }
      } catch (IOException notYetListening) {
        LOG.debug("Apicurio Registry not listening yet: {}", notYetListening.toString());
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("Apicurio Registry not ready after " + START_TIMEOUT + ":\n" + tail(log));
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }
}
