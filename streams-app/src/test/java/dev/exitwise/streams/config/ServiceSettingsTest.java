package dev.exitwise.streams.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.model.runtime.DeviceChoice;
import dev.exitwise.model.runtime.ExecutionChoice;
import dev.exitwise.model.runtime.Precision;
import dev.exitwise.streams.TopicFormats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceSettingsTest {
  private static final Map<String, String> MINIMAL = Map.of(
      "EXITWISE_BOOTSTRAP_SERVERS", "localhost:9092",
      "EXITWISE_SCHEMA_REGISTRY_URL", "http://localhost:8081");

  @TempDir
  Path dir;

  @Test
  void mapsEnvironmentVariablesToKeys() {
    assertEquals(Optional.of("bootstrap.servers"), ConfigSources.keyOfEnvironmentVariable("EXITWISE_BOOTSTRAP_SERVERS"));
    assertEquals(Optional.of("sasl.jaas.config"),
        ConfigSources.keyOfEnvironmentVariable("EXITWISE_KAFKA_SASL_JAAS_CONFIG"));
    assertEquals(Optional.of("exitwise.batch.size"), ConfigSources.keyOfEnvironmentVariable("EXITWISE_BATCH_SIZE"));
    // read by DjlRuntime itself, so it must not be taken for an unknown exitwise.* key
    assertEquals(Optional.empty(), ConfigSources.keyOfEnvironmentVariable("EXITWISE_DJL_CACHE_DIR"));
    assertEquals(Optional.of("exitwise.batch.max.wait.ms"),
        ConfigSources.keyOfEnvironmentVariable("EXITWISE_BATCH_MAX_WAIT_MS"));
    assertEquals(Optional.empty(), ConfigSources.keyOfEnvironmentVariable("PATH"));
  }

  @Test
  void defaultsAreExactlyOnceWithTheIssuesBatching() {
    ServiceSettings settings = ServiceSettings.from(ConfigSources.load(null, MINIMAL, Map.of()));
    assertTrue(settings.exactlyOnce());
    assertEquals("exitwise", settings.kafka().get("application.id"));
    assertEquals(32, settings.topology().batching().batchSize());
    assertEquals(50, settings.topology().batching().maxWaitMillis());
    assertEquals(64 * 1024, settings.topology().maxTextBytes());
    assertEquals("text-events-dlq", settings.topology().topics().deadLetters());
    assertNull(settings.modelDir());
    assertEquals(new ExecutionChoice(DeviceChoice.AUTO, Precision.FP32), settings.execution());
    assertEquals(Runtime.getRuntime().availableProcessors(), settings.modelThreads(), "one per processor");
  }

  @Test
  void thePrecisionIsASettingWhoseBadValuesNameTheKey() {
    ServiceSettings int8 = ServiceSettings.from(ConfigSources.load(null, MINIMAL,
        Map.of("exitwise.model.precision", "INT8", "exitwise.model.device", "cpu")));
    assertEquals(new ExecutionChoice(DeviceChoice.CPU, Precision.INT8), int8.execution());
    ConfigException bad = assertThrows(ConfigException.class, () -> ServiceSettings.from(ConfigSources.load(null,
        MINIMAL, Map.of("exitwise.model.precision", "bf16"))));
    assertTrue(bad.getMessage().contains("exitwise.model.precision"), bad.getMessage());
  }

  @Test
  void adminPropertiesKeepOnlyWhatAnAdminClientKnows() {
    ServiceSettings settings = ServiceSettings.from(ConfigSources.load(null, MINIMAL,
        Map.of("security.protocol", "SSL")));
    Properties admin = settings.adminProperties("exitwise-test");
    assertEquals("localhost:9092", admin.get("bootstrap.servers"));
    assertEquals("SSL", admin.get("security.protocol"));
    assertEquals("exitwise-test", admin.get("client.id"));
    assertNull(admin.get("processing.guarantee"), "a Streams key an admin client would log as unknown");
    assertNull(admin.get("schema.registry.url"));
  }

  @Test
  void theSloControllerIsOffUntilATargetIsSetAndItsFloorsAreParsedPerTenant() {
    ServiceSettings defaults = ServiceSettings.from(ConfigSources.load(null, MINIMAL, Map.of()));
    assertEquals(false, defaults.slo().enabled(), "no target can be guessed: off by default");

    ServiceSettings set = ServiceSettings.from(ConfigSources.load(null, MINIMAL, Map.of(
        "exitwise.slo.latency.p99.ms", "1500", "exitwise.slo.max.drop.points", "2.5,moderation=0",
        "exitwise.slo.window.ms", "2000")));
    assertTrue(set.slo().enabled());
    assertEquals(1500, set.slo().latencyP99Millis());
    assertEquals(Duration.ofSeconds(2), set.slo().window());
    assertEquals(0.0, set.slo().qualityFloors().maxDropPoints("moderation"));
    assertEquals(2.5, set.slo().qualityFloors().maxDropPoints("emotions"));
  }

  @Test
  void badSloSettingsAreRejectedNamingTheKey() {
    ConfigException floor = assertThrows(ConfigException.class, () -> ServiceSettings.from(ConfigSources.load(null,
        MINIMAL, Map.of("exitwise.slo.max.drop.points", "moderation=none"))));
    assertTrue(floor.getMessage().contains("exitwise.slo.max.drop.points")
        && floor.getMessage().contains("TENANT=POINTS"), floor.getMessage());
    ConfigException negative = assertThrows(ConfigException.class, () -> ServiceSettings.from(ConfigSources.load(
        null, MINIMAL, Map.of("exitwise.slo.max.drop.points", "-1"))));
    assertTrue(negative.getMessage().contains(">= 0"), negative.getMessage());
    ConfigException calm = assertThrows(ConfigException.class, () -> ServiceSettings.from(ConfigSources.load(null,
        MINIMAL, Map.of("exitwise.slo.window.ms", "10000", "exitwise.slo.deeper.after.ms", "5000"))));
    assertTrue(calm.getMessage().contains("exitwise.slo.deeper.after.ms")
        && calm.getMessage().contains("exitwise.slo.window.ms"), calm.getMessage());
  }

  @Test
  void modelThreadsAreTakenAsSetAndNegativeOnesAreRejected() {
    ServiceSettings three = ServiceSettings.from(ConfigSources.load(null, MINIMAL,
        Map.of("exitwise.model.threads", "3")));
    assertEquals(3, three.modelThreads());
    Map<String, String> environment = new HashMap<>(MINIMAL);
    environment.put("EXITWISE_MODEL_THREADS", "1");
    ServiceSettings fromEnvironment = ServiceSettings.from(ConfigSources.load(null, environment, Map.of()));
    assertEquals(1, fromEnvironment.modelThreads());
    assertMessage(Map.of("exitwise.model.threads", "-1"), "exitwise.model.threads");
  }

  @Test
  void fileThenEnvironmentThenCommandLineAndKafkaKeysPassThrough() throws Exception {
    Path file = dir.resolve("exitwise.properties");
    Files.writeString(file, String.join("\n",
        "exitwise.batch.size=8",
        "exitwise.batch.max.wait.ms=20",
        "processing.guarantee=at_least_once",
        "security.protocol=SASL_SSL",
        "sasl.mechanism=PLAIN",
        "basic.auth.user.info=user:secret"));
    Map<String, String> environment = new java.util.HashMap<>(MINIMAL);
    environment.put("EXITWISE_BATCH_SIZE", "16");
    ServiceSettings settings = ServiceSettings.from(ConfigSources.load(file, environment,
        Map.of("exitwise.stats.window.ms", "5000")));
    assertEquals(16, settings.topology().batching().batchSize(), "environment beats the file");
    assertEquals(20, settings.topology().batching().maxWaitMillis());
    assertEquals(Duration.ofSeconds(5), settings.topology().stats().windowSize());
    assertEquals("SASL_SSL", settings.kafka().get("security.protocol"));
    assertEquals("user:secret", settings.kafka().get("basic.auth.user.info"));
    assertTrue(!settings.exactlyOnce(), "at-least-once is selectable");
  }

  @Test
  void aBadValueNamesTheKeyTheValueWhatIsAllowedAndWhereItCameFrom() {
    Map<String, String> environment = new java.util.HashMap<>(MINIMAL);
    environment.put("EXITWISE_BATCH_SIZE", "0");
    ConfigException error = assertThrows(ConfigException.class,
        () -> ServiceSettings.from(ConfigSources.load(null, environment, Map.of())));
    assertTrue(error.getMessage().contains("exitwise.batch.size"), error.getMessage());
    assertTrue(error.getMessage().contains("0"), error.getMessage());
    assertTrue(error.getMessage().contains("at least 1"), error.getMessage());
    assertTrue(error.getMessage().contains("EXITWISE_BATCH_SIZE"), error.getMessage());
  }

  @Test
  void rejectsUnknownExitwiseKeysBadDevicesBadGuaranteesAndAMissingRegistry() {
    assertMessage(Map.of("exitwise.batch.sise", "8"), "exitwise.batch.sise");
    assertMessage(Map.of("exitwise.model.device", "tpu"), "exitwise.model.device");
    assertMessage(Map.of("processing.guarantee", "exactly_twice"), "processing.guarantee");
    assertMessage(Map.of("exitwise.model.dir", dir.resolve("missing").toString()), "not a directory");
    assertMessage(Map.of("exitwise.topic.text.labels", "text-events"), "distinct");
    ConfigException noRegistry = assertThrows(ConfigException.class, () -> ServiceSettings.from(
        ConfigSources.load(null, Map.of("EXITWISE_BOOTSTRAP_SERVERS", "localhost:9092"), Map.of())));
    assertTrue(noRegistry.getMessage().contains("schema.registry.url"), noRegistry.getMessage());
    ConfigException noBootstrap = assertThrows(ConfigException.class, () -> ServiceSettings.from(
        ConfigSources.load(null, Map.of("EXITWISE_SCHEMA_REGISTRY_URL", "mock://x"), Map.of())));
    assertTrue(noBootstrap.getMessage().contains("bootstrap.servers"), noBootstrap.getMessage());
  }

  @Test
  void topicFormatsAreAvroByDefaultAndJsonWhereSetInAnyCase() {
    ServiceSettings defaults = ServiceSettings.from(ConfigSources.load(null, MINIMAL, Map.of()));
    assertEquals(TopicFormats.DEFAULTS, defaults.formats());
    assertEquals("", defaults.topology().defaultTenant());

    Map<String, String> environment = new HashMap<>(MINIMAL);
    environment.put("EXITWISE_INPUT_FORMAT", "JSON");
    environment.put("EXITWISE_DEFAULT_TENANT", " emotions ");
    ServiceSettings json = ServiceSettings.from(ConfigSources.load(null, environment, Map.of()));
    assertEquals(new TopicFormats(TopicFormats.Format.JSON, TopicFormats.Format.AVRO), json.formats());
    assertEquals("emotions", json.topology().defaultTenant());
  }

  @Test
  void anUnknownFormatNamesTheKeyTheValueAndTheFormats() {
    Map<String, String> environment = new HashMap<>(MINIMAL);
    environment.put("EXITWISE_OUTPUT_FORMAT", "protobuf");
    ConfigException error = assertThrows(ConfigException.class,
        () -> ServiceSettings.from(ConfigSources.load(null, environment, Map.of())));
    for (String part : new String[] {"exitwise.output.format", "protobuf", "EXITWISE_OUTPUT_FORMAT", "AVRO", "JSON"}) {
      assertTrue(error.getMessage().contains(part), part + " in: " + error.getMessage());
    }
  }

  @Test
  void onlyJsonTopicsNeedNoRegistry() {
    Map<String, String> bootstrapOnly = Map.of("EXITWISE_BOOTSTRAP_SERVERS", "localhost:9092");
    ServiceSettings json = ServiceSettings.from(ConfigSources.load(null, bootstrapOnly,
        Map.of("exitwise.input.format", "json", "exitwise.output.format", "json")));
    assertTrue(!json.formats().needsRegistry());
    assertNull(json.kafka().get(ServiceSettings.SCHEMA_REGISTRY_URL));

    ConfigException avroOutput = assertThrows(ConfigException.class, () -> ServiceSettings.from(
        ConfigSources.load(null, bootstrapOnly, Map.of("exitwise.input.format", "json"))));
    assertTrue(avroOutput.getMessage().contains("schema.registry.url"), avroOutput.getMessage());
    assertTrue(avroOutput.getMessage().contains("exitwise.output.format=json"), avroOutput.getMessage());
    assertMessage(Map.of("exitwise.input.format", "json", "exitwise.output.format", "json",
        "schema.registry.url", "ftp://registry"), "http://, https:// or mock://");
  }

  private static void assertMessage(Map<String, String> overrides, String expected) {
    ConfigException error = assertThrows(ConfigException.class,
        () -> ServiceSettings.from(ConfigSources.load(null, MINIMAL, overrides)));
    assertTrue(error.getMessage().contains(expected), error.getMessage());
  }
}
