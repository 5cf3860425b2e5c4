package dev.exitwise.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AvroSerdeConfigTest {

  @Test
  void defaultsAreConfluents() {
    SerdeSettings settings = AvroSerdeConfig.parse(Map.of("schema.registry.url", "http://registry:8081"));
    assertTrue(settings.autoRegister());
    assertEquals(SubjectNameStrategy.TOPIC_NAME, settings.valueSubjectStrategy());
    assertEquals(RetryPolicy.DEFAULT, settings.registry().retry());
    assertInstanceOf(RegistryCredentials.None.class, settings.registry().credentials());
  }

  @Test
  void urlUserInfoBecomesBasicCredentialsAndLeavesTheUrl() {
    SerdeSettings settings = AvroSerdeConfig.parse(Map.of("schema.registry.url", "https://u:p@registry:8081/x"));
    assertEquals(List.of(URI.create("https://registry:8081/x")), settings.registry().urls());
    assertEquals(new RegistryCredentials.Basic("u", "p"), settings.registry().credentials());
  }

  @Test
  void confluentStrategyClassNamesAreAccepted() {
    SerdeSettings settings = AvroSerdeConfig.parse(Map.of("schema.registry.url", "mock://x",
        "value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy"));
    assertEquals(SubjectNameStrategy.RECORD_NAME, settings.valueSubjectStrategy());
    assertEquals("dev.exitwise.avro.TextEvent",
        settings.subject("t", false, dev.exitwise.avro.TextEvent.getClassSchema()));
  }

  @Test
  void invalidValuesNameTheKey() {
    assertMessageNames("schema.registry.url", Map.of());
    assertMessageNames("schema.registry.url", Map.of("schema.registry.url", "ftp://registry"));
    assertMessageNames("schema.registry.url", Map.of("schema.registry.url", "mock://a,http://b"));
    assertMessageNames("value.subject.name.strategy", Map.of("schema.registry.url", "mock://x",
        "value.subject.name.strategy", "MyStrategy"));
    assertMessageNames("basic.auth.credentials.source", Map.of("schema.registry.url", "mock://x",
        "basic.auth.credentials.source", "SASL_INHERIT"));
    assertMessageNames("basic.auth.user.info", Map.of("schema.registry.url", "mock://x",
        "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "no-colon"));
    assertMessageNames("bearer.auth.token", Map.of("schema.registry.url", "http://u:p@x",
        "bearer.auth.token", "t"));
    assertMessageNames("max.retries", Map.of("schema.registry.url", "mock://x", "max.retries", -1));
  }

  @Test
  void secretsAreNotPrinted() {
    assertEquals("Bearer[token=(hidden)]", new RegistryCredentials.Bearer("secret").toString());
    assertTrue(!new RegistryCredentials.Basic("u", "secret").toString().contains("secret"));
  }

  private static void assertMessageNames(String key, Map<String, Object> config) {
    ConfigException e = assertThrows(ConfigException.class, () -> AvroSerdeConfig.parse(config));
    assertTrue(e.getMessage().contains(key), e.getMessage());
  }
}
