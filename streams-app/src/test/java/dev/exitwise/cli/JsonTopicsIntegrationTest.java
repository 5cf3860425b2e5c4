package dev.exitwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exitwise.avro.Classification;
import dev.exitwise.avro.ExitDepthStats;
import dev.exitwise.avro.ExitTelemetry;
import dev.exitwise.json.JsonRecordCodec;
import dev.exitwise.registry.MalformedPayloadException;
import dev.exitwise.streams.Topics;
import dev.exitwise.streams.TopologySerdes;
import dev.exitwise.streams.deadletter.DeadLetterHeaders;
import dev.exitwise.streams.deadletter.DeadLetterReason;
import dev.exitwise.streams.testing.EmbeddedKafka;
import dev.exitwise.streams.testing.ServiceTestSettings;
import dev.exitwise.streams.testing.TestModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code exitwise run} with JSON topics and no schema registry at all, on a KRaft broker in this JVM: events
 * written by {@code exitwise produce} and by hand are labelled in JSON with their headers and attributes, an event
 * that names no tenant goes to the default tenant, undecodable JSON is a dead letter with its reason, and the
 * statistics read the JSON telemetry back.
 */
@Tag("integration")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class JsonTopicsIntegrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private static final int PRODUCED = 4;

  @RegisterExtension
  static final EmbeddedKafka kafka = EmbeddedKafka.perClass();

  private final String name = "json-" + Long.toHexString(System.nanoTime());

  @TempDir
  Path stateDir;

  @TempDir
  Path folder;

  /** The test model, and registry serdes that fail the test if anything asks for one. */
  private static Wiring wiringWithoutRegistry() {
    return new Wiring((modelDir, device) -> TestModels.classifier().get(), config -> new TopologySerdes.Factory() {
      @Override
      public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
        throw new AssertionError("JSON topics need no registry serde, yet one was asked for " + type);
      }
    });
  }

  private Map<String, String> environment(Topics topics) {
    Map<String, String> environment =
        ServiceTestSettings.runEnvironment(kafka.bootstrapServers(), name, "unused", stateDir, 100);
    environment.remove("EXITWISE_SCHEMA_REGISTRY_URL");
    environment.putAll(ServiceTestSettings.topicEnvironment(topics));
    environment.put("EXITWISE_INPUT_FORMAT", "json");
    environment.put("EXITWISE_OUTPUT_FORMAT", "json");
    environment.put("EXITWISE_DEFAULT_TENANT", TestModels.MODERATION);
    environment.put("EXITWISE_STATS_WINDOW_MS", "1000");
    environment.put("EXITWISE_STATS_GRACE_MS", "0");
    return environment;
  }

  @Test
  void aJsonInputTopicIsLabelledInJsonWithItsHeadersAttributesAndDeadLetters() throws Exception {
    Topics topics = kafka.createTopics(name, 2);
    Map<String, String> environment = environment(topics);
    RunCommand run = new RunCommand(wiringWithoutRegistry().withEnvironment(environment));
    InProcessRun running = InProcessRun.start(run, Duration.ofSeconds(30), List.of());

    produceWithTheCommand(environment);
    long now = Instant.now().toEpochMilli();
    Map<String, String> bad = new HashMap<>();
    bad.put("not-json", "this is not JSON");
    bad.put("an-array", "[\"I love it\"]");
    bad.put("no-text", "{\"id\":\"no-text\",\"tenant\":\"emotions\",\"eventTime\":" + now + "}");
    bad.put("text-a-number", "{\"id\":\"text-a-number\",\"text\":42,\"eventTime\":" + now + "}");
    bad.put("stranger", "{\"id\":\"stranger\",\"text\":\"hello\",\"tenant\":\"sports\",\"eventTime\":" + now + "}");
    try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
      send(producer, topics.textEvents(), "traced", "{\"id\":\"traced\",\"text\":\"I love this, thank you!\","
          + "\"tenant\":\"emotions\",\"eventTime\":" + now + ",\"attributes\":{\"source\":\"web\",\"order\":\"42\"}}",
          traced("order-42"));
      send(producer, topics.textEvents(), "no-tenant", "{\"id\":\"no-tenant\",\"text\":\"you are all idiots\","
          + "\"eventTime\":\"" + Instant.ofEpochMilli(now) + "\"}", traced("order-43"));
      for (Map.Entry<String, String> entry : bad.entrySet()) {
        send(producer, topics.textEvents(), entry.getKey(), entry.getValue(), new RecordHeaders());
      }
    }

    Map<String, ConsumerRecord<String, byte[]>> labels =
        byKey(kafka.readCommitted(topics.textLabels(), PRODUCED + 2, Duration.ofSeconds(30), Duration.ofMillis(500)));
    Map<String, ConsumerRecord<String, byte[]>> telemetry = byKey(
        kafka.readCommitted(topics.exitTelemetry(), PRODUCED + 2, Duration.ofSeconds(10), Duration.ofMillis(300)));
    assertEquals(PRODUCED + 2, labels.size(), "the produced events, 'traced' and 'no-tenant': " + labels.keySet());
    assertEquals(labels.keySet(), telemetry.keySet());
    JsonRecordCodec<Classification> classifications = JsonRecordCodec.of(Classification.class);
    JsonRecordCodec<ExitTelemetry> telemetryRecords = JsonRecordCodec.of(ExitTelemetry.class);
    for (String key : labels.keySet()) {
      JsonNode label = JSON.readTree(labels.get(key).value());
      assertEquals(key, label.get("id").textValue(), "a plain JSON object keyed by event id");
      assertTrue(label.get("labels").isArray() && label.get("exitLayer").isInt(), label.toString());
      assertEquals(key, classifications.decode(labels.get(key).value()).getId(), "with the schema's fields");
      assertEquals(key, telemetryRecords.decode(telemetry.get(key).value()).getId());
    }

    JsonNode traced = JSON.readTree(labels.get("traced").value());
    assertEquals(TestModels.EMOTIONS, traced.get("tenant").textValue());
    assertEquals(Map.of("source", "web", "order", "42"), JSON.convertValue(traced.get("attributes"), Map.class));
    assertEquals(Map.of("source", "web", "order", "42"),
        telemetryRecords.decode(telemetry.get("traced").value()).getAttributes());
    for (ConsumerRecord<String, byte[]> output : List.of(labels.get("traced"), telemetry.get("traced"))) {
      assertEquals(TRACEPARENT, header(output.headers(), "traceparent"), output.topic());
      assertEquals("order-42", header(output.headers(), "correlation-id"), output.topic());
    }
    assertEquals("order-43", header(telemetry.get("no-tenant").headers(), "correlation-id"));
    assertEquals(TestModels.MODERATION, JSON.readTree(labels.get("no-tenant").value()).get("tenant").textValue(),
        "an event without a tenant goes to the default tenant");

    Map<String, ConsumerRecord<String, byte[]>> dead = byKey(
        kafka.readCommitted(topics.deadLetters(), bad.size(), Duration.ofSeconds(10), Duration.ofMillis(300)));
    assertEquals(bad.keySet(), dead.keySet());
    for (String key : List.of("not-json", "an-array", "no-text", "text-a-number")) {
      assertEquals(DeadLetterReason.UNDECODABLE.code(), header(dead.get(key).headers(), DeadLetterHeaders.REASON));
      assertEquals(MalformedPayloadException.class.getName(),
          header(dead.get(key).headers(), DeadLetterHeaders.EXCEPTION), key);
    }
    assertTrue(message(dead.get("not-json")).startsWith("TextEvent JSON: not JSON"), message(dead.get("not-json")));
    assertEquals("TextEvent JSON: expected a JSON object, got an array", message(dead.get("an-array")));
    assertEquals("TextEvent JSON: missing field 'text' (a string, required)", message(dead.get("no-text")));
    assertEquals("TextEvent JSON: field 'text': expected a string, got the number 42",
        message(dead.get("text-a-number")));
    assertEquals(DeadLetterReason.UNKNOWN_TENANT.code(),
        header(dead.get("stranger").headers(), DeadLetterHeaders.REASON));
    for (Map.Entry<String, String> entry : bad.entrySet()) {
      assertEquals(entry.getValue(), new String(dead.get(entry.getKey()).value(), StandardCharsets.UTF_8),
          "a dead letter keeps the input's bytes");
    }

    assertStatisticsAreJson(topics);
    running.stop();
  }

  /** {@code exitwise produce --file} with the same environment: JSON events of tenant emotions. */
  private void produceWithTheCommand(Map<String, String> environment) throws Exception {
    Path file = folder.resolve("texts.txt");
    Files.writeString(file, "thank you so much\nthis is so sad\n");
    ProduceCommand produce = new ProduceCommand(wiringWithoutRegistry().withEnvironment(environment));
    CommandLine commandLine = new CommandLine(produce);
    StringWriter out = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    int exitCode = commandLine.execute("--file", file.toString(), "--tenant", TestModels.EMOTIONS, "--events",
        String.valueOf(PRODUCED), "--rate", "200");
    assertEquals(0, exitCode, out.toString());
  }

  /**
   * The statistics read the JSON telemetry back and write JSON: a window closes once later telemetry moves time
   * past its end, so events are sent until a window has closed.
   */
  private void assertStatisticsAreJson(Topics topics) throws Exception {
    JsonRecordCodec<ExitDepthStats> codec = JsonRecordCodec.of(ExitDepthStats.class);
    List<ConsumerRecord<String, byte[]>> stats = new ArrayList<>();
    for (int round = 1; round <= 10 && stats.isEmpty(); round++) {
      Thread.sleep(1_100);
      try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
        send(producer, topics.textEvents(), "closer-" + round, "{\"id\":\"closer-" + round + "\",\"text\":\"ok\","
            + "\"tenant\":\"emotions\",\"eventTime\":" + Instant.now().toEpochMilli() + "}", new RecordHeaders());
      }
      stats = kafka.readCommitted(topics.exitDepthStats(), 1, Duration.ofSeconds(2), Duration.ZERO);
    }
    assertTrue(!stats.isEmpty(), "a statistics window closed");
    for (ConsumerRecord<String, byte[]> record : stats) {
      ExitDepthStats window = codec.decode(record.value());
      assertEquals(record.key(), window.getTenant());
      assertTrue(window.getCount() >= 1, window.toString());
    }
  }

  private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, String json,
      Headers headers) throws Exception {
    producer.send(new ProducerRecord<>(topic, null, key, json.getBytes(StandardCharsets.UTF_8), headers)).get();
  }

  private static Headers traced(String correlationId) {
    Headers headers = new RecordHeaders();
    headers.add("traceparent", TRACEPARENT.getBytes(StandardCharsets.UTF_8));
    headers.add("correlation-id", correlationId.getBytes(StandardCharsets.UTF_8));
    return headers;
  }

  private static Map<String, ConsumerRecord<String, byte[]>> byKey(List<ConsumerRecord<String, byte[]>> records) {
    Map<String, ConsumerRecord<String, byte[]>> byKey = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      assertTrue(byKey.put(record.key(), record) == null, "one record per key: " + record.key());
    }
    return byKey;
  }

  private static String header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    assertNotNull(header, "no header " + name + " in " + headers);
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  private static String message(ConsumerRecord<String, byte[]> deadLetter) {
    return header(deadLetter.headers(), DeadLetterHeaders.MESSAGE);
  }
}
