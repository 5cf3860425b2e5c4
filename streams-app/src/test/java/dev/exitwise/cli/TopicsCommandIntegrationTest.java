package dev.exitwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.streams.testing.EmbeddedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * {@code exitwise topics} against a KRaft broker in this JVM: it creates the five topics named by the configuration
 * with the partitions asked for (statistics and dead letters with one), and leaves a topic that exists as it is.
 */
@Tag("integration")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TopicsCommandIntegrationTest {
  @RegisterExtension
  static final EmbeddedKafka kafka = EmbeddedKafka.perClass();

  @Test
  void createsTheMissingTopicsAndLeavesTheExistingOnes() throws Exception {
    kafka.admin().createTopics(List.of(new NewTopic("t-labels", 5, (short) 1))).all().get();
    Map<String, String> environment = Map.of(
        "EXITWISE_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
        "EXITWISE_SCHEMA_REGISTRY_URL", "mock://topics",
        "EXITWISE_TOPIC_TEXT_EVENTS", "t-events",
        "EXITWISE_TOPIC_TEXT_LABELS", "t-labels",
        "EXITWISE_TOPIC_EXIT_TELEMETRY", "t-telemetry",
        "EXITWISE_TOPIC_EXIT_DEPTH_STATS", "t-stats",
        "EXITWISE_TOPIC_DEAD_LETTERS", "t-dead");
    CommandLine line = new CommandLine(new TopicsCommand(Wiring.production().withEnvironment(environment)));
    StringWriter out = new StringWriter();
    line.setOut(new PrintWriter(out, true));

    int exitCode = line.execute("--partitions", "3");

    assertEquals(0, exitCode, out.toString());
    assertTrue(out.toString().contains("exists:  t-labels"), out.toString());
    Map<String, Integer> partitions = partitions(List.of("t-events", "t-labels", "t-telemetry", "t-stats", "t-dead"));
    assertEquals(Map.of("t-events", 3, "t-labels", 5, "t-telemetry", 3, "t-stats", 1, "t-dead", 1), partitions);
  }

  /** Each topic's partition count, once the broker's metadata knows every one of them (creation is asynchronous). */
  private static Map<String, Integer> partitions(List<String> topics) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try {
        return kafka.admin().describeTopics(topics).allTopicNames().get().values().stream()
            .collect(Collectors.toMap(TopicDescription::name, description -> description.partitions().size()));
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }
}
