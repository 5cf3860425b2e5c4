package dev.exitwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.avro.TextEvent;
import dev.exitwise.registry.ExitwiseSerdes;
import dev.exitwise.streams.Topics;
import dev.exitwise.streams.TopologySerdes;
import dev.exitwise.streams.testing.EmbeddedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code exitwise produce --file} against a KRaft broker in this JVM, configured through the environment like a
 * deployment, with the real registry serde on a {@code mock://} scope: every event arrives, in order, as a
 * readable {@code TextEvent} of the tenant asked for, the texts repeating when more events than lines are asked.
 */
@Tag("integration")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProduceCommandIntegrationTest {
  @TempDir
  Path folder;

  @Test
  void sendsTheLinesOfAFileAsTextEvents() throws Exception {
    Path file = folder.resolve("texts.txt");
    Files.writeString(file, "the first text\n\nthe second text\nthe third text\n");
    String registry = "mock://produce-" + Long.toHexString(System.nanoTime());
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      Topics topics = kafka.createTopics("produce", 1);
      ProduceCommand produce = new ProduceCommand(new Wiring((dir, device) -> {
        throw new AssertionError("produce loads no model");
      }, ProduceCommandIntegrationTest::serdes, Map.of(
          "EXITWISE_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
          "EXITWISE_SCHEMA_REGISTRY_URL", registry,
          "EXITWISE_TOPIC_TEXT_EVENTS", topics.textEvents())));
      CommandLine commandLine = new CommandLine(produce);
      StringWriter out = new StringWriter();
      commandLine.setOut(new PrintWriter(out, true));

      int exitCode = commandLine.execute("--file", file.toString(), "--tenant", "emotions", "--events", "7",
          "--rate", "200");

      assertEquals(0, exitCode, out.toString());
      assertTrue(out.toString().contains("Sent 7 events"), out.toString());
      List<ConsumerRecord<String, byte[]>> records =
          kafka.readCommitted(topics.textEvents(), 7, Duration.ofSeconds(20), Duration.ofMillis(300));
      Deserializer<TextEvent> events =
          ExitwiseSerdes.specific(TextEvent.class, Map.of("schema.registry.url", registry), false).deserializer();
      List<TextEvent> sent = records.stream()
          .map(record -> events.deserialize(record.topic(), record.headers(), record.value())).toList();
      assertEquals(List.of("the first text", "the second text", "the third text", "the first text",
          "the second text", "the third text", "the first text"), sent.stream().map(TextEvent::getText).toList());
      assertTrue(sent.stream().allMatch(event -> event.getTenant().equals("emotions")), sent.toString());
      assertEquals(7, sent.stream().map(TextEvent::getId).distinct().count(), sent.toString());
      for (int i = 0; i < records.size(); i++) {
        assertEquals(sent.get(i).getId(), records.get(i).key());
      }
    }
  }

  private static TopologySerdes.Factory serdes(Map<String, Object> config) {
    return new TopologySerdes.Factory() {
      @Override
      public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
        return ExitwiseSerdes.specific(type, config, false);
      }
    };
  }
}
