package dev.exitwise.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.avro.Classification;
import dev.exitwise.avro.ExitDepthStats;
import dev.exitwise.avro.ExitTelemetry;
import dev.exitwise.avro.LabelScore;
import dev.exitwise.avro.TextEvent;
import dev.exitwise.registry.MalformedPayloadException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonRecordCodecTest {
  private static final Instant EVENT_TIME = Instant.ofEpochMilli(1_700_000_000_123L);
  private final JsonRecordCodec<TextEvent> events = JsonRecordCodec.of(TextEvent.class);

  private static byte[] utf8(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] json) {
    return new String(json, StandardCharsets.UTF_8);
  }

  @Test
  void writesAnEventAsAPlainObjectOfItsFields() {
    TextEvent event = TextEvent.newBuilder().setId("e1").setText("I love it").setTenant("emotions")
        .setInstruction("Tag the emotions.").setEventTime(EVENT_TIME).setAttributes(Map.of("source", "web"))
        .build();

    String json = text(events.encode(event));

    assertEquals("{\"id\":\"e1\",\"text\":\"I love it\",\"tenant\":\"emotions\",\"instruction\":\"Tag the emotions.\","
        + "\"eventTime\":1700000000123,\"attributes\":{\"source\":\"web\"}}", json);
    assertEquals(event, events.decode(utf8(json)));
  }

  @Test
  void aMinimalEventTakesTheSchemaDefaults() {
    TextEvent event = events.decode(utf8("{\"id\":\"e1\",\"text\":\"hello\",\"eventTime\":1700000000123}"));

    assertEquals("e1", event.getId());
    assertEquals("hello", event.getText());
    assertEquals("default", event.getTenant());
    assertNull(event.getInstruction());
    assertEquals(EVENT_TIME, event.getEventTime());
    assertEquals(Map.of(), event.getAttributes());
  }

  @Test
  void nullTakesTheDefaultWhereTheFieldIsNotNullable() {
    TextEvent event = events.decode(utf8("{\"id\":\"e1\",\"text\":\"hello\",\"tenant\":null,\"instruction\":null,"
        + "\"eventTime\":\"2023-11-14T22:13:20.123Z\",\"attributes\":null}"));

    assertEquals("default", event.getTenant());
    assertNull(event.getInstruction());
    assertEquals(EVENT_TIME, event.getEventTime(), "an ISO-8601 instant is read as well as epoch milliseconds");
    assertEquals(Map.of(), event.getAttributes());
  }

  @Test
  void membersTheSchemaDoesNotKnowAreIgnored() {
    TextEvent event = events.decode(utf8("{\"id\":\"e1\",\"text\":\"hello\",\"eventTime\":1,\"priority\":3,"
        + "\"nested\":{\"a\":[1,2]}}"));

    assertEquals("hello", event.getText());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "not JSON            | hello                                                    | not JSON",
      "an array            | [1,2]                                                    | expected a JSON object, got an array",
      "a string            | `\"hello\"`                                              | expected a JSON object, got a string",
      "empty               | ``                                                       | no JSON value",
      "missing id          | {\"text\":\"t\",\"eventTime\":1}                         | missing field 'id' (a string, required)",
      "missing text        | {\"id\":\"e\",\"eventTime\":1}                           | missing field 'text' (a string, required)",
      "id null             | {\"id\":null,\"text\":\"t\",\"eventTime\":1}             | field 'id': expected a string, got null",
      "text a number       | {\"id\":\"e\",\"text\":5,\"eventTime\":1}                | field 'text': expected a string, got the number 5",
      "tenant an object    | {\"id\":\"e\",\"text\":\"t\",\"tenant\":{},\"eventTime\":1} | field 'tenant': expected a string, got an object",
      "eventTime fraction  | {\"id\":\"e\",\"text\":\"t\",\"eventTime\":1.5}          | field 'eventTime': expected epoch milliseconds or an ISO-8601 instant, got the number 1.5",
      "eventTime a word    | {\"id\":\"e\",\"text\":\"t\",\"eventTime\":\"yesterday\"} | field 'eventTime': expected epoch milliseconds or an ISO-8601 instant, got the string 'yesterday'",
      "eventTime missing   | {\"id\":\"e\",\"text\":\"t\"}                            | missing field 'eventTime'",
      "attribute a number  | {\"id\":\"e\",\"text\":\"t\",\"eventTime\":1,\"attributes\":{\"k\":1}} | field 'attributes.k': expected a string, got the number 1",
      "trailing value      | {\"id\":\"e\",\"text\":\"t\",\"eventTime\":1} {}          | not JSON",
      "duplicate member    | {\"id\":\"e\",\"id\":\"f\",\"text\":\"t\",\"eventTime\":1} | not JSON: Duplicate field 'id'",
  })
  void undecodableJsonIsRejectedWithItsReason(String what, String json, String reason) {
    MalformedPayloadException e = assertThrows(MalformedPayloadException.class, () -> events.decode(utf8(json)));

    assertTrue(e.getMessage().startsWith("TextEvent JSON: "), e.getMessage());
    assertTrue(e.getMessage().contains(reason), what + ": " + e.getMessage());
  }

  @Test
  void integersOutOfRangeAreRejected() {
    JsonRecordCodec<ExitTelemetry> telemetry = JsonRecordCodec.of(ExitTelemetry.class);
    String json = text(telemetry.encode(telemetry(List.of(0.5f)))).replace("\"exitLayer\":2",
        "\"exitLayer\":3000000000");

    MalformedPayloadException e = assertThrows(MalformedPayloadException.class, () -> telemetry.decode(utf8(json)));

    assertEquals("ExitTelemetry JSON: field 'exitLayer': expected a 32-bit integer, got the number 3000000000",
        e.getMessage());
  }

  @Test
  void aClassificationIsWrittenWithNestedLabelsAndReadBack() {
    JsonRecordCodec<Classification> codec = JsonRecordCodec.of(Classification.class);
    Classification classification = Classification.newBuilder().setId("e1").setTenant("emotions")
        .setLabels(List.of(new LabelScore("joy", 0.75f))).setScores(null).setExitLayer(2).setLayerCount(6)
        .setPolicy("fpabee(jsd,mean,0.01,2)").setModelVersion("m1").setTruncated(false).setEventTime(EVENT_TIME)
        .setProcessedTime(EVENT_TIME.plusMillis(5)).setAttributes(Map.of("trace", "abc"))
        .setAdapterVersion("0123456789ab").build();

    String json = text(codec.encode(classification));

    assertEquals("{\"id\":\"e1\",\"tenant\":\"emotions\",\"labels\":[{\"label\":\"joy\",\"score\":0.75}],"
        + "\"scores\":null,\"exitLayer\":2,\"layerCount\":6,\"policy\":\"fpabee(jsd,mean,0.01,2)\","
        + "\"modelVersion\":\"m1\",\"truncated\":false,\"eventTime\":1700000000123,\"processedTime\":1700000000128,"
        + "\"attributes\":{\"trace\":\"abc\"},\"adapterVersion\":\"0123456789ab\"}", json);
    assertEquals(classification, codec.decode(utf8(json)));
  }

  @Test
  void numbersThatAreNotFiniteAreWrittenAsStringsAndReadBack() {
    JsonRecordCodec<ExitTelemetry> codec = JsonRecordCodec.of(ExitTelemetry.class);
    ExitTelemetry telemetry = telemetry(List.of(Float.NaN, 0.25f, Float.POSITIVE_INFINITY));

    String json = text(codec.encode(telemetry));

    assertTrue(json.contains("\"divergences\":[\"NaN\",0.25,\"Infinity\"]"), json);
    assertEquals(telemetry, codec.decode(utf8(json)));
  }

  @Test
  void statisticsRoundTrip() {
    JsonRecordCodec<ExitDepthStats> codec = JsonRecordCodec.of(ExitDepthStats.class);
    ExitDepthStats stats = ExitDepthStats.newBuilder().setTenant("emotions").setWindowStart(EVENT_TIME)
        .setWindowEnd(EVENT_TIME.plusSeconds(10)).setCount(7).setEventsPerSecond(0.7).setMeanExitLayer(2.5)
        .setExitLayerHistogram(List.of(1L, 6L)).setLatencyP50Micros(900).setLatencyP99Micros(12_000).build();

    assertEquals(stats, codec.decode(codec.encode(stats)));
  }

  @Test
  void theSerdeKeepsTombstonesAndUsesTheCodec() {
    JsonRecordSerde<TextEvent> serde = JsonRecordSerde.of(TextEvent.class);
    TextEvent event = events.decode(utf8("{\"id\":\"e1\",\"text\":\"hello\",\"eventTime\":1}"));

    assertNull(serde.serializer().serialize("t", null));
    assertNull(serde.deserializer().deserialize("t", null));
    assertEquals(event, serde.deserializer().deserialize("t", serde.serializer().serialize("t", event)));
    assertThrows(MalformedPayloadException.class, () -> serde.deserializer().deserialize("t", utf8("{}")));
  }

  private static ExitTelemetry telemetry(List<Float> divergences) {
    return ExitTelemetry.newBuilder().setId("e1").setTenant("emotions").setExitLayer(2).setLayerCount(6)
        .setDivergences(divergences).setBatchSize(4).setQueueMicros(100).setInferenceMicros(2_000)
        .setEventTime(EVENT_TIME).setProcessedTime(EVENT_TIME).build();
  }
}
