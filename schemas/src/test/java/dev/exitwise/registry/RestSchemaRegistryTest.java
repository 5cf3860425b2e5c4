package dev.exitwise.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.avro.TextEvent;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST client and the serde over HTTP, against {@link FakeRegistryServer}. */
class RestSchemaRegistryTest {
  private static final String TOPIC = "text-events";
  private FakeRegistryServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = new FakeRegistryServer();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private Map<String, Object> config() {
    Map<String, Object> config = new HashMap<>();
    config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, server.url());
    config.put(AvroSerdeConfig.MAX_RETRIES, 2);
    config.put(AvroSerdeConfig.RETRIES_WAIT_MS, 5);
    return config;
  }

  private Serde<TextEvent> textEvents(Map<String, Object> config) {
    return ExitwiseSerdes.specific(TextEvent.class, config, false);
  }

  @Test
  void registryIsAskedOncePerSchemaNotPerRecord() {
    try (Serde<TextEvent> writer = textEvents(config()); Serde<TextEvent> reader = textEvents(config())) {
      byte[] first = writer.serializer().serialize(TOPIC, TestRecords.textEvent("1"));
      byte[] second = writer.serializer().serialize(TOPIC, TestRecords.textEvent("2"));
      assertEquals(List.of("POST /subjects/text-events-value/versions"), server.requests());

      assertEquals("1", reader.deserializer().deserialize(TOPIC, first).getId());
      assertEquals("2", reader.deserializer().deserialize(TOPIC, second).getId());
      int id = WireFormat.parse(first).schemaId();
      assertEquals(List.of("POST /subjects/text-events-value/versions", "GET /schemas/ids/" + id),
          server.requests());
    }
  }

  @Test
  void serializerAndDeserializerOfOneSerdeShareTheCache() {
    try (Serde<TextEvent> serde = textEvents(config())) {
      byte[] bytes = serde.serializer().serialize(TOPIC, TestRecords.textEvent("1"));
      assertEquals("1", serde.deserializer().deserialize(TOPIC, bytes).getId());
    }
    assertEquals(List.of("POST /subjects/text-events-value/versions"), server.requests());
  }

  @Test
  void tooManyRequestsIsRetried() {
    server.answerNext(1, 429);
    serializeOne(config());
    assertEquals(2, server.requests().size());
  }

  @Test
  void lookupWithoutAutoRegisterAndSubjectEncoding() {
    Map<String, Object> config = config();
    config.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false);
    String topic = "tenant a/events";
    try (Serde<TextEvent> serde = textEvents(config)) {
      assertThrows(SchemaNotRegisteredException.class,
          () -> serde.serializer().serialize(topic, TestRecords.textEvent("1")));
      int id = server.registry().register(topic + "-value", TextEvent.getClassSchema());
      assertEquals(id, WireFormat.parse(serde.serializer().serialize(topic, TestRecords.textEvent("1")))
          .schemaId());
    }
    assertEquals("POST /subjects/tenant%20a%2Fevents-value", server.requests().get(0));
  }

  @Test
  void basicCredentialsFromUserInfo() {
    Map<String, Object> config = config();
    config.put(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO");
    config.put(AvroSerdeConfig.BASIC_AUTH_USER_INFO, "alice:s3cret:with-colon");
    serializeOne(config);
    assertEquals(List.of(basic("alice:s3cret:with-colon")), server.authorizations());
  }

  @Test
  void basicCredentialsFromUrl() {
    Map<String, Object> config = config();
    config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, server.url().replace("http://", "http://bob:pw@"));
    serializeOne(config);
    assertEquals(List.of(basic("bob:pw")), server.authorizations());
  }

  @Test
  void basicCredentialsFromTheKafkaClientsSaslLogin() {
    Map<String, Object> config = config();
    config.put(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "SASL_INHERIT");
    config.put("security.protocol", "SASL_SSL");
    config.put("sasl.mechanism", "SCRAM-SHA-512");
    config.put("sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"svc\" password=\"pw\";");
    serializeOne(config);
    assertEquals(List.of(basic("svc:pw")), server.authorizations());
  }

  @Test
  void bearerToken() {
    Map<String, Object> config = config();
    config.put(AvroSerdeConfig.BEARER_AUTH_TOKEN, "tok-123");
    serializeOne(config);
    assertEquals(List.of("Bearer tok-123"), server.authorizations());
  }

  @Test
  void rejectedCredentialsFailAtOnce() {
    server.answerNext(1, 401);
    RegistryAuthException unauthorized = assertThrows(RegistryAuthException.class, () -> serializeOne(config()));
    assertEquals(401, unauthorized.status());
    server.answerNext(1, 403);
    RegistryAuthException forbidden = assertThrows(RegistryAuthException.class, () -> serializeOne(config()));
    assertTrue(forbidden.getMessage().startsWith("registry access denied (HTTP 403 on POST http://"),
        forbidden.getMessage());
    assertEquals(2, server.requests().size());
  }

  @Test
  void unknownIdAnswersNameTheId() {
    try (Serde<TextEvent> serde = textEvents(config())) {
      UnknownSchemaIdException e = assertThrows(UnknownSchemaIdException.class,
          () -> serde.deserializer().deserialize(TOPIC, WireFormat.frame(77, new byte[] {0})));
      assertEquals(77, e.schemaId());
      assertTrue(e.getMessage().startsWith("unknown schema id 77 (HTTP 404 from GET http://"), e.getMessage());
    }
  }

  @Test
  void conflictAnswersNameTheSubject() {
    server.registry().register(TOPIC + "-value", TextEvent.getClassSchema());
    try (Serde<org.apache.avro.generic.GenericRecord> serde = ExitwiseSerdes.generic(config(), false)) {
      IncompatibleSchemaException e = assertThrows(IncompatibleSchemaException.class,
          () -> serde.serializer().serialize(TOPIC,
              TestRecords.genericTextEvent(TestRecords.textEventWithRequiredPriority(), "x")));
      assertEquals(TOPIC + "-value", e.subject());
    }
  }

  @Test
  void serverErrorsAreRetriedWithBackoff() {
    server.answerNext(2, 503);
    serializeOne(config());
    assertEquals(3, server.requests().size());
  }

  @Test
  void persistentServerErrorsFailAfterBoundedRetries() {
    server.answerNext(3, 500);
    RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class,
        () -> serializeOne(config()));
    assertTrue(e.getMessage().contains("HTTP 500") && e.getMessage().endsWith("after 3 attempts"),
        e.getMessage());
    assertEquals(3, server.requests().size());
  }

  @Test
  void unreachableRegistryFailsAfterBoundedRetries() {
    int closedPort = LocalPorts.unused();
    Map<String, Object> config = config();
    config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:" + closedPort);
    long start = System.nanoTime();
    RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class, () -> serializeOne(config));
    assertTrue(e.getMessage().startsWith("schema registry unreachable at http://127.0.0.1:" + closedPort),
        e.getMessage());
    assertInstanceOf(ConnectException.class, e.getCause());
    assertTrue(System.nanoTime() - start < 5_000_000_000L, "retries took too long");
  }

  @Test
  void secondUrlIsTriedWhenTheFirstIsDown() {
    int closedPort = LocalPorts.unused();
    Map<String, Object> config = config();
    config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:" + closedPort + "," + server.url());
    serializeOne(config);
    assertEquals(1, server.requests().size());
  }

  private void serializeOne(Map<String, Object> config) {
    try (Serde<TextEvent> serde = textEvents(config)) {
      serde.serializer().serialize(TOPIC, TestRecords.textEvent("one"));
    }
  }

  private static String basic(String userInfo) {
    return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }
}
