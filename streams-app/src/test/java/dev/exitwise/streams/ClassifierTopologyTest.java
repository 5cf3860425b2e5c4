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
import dev.exitwise.model.inference.ForwardingTextClassifier;
import dev.exitwise.model.inference.LabelScore;
import dev.exitwise.model.inference.TextClassifier;
import dev.exitwise.streams.batching.BatchingSettings;
import dev.exitwise.streams.deadletter.DeadLetterHeaders;
import dev.exitwise.streams.deadletter.DeadLetterListener;
import dev.exitwise.streams.deadletter.DeadLetterReason;
import dev.exitwise.streams.telemetry.StatsSettings;
import dev.exitwise.registry.MalformedPayloadException;
import dev.exitwise.registry.UnknownSchemaIdException;
import dev.exitwise.streams.testing.FaultInjectingClassifier;
import dev.exitwise.streams.testing.TestModels;
import dev.exitwise.streams.testing.TextEvents;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
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

  /** The tiny model's own answer for one text, asked directly. */
  private static ClassifyResult direct(TextClassifier classifier, TextEvent event) {
    return classifier.classify(List.of(ClassifyRequest.of(event.getTenant(), event.getText()))).get(0);
  }

  private static List<String> labelNames(ClassifyResult result) {
    return result.labels().stream().map(LabelScore::label).toList();
  }

  private static List<String> labelNames(Classification classification) {
    return classification.getLabels().stream().map(dev.exitwise.avro.LabelScore::getLabel).toList();
  }

  @Test
  void classifiesEveryEventWithTheModelsAnswerKeepingKeyAndOrder() {
    List<TextEvent> events = TextEvents.mixed("e", 12, EVENT_TIME);
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
        ClassifyResult expected = direct(direct, event);
        Classification actual = labels.get(i).value;
        assertEquals(event.getId(), labels.get(i).key, "input key and order kept");
        assertEquals(event.getId(), actual.getId());
        assertEquals(event.getTenant(), actual.getTenant());
        assertEquals(labelNames(expected), labelNames(actual), event.getId());
        assertEquals(expected.scores().length, actual.getScores().size());
        for (int j = 0; j < expected.scores().length; j++) {
          assertEquals(expected.scores()[j], actual.getScores().get(j), 1e-4, event.getId() + " score " + j);
        }
        assertEquals(expected.exitLayer(), actual.getExitLayer(), event.getId());
        assertEquals(direct.layerCount(), actual.getLayerCount());
        assertEquals(expected.policy(), actual.getPolicy());
        assertEquals(direct.modelVersion(), actual.getModelVersion());
        assertEquals(expected.truncated(), actual.getTruncated());
        assertEquals(EVENT_TIME, actual.getEventTime());
      }
      assertEquals(Set.of(TestModels.EMOTIONS, TestModels.MODERATION),
          labels.stream().map(kv -> kv.value.getTenant()).collect(Collectors.toSet()), "both tenants");
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
      List<TextEvent> events = TextEvents.mixed("e", 7, EVENT_TIME);
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
      List<TextEvent> texts = TextEvents.goEmotions("w", 2, EVENT_TIME);
      harness.events.pipeInput("a", event("a", TestModels.EMOTIONS, texts.get(0).getText()));
      harness.advance(Duration.ofMillis(100));
      harness.events.pipeInput("b", event("b", TestModels.EMOTIONS, texts.get(1).getText()));
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
  void anEventArrivingBehindAModelCallWaitsFromTheEndOfThatCall() {
    Supplier<TextClassifier> slow = () -> new ForwardingTextClassifier(TestModels.classifier().get()) {
      @Override
      public List<ClassifyResult> classify(List<ClassifyRequest> batch) {
        try {
          Thread.sleep(400); // a model call the driver's mock clock does not see, like Kafka Streams' cached clock
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return super.classify(batch);
      }
    };
    try (TopologyHarness harness = new TopologyHarness(settings(2, 100), DeadLetterListener.NONE, slow)) {
      List<TextEvent> texts = TextEvents.goEmotions("s", 3, EVENT_TIME);
      for (int i = 0; i < 3; i++) { // the first two fill a batch; the third arrives while it is classified
        harness.events.pipeInput("k" + i, event("s" + i, TestModels.EMOTIONS, texts.get(i).getText()));
      }
      assertEquals(2, harness.labels.getQueueSize());
      harness.advance(Duration.ofMillis(150));
      assertEquals(2, harness.labels.getQueueSize(),
          "150 ms after the batch started, the third has waited less than 100 ms since the 400 ms call ended");
      harness.advance(Duration.ofSeconds(1));
      assertEquals(3, harness.labels.getQueueSize());
    }
  }

  @Test
  void keepsPerKeyOrderAcrossBatches() {
    try (TopologyHarness harness = new TopologyHarness(settings(3, 50))) {
      List<TextEvent> texts = TextEvents.goEmotions("v", 10, EVENT_TIME);
      for (int i = 0; i < 10; i++) {
        harness.events.pipeInput("same-key", event("v" + i, TestModels.EMOTIONS, texts.get(i).getText()));
      }
      // v9 waits from the end of the model call before it (real time, unseen by the driver's mock clock)
      harness.advance(Duration.ofSeconds(10));
      List<String> ids = harness.labels.readValuesToList().stream().map(Classification::getId).toList();
      assertEquals(List.of("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9"), ids);
    }
  }

  @Test
  void truncatesLongValidTextAndStillClassifiesIt() {
    try (TopologyHarness harness = new TopologyHarness(settings(1, 50));
        TextClassifier direct = TestModels.classifier().get()) {
      String longText = TextEvents.goEmotions("t", 60, EVENT_TIME).stream().map(TextEvent::getText)
          .collect(Collectors.joining(" "));
      TextEvent event = event("long", TestModels.EMOTIONS, longText);
      harness.events.pipeInput("long", event);
      Classification classification = harness.labels.readValue();
      ClassifyResult expected = direct(direct, event);
      assertTrue(expected.truncated(), "longer than the model's " + direct.maxTokens() + " tokens");
      assertTrue(classification.getTruncated());
      assertEquals(labelNames(expected), labelNames(classification));
      assertEquals(expected.exitLayer(), classification.getExitLayer());
      assertTrue(harness.deadLetters.isEmpty());
    }
  }

  @Test
  void everyKindOfBadInputEndsInTheDeadLetterTopicWithItsReasonAndNothingIsLost() {
    Map<DeadLetterReason, Integer> counted = new HashMap<>();
    try (TopologyHarness harness = new TopologyHarness(settings(4, 50),
        (reason, tenant) -> counted.merge(reason, 1, Integer::sum), TestModels.faultInjecting())) {
      List<TextEvent> good = TextEvents.mixed("good", 4, EVENT_TIME);
      byte[] valid = harness.serdes.textEvent().serializer().serialize("text-events", good.get(0));
      int textEventSchemaId = ByteBuffer.wrap(valid).getInt(1);
      byte[] unknownId = valid.clone();
      ByteBuffer.wrap(unknownId).putInt(1, 999);
      byte[] cutBody = Arrays.copyOf(valid, 9);
      byte[] tooShort = {0, 0, 0};

      harness.events.pipeInput("good-1", good.get(0));
      harness.rawEvents.pipeInput("garbage", "not avro at all".getBytes(StandardCharsets.UTF_8));
      harness.rawEvents.pipeInput("unknown-id", unknownId);
      harness.rawEvents.pipeInput("too-short", tooShort);
      harness.rawEvents.pipeInput("cut-body", cutBody);
      harness.rawEvents.pipeInput("null-value", (byte[]) null);
      harness.events.pipeInput("empty", event("empty", TestModels.EMOTIONS, ""));
      harness.events.pipeInput("blank", event("blank", TestModels.EMOTIONS, " \t\n\u00a0\u3000"));
      harness.events.pipeInput("stranger", event("stranger", "no-such-tenant", good.get(1).getText()));
      harness.events.pipeInput("huge", event("huge", TestModels.EMOTIONS, "x".repeat(64 * 1024 + 1)));
      harness.events.pipeInput("good-2", good.get(1));
      harness.events.pipeInput("poison", event("poison", TestModels.EMOTIONS,
          good.get(2).getText() + " " + FaultInjectingClassifier.POISON));
      harness.events.pipeInput("good-3", good.get(3));
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
          "too-short", DeadLetterReason.UNDECODABLE,
          "cut-body", DeadLetterReason.UNDECODABLE,
          "null-value", DeadLetterReason.NULL_VALUE,
          "empty", DeadLetterReason.EMPTY_TEXT,
          "blank", DeadLetterReason.EMPTY_TEXT,
          "stranger", DeadLetterReason.UNKNOWN_TENANT,
          "huge", DeadLetterReason.OVERSIZE_TEXT,
          "poison", DeadLetterReason.CLASSIFIER_FAILURE);
      assertEquals(expected.keySet(), dead.keySet());
      List<String> inputOrder = List.of("good-1", "garbage", "unknown-id", "too-short", "cut-body", "null-value",
          "empty", "blank", "stranger", "huge", "good-2", "poison", "good-3");
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
      }

      // the registry serde's own exceptions and messages
      assertException(UnknownSchemaIdException.class, dead.get("unknown-id"));
      assertEquals("unknown schema id 999 (not in mock://" + harness.registryScope + ")",
          message(dead.get("unknown-id")));
      assertException(MalformedPayloadException.class, dead.get("garbage"));
      assertEquals("unknown magic byte 0x6e (expected 0x00): not Confluent wire format", message(dead.get("garbage")));
      assertException(MalformedPayloadException.class, dead.get("too-short"));
      assertEquals("payload too short: 3 bytes, the Confluent wire format needs at least 5 (magic byte + 4-byte "
          + "schema id)", message(dead.get("too-short")));
      assertException(MalformedPayloadException.class, dead.get("cut-body"));
      String cutBodyMessage = message(dead.get("cut-body"));
      assertTrue(cutBodyMessage.startsWith("avro body does not decode with writer schema id " + textEventSchemaId
          + ": "), cutBodyMessage);

      assertTrue(message(dead.get("huge")).contains("65537 UTF-8 bytes"));
      assertTrue(message(dead.get("stranger")).contains("no-such-tenant"));
      assertTrue(message(dead.get("poison")).endsWith("IllegalStateException: the model cannot digest this row"),
          message(dead.get("poison")));
      assertArrayEquals("not avro at all".getBytes(StandardCharsets.UTF_8), dead.get("garbage").value(),
          "the original bytes are kept");
      assertArrayEquals(unknownId, dead.get("unknown-id").value());
      assertArrayEquals(tooShort, dead.get("too-short").value());
      TextEvent poisoned = harness.serdes.textEvent().deserializer().deserialize("text-events",
          dead.get("poison").value());
      assertEquals("poison", poisoned.getId(), "a row that failed after batching keeps its event");

      assertEquals(inputOrder.size(), labelled.size() + dead.size(), "input = labels + dead letters");
      assertEquals(4, counted.get(DeadLetterReason.UNDECODABLE));
      assertEquals(2, counted.get(DeadLetterReason.EMPTY_TEXT));
      assertEquals(1, counted.get(DeadLetterReason.CLASSIFIER_FAILURE));
    }
  }

  @Test
  void aCommitPutsWaitingEventsInTheChangelogAndClassifiedOnesLeaveItAsTombstones() {
    List<TextEvent> events = TextEvents.mixed("w", 3, EVENT_TIME);
    try (TopologyHarness harness = new TopologyHarness(settings(32, 50))) {
      TestOutputTopic<Long, byte[]> changelog = bufferChangelog(harness);
      // the driver commits after each record: an event still waiting then must be in the changelog whole, or a
      // crash after the commit (which covers its offset) would lose it
      for (TextEvent event : events) {
        harness.events.pipeInput(event.getId(), event);
      }
      List<KeyValue<Long, byte[]>> waiting = changelog.readKeyValuesToList();
      assertEquals(List.of(0L, 1L, 2L), waiting.stream().map(kv -> kv.key).toList());
      assertTrue(waiting.stream().allMatch(kv -> kv.value != null && kv.value.length > 0), "whole events");

      harness.advance(Duration.ofMillis(60));
      assertEquals(events.size(), harness.labels.getQueueSize());
      List<KeyValue<Long, byte[]>> classified = changelog.readKeyValuesToList();
      assertEquals(List.of(0L, 1L, 2L), classified.stream().map(kv -> kv.key).toList());
      assertTrue(classified.stream().allMatch(kv -> kv.value == null), "tombstones");
    }
  }

  @Test
  void anEventClassifiedBeforeTheNextCommitReachesTheChangelogOnlyAsATombstone() {
    List<TextEvent> events = TextEvents.mixed("c", 2, EVENT_TIME);
    try (TopologyHarness harness = new TopologyHarness(settings(2, 50))) {
      TestOutputTopic<Long, byte[]> changelog = bufferChangelog(harness);
      for (TextEvent event : events) {
        harness.events.pipeInput(event.getId(), event);
      }
      assertEquals(events.size(), harness.labels.getQueueSize());
      // the first waited over a commit, the second was put and deleted in one (the buffer store's cache)
      Map<Long, List<Boolean>> whole = new HashMap<>();
      for (KeyValue<Long, byte[]> kv : changelog.readKeyValuesToList()) {
        whole.computeIfAbsent(kv.key, key -> new java.util.ArrayList<>()).add(kv.value != null);
      }
      assertEquals(Map.of(0L, List.of(true, false), 1L, List.of(false)), whole);
    }
  }

  @Test
  void writesOneStatsRecordPerTenantAndClosedWindow() {
    TopologySettings settings = settings(32, 50)
        .withStats(new StatsSettings(Duration.ofSeconds(1), Duration.ZERO));
    List<TextEvent> emotionEvents = TextEvents.goEmotions("em", 3, EVENT_TIME);
    List<TextEvent> hostilityEvents = TextEvents.mixed("ho", 8, EVENT_TIME).stream()
        .filter(event -> event.getTenant().equals(TestModels.MODERATION)).toList();
    try (TopologyHarness harness = new TopologyHarness(settings);
        TextClassifier direct = TestModels.classifier().get()) {
      // window [0 s, 1 s) of processing time: 3 emotions events, 2 hostility events
      for (TextEvent event : emotionEvents) {
        harness.events.pipeInput(event.getId(), event);
      }
      for (TextEvent event : hostilityEvents) {
        harness.events.pipeInput(event.getId(), event);
      }
      harness.advance(Duration.ofMillis(60));
      assertEquals(5, harness.telemetry.getQueueSize());
      assertTrue(harness.stats.isEmpty(), "the window is still open");

      // the next window's first events close the first window
      harness.advance(Duration.ofMillis(1_000));
      harness.events.pipeInput("f", event("f", TestModels.EMOTIONS, emotionEvents.get(0).getText()));
      harness.events.pipeInput("g", event("g", TestModels.MODERATION, hostilityEvents.get(0).getText()));
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
      assertEquals(exitLayerHistogram(direct, emotionEvents), emotions.getExitLayerHistogram());
      assertEquals(meanExitLayer(direct, emotionEvents), emotions.getMeanExitLayer(), 1e-9);
      // event time is 100 ms before START; processed at START + 60 ms
      assertEquals(160_000, emotions.getLatencyP50Micros(), 1_600);
      assertEquals(160_000, emotions.getLatencyP99Micros(), 1_600);
      ExitDepthStats hostility = stats.get(TestModels.MODERATION);
      assertEquals(2, hostility.getCount());
      assertEquals(exitLayerHistogram(direct, hostilityEvents), hostility.getExitLayerHistogram());
      assertEquals(meanExitLayer(direct, hostilityEvents), hostility.getMeanExitLayer(), 1e-9);
    }
  }

  /** The micro-batcher's buffer changelog as the driver writes it: sequence number, serialized pending event. */
  private static TestOutputTopic<Long, byte[]> bufferChangelog(TopologyHarness harness) {
    return harness.driver.createOutputTopic("topology-test-" + ClassifierTopology.BATCH_STORE + "-changelog",
        new LongDeserializer(), new ByteArrayDeserializer());
  }

  /** Counts per exit layer 1..layerCount of the events, as the model answers them directly. */
  private static List<Long> exitLayerHistogram(TextClassifier direct, List<TextEvent> events) {
    Long[] counts = new Long[direct.layerCount()];
    Arrays.fill(counts, 0L);
    for (TextEvent event : events) {
      counts[direct(direct, event).exitLayer() - 1]++;
    }
    return List.of(counts);
  }

  private static double meanExitLayer(TextClassifier direct, List<TextEvent> events) {
    return events.stream().mapToInt(event -> direct(direct, event).exitLayer()).average().orElseThrow();
  }

  private static String header(TestRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static void assertException(Class<? extends Exception> expected, TestRecord<byte[], byte[]> record) {
    assertEquals(expected.getName(), header(record, DeadLetterHeaders.EXCEPTION));
  }

  private static String message(TestRecord<byte[], byte[]> record) {
    return header(record, DeadLetterHeaders.MESSAGE);
  }
}
