package dev.exitwise.streams.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigException;

/**
 * Merges configuration from, lowest precedence first: a properties file, {@code EXITWISE_*} environment variables,
 * and command-line {@code --set KEY=VALUE} overrides.
 *
 * <p>Environment variables map to keys as follows (names are case-insensitive after the prefix; {@code _} becomes
 * {@code .}):
 *
 * <table>
 *   <caption>environment variables</caption>
 *   <tr><th>variable</th><th>key</th></tr>
 *   <tr><td>{@code EXITWISE_BOOTSTRAP_SERVERS}</td><td>{@code bootstrap.servers}</td></tr>
 *   <tr><td>{@code EXITWISE_APPLICATION_ID}</td><td>{@code application.id}</td></tr>
 *   <tr><td>{@code EXITWISE_PROCESSING_GUARANTEE}</td><td>{@code processing.guarantee}</td></tr>
 *   <tr><td>{@code EXITWISE_SCHEMA_REGISTRY_URL}</td><td>{@code schema.registry.url}</td></tr>
 *   <tr><td>{@code EXITWISE_KAFKA_<X>}</td><td>{@code <x>}, any Kafka client, Streams or serde key: {@code
 *       EXITWISE_KAFKA_SASL_JAAS_CONFIG} → {@code sasl.jaas.config}, {@code EXITWISE_KAFKA_BASIC_AUTH_USER_INFO} →
 *       {@code basic.auth.user.info}</td></tr>
 *   <tr><td>{@code EXITWISE_<X>}</td><td>{@code exitwise.<x>}: {@code EXITWISE_BATCH_SIZE} → {@code
 *       exitwise.batch.size}</td></tr>
 * </table>
 *
 * <p>A key's origin is kept, so an error can say where a bad value came from.
 */
public final class ConfigSources {
  /** The prefix of every environment variable exitwise reads. */
  public static final String ENV_PREFIX = "EXITWISE_";
  /** The prefix of environment variables passed to Kafka and the serdes as they are. */
  public static final String ENV_KAFKA_PREFIX = "EXITWISE_KAFKA_";
  /** Environment variables with a short name for a common Kafka or registry key. */
  public static final Map<String, String> ENV_ALIASES = Map.of(
      "EXITWISE_BOOTSTRAP_SERVERS", "bootstrap.servers",
      "EXITWISE_APPLICATION_ID", "application.id",
      "EXITWISE_PROCESSING_GUARANTEE", "processing.guarantee",
      "EXITWISE_SCHEMA_REGISTRY_URL", "schema.registry.url");

  private final Map<String, String> values = new TreeMap<>();
  private final Map<String, String> origins = new TreeMap<>();

  private ConfigSources() {}

  /**
   * Reads and merges the sources.
   *
   * @param file a properties file (UTF-8), or {@code null}
   * @param environment the process environment ({@code System.getenv()}); only {@code EXITWISE_*} is read
   * @param overrides command-line overrides
   * @throws ConfigException if the file cannot be read
   */
  public static ConfigSources load(Path file, Map<String, String> environment, Map<String, String> overrides) {
    ConfigSources sources = new ConfigSources();
    if (file != null) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new ConfigException("cannot read the configuration file " + file + ": " + e.getMessage());
      }
      for (String key : properties.stringPropertyNames()) {
        sources.put(key.trim(), properties.getProperty(key).trim(), "file " + file);
      }
    }
    new TreeMap<>(environment).forEach((name, value) ->
        keyOfEnvironmentVariable(name).ifPresent(key -> sources.put(key, value, "environment variable " + name)));
    if (overrides != null) {
      overrides.forEach((key, value) -> sources.put(key.trim(), value, "command line --set " + key));
    }
    return sources;
  }

  /** The key an environment variable sets, or empty if it is not an {@code EXITWISE_} variable. */
  public static Optional<String> keyOfEnvironmentVariable(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    if (!upper.startsWith(ENV_PREFIX) || upper.length() == ENV_PREFIX.length()
        || upper.equals(dev.exitwise.model.runtime.DjlRuntime.CACHE_DIR_ENV)) {
      return Optional.empty(); // the DJL cache folder is read by DjlRuntime before any configuration exists
    }
    if (ENV_ALIASES.containsKey(upper)) {
      return Optional.of(ENV_ALIASES.get(upper));
    }
    if (upper.startsWith(ENV_KAFKA_PREFIX) && upper.length() > ENV_KAFKA_PREFIX.length()) {
      return Optional.of(dotted(upper.substring(ENV_KAFKA_PREFIX.length())));
    }
    return Optional.of(ExitwiseConfig.PREFIX + dotted(upper.substring(ENV_PREFIX.length())));
  }

  private static String dotted(String name) {
    return name.toLowerCase(Locale.ROOT).replace('_', '.');
  }

  private void put(String key, String value, String origin) {
    values.put(key, value);
    origins.put(key, origin);
  }

  /** The merged values. */
  public Map<String, String> values() {
    return new LinkedHashMap<>(values);
  }

  /** Where a key's value came from ("file x.properties", "environment variable EXITWISE_BATCH_SIZE", ...). */
  public String origin(String key) {
    return origins.getOrDefault(key, "default");
  }
}
