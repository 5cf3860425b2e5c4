package dev.exitwise.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.avro.Classification;
import dev.exitwise.model.testing.TinyModels;
import dev.exitwise.streams.batching.BatchingSettings;
import dev.exitwise.streams.deadletter.DeadLetterHeaders;
import dev.exitwise.streams.deadletter.DeadLetterListener;
import dev.exitwise.streams.deadletter.DeadLetterReason;
import dev.exitwise.streams.testing.TestModels;
import dev.exitwise.streams.testing.TextEvents;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * A model swap seen by the topology: events are checked against the tenants served when they arrive, a batch runs
 * on the model served when it is sent, and an event whose tenant the new model no longer serves is a dead letter
 * for an unknown tenant, not a model failure.
 */
class ModelSwapTopologyTest {
  private static final long NEW_SEED = TestModels.SEED + 1;

  @Test
  void aTenantRemovedWhileItsEventWaitsIsAnUnknownTenantAndTheRestRunOnTheNewModel() {
    try (TopologyHarness harness = new TopologyHarness(
        TopologySettings.DEFAULTS.withBatching(new BatchingSettings(4, 600_000)), DeadLetterListener.NONE)) {
      harness.events.pipeInput("m-1", TextEvents.event("m-1", TestModels.MODERATION, "you are awful",
          TopologyHarness.START));
      harness.events.pipeInput("e-1", TextEvents.event("e-1", TestModels.EMOTIONS, "what a lovely day",
          TopologyHarness.START));
      harness.events.pipeInput("e-2", TextEvents.event("e-2", TestModels.EMOTIONS, "this is sad",
          TopologyHarness.START));
      assertTrue(harness.labels.isEmpty(), "the batch is not full yet");

      Map<String, List<String>> emotionsOnly = new LinkedHashMap<>();
      emotionsOnly.put(TestModels.EMOTIONS, List.of("admiration", "anger", "joy", "sadness", "neutral"));
      var next = TinyModels.model(NEW_SEED, emotionsOnly, Map.of());
      harness.classifiers.swap(() -> next, List.of(next));
      harness.events.pipeInput("m-2", TextEvents.event("m-2", TestModels.MODERATION, "go away",
          TopologyHarness.START));
      harness.events.pipeInput("e-3", TextEvents.event("e-3", TestModels.EMOTIONS, "I am so angry",
          TopologyHarness.START));

      List<TestRecord<String, Classification>> labels = harness.labels.readRecordsToList();
      assertEquals(List.of("e-1", "e-2", "e-3"), labels.stream().map(TestRecord::key).toList());
      for (TestRecord<String, Classification> label : labels) {
        assertEquals("tiny-random-" + NEW_SEED, label.value().getModelVersion(), "the batch ran on the new model");
      }
      List<TestRecord<byte[], byte[]>> deadLetters = harness.deadLetters.readRecordsToList();
      assertEquals(List.of("m-2", "m-1"), deadLetters.stream()
          .map(record -> new String(record.key(), StandardCharsets.UTF_8)).toList(),
          "m-2 is refused when it arrives, m-1 when its batch runs");
      for (TestRecord<byte[], byte[]> deadLetter : deadLetters) {
        assertEquals(DeadLetterReason.UNKNOWN_TENANT.code(), header(deadLetter, DeadLetterHeaders.REASON));
      }
    }
  }

  private static String header(TestRecord<byte[], byte[]> record, String key) {
    Header header = record.headers().lastHeader(key);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
