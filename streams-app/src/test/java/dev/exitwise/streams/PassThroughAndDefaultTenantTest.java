package dev.exitwise.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.avro.Classification;
import dev.exitwise.avro.ExitTelemetry;
import dev.exitwise.avro.TextEvent;
import dev.exitwise.model.inference.ClassifyRequest;
import dev.exitwise.model.inference.ClassifyResult;
import dev.exitwise.model.inference.TextClassifier;
import dev.exitwise.streams.batching.BatchingSettings;
import dev.exitwise.streams.config.ExitwiseConfig;
import dev.exitwise.streams.deadletter.DeadLetterHeaders;
import dev.exitwise.streams.deadletter.DeadLetterListener;
import dev.exitwise.streams.deadletter.DeadLetterReason;
import dev.exitwise.streams.testing.FaultInjectingClassifier;
import dev.exitwise.streams.testing.TestModels;
import dev.exitwise.streams.testing.TextEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * What the topology carries from an input record to its outputs (headers, attributes) and which tenant classifies
 * an event that names none.
 */
class PassThroughAndDefaultTenantTest {
  private static final Instant EVENT_TIME = TopologyHarness.START.minusMillis(100);
  private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  private static TopologySettings settings() {
    return TopologySettings.DEFAULTS.withBatching(new BatchingSettings(4, 50));
  }

  private static Headers traced(String correlationId) {
    Headers headers = new RecordHeaders();
    headers.add("traceparent", TRACEPARENT.getBytes(StandardCharsets.UTF_8));
    headers.add("correlation-id", correlationId.getBytes(StandardCharsets.UTF_8));
    return headers;
  }

  private static String header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static TextEvent withAttributes(TextEvent event, Map<String, String> attributes) {
    return TextEvent.newBuilder(event).setAttributes(attributes).build();
  }

  @Test
  void theInputsHeadersAndAttributesComeOutOnLabelsAndTelemetry() {
    List<TextEvent> events = TextEvents.mixed("pass", 4, EVENT_TIME);
    try (TopologyHarness harness = new TopologyHarness(settings())) {
      for (int i = 0; i < events.size(); i++) {
        TextEvent event = withAttributes(events.get(i), Map.of("source", "web", "row", String.valueOf(i)));
        harness.events.pipeInput(new TestRecord<>(event.getId(), event, traced("c-" + i), EVENT_TIME));
      }

      List<TestRecord<String, Classification>> labels = harness.labels.readRecordsToList();
      List<TestRecord<String, ExitTelemetry>> telemetry = harness.telemetry.readRecordsToList();
      assertEquals(4, labels.size());
      assertEquals(4, telemetry.size());
      for (int i = 0; i < events.size(); i++) {
        Map<String, String> attributes = Map.of("source", "web", "row", String.valueOf(i));
        assertEquals(attributes, labels.get(i).value().getAttributes());
        assertEquals(attributes, telemetry.get(i).value().getAttributes());
        for (Headers headers : List.of(labels.get(i).headers(), telemetry.get(i).headers())) {
          assertEquals(TRACEPARENT, header(headers, "traceparent"));
          assertEquals("c-" + i, header(headers, "correlation-id"));
          assertEquals(2, headers.toArray().length, "the input's headers, no more: " + headers);
        }
      }
    }
  }

  @Test
  void aRowTheModelFailsOnIsADeadLetterWithTheInputsHeaders() {
    List<TextEvent> good = TextEvents.mixed("good", 3, EVENT_TIME);
    TextEvent poison = TextEvents.event("poison", TestModels.EMOTIONS,
        good.get(0).getText() + " " + FaultInjectingClassifier.POISON, EVENT_TIME);
    try (TopologyHarness harness = new TopologyHarness(settings(), DeadLetterListener.NONE,
        TestModels.faultInjecting())) {
      harness.events.pipeInput(new TestRecord<>("poison", poison, traced("c-poison"), EVENT_TIME));
      for (TextEvent event : good) {
        harness.events.pipeInput(event.getId(), event);
      }

      assertEquals(3, harness.labels.readRecordsToList().size());
      TestRecord<byte[], byte[]> dead = harness.deadLetters.readRecord();
      assertEquals(DeadLetterReason.CLASSIFIER_FAILURE.code(), header(dead.headers(), DeadLetterHeaders.REASON));
      assertEquals(TRACEPARENT, header(dead.headers(), "traceparent"));
      assertEquals("c-poison", header(dead.headers(), "correlation-id"));
    }
  }

  @Test
  void eventsNamingNoTenantAreClassifiedByTheDefaultTenant() {
    TextEvent schemaDefault = TextEvents.event("schema-default", "default", "I am so happy today", EVENT_TIME);
    TextEvent empty = TextEvents.event("empty", "", "what a terrible day", EVENT_TIME);
    TextEvent stranger = TextEvents.event("stranger", "no-such-tenant", "hello", EVENT_TIME);
    try (TopologyHarness harness = new TopologyHarness(settings().withDefaultTenant(TestModels.MODERATION));
        TextClassifier direct = TestModels.classifier().get()) {
      for (TextEvent event : List.of(schemaDefault, empty, stranger)) {
        harness.events.pipeInput(event.getId(), event);
      }
      harness.advance(Duration.ofMillis(100));

      Map<String, Classification> labels = new HashMap<>();
      harness.labels.readKeyValuesToList().forEach(kv -> labels.put(kv.key, kv.value));
      assertEquals(Set.of("schema-default", "empty"), labels.keySet());
      for (TextEvent event : List.of(schemaDefault, empty)) {
        ClassifyResult expected = direct.classify(List.of(
            ClassifyRequest.of(TestModels.MODERATION, event.getText()))).get(0);
        Classification actual = labels.get(event.getId());
        assertEquals(TestModels.MODERATION, actual.getTenant());
        assertEquals(expected.exitLayer(), actual.getExitLayer(), event.getId());
        assertEquals(expected.labels().size(), actual.getLabels().size(), event.getId());
      }
      TestRecord<byte[], byte[]> dead = harness.deadLetters.readRecord();
      assertEquals("stranger", new String(dead.key(), StandardCharsets.UTF_8),
          "a tenant that is named but not served is still a dead letter");
      assertTrue(harness.deadLetters.isEmpty());
    }
  }

  @Test
  void withoutADefaultTenantAnEventNamingNoneIsADeadLetterNamingTheSetting() {
    try (TopologyHarness harness = new TopologyHarness(settings())) {
      harness.events.pipeInput("schema-default", TextEvents.event("schema-default", "default", "hi", EVENT_TIME));

      TestRecord<byte[], byte[]> dead = harness.deadLetters.readRecord();
      assertEquals(DeadLetterReason.UNKNOWN_TENANT.code(), header(dead.headers(), DeadLetterHeaders.REASON));
      String message = header(dead.headers(), DeadLetterHeaders.MESSAGE);
      assertTrue(message.contains("names no tenant") && message.contains(ExitwiseConfig.DEFAULT_TENANT)
          && message.contains(TestModels.EMOTIONS), message);
      assertTrue(harness.labels.isEmpty());
    }
  }

  @Test
  void aDefaultTenantTheModelDoesNotServeIsAConfigurationError() {
    ConfigException error = assertThrows(ConfigException.class,
        () -> new TopologyHarness(settings().withDefaultTenant("sports")).close());

    assertTrue(error.getMessage().contains(ExitwiseConfig.DEFAULT_TENANT), error.getMessage());
    assertTrue(error.getMessage().contains("sports"), error.getMessage());
    assertTrue(error.getMessage().contains(TestModels.EMOTIONS), error.getMessage());
  }
}
