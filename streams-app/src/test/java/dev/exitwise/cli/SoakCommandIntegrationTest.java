package dev.exitwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.soak.SoakSample;
import dev.exitwise.streams.ExitwiseService;
import dev.exitwise.streams.Topics;
import dev.exitwise.streams.testing.EmbeddedKafka;
import dev.exitwise.streams.testing.ServiceTestSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * {@code exitwise soak} for 12 s against {@code exitwise run} (both in this JVM, the tiny model): it sends at its
 * rate, samples the service's lag and memory into the CSV, and every event it sent is labelled.
 */
@Tag("integration")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SoakCommandIntegrationTest {
  @RegisterExtension
  static final EmbeddedKafka kafka = EmbeddedKafka.perClass("soak");

  @Test
  void samplesLagAndMemoryWhileSendingAtItsRate() throws Exception {
    Topics topics = kafka.createTopics(2);
    Map<String, String> environment = kafka.test().runEnvironment(200);
    environment.putAll(ServiceTestSettings.topicEnvironment(topics));
    InProcessRun running = InProcessRun.startTestModel(environment, Duration.ofSeconds(30), List.of());
    ExitwiseService service = running.service();
    assertTrue(service.awaitRunning(Duration.ofSeconds(30)));

    Path csv = kafka.test().folder().resolve("soak.csv");
    CommandLine soak = new CommandLine(new SoakCommand(InProcessRun.testModelWiring().withEnvironment(environment)));
    StringWriter out = new StringWriter();
    soak.setOut(new PrintWriter(out, true));
    int exit = soak.execute("--rate", "20", "--minutes", "0.2", "--sample-seconds", "2",
        "--metrics-url", "http://127.0.0.1:" + service.httpPort() + "/metrics", "--csv", csv.toString());
    assertTrue(exit == 0 || exit == Exitwise.FAILURE, out.toString());
    assertTrue(out.toString().contains("Dead letters during the run: 0."), out.toString());

    List<String> lines = Files.readAllLines(csv);
    assertEquals(SoakSample.CSV_HEADER, lines.get(0));
    assertTrue(lines.size() - 1 >= 6, "a sample every 2 s for 12 s: " + lines);
    String[] last = lines.get(lines.size() - 1).split(",");
    long sent = Long.parseLong(last[1]);
    assertTrue(sent >= 200 && sent <= 260, "about 20/s for 12 s: " + sent);
    assertTrue(Double.parseDouble(last[3]) > 50, "the resident set, in MB: " + last[3]);
    assertTrue(Double.parseDouble(last[4]) > 0, "heap, in MB");
    assertTrue(Double.parseDouble(last[8]) >= Double.parseDouble(last[4]), "committed heap holds the heap in use");
    assertTrue(kafka.readCommitted(topics.textLabels(), (int) sent, Duration.ofSeconds(30), Duration.ZERO).size()
        >= sent, "every event sent is labelled");

    running.stop();
  }
}
