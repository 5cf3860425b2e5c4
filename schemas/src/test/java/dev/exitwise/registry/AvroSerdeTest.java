package dev.exitwise.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.avro.Classification;
import dev.exitwise.avro.LabelScore;
import dev.exitwise.avro.TextEvent;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The serde against a {@code mock://} registry: round trips, evolution and every kind of bad input. */
class AvroSerdeTest {
  private static final String TOPIC = "text-events";
  private final String scope = "serde-test-" + UUID.randomUUID();

  @AfterEach
  void dropScope() {
    MockSchemaRegistry.dropScope(scope);
  }

  private Map<String, Object> config() {
    Map<String, Object> config = new HashMap<>();
    config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
    return config;
  }

  private Serde<TextEvent> textEvents() {
    return ExitwiseSerdes.specific(TextEvent.class, config(), false);
  }

  @Test
  void specificRecordRoundTrips() {
    TextEvent event = TestRecords.textEvent("e-1");
    try (Serde<TextEvent> serde = textEvents()) {
      byte[] bytes = serde.serializer().serialize(TOPIC, event);
      assertEquals(0, bytes[0]);
      assertEquals(event, serde.deserializer().deserialize(TOPIC, bytes));
    }
    assertEquals(List.of(TextEvent.getClassSchema()),
        MockSchemaRegistry.forScope(scope).versions(TOPIC + "-value"));
  }

  @Test
  void nestedRecordsAndOptionalArraysRoundTrip() {
    Classification classification = Classification.newBuilder()
        .setId("e-2").setTenant("default")
        .setLabels(List.of(new LabelScore("joy", 0.9f), new LabelScore("love", 0.7f)))
        .setScores(List.of(0.9f, 0.7f, 0.01f))
        .setExitLayer(4).setLayerCount(12).setPolicy("fpabee(jsd,mean,0.01,2)").setModelVersion("test")
        .setEventTime(Instant.ofEpochMilli(1)).setProcessedTime(Instant.ofEpochMilli(2))
        .build();
    try (Serde<Classification> serde = ExitwiseSerdes.specific(Classification.class, config(), false)) {
      byte[] bytes = serde.serializer().serialize("text-labels", classification);
      assertEquals(classification, serde.deserializer().deserialize("text-labels", bytes));
    }
  }

  @Test
  void genericRecordRoundTrips() {
    GenericRecord record = TestRecords.genericTextEvent(TextEvent.getClassSchema(), "g-1");
    try (Serde<GenericRecord> serde = ExitwiseSerdes.generic(config(), false)) {
      byte[] bytes = serde.serializer().serialize(TOPIC, record);
      assertEquals(record, serde.deserializer().deserialize(TOPIC, bytes));
    }
  }

  @Test
  void oneSerializerWritesSpecificAndGenericRecordsOfTheSameSchema() {
    try (AvroSerde<Object> serde = new AvroSerde<>()) {
      serde.configure(config(), false);
      TextEvent specific = TestRecords.textEvent("s");
      byte[] specificBytes = serde.serializer().serialize(TOPIC, specific);
      GenericRecord generic = assertInstanceOf(GenericRecord.class,
          serde.deserializer().deserialize(TOPIC, specificBytes));
      assertArrayEquals(specificBytes, serde.serializer().serialize(TOPIC, generic));
      assertArrayEquals(specificBytes, serde.serializer().serialize(TOPIC, specific));
    }
  }

  @Test
  void specificAvroReaderSettingReadsGeneratedClassByWriterName() {
    Map<String, Object> config = config();
    config.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
    try (AvroSerde<Object> serde = new AvroSerde<>()) {
      serde.configure(config, false);
      byte[] bytes = serde.serializer().serialize(TOPIC, TestRecords.genericTextEvent(TextEvent.getClassSchema(),
          "g-2"));
      TextEvent event = assertInstanceOf(TextEvent.class, serde.deserializer().deserialize(TOPIC, bytes));
      assertEquals(Instant.ofEpochMilli(1_700_000_000_000L), event.getEventTime());
    }
  }

  @Test
  void keySerdeRegistersUnderKeySubject() {
    try (Serde<TextEvent> serde = ExitwiseSerdes.specific(TextEvent.class, config(), true)) {
      serde.serializer().serialize(TOPIC, TestRecords.textEvent("k"));
    }
    assertEquals(1, MockSchemaRegistry.forScope(scope).versions(TOPIC + "-key").size());
    assertTrue(MockSchemaRegistry.forScope(scope).versions(TOPIC + "-value").isEmpty());
  }

  @Test
  void olderWriterIsReadByNewerReaderWithDefaults() {
    Schema v1 = TestRecords.textEventWithoutAttributes();
    byte[] bytes;
    try (Serde<GenericRecord> writer = ExitwiseSerdes.generic(config(), false)) {
      bytes = writer.serializer().serialize(TOPIC, TestRecords.genericTextEvent(v1, "old"));
    }
    try (Serde<TextEvent> reader = textEvents()) {
      TextEvent event = reader.deserializer().deserialize(TOPIC, bytes);
      assertEquals("old", event.getId());
      assertEquals("default", event.getTenant());
      assertEquals(Map.of(), event.getAttributes());
    }
  }

  @Test
  void newerWriterIsReadByOlderReader() {
    Schema v3 = TestRecords.textEventWithPriority();
    byte[] bytes;
    try (Serde<GenericRecord> writer = ExitwiseSerdes.generic(config(), false)) {
      bytes = writer.serializer().serialize(TOPIC, TestRecords.genericTextEvent(v3, "new"));
    }
    try (Serde<TextEvent> reader = textEvents()) {
      assertEquals("new", reader.deserializer().deserialize(TOPIC, bytes).getId());
    }
    try (Serde<GenericRecord> v1Reader = ExitwiseSerdes.generic(TestRecords.textEventWithoutAttributes(),
        config(), false)) {
      GenericRecord old = v1Reader.deserializer().deserialize(TOPIC, bytes);
      assertEquals("new", old.get("id").toString());
      assertNull(old.getSchema().getField("priority"));
    }
  }

  @Test
  void currentWriterIsReadByNewerGenericReader() {
    byte[] bytes;
    try (Serde<TextEvent> writer = textEvents()) {
      bytes = writer.serializer().serialize(TOPIC, TestRecords.textEvent("now"));
    }
    try (Serde<GenericRecord> reader = ExitwiseSerdes.generic(TestRecords.textEventWithPriority(), config(),
        false)) {
      assertEquals(0, reader.deserializer().deserialize(TOPIC, bytes).get("priority"));
    }
  }

  @Test
  void incompatibleSchemaIsRejectedNamingTheSubject() {
    try (Serde<TextEvent> specific = textEvents();
         Serde<GenericRecord> generic = ExitwiseSerdes.generic(config(), false)) {
      specific.serializer().serialize(TOPIC, TestRecords.textEvent("v1"));
      GenericRecord breaking = TestRecords.genericTextEvent(TestRecords.textEventWithRequiredPriority(), "v2");
      IncompatibleSchemaException e = assertThrows(IncompatibleSchemaException.class,
          () -> generic.serializer().serialize(TOPIC, breaking));
      assertEquals(TOPIC + "-value", e.subject());
      assertTrue(e.getMessage().contains("priority"), e.getMessage());
    }
  }

  @Test
  void withoutAutoRegisterTheSchemaIsLookedUp() {
    Map<String, Object> lookupOnly = config();
    lookupOnly.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false);
    try (Serde<TextEvent> serde = ExitwiseSerdes.specific(TextEvent.class, lookupOnly, false)) {
      SchemaNotRegisteredException e = assertThrows(SchemaNotRegisteredException.class,
          () -> serde.serializer().serialize(TOPIC, TestRecords.textEvent("x")));
      assertEquals(TOPIC + "-value", e.subject());

      int id = MockSchemaRegistry.forScope(scope).register(TOPIC + "-value", TextEvent.getClassSchema());
      byte[] bytes = serde.serializer().serialize(TOPIC, TestRecords.textEvent("x"));
      assertEquals(id, WireFormat.parse(bytes).schemaId());
    }
  }

  @Test
  void useLatestVersionWritesTheSubjectsLatestVersionWithItsDefaults() {
    MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
    registry.register(TOPIC + "-value", TextEvent.getClassSchema());
    int newerId = registry.register(TOPIC + "-value", TestRecords.textEventWithPriority());
    Map<String, Object> latest = config();
    latest.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false);
    latest.put(AvroSerdeConfig.USE_LATEST_VERSION, true);
    try (Serde<TextEvent> writer = ExitwiseSerdes.specific(TextEvent.class, latest, false);
         Serde<GenericRecord> reader = ExitwiseSerdes.generic(config(), false)) {
      byte[] bytes = writer.serializer().serialize(TOPIC, TestRecords.textEvent("latest"));

      assertEquals(newerId, WireFormat.parse(bytes).schemaId());
      GenericRecord read = reader.deserializer().deserialize(TOPIC, bytes);
      assertEquals(0, read.get("priority"), "the latest version's default");
      assertEquals("latest", read.get("id").toString());
      assertEquals("source", ((Map<?, ?>) read.get("attributes")).keySet().iterator().next().toString());
    }
  }

  @Test
  void useLatestVersionRefusesALatestVersionThatCannotReadTheRecord() {
    // The latest version has a field without a default, which records of the current schema cannot fill.
    MockSchemaRegistry.forScope(scope).register("other-value", TestRecords.textEventWithRequiredPriority());
    Map<String, Object> latest = config();
    latest.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false);
    latest.put(AvroSerdeConfig.USE_LATEST_VERSION, true);
    try (Serde<TextEvent> writer = ExitwiseSerdes.specific(TextEvent.class, latest, false)) {
      SchemaMismatchException error = assertThrows(SchemaMismatchException.class,
          () -> writer.serializer().serialize("other", TestRecords.textEvent("x")));
      assertTrue(error.getMessage().contains("use.latest.version") && error.getMessage().contains("other-value"),
          error.getMessage());
      assertThrows(SchemaNotRegisteredException.class,
          () -> writer.serializer().serialize("no-such-topic", TestRecords.textEvent("x")));
    }
  }

  @Test
  void wrongMagicByteIsRejected() {
    try (Serde<TextEvent> serde = textEvents()) {
      byte[] bytes = serde.serializer().serialize(TOPIC, TestRecords.textEvent("m"));
      bytes[0] = 1;
      MalformedPayloadException e = assertThrows(MalformedPayloadException.class,
          () -> serde.deserializer().deserialize(TOPIC, bytes));
      assertTrue(e.getMessage().contains("magic byte 0x01"), e.getMessage());
    }
  }

  @Test
  void tooShortPayloadIsRejected() {
    try (Serde<TextEvent> serde = textEvents()) {
      assertThrows(MalformedPayloadException.class,
          () -> serde.deserializer().deserialize(TOPIC, new byte[] {0, 0}));
      assertThrows(MalformedPayloadException.class, () -> serde.deserializer().deserialize(TOPIC, new byte[0]));
    }
  }

  @Test
  void unknownSchemaIdIsRejectedNamingTheId() {
    try (Serde<TextEvent> serde = textEvents()) {
      UnknownSchemaIdException e = assertThrows(UnknownSchemaIdException.class,
          () -> serde.deserializer().deserialize(TOPIC, WireFormat.frame(4242, new byte[] {2, 'a'})));
      assertEquals(4242, e.schemaId());
      assertTrue(e.getMessage().startsWith("unknown schema id 4242"), e.getMessage());
    }
  }

  @Test
  void truncatedAvroBodyIsRejected() {
    try (Serde<TextEvent> serde = textEvents()) {
      byte[] bytes = serde.serializer().serialize(TOPIC, TestRecords.textEvent("t"));
      byte[] truncated = Arrays.copyOf(bytes, 12);
      MalformedPayloadException e = assertThrows(MalformedPayloadException.class,
          () -> serde.deserializer().deserialize(TOPIC, truncated));
      assertTrue(e.getMessage().startsWith("avro body does not decode with writer schema id "), e.getMessage());
    }
  }

  @Test
  void recordOfAnotherTypeIsRejectedByASpecificReader() {
    byte[] bytes;
    try (Serde<GenericRecord> writer = ExitwiseSerdes.generic(config(), false)) {
      GenericRecord other = new org.apache.avro.generic.GenericData.Record(
          org.apache.avro.SchemaBuilder.record("Other").fields().requiredInt("n").endRecord());
      other.put("n", 1);
      bytes = writer.serializer().serialize(TOPIC + "-other", other);
    }
    try (Serde<TextEvent> reader = textEvents()) {
      SchemaMismatchException e = assertThrows(SchemaMismatchException.class,
          () -> reader.deserializer().deserialize(TOPIC, bytes));
      assertTrue(e.getMessage().contains("cannot be read as dev.exitwise.avro.TextEvent"), e.getMessage());
    }
  }

  @Test
  void nonAvroValueAndInvalidRecordAreRejected() {
    try (AvroSerde<Object> serde = new AvroSerde<>()) {
      serde.configure(config(), false);
      SerializationException e = assertThrows(SerializationException.class,
          () -> serde.serializer().serialize(TOPIC, "plain string"));
      assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
      TextEvent missingText = TestRecords.textEvent("x");
      missingText.setText(null);
      assertThrows(SchemaMismatchException.class, () -> serde.serializer().serialize(TOPIC, missingText));
    }
  }

  @Test
  void nullIsATombstoneBothWays() {
    try (Serde<TextEvent> serde = textEvents()) {
      assertNull(serde.serializer().serialize(TOPIC, null));
      assertNull(serde.deserializer().deserialize(TOPIC, null));
    }
  }

  @Test
  void unconfiguredSerializerFailsClearly() {
    AvroSerializer<TextEvent> serializer = new AvroSerializer<>();
    assertThrows(IllegalStateException.class, () -> serializer.serialize(TOPIC, TestRecords.textEvent("u")));
  }
}
