package dev.exitwise.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.exitwise.avro.TextEvent;
import io.apicurio.registry.serde.SerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The registry contract against a real Apicurio Registry 2.6.13 through its Confluent API, plus interoperability:
 * Apicurio's own Avro serde, in its Confluent-compatible mode, reads what we write and writes what we read.
 */
@Tag("integration")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ApicurioRegistryIntegrationTest extends RegistryContractTest {
  private static ApicurioRegistryProcess apicurio;

  @BeforeAll
  static void startRegistry() throws Exception {
    apicurio = ApicurioRegistryProcess.start();
  }

  @AfterAll
  static void stopRegistry() {
    if (apicurio != null) {
      apicurio.close();
    }
  }

  @Override
  protected String registryUrl() {
    return apicurio.ccompatUrl();
  }

  private static Map<String, Object> apicurioConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(SerdeConfig.REGISTRY_URL, apicurio.coreApiUrl());
    config.put(SerdeConfig.ENABLE_CONFLUENT_ID_HANDLER, true);
    config.put(SerdeConfig.USE_ID, "contentId");
    config.put(SerdeConfig.ENABLE_HEADERS, false);
    config.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
    return config;
  }

  @Test
  void apicurioDeserializerReadsOurBytes() {
    TextEvent event = TestRecords.textEvent("ours");
    byte[] bytes = writeOurs(event);
    Map<String, Object> specificReader = apicurioConfig();
    specificReader.put(AvroKafkaSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
    try (AvroKafkaDeserializer<TextEvent> theirs = new AvroKafkaDeserializer<>()) {
      theirs.configure(specificReader, false);
      assertEquals(event, theirs.deserialize(topic, bytes));
    }
    try (AvroKafkaDeserializer<GenericRecord> theirs = new AvroKafkaDeserializer<>()) {
      theirs.configure(apicurioConfig(), false);
      GenericRecord generic = theirs.deserialize(topic, bytes);
      assertEquals("ours", generic.get("id").toString());
      assertEquals(event.getEventTime().toEpochMilli(), generic.get("eventTime"));
    }
  }

  @Test
  void ourDeserializerReadsApicurioBytes() {
    TextEvent event = TestRecords.textEvent("theirs");
    byte[] bytes;
    try (AvroKafkaSerializer<TextEvent> theirs = new AvroKafkaSerializer<>()) {
      theirs.configure(apicurioConfig(), false);
      bytes = theirs.serialize(topic, event);
    }
    assertEquals(WireFormat.MAGIC_BYTE, bytes[0]);
    assertEquals(event, readOurs(bytes));
  }
}
