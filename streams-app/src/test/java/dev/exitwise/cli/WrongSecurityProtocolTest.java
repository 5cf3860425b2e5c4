package dev.exitwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.streams.config.ExitwiseConfig;
import dev.exitwise.streams.testing.TestModels;
import dev.exitwise.streams.testing.TestSerdes;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code security.protocol=PLAINTEXT} against a TLS listener used to leave {@code run} neither
 * failed nor ready, forever (the client reads the TLS alert as a 336 MB message size). The listener here is a plain
 * socket that answers every connection as a TLS server answers a plaintext client: with a TLS alert record. Now
 * {@code run} gives up at {@code exitwise.startup.timeout.ms}, says what it found, and exits 1.
 */
@Tag("integration")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WrongSecurityProtocolTest {
  /** A TLS 1.2 record: alert (0x15), version 3.3, length 2, fatal (2), protocol_version (70). */
  private static final byte[] TLS_ALERT = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46};
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(5);

  @TempDir
  Path stateDir;

  @Test
  void aPlaintextClientAgainstATlsListenerEndsInAClearErrorAndExitOneAtTheDeadline() throws Exception {
    String name = "tls-" + Long.toHexString(System.nanoTime());
    try (ServerSocket tls = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread listener = new Thread(() -> answerWithTlsAlerts(tls), "fake-tls-listener");
      listener.setDaemon(true);
      listener.start();

      Wiring wiring = new Wiring((modelDir, device) -> TestModels.classifier().get(), Wiring.production().serdes());
      RunCommand run = new RunCommand(wiring.withEnvironment(Map.of(
          "EXITWISE_BOOTSTRAP_SERVERS", "127.0.0.1:" + tls.getLocalPort(),
          "EXITWISE_APPLICATION_ID", name,
          "EXITWISE_SCHEMA_REGISTRY_URL", TestSerdes.mockUrl(name),
          "EXITWISE_KAFKA_STATE_DIR", stateDir.toString())));
      CommandLine commandLine = new CommandLine(run).setCaseInsensitiveEnumValuesAllowed(true);
      StringWriter err = new StringWriter();
      commandLine.setErr(new PrintWriter(err, true));
      long start = System.nanoTime();
      int exit = commandLine.execute(
          "--set", ExitwiseConfig.HTTP_PORT + "=0",
          "--set", ExitwiseConfig.STARTUP_TIMEOUT_MS + "=" + STARTUP_TIMEOUT.toMillis(),
          "--set", ExitwiseConfig.CLOSE_TIMEOUT_MS + "=5000",
          "--set", "security.protocol=PLAINTEXT",
          "--device", "cpu");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      System.out.printf("wrong security.protocol: exit %d after %d ms%n", exit, took.toMillis());

      assertEquals(Exitwise.FAILURE, exit, err.toString());
      assertTrue(err.toString().contains("not ready within 5000 ms (exitwise.startup.timeout.ms)"), err.toString());
      assertTrue(err.toString().contains("answers in TLS, but security.protocol is PLAINTEXT: set "
          + "security.protocol=SSL"), err.toString());
      assertTrue(took.compareTo(STARTUP_TIMEOUT.plusSeconds(20)) < 0, "gave up soon after the deadline: " + took);
    } finally {
      TestSerdes.dropScope(name);
    }
  }

  private static void answerWithTlsAlerts(ServerSocket tls) {
    while (!tls.isClosed()) {
      try (Socket client = tls.accept()) {
        client.setSoTimeout(1_000);
        InputStream in = client.getInputStream();
        byte[] request = new byte[512];
        in.read(request); // whatever a plaintext Kafka client says first
        client.getOutputStream().write(TLS_ALERT);
        client.getOutputStream().flush();
      } catch (SocketException closed) {
        return;
      } catch (IOException ignored) {
        // the next connection
      }
    }
  }
}
