package dev.exitwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.streams.Topics;
import dev.exitwise.streams.config.ExitwiseConfig;
import dev.exitwise.streams.testing.EmbeddedKafka;
import dev.exitwise.streams.testing.ServiceTestSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exitwise run} as its own process, stopped the ways production stops it: a SIGTERM
 * must end in exit status 0, not the JVM's 143, and the instance that replaces a stopped one (cleanly or with
 * SIGKILL) must be ready within 10 s of its start, not after the old member's session has run out.
 */
@Tag("integration")
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class RunProcessIntegrationTest {
  private static final Duration RESTART_READY = Duration.ofSeconds(10);

  @RegisterExtension
  static final EmbeddedKafka kafka = EmbeddedKafka.perClass();

  private final String name = "proc-" + Long.toHexString(System.nanoTime());
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

  @TempDir
  Path work;

  @AfterEach
  void killLeftovers() throws InterruptedException {
    for (Process process : processes) {
      if (process.isAlive()) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void sigtermExitsZeroAndEveryRestartIsReadyWithinTenSeconds() throws Exception {
    Topics topics = kafka.createTopics(name, 2);
    int port = freePort();

    Process first = start(topics, port, "first");
    Duration firstReady = awaitReady(first, port, Duration.ofSeconds(60));

    first.destroy(); // SIGTERM
    long stopStart = System.nanoTime();
    assertTrue(first.waitFor(30, TimeUnit.SECONDS), "stopped within 30 s of SIGTERM");
    Duration stopTook = Duration.ofNanos(System.nanoTime() - stopStart);
    assertEquals(0, first.exitValue(), "a clean stop exits 0; log: " + log("first"));

    Process second = start(topics, port, "second");
    Duration secondReady = awaitReady(second, port, Duration.ofSeconds(60));

    second.destroyForcibly(); // SIGKILL: no leave, no commit
    assertTrue(second.waitFor(10, TimeUnit.SECONDS));
    assertEquals(137, second.exitValue());
    Process third = start(topics, port, "third");
    Duration thirdReady = awaitReady(third, port, Duration.ofSeconds(60));
    third.destroy();
    assertTrue(third.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, third.exitValue(), log("third"));

    System.out.printf("run process: first start ready in %d ms; SIGTERM stop took %d ms; ready after SIGTERM "
        + "restart %d ms; ready after SIGKILL restart %d ms%n", firstReady.toMillis(), stopTook.toMillis(),
        secondReady.toMillis(), thirdReady.toMillis());
    assertTrue(secondReady.compareTo(RESTART_READY) < 0, "ready " + secondReady + " after a SIGTERM restart");
    assertTrue(thirdReady.compareTo(RESTART_READY) < 0, "ready " + thirdReady + " after a SIGKILL restart");
  }

  private Process start(Topics topics, int port, String instance) throws IOException {
    // one host, one state directory: each process is the restart of the one before
    Path stateDir = Files.createDirectories(work.resolve("state"));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dai.djl.offline=true",
        "-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR", ""),
        "-DENGINE_CACHE_DIR=" + System.getProperty("ENGINE_CACHE_DIR", ""),
        "-cp", System.getProperty("java.class.path"),
        TestModelExitwise.class.getName(), "run",
        "--device", "cpu",
        "--set", ExitwiseConfig.HTTP_PORT + "=" + port,
        "--set", ExitwiseConfig.HTTP_HOST + "=127.0.0.1",
        "--set", ExitwiseConfig.MODEL_THREADS + "=1",
        "--set", ExitwiseConfig.STATIC_MEMBERSHIP + "=" + System.getProperty("exitwise.test.static", "true")));
    command.addAll(ServiceTestSettings.setArguments(topics));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(work.resolve(instance + ".log").toFile());
    Map<String, String> environment = builder.environment();
    environment.put("EXITWISE_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    environment.put("EXITWISE_APPLICATION_ID", name);
    environment.put("EXITWISE_SCHEMA_REGISTRY_URL", "mock://" + name);
    environment.put("EXITWISE_KAFKA_STATE_DIR", stateDir.toString());
    environment.put("DJL_OFFLINE", "true");
    environment.put("OMP_WAIT_POLICY", "PASSIVE");
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  /** Polls {@code /ready} until it answers 200; returns the time since the process started. */
  private Duration awaitReady(Process process, int port, Duration timeout) throws Exception {
    long started = process.info().startInstant().map(instant -> instant.toEpochMilli())
        .orElse(System.currentTimeMillis());
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
        .timeout(Duration.ofMillis(500)).build();
    while (true) {
      assertTrue(process.isAlive(), "the process died: " + log(processes.indexOf(process)));
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return Duration.ofMillis(System.currentTimeMillis() - started);
        }
      } catch (IOException notListeningYet) {
        // the endpoint starts with the service
      }
      assertTrue(System.nanoTime() < deadline, "never ready: " + log(processes.indexOf(process)));
      Thread.sleep(50);
    }
  }

  private String log(int index) {
    return log(List.of("first", "second", "third").get(index));
  }

  private String log(String instance) {
    try {
      String text = Files.readString(work.resolve(instance + ".log"));
      return text.length() <= 6000 ? text : text.substring(text.length() - 6000);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
