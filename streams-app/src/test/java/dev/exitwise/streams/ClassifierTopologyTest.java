package dev.exitwise.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.avro.Classification;
import dev.exitwise.avro.ExitDepthStats;
import dev.exitwise.avro.ExitTelemetry;
import dev.exitwise.avro.TextEvent;
import dev.exitwise.model.inference.ClassifyRequest;
import dev.exitwise.model.inference.ClassifyResult;
import dev.exitwise.model.inference.TextClassifier;
import dev.exitwise.streams.batching.BatchingSettings;
import dev.exitwise.streams.deadletter.DeadLetterHeaders;
import dev.exitwise.streams.deadletter.DeadLetterReason;
import dev.exitwise.streams.telemetry.StatsSettings;
import dev.exitwise.streams.testing.KeywordClassifier;
import dev.exitwise.streams.testing.TestModels;
import dev.exitwise.streams.testing.TextEvents;
import dev.exitwise.streams.testing.WireFormatTestSerde;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class ClassifierTopologyTest {
  private static final Instant EVENT_TIME = TopologyHarness.START.minusMillis(100);

  private static TopologySettings settings(int batchSize, long maxWaitMillis) {
    return TopologySettings.DEFAULTS.withBatching(new BatchingSettings(batchSize, maxWaitMillis));
  }

  private static TextEvent event(String id, String tenant, String text) {
    return TextEvents.event(id, tenant, text, EVENT_TIME);
  }

  @Test
  void classifiesEveryEventWithTheModelsAnswerKeepingKeyAndOrder() {
    List<TextEvent> events = TextEvents.realLooking(10, 1, EVENT_TIME);
    try (TopologyHarness harness = new TopologyHarness(settings(32, 50));
        TextClassifier direct = TestModels.classifier().get()) {
      for (TextEvent event : events) {
        harness.events.pipeInput(event.getId(), event);
      }
      assertTrue(harness.labels.isEmpty(), "nothing before the batch is full or has waited");
      harness.advance(Duration.ofMillis(60));

      List<KeyValue<String, Classification>> labels = harness.labels.readKeyValuesToList();
      assertEquals(events.size(), labels.size());
      for (int i = 0; i < events.size(); i++) {
        TextEvent event = events.get(i);
        ClassifyResult expected = direct.classify(List.of(ClassifyRequest.of(event.getTenant(), event.getText())))
            .get(0);
        Classification actual = labels.get(i).value;
        assertEquals(event.getId(), labels.get(i).key, "input key and order kept");
        assertEquals(event.getId(), actual.getId());
        assertEquals(event.getTenant(), actual.getTenant());
        assertEquals(expected.labels().stream().map(l -> l.label()).toList(),
            actual.getLabels().stream().map(l -> l.getLabel()).toList());
        assertEquals(expected.exitLayer(), actual.getExitLayer());
        assertEquals(KeywordClassifier.LAYERS, actual.getLayerCount());
        assertEquals("keywords-test-1", actual.getModelVersion());
        assertEquals(EVENT_TIME, actual.getEventTime());
        assertFalse(actual.getTruncated());
      }
      List<ExitTelemetry> telemetry = harness.telemetry.readValuesToList();
      assertEquals(events.size(), telemetry.size());
      ExitTelemetry first = telemetry.get(0);
      assertEquals(events.size(), first.getBatchSize(), "one batch mixing both tenants");
      assertTrue(first.getQueueMicros() >= 50_000, "waited for the time flush: " + first.getQueueMicros());
      assertEquals(labels.get(0).value.getExitLayer(), first.getExitLayer());
      assertEquals(first.getExitLayer(), first.getDivergences().size());
      assertTrue(harness.deadLetters.isEmpty());
    }
  }

  @Test
  void flushesAsSoonAsTheBatchIsFull() {
    try (TopologyHarness harness = new TopologyHarness(settings(4, 10_000))) {
      List<TextEvent> events = TextEvents.realLooking(7, 2, EVENT_TIME);
      for (int i = 0; i < 4; i++) {
        harness.events.pipeInput(events.get(i).getId(), events.get(i));
      }
      assertEquals(4, harness.labels.getQueueSize(), "the fourth event fills the batch");
      for (int i = 4; i < 7; i++) {
        harness.events.pipeInput(events.get(i).getId(), events.get(i));
      }
      assertEquals(4, harness.labels.getQueueSize(), "three wait for a full batch or the max wait");
      harness.advance(Duration.ofMillis(9_000));
      assertEquals(4, harness.labels.getQueueSize());
      harness.advance(Duration.ofMillis(2_000));
      assertEquals(7, harness.labels.getQueueSize());
      List<ExitTelemetry> telemetry = harness.telemetry.readValuesToList();
      assertEquals(List.of(4, 4, 4, 4, 3, 3, 3), telemetry.stream().map(ExitTelemetry::getBatchSize).toList());
    }
  }

  @Test
  void flushesWhenTheOldestHasWaitedTheMaxWait() {
    try (TopologyHarness harness = new TopologyHarness(settings(32, 200))) {
      TextEvent first = event("a", TestModels.EMOTIONS, "I am so happy");
      harness.events.pipeInput("a", first);
      harness.advance(Duration.ofMillis(100));
      harness.events.pipeInput("b", event("b", TestModels.EMOTIONS, "I am so sad"));
      harness.advance(Duration.ofMillis(50));
      assertTrue(harness.labels.isEmpty(), "the oldest has waited 150 of 200 ms");
      harness.advance(Duration.ofMillis(60));
      List<KeyValue<String, Classification>> labels = harness.labels.readKeyValuesToList();
      assertEquals(List.of("a", "b"), labels.stream().map(kv -> kv.key).toList(), "both go in the same batch");
      List<ExitTelemetry> telemetry = harness.telemetry.readValuesToList();
      assertTrue(telemetry.get(0).getQueueMicros() >= 200_000);
      assertTrue(telemetry.get(1).getQueueMicros() < telemetry.get(0).getQueueMicros());
    }
  }

  @Test
  void keepsPerKeyOrderAcrossBatches() {
    try (TopologyHarness harness = new TopologyHarness(settings(3, 50))) {
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        String text = "update " + i + " I love it";
        texts.add(text);
        harness.events.pipeInput("same-key", event("v" + i, TestModels.EMOTIONS, text));
      }
      harness.advance(Duration.ofMillis(100));
      List<String> ids = harness.labels.readValuesToList().stream().map(Classification::getId).toList();
      assertEquals(List.of("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9"), ids);
    }
  }

  @Test
  void truncatesLongValidTextAndStillClassifiesIt() {
    try (TopologyHarness harness = new TopologyHarness(settings(1, 50))) {
      String longText = "I love this so much ".repeat(200);
      harness.events.pipeInput("long", event("long", TestModels.EMOTIONS, longText));
      Classification classification = harness.labels.readValue();
      assertTrue(classification.getTruncated());
      assertEquals("joy", classification.getLabels().get(0).getLabel());
      assertTrue(harness.deadLetters.isEmpty());
    }
  }

  @Test
  void everyKindOfBadInputEndsInTheDeadLetterTopicWithItsReasonAndNothingIsLost() {
    Map<DeadLetterReason, Integer> counted = new HashMap<>();
    try (TopologyHarness harness = new TopologyHarness(settings(4, 50),
        (reason, tenant) -> counted.merge(reason, 1, Integer::sum))) {
      WireFormatTestSerde<TextEvent> serde = new WireFormatTestSerde<>(TextEvent.class);
      byte[] valid = serde.serializer().serialize("text-events", event("x", TestModels.EMOTIONS, "fine"));
      byte[] unknownId = valid.clone();
      ByteBuffer.wrap(unknownId).putInt(1, 999);

      harness.events.pipeInput("good-1", event("good-1", TestModels.EMOTIONS, "I am so happy today"));
      harness.rawEvents.pipeInput("garbage", "not avro at all".getBytes(StandardCharsets.UTF_8));
      harness.rawEvents.pipeInput("unknown-id", unknownId);
      harness.rawEvents.pipeInput("null-value", (byte[]) null);
      harness.events.pipeInput("empty", event("empty", TestModels.EMOTIONS, ""));
      harness.events.pipeInput("blank", event("blank", TestModels.EMOTIONS, " \t\n\u00a0\u3000"));
      harness.events.pipeInput("stranger", event("stranger", "no-such-tenant", "I am so happy"));
      harness.events.pipeInput("huge", event("huge", TestModels.EMOTIONS, "x".repeat(64 * 1024 + 1)));
      harness.events.pipeInput("good-2", event("good-2", TestModels.HOSTILITY, "shut up"));
      harness.events.pipeInput("poison", event("poison", TestModels.EMOTIONS, "POISON pill"));
      harness.events.pipeInput("good-3", event("good-3", TestModels.HOSTILITY, "you idiot"));
      harness.advance(Duration.ofMillis(100));

      List<String> labelled = harness.labels.readKeyValuesToList().stream().map(kv -> kv.key).toList();
      assertEquals(List.of("good-1", "good-2", "good-3"), labelled,
          "the poisoned row is retried alone and fails alone; its batch-mates are classified");

      Map<String, TestRecord<byte[], byte[]>> dead = new HashMap<>();
      for (TestRecord<byte[], byte[]> record : harness.deadLetters.readRecordsToList()) {
        dead.put(new String(record.key(), StandardCharsets.UTF_8), record);
      }
      Map<String, DeadLetterReason> expected = Map.of(
          "garbage", DeadLetterReason.UNDECODABLE,
          "unknown-id", DeadLetterReason.UNDECODABLE,
          "null-value", DeadLetterReason.NULL_VALUE,
          "empty", DeadLetterReason.EMPTY_TEXT,
          "blank", DeadLetterReason.EMPTY_TEXT,
          "stranger", DeadLetterReason.UNKNOWN_TENANT,
          "huge", DeadLetterReason.OVERSIZE_TEXT,
          "poison", DeadLetterReason.CLASSIFIER_FAILURE);
      assertEquals(expected.keySet(), dead.keySet());
      long offset = 0;
      List<String> inputOrder = List.of("good-1", "garbage", "unknown-id", "null-value", "empty", "blank",
          "stranger", "huge", "good-2", "poison", "good-3");
      for (Map.Entry<String, DeadLetterReason> entry : expected.entrySet()) {
        TestRecord<byte[], byte[]> record = dead.get(entry.getKey());
        assertEquals(entry.getValue().code(), header(record, DeadLetterHeaders.REASON), entry.getKey());
        assertEquals("text-events", header(record, DeadLetterHeaders.TOPIC));
        assertEquals("0", header(record, DeadLetterHeaders.PARTITION));
        assertEquals(String.valueOf(inputOrder.indexOf(entry.getKey())), header(record, DeadLetterHeaders.OFFSET),
            entry.getKey() + " keeps its source offset");
        assertNotNull(header(record, DeadLetterHeaders.EXCEPTION));
        assertFalse(header(record, DeadLetterHeaders.MESSAGE).isBlank());
        assertNotNull(header(record, DeadLetterHeaders.STACKTRACE));
        offset++;
      }
      assertEquals("unknown schema id 999", rootMessage(dead.get("unknown-id")));
      assertTrue(header(dead.get("huge"), DeadLetterHeaders.MESSAGE).contains("65537 UTF-8 bytes"));
      assertTrue(header(dead.get("stranger"), DeadLetterHeaders.MESSAGE).contains("no-such-tenant"));
      assertArrayEquals("not avro at all".getBytes(StandardCharsets.UTF_8), dead.get("garbage").value(),
          "the original bytes are kept");
      assertArrayEquals(unknownId, dead.get("unknown-id").value());
      TextEvent poisoned = harness.serdes.textEvent().deserializer().deserialize("text-events",
          dead.get("poison").value());
      assertEquals("POISON pill", poisoned.getText(), "a row that failed after batching keeps its event");

      assertEquals(inputOrder.size(), labelled.size() + dead.size(), "input = labels + dead letters");
      assertEquals(offset, dead.size());
      assertEquals(2, counted.get(DeadLetterReason.UNDECODABLE));
      assertEquals(2, counted.get(DeadLetterReason.EMPTY_TEXT));
      assertEquals(1, counted.get(DeadLetterReason.CLASSIFIER_FAILURE));
    }
  }

  @Test
  void writesOneStatsRecordPerTenantAndClosedWindow() {
    TopologySettings settings = settings(32, 50)
        .withStats(new StatsSettings(Duration.ofSeconds(1), Duration.ZERO));
    try (TopologyHarness harness = new TopologyHarness(settings)) {
      // window [0 s, 1 s) of processing time: 3 emotions events, 2 hostility events
      harness.events.pipeInput("a", event("a", TestModels.EMOTIONS, "happy"));
      harness.events.pipeInput("b", event("b", TestModels.EMOTIONS, "I am so happy about the news from home today"));
      harness.events.pipeInput("c", event("c", TestModels.EMOTIONS, "sad"));
      harness.events.pipeInput("d", event("d", TestModels.HOSTILITY, "idiot"));
      harness.events.pipeInput("e", event("e", TestModels.HOSTILITY, "stupid"));
      harness.advance(Duration.ofMillis(60));
      assertEquals(5, harness.telemetry.getQueueSize());
      assertTrue(harness.stats.isEmpty(), "the window is still open");

      // the next window's first event closes the first window
      harness.advance(Duration.ofMillis(1_000));
      harness.events.pipeInput("f", event("f", TestModels.EMOTIONS, "happy"));
      harness.events.pipeInput("g", event("g", TestModels.HOSTILITY, "happy"));
      harness.advance(Duration.ofMillis(60));

      Map<String, ExitDepthStats> stats = new HashMap<>();
      for (KeyValue<String, ExitDepthStats> kv : harness.stats.readKeyValuesToList()) {
        stats.put(kv.key, kv.value);
      }
      assertEquals(2, stats.size(), String.valueOf(stats));
      ExitDepthStats emotions = stats.get(TestModels.EMOTIONS);
      assertEquals(3, emotions.getCount());
      assertEquals(3.0, emotions.getEventsPerSecond(), 1e-9);
      assertEquals(TopologyHarness.START, emotions.getWindowStart());
      assertEquals(TopologyHarness.START.plusSeconds(1), emotions.getWindowEnd());
      // exit layer = 1 + length / 40: 1, 2, 1
      assertEquals(List.of(2L, 1L, 0L, 0L, 0L, 0L), emotions.getExitLayerHistogram());
      assertEquals(4.0 / 3, emotions.getMeanExitLayer(), 1e-9);
      // event time is 100 ms before START; processed at START + 60 ms
      assertEquals(160_000, emotions.getLatencyP50Micros(), 1_600);
      assertEquals(160_000, emotions.getLatencyP99Micros(), 1_600);
      ExitDepthStats hostility = stats.get(TestModels.HOSTILITY);
      assertEquals(2, hostility.getCount());
      assertEquals(List.of(2L, 0L, 0L, 0L, 0L, 0L), hostility.getExitLayerHistogram());
    }
  }

  private static String header(TestRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static String rootMessage(TestRecord<byte[], byte[]> record) {
    return header(record, DeadLetterHeaders.MESSAGE);
  }
}
