package dev.exitwise.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.avro.TextEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * What our client and serde must do against any real Confluent-compatible registry. Subclasses start one registry
 * per class and say where it is; each test uses its own topic, so tests never see each other's subjects.
 */
abstract class RegistryContractTest {
  protected final String topic = "contract-" + UUID.randomUUID();

  /** @return the base URL of the registry's Confluent API */
  protected abstract String registryUrl();

  protected Map<String, Object> config() {
    Map<String, Object> config = new HashMap<>();
    config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl());
    config.put(AvroSerdeConfig.MAX_RETRIES, 1);
    config.put(AvroSerdeConfig.RETRIES_WAIT_MS, 100);
    return config;
  }

  /** The bytes of {@code event} as our serde writes them to the test's topic, registering its schema. */
  protected byte[] writeOurs(TextEvent event) {
    try (Serde<TextEvent> writer = ExitwiseSerdes.specific(TextEvent.class, config(), false)) {
      return writer.serializer().serialize(topic, event);
    }
  }

  /** The event our serde reads from {@code bytes}: a fresh serde, so the writer schema comes from the registry. */
  protected TextEvent readOurs(byte[] bytes) {
    try (Serde<TextEvent> reader = ExitwiseSerdes.specific(TextEvent.class, config(), false)) {
      return reader.deserializer().deserialize(topic, bytes);
    }
  }

  @Test
  void specificRecordsRoundTripThroughTheRegistry() {
    TextEvent event = TestRecords.textEvent("contract-1");
    assertEquals(event, readOurs(writeOurs(event)));
  }

  @Test
  void genericRecordsRoundTripAndEvolveThroughTheRegistry() {
    GenericRecord old = TestRecords.genericTextEvent(TestRecords.textEventWithoutAttributes(), "old");
    GenericRecord newer = TestRecords.genericTextEvent(TestRecords.textEventWithPriority(), "newer");
    try (Serde<GenericRecord> writer = ExitwiseSerdes.generic(config(), false);
         Serde<TextEvent> reader = ExitwiseSerdes.specific(TextEvent.class, config(), false)) {
      byte[] oldBytes = writer.serializer().serialize(topic, old);
      byte[] newerBytes = writer.serializer().serialize(topic, newer);
      assertEquals(old, ExitwiseSerdes.generic(config(), false).deserializer().deserialize(topic, oldBytes));
      assertEquals(Map.of(), reader.deserializer().deserialize(topic, oldBytes).getAttributes());
      assertEquals("newer", reader.deserializer().deserialize(topic, newerBytes).getId());
    }
  }

  @Test
  void lookupFindsTheIdWhenAutoRegisterIsOff() {
    Map<String, Object> lookupOnly = config();
    lookupOnly.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false);
    try (Serde<TextEvent> registering = ExitwiseSerdes.specific(TextEvent.class, config(), false);
         Serde<TextEvent> looking = ExitwiseSerdes.specific(TextEvent.class, lookupOnly, false)) {
      assertThrows(SchemaNotRegisteredException.class,
          () -> looking.serializer().serialize(topic, TestRecords.textEvent("a")));
      byte[] registered = registering.serializer().serialize(topic, TestRecords.textEvent("a"));
      byte[] lookedUp = looking.serializer().serialize(topic, TestRecords.textEvent("a"));
      assertEquals(WireFormat.parse(registered).schemaId(), WireFormat.parse(lookedUp).schemaId());
    }
  }

  @Test
  void useLatestVersionWritesInTheSubjectsLatestVersion() {
    byte[] newer;
    try (Serde<GenericRecord> registering = ExitwiseSerdes.generic(config(), false)) {
      registering.serializer().serialize(topic, TestRecords.genericTextEvent(TextEvent.getClassSchema(), "v1"));
      newer = registering.serializer().serialize(topic,
          TestRecords.genericTextEvent(TestRecords.textEventWithPriority(), "v2"));
    }
    Map<String, Object> latest = config();
    latest.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false);
    latest.put(AvroSerdeConfig.USE_LATEST_VERSION, true);
    try (Serde<TextEvent> writer = ExitwiseSerdes.specific(TextEvent.class, latest, false);
         Serde<GenericRecord> reader = ExitwiseSerdes.generic(config(), false)) {
      byte[] bytes = writer.serializer().serialize(topic, TestRecords.textEvent("as-latest"));

      assertEquals(WireFormat.parse(newer).schemaId(), WireFormat.parse(bytes).schemaId());
      GenericRecord read = reader.deserializer().deserialize(topic, bytes);
      assertEquals("as-latest", read.get("id").toString());
      assertEquals(0, read.get("priority"));
    }
  }

  @Test
  void proxySettingsSendEveryRequestThroughTheProxy() throws IOException {
    URI registry = URI.create(registryUrl());
    String unresolvable = "registry.exitwise.invalid";
    try (ForwardingProxy proxy = new ForwardingProxy(unresolvable, registry)) {
      Map<String, Object> proxied = config();
      proxied.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl().replace("//" + registry.getHost() + ":",
          "//" + unresolvable + ":"));
      proxied.put(AvroSerdeConfig.PROXY_HOST, "127.0.0.1");
      proxied.put(AvroSerdeConfig.PROXY_PORT, proxy.port());
      TextEvent event = TestRecords.textEvent("proxied");
      try (Serde<TextEvent> writer = ExitwiseSerdes.specific(TextEvent.class, proxied, false);
           Serde<TextEvent> reader = ExitwiseSerdes.specific(TextEvent.class, proxied, false)) {
        assertEquals(event, reader.deserializer().deserialize(topic, writer.serializer().serialize(topic, event)));
      }
      assertEquals(2, proxy.requests().size(), proxy.requests().toString());
      assertTrue(proxy.requests().stream().allMatch(request -> request.contains(" http://" + unresolvable + ":")),
          proxy.requests().toString());
    }
  }

  @Test
  void unknownSchemaIdIsNamed() {
    try (Serde<TextEvent> serde = ExitwiseSerdes.specific(TextEvent.class, config(), false)) {
      UnknownSchemaIdException e = assertThrows(UnknownSchemaIdException.class,
          () -> serde.deserializer().deserialize(topic, WireFormat.frame(987_654, new byte[] {0})));
      assertEquals(987_654, e.schemaId());
    }
  }

  @Test
  void backwardRuleRejectsABreakingChangeWith409() throws IOException, InterruptedException {
    String subject = topic + "-value";
    try (Serde<TextEvent> specific = ExitwiseSerdes.specific(TextEvent.class, config(), false);
         Serde<GenericRecord> generic = ExitwiseSerdes.generic(config(), false)) {
      specific.serializer().serialize(topic, TestRecords.textEvent("v1"));
      setCompatibility(subject, "BACKWARD");
      GenericRecord breaking = TestRecords.genericTextEvent(TestRecords.textEventWithRequiredPriority(), "v2");
      IncompatibleSchemaException e = assertThrows(IncompatibleSchemaException.class,
          () -> generic.serializer().serialize(topic, breaking));
      assertEquals(subject, e.subject());
      generic.serializer().serialize(topic, TestRecords.genericTextEvent(TestRecords.textEventWithPriority(), "v3"));
    }
  }

  private void setCompatibility(String subject, String level) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(registryUrl() + "/config/" + subject))
        .header("Content-Type", RestSchemaRegistry.CONTENT_TYPE)
        .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"" + level + "\"}"))
        .build();
    HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertTrue(response.statusCode() / 100 == 2, "PUT /config/" + subject + ": " + response.body());
  }
}
