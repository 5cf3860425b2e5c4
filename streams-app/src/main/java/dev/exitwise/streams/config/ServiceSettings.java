package dev.exitwise.streams.config;

import dev.exitwise.model.runtime.DeviceChoice;
import dev.exitwise.model.runtime.ExecutionChoice;
import dev.exitwise.model.runtime.Precision;
import dev.exitwise.streams.TopicFormats;
import dev.exitwise.streams.Topics;
import dev.exitwise.streams.TopologySettings;
import dev.exitwise.streams.batching.BatchingSettings;
import dev.exitwise.streams.slo.QualityFloors;
import dev.exitwise.streams.slo.SloSettings;
import dev.exitwise.streams.telemetry.StatsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything {@code exitwise run} needs, built from configuration in this one place.
 *
 * @param topology topics, batching, windows, the text size limit and the default tenant
 * @param formats how the input and output topics are encoded ({@code exitwise.input.format},
 *     {@code exitwise.output.format})
 * @param kafka every key that is not {@code exitwise.*}: Kafka Streams, its clients (SASL/SSL included) and the
 *     registry serde, with exitwise's defaults ({@code application.id=exitwise},
 *     {@code processing.guarantee=exactly_once_v2}) where the user set none
 * @param modelDir the model directory, or {@code null} for the committed default model
 * @param execution where the model runs and in which precision
 * @param modelThreads PyTorch intra-op threads of a model call, at least 1 ({@code exitwise.model.threads}, with
 *     0 resolved to {@link #defaultModelThreads})
 * @param httpHost and {@code httpPort}: where {@code /metrics}, {@code /health} and {@code /ready} listen
 * @param drainTimeout how long shutdown waits for the micro-batchers to empty
 * @param closeTimeout how long Kafka Streams may take to close
 * @param staticMembership whether to derive a {@code group.instance.id} when none is set
 *     ({@code exitwise.static.membership})
 * @param startupTimeout how long {@code run} may take to become ready; zero for no limit
 * @param modelReloadInterval how often {@code run} looks for a newly published model version in the model directory;
 *     zero for never ({@code exitwise.model.reload.interval.ms})
 * @param memoryTrimInterval how often {@code run} hands freed native memory back to the system; zero for never
 *     ({@code exitwise.memory.trim.interval.ms})
 * @param slo the latency target and how the SLO controller moves ({@code exitwise.slo.*}); off unless a target is set
 */
public record ServiceSettings(TopologySettings topology, TopicFormats formats, Map<String, Object> kafka, Path modelDir,
    ExecutionChoice execution, int modelThreads, String httpHost, int httpPort, Duration drainTimeout, Duration closeTimeout,
    boolean staticMembership, Duration startupTimeout, Duration modelReloadInterval, Duration memoryTrimInterval,
    SloSettings slo) {

  /** The key of the registry URL, read by the Avro serde; needed only when a topic is Avro. */
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

  public ServiceSettings {
    kafka = Map.copyOf(kafka);
    if (modelThreads < 1) {
      throw new IllegalArgumentException("modelThreads must be at least 1: " + modelThreads);
    }
  }

  /**
   * One per processor. Leaving a core to the stream thread (which reads, forwards and commits while its model thread
   * classifies) measured no faster on 2 cores: the stream thread needs little CPU, and the model gains from the
   * second core (docs/performance.md, "The model thread").
   */
  public static int defaultModelThreads() {
    return Runtime.getRuntime().availableProcessors();
  }

  /**
   * Validates every setting and builds the settings.
   *
   * @throws ConfigException naming the bad key, its value, what is allowed, and where the value came from
   */
  public static ServiceSettings from(ConfigSources sources) {
    Map<String, String> values = sources.values();
    for (Map.Entry<String, String> entry : values.entrySet()) {
      ConfigDef.ConfigKey key = ExitwiseConfig.CONFIG_DEF.configKeys().get(entry.getKey());
      try {
        if (key != null) {
          Object parsed = ConfigDef.parseType(key.name, entry.getValue(), key.type);
          if (key.validator != null) {
            key.validator.ensureValid(key.name, parsed);
          }
        }
      } catch (ConfigException e) {
        throw from(sources, entry.getKey(), e);
      }
    }
    ExitwiseConfig config;
    try {
      config = new ExitwiseConfig(values);
    } catch (ConfigException e) {
      throw withOrigin(sources, e);
    }

    Topics topics;
    try {
      topics = new Topics(config.getString(ExitwiseConfig.TOPIC_TEXT_EVENTS),
          config.getString(ExitwiseConfig.TOPIC_TEXT_LABELS), config.getString(ExitwiseConfig.TOPIC_EXIT_TELEMETRY),
          config.getString(ExitwiseConfig.TOPIC_EXIT_DEPTH_STATS),
          config.getString(ExitwiseConfig.TOPIC_DEAD_LETTERS));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("exitwise.topic.*: " + e.getMessage());
    }
    TopologySettings topology = new TopologySettings(topics,
        new BatchingSettings(config.getInt(ExitwiseConfig.BATCH_SIZE),
            config.getLong(ExitwiseConfig.BATCH_MAX_WAIT_MS)),
        new StatsSettings(Duration.ofMillis(config.getLong(ExitwiseConfig.STATS_WINDOW_MS)),
            Duration.ofMillis(config.getLong(ExitwiseConfig.STATS_GRACE_MS))),
        config.getInt(ExitwiseConfig.TEXT_MAX_BYTES), config.getString(ExitwiseConfig.DEFAULT_TENANT).trim());
    TopicFormats formats = new TopicFormats(
        TopicFormats.Format.parse(config.getString(ExitwiseConfig.INPUT_FORMAT)),
        TopicFormats.Format.parse(config.getString(ExitwiseConfig.OUTPUT_FORMAT)));

    Map<String, Object> kafka = new TreeMap<>(ExitwiseConfig.KAFKA_DEFAULTS);
    values.forEach((key, value) -> {
      if (!key.startsWith(ExitwiseConfig.PREFIX)) {
        kafka.put(key, value);
      }
    });
    if (formats.needsRegistry() || kafka.containsKey(SCHEMA_REGISTRY_URL)) {
      checkRegistryUrl(sources, kafka.get(SCHEMA_REGISTRY_URL));
    }
    if (kafka.containsKey(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG)) {
      throw new ConfigException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
          kafka.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG),
          "set " + ExitwiseConfig.TOPIC_DEAD_LETTERS + " instead; exitwise derives this key from it");
    }
    try {
      Map<String, Object> asRun = new TreeMap<>(kafka);
      asRun.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
      new StreamsConfig(asRun);
    } catch (ConfigException e) {
      throw withOrigin(sources, e);
    }

    String modelDir = config.getString(ExitwiseConfig.MODEL_DIR);
    Path modelPath = modelDir == null || modelDir.isBlank() ? null : Path.of(modelDir);
    if (modelPath != null && !Files.isDirectory(modelPath)) {
      throw from(sources, ExitwiseConfig.MODEL_DIR,
          new ConfigException(ExitwiseConfig.MODEL_DIR, modelDir, "not a directory"));
    }
    return new ServiceSettings(topology, formats, kafka, modelPath,
        new ExecutionChoice(DeviceChoice.parse(config.getString(ExitwiseConfig.MODEL_DEVICE)),
            Precision.parse(config.getString(ExitwiseConfig.MODEL_PRECISION))),
        config.getInt(ExitwiseConfig.MODEL_THREADS) == 0 ? defaultModelThreads()
            : config.getInt(ExitwiseConfig.MODEL_THREADS),
        config.getString(ExitwiseConfig.HTTP_HOST), config.getInt(ExitwiseConfig.HTTP_PORT),
        Duration.ofMillis(config.getLong(ExitwiseConfig.DRAIN_TIMEOUT_MS)),
        Duration.ofMillis(config.getLong(ExitwiseConfig.CLOSE_TIMEOUT_MS)),
        config.getBoolean(ExitwiseConfig.STATIC_MEMBERSHIP),
        Duration.ofMillis(config.getLong(ExitwiseConfig.STARTUP_TIMEOUT_MS)),
        Duration.ofMillis(config.getLong(ExitwiseConfig.MODEL_RELOAD_INTERVAL_MS)),
        Duration.ofMillis(config.getLong(ExitwiseConfig.MEMORY_TRIM_INTERVAL_MS)), slo(sources, config));
  }

  /**
   * The settings of an admin client: those of {@link #kafka} an admin client knows (bootstrap servers, security,
   * timeouts), so it logs no unknown keys.
   *
   * @param clientId the client id, unless the settings name one
   */
  public Properties adminProperties(String clientId) {
    Properties properties = new Properties();
    Set<String> known = AdminClientConfig.configNames();
    kafka.forEach((key, value) -> {
      if (known.contains(key)) {
        properties.put(key, value);
      }
    });
    properties.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
    return properties;
  }

  private static SloSettings slo(ConfigSources sources, ExitwiseConfig config) {
    long window = config.getLong(ExitwiseConfig.SLO_WINDOW_MS);
    long deeperAfter = config.getLong(ExitwiseConfig.SLO_DEEPER_AFTER_MS);
    if (deeperAfter < window) {
      throw from(sources, ExitwiseConfig.SLO_DEEPER_AFTER_MS, new ConfigException(ExitwiseConfig.SLO_DEEPER_AFTER_MS,
          deeperAfter, "must be at least " + ExitwiseConfig.SLO_WINDOW_MS + " (" + window + ")"));
    }
    return new SloSettings(config.getLong(ExitwiseConfig.SLO_LATENCY_P99_MS), config.getLong(ExitwiseConfig.SLO_LAG_MAX),
        Duration.ofMillis(window), Duration.ofMillis(deeperAfter), config.getDouble(ExitwiseConfig.SLO_DEEPER_MARGIN),
        config.getDouble(ExitwiseConfig.SLO_STEP_RATIO),
        QualityFloors.parse(config.getString(ExitwiseConfig.SLO_MAX_DROP_POINTS)));
  }

  /** Whether {@code processing.guarantee} is exactly-once. */
  public boolean exactlyOnce() {
    return StreamsConfig.EXACTLY_ONCE_V2.equals(kafka.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
  }

  private static void checkRegistryUrl(ConfigSources sources, Object value) {
    if (value == null || value.toString().isBlank()) {
      throw new ConfigException("Missing required configuration \"" + SCHEMA_REGISTRY_URL
          + "\": the schema registry URL(s), comma-separated: http://host:port, https://..., or mock://scope for an "
          + "in-memory registry (set it in the file, with --set, or EXITWISE_SCHEMA_REGISTRY_URL); only JSON topics ("
          + ExitwiseConfig.INPUT_FORMAT + "=json and " + ExitwiseConfig.OUTPUT_FORMAT + "=json) need none");
    }
    for (String url : value.toString().split(",")) {
      String trimmed = url.trim();
      if (!(trimmed.startsWith("http://") || trimmed.startsWith("https://") || trimmed.startsWith("mock://"))
          || trimmed.endsWith("://")) {
        throw from(sources, SCHEMA_REGISTRY_URL, new ConfigException(SCHEMA_REGISTRY_URL, value,
            "each URL must start with http://, https:// or mock://"));
      }
    }
  }

  private static ConfigException from(ConfigSources sources, String key, ConfigException e) {
    return new ConfigException(e.getMessage() + " (from " + sources.origin(key) + ")");
  }

  private static ConfigException withOrigin(ConfigSources sources, ConfigException e) {
    String message = String.valueOf(e.getMessage());
    return sources.values().keySet().stream()
        .filter(key -> message.contains(key))
        .max(Comparator.comparingInt(String::length))
        .map(key -> from(sources, key, e))
        .orElse(e);
  }
}
