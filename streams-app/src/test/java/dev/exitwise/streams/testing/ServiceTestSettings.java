package dev.exitwise.streams.testing;

import dev.exitwise.streams.Topics;
import dev.exitwise.streams.config.ConfigSources;
import dev.exitwise.streams.config.ExitwiseConfig;
import dev.exitwise.streams.config.ServiceSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings the integration tests give an exitwise service or an {@code exitwise run}: the five topics of a test
 * as settings, {@code --set} arguments or environment variables, and the settings map of a service in this JVM.
 */
public final class ServiceTestSettings {
  private ServiceTestSettings() {}

  /** The five topics as the service's settings ({@code exitwise.topic.*}), in a fixed order. */
  public static Map<String, String> topics(Topics topics) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(ExitwiseConfig.TOPIC_TEXT_EVENTS, topics.textEvents());
    values.put(ExitwiseConfig.TOPIC_TEXT_LABELS, topics.textLabels());
    values.put(ExitwiseConfig.TOPIC_EXIT_TELEMETRY, topics.exitTelemetry());
    values.put(ExitwiseConfig.TOPIC_EXIT_DEPTH_STATS, topics.exitDepthStats());
    values.put(ExitwiseConfig.TOPIC_DEAD_LETTERS, topics.deadLetters());
    return values;
  }

  /** The five topics as the {@code --set key=value} arguments of {@code exitwise run}. */
  public static List<String> setArguments(Topics topics) {
    return setArguments(topics(topics));
  }

  /** Each setting as a {@code --set key=value} pair of arguments, in the map's order. */
  public static List<String> setArguments(Map<String, String> settings) {
    List<String> arguments = new ArrayList<>();
    settings.forEach((key, value) -> {
      arguments.add("--set");
      arguments.add(key + "=" + value);
    });
    return arguments;
  }

  /**
   * The environment of an {@code exitwise run} in a test (a mutable map, for a test to add to): its broker,
   * application id {@code name}, registry, Kafka Streams state directory and commit interval.
   */
  public static Map<String, String> runEnvironment(String bootstrapServers, String name, String registryUrl,
      Path stateDir, int commitIntervalMs) {
    return new HashMap<>(Map.of(
        "EXITWISE_BOOTSTRAP_SERVERS", bootstrapServers,
        "EXITWISE_APPLICATION_ID", name,
        "EXITWISE_SCHEMA_REGISTRY_URL", registryUrl,
        "EXITWISE_KAFKA_STATE_DIR", stateDir.toString(),
        "EXITWISE_KAFKA_COMMIT_INTERVAL_MS", String.valueOf(commitIntervalMs)));
  }

  /** The five topics as the environment variables ({@code EXITWISE_TOPIC_*}) a deployment sets. */
  public static Map<String, String> topicEnvironment(Topics topics) {
    return Map.of(
        "EXITWISE_TOPIC_TEXT_EVENTS", topics.textEvents(),
        "EXITWISE_TOPIC_TEXT_LABELS", topics.textLabels(),
        "EXITWISE_TOPIC_EXIT_TELEMETRY", topics.exitTelemetry(),
        "EXITWISE_TOPIC_EXIT_DEPTH_STATS", topics.exitDepthStats(),
        "EXITWISE_TOPIC_DEAD_LETTERS", topics.deadLetters());
  }

  /**
   * The settings of a service in this JVM (a mutable map, for a test to add to): its broker, application id
   * {@code name}, registry and state directory, commits every 100 ms, HTTP on an ephemeral port of 127.0.0.1, one
   * model thread and the test's topics.
   */
  public static Map<String, String> service(String bootstrapServers, String name, String registryUrl,
      Path stateDir, Topics topics) {
    Map<String, String> values = new HashMap<>();
    values.put("bootstrap.servers", bootstrapServers);
    values.put("application.id", name);
    values.put("schema.registry.url", registryUrl);
    values.put("state.dir", stateDir.toString());
    values.put("commit.interval.ms", "100");
    values.put(ExitwiseConfig.HTTP_HOST, "127.0.0.1");
    values.put(ExitwiseConfig.HTTP_PORT, "0");
    values.put(ExitwiseConfig.MODEL_THREADS, "1");
    values.putAll(topics(topics));
    return values;
  }

  /** The values as the service reads them, with no file and no environment. */
  public static ServiceSettings load(Map<String, String> values) {
    return ServiceSettings.from(ConfigSources.load(null, Map.of(), values));
  }
}
