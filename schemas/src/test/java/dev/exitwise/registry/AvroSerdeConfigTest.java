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
        "basic.auth.credentials.source", "SASL"));
    assertMessageNames("basic.auth.user.info", Map.of("schema.registry.url", "mock://x",
        "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "no-colon"));
    assertMessageNames("bearer.auth.token", Map.of("schema.registry.url", "http://u:p@x",
        "bearer.auth.token", "t"));
    assertMessageNames("max.retries", Map.of("schema.registry.url", "mock://x", "max.retries", -1));
  }

  @Test
  void aRegistryKeyThisSerdeDoesNotImplementStopsStartUpNamingIt() {
    for (String key : List.of("latest.cache.ttl.sec", "use.schema.id", "normalize.schemas",
        "schema.registry.ssl.truststore.certificates", "bearer.auth.issuer.endpoint.url", "proxy.user")) {
      ConfigException e = assertThrows(ConfigException.class, () -> AvroSerdeConfig.parse(Map.of(
          "schema.registry.url", "https://registry:8081", key, "some-secret-value")));
      assertTrue(e.getMessage().contains(key) && e.getMessage().contains("not supported"), e.getMessage());
      assertTrue(!e.getMessage().contains("some-secret-value"), "values of unknown keys may be secrets");
    }
  }

  @Test
  void kafkaClientAndStreamsKeysAreLeftAlone() {
    SerdeSettings settings = AvroSerdeConfig.parse(Map.of("schema.registry.url", "http://registry:8081",
        "bootstrap.servers", "broker:9092", "ssl.truststore.location", "/no/such/file", "security.protocol", "SSL",
        "processing.guarantee", "exactly_once_v2", "consumer.max.poll.records", "10"));
    assertTrue(settings.registry().tls().isEmpty(), "the Kafka client's ssl.* keys are not the registry's");
  }

  @Test
  void useLatestVersionNeedsAutoRegisterOff() {
    assertMessageNames("use.latest.version", Map.of("schema.registry.url", "mock://x",
        "use.latest.version", "true"));
    assertTrue(AvroSerdeConfig.parse(Map.of("schema.registry.url", "mock://x", "use.latest.version", "true",
        "auto.register.schemas", "false", "latest.compatibility.strict", "true")).useLatestVersion());
    assertMessageNames("latest.compatibility.strict", Map.of("schema.registry.url", "mock://x",
        "latest.compatibility.strict", "false"));
  }

  @Test
  void proxyNeedsHostAndPort() {
    SerdeSettings settings = AvroSerdeConfig.parse(Map.of("schema.registry.url", "http://registry:8081",
        "proxy.host", "127.0.0.1", "proxy.port", "3128"));
    assertEquals(3128, settings.registry().proxy().orElseThrow().getPort());
    assertMessageNames("proxy.host", Map.of("schema.registry.url", "http://r", "proxy.port", "3128"));
    assertMessageNames("proxy.port", Map.of("schema.registry.url", "http://r", "proxy.host", "proxy"));
    assertMessageNames("proxy.port", Map.of("schema.registry.url", "http://r", "proxy.host", "proxy",
        "proxy.port", "70000"));
  }

  @Test
  void saslInheritTakesTheKafkaClientsPlainOrScramLogin() {
    for (String module : List.of("org.apache.kafka.common.security.plain.PlainLoginModule",
        "org.apache.kafka.common.security.scram.ScramLoginModule")) {
      SerdeSettings settings = AvroSerdeConfig.parse(Map.of("schema.registry.url", "https://registry",
          "basic.auth.credentials.source", "SASL_INHERIT", "sasl.jaas.config",
          module + " required username=\"svc-exitwise\" password=\"p:w\";"));
      assertEquals(new RegistryCredentials.Basic("svc-exitwise", "p:w"), settings.registry().credentials());
    }
  }

  @Test
  void saslInheritWithoutAUsableLoginNamesTheKeys() {
    assertMessageNames("sasl.jaas.config", Map.of("schema.registry.url", "https://registry",
        "basic.auth.credentials.source", "SASL_INHERIT"));
    ConfigException oauth = assertThrows(ConfigException.class, () -> AvroSerdeConfig.parse(Map.of(
        "schema.registry.url", "https://registry", "basic.auth.credentials.source", "SASL_INHERIT",
        "sasl.jaas.config", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;")));
    assertTrue(oauth.getMessage().contains("basic.auth.credentials.source")
        && oauth.getMessage().contains("no username and password"), oauth.getMessage());
  }

  @Test
  void registryTlsKeysNeedAnHttpsRegistry() {
    assertMessageNames("schema.registry.ssl.endpoint.identification.algorithm", Map.of(
        "schema.registry.url", "http://registry:8081", "schema.registry.ssl.endpoint.identification.algorithm", ""));
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
