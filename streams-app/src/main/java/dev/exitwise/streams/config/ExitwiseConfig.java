package dev.exitwise.streams.config;

import dev.exitwise.model.runtime.DeviceChoice;
import dev.exitwise.model.runtime.Precision;
import dev.exitwise.streams.TopicFormats;
import dev.exitwise.streams.Topics;
import dev.exitwise.streams.TopologySettings;
import dev.exitwise.streams.batching.BatchingSettings;
import dev.exitwise.streams.slo.QualityFloors;
import dev.exitwise.streams.slo.SloSettings;
import dev.exitwise.streams.telemetry.StatsSettings;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * exitwise's own configuration keys, all under {@code exitwise.}, each declared once here with its type, default,
 * allowed values and documentation. Parsing validates every key and throws a {@link ConfigException} that names
 * the key, the value and what is allowed. Kafka's keys (client, Streams, SASL/SSL, registry) are not declared here:
 * they pass through to Kafka Streams and the serdes and are validated there (see {@link ServiceSettings}).
 */
public final class ExitwiseConfig extends AbstractConfig {
  /** The prefix of every exitwise key. */
  public static final String PREFIX = "exitwise.";

  public static final String TOPIC_TEXT_EVENTS = "exitwise.topic.text.events";
  private static final String TOPIC_TEXT_EVENTS_DOC = "Input topic of TextEvent records keyed by event id.";
  public static final String TOPIC_TEXT_LABELS = "exitwise.topic.text.labels";
  private static final String TOPIC_TEXT_LABELS_DOC = "Output topic of Classification records.";
  public static final String TOPIC_EXIT_TELEMETRY = "exitwise.topic.exit.telemetry";
  private static final String TOPIC_EXIT_TELEMETRY_DOC = "Output topic of ExitTelemetry records, one per event.";
  public static final String TOPIC_EXIT_DEPTH_STATS = "exitwise.topic.exit.depth.stats";
  private static final String TOPIC_EXIT_DEPTH_STATS_DOC =
      "Output topic of ExitDepthStats records, one per tenant and window.";
  public static final String TOPIC_DEAD_LETTERS = "exitwise.topic.dead.letters";
  private static final String TOPIC_DEAD_LETTERS_DOC = "Dead-letter topic for records that cannot be labelled; "
      + "becomes Kafka Streams' errors.dead.letter.queue.topic.name. The reason, exception, source topic, partition "
      + "and offset are in headers.";

  public static final String INPUT_FORMAT = "exitwise.input.format";
  private static final String INPUT_FORMAT_DOC = "How the input topic's TextEvents are encoded: avro (Confluent wire "
      + "format, with schema.registry.url) or json (a plain JSON object with the same fields, no registry). A "
      + "record that does not decode is a dead letter with reason undecodable.";
  public static final String OUTPUT_FORMAT = "exitwise.output.format";
  private static final String OUTPUT_FORMAT_DOC = "How text-labels, exit-telemetry and exit-depth-stats are "
      + "encoded: avro or json, as for exitwise.input.format. Dead letters keep the input record's bytes.";
  public static final String DEFAULT_TENANT = "exitwise.default.tenant";
  private static final String DEFAULT_TENANT_DOC = "The tenant that classifies events naming none (an empty tenant, "
      + "or the schema default 'default' when the model serves no tenant of that name); it must be one the model "
      + "serves. Empty: such events are dead letters with reason unknown-tenant.";

  public static final String BATCH_SIZE = "exitwise.batch.size";
  private static final String BATCH_SIZE_DOC = "The micro-batcher hands a batch to the model as soon as it holds "
      + "this many events.";
  public static final String BATCH_MAX_WAIT_MS = "exitwise.batch.max.wait.ms";
  private static final String BATCH_MAX_WAIT_MS_DOC = "...or as soon as its oldest event has waited this many "
      + "milliseconds and the model is free (wall-clock time; time the stream thread spends waiting for the model "
      + "does not count against an event).";
  public static final String TEXT_MAX_BYTES = "exitwise.text.max.bytes";
  private static final String TEXT_MAX_BYTES_DOC = "Texts longer than this many UTF-8 bytes are dead letters; "
      + "shorter texts longer than the model's token limit are truncated and still classified.";
  public static final String STATS_WINDOW_MS = "exitwise.stats.window.ms";
  private static final String STATS_WINDOW_MS_DOC = "Length of the tumbling processing-time windows of "
      + "exit-depth-stats, in milliseconds.";
  public static final String STATS_GRACE_MS = "exitwise.stats.grace.ms";
  private static final String STATS_GRACE_MS_DOC = "How late telemetry may arrive and still count in its window, "
      + "in milliseconds; a window is written once its end plus this has passed.";

  public static final String MODEL_DIR = "exitwise.model.dir";
  private static final String MODEL_DIR_DOC = "Directory of a trained exitwise model (manifest and adapter "
      + "weights); empty for the model committed with exitwise.";
  public static final String MODEL_DEVICE = "exitwise.model.device";
  private static final String MODEL_DEVICE_DOC = "Where the model runs: cpu, gpu, or auto (a GPU if there is one).";
  public static final String MODEL_PRECISION = "exitwise.model.precision";
  private static final String MODEL_PRECISION_DOC = "The arithmetic of the encoder's linear layers: fp32, or int8 "
      + "(weights and products in 8-bit integers, CPU only; faster, with the quality docs/results.md measures).";
  public static final String MODEL_THREADS = "exitwise.model.threads";
  private static final String MODEL_THREADS_DOC = "PyTorch intra-op threads of a model call; 0 (the default) takes "
      + "one per processor. Set it lower to leave cores to Kafka Streams and other work on the machine.";

  public static final String MODEL_RELOAD_INTERVAL_MS = "exitwise.model.reload.interval.ms";
  private static final String MODEL_RELOAD_INTERVAL_MS_DOC = "How often run reads the model directory's current "
      + "pointer; a newly published version is loaded beside the served one, checked (same backbone, adapters load, "
      + "a smoke classification) and swapped in between batches, without a restart (README, \"Changing the model "
      + "of a running service\"). 0 never looks. Has no effect on the committed default model.";

  public static final String MEMORY_TRIM_INTERVAL_MS = "exitwise.memory.trim.interval.ms";
  private static final String MEMORY_TRIM_INTERVAL_MS_DOC = "How often run hands the model's freed native memory "
      + "back to the system (glibc's malloc_trim; no effect with another C library). Without it the resident set "
      + "climbs for as long as the service runs, as the allocator's free space fragments; trimming costs a few "
      + "milliseconds on its own thread. 0 never trims.";

  public static final String HTTP_HOST = "exitwise.http.host";
  private static final String HTTP_HOST_DOC = "Address the /metrics, /health and /ready endpoints listen on.";
  public static final String HTTP_PORT = "exitwise.http.port";
  private static final String HTTP_PORT_DOC = "Port of the /metrics, /health and /ready endpoints; 0 picks a free "
      + "port.";
  public static final String DRAIN_TIMEOUT_MS = "exitwise.shutdown.drain.timeout.ms";
  private static final String DRAIN_TIMEOUT_MS_DOC = "On shutdown, how long to wait for the micro-batchers to "
      + "classify what they hold before closing; anything left is replayed by the next instance.";
  public static final String CLOSE_TIMEOUT_MS = "exitwise.shutdown.close.timeout.ms";
  private static final String CLOSE_TIMEOUT_MS_DOC = "On shutdown, how long Kafka Streams may take to commit and "
      + "close.";

  public static final String STARTUP_TIMEOUT_MS = "exitwise.startup.timeout.ms";
  private static final String STARTUP_TIMEOUT_MS_DOC = "How long exitwise run may take to become ready (Kafka "
      + "Streams RUNNING) after it starts; past this it logs why (probing a bootstrap server that answers in TLS to a "
      + "plaintext client, for instance) and exits 1, so that an orchestrator restarts or reports it instead of "
      + "waiting forever. Time spent waiting for an unavailable schema registry does not count: that wait is "
      + "reported on /ready and in exitwise_infrastructure_waiting. 0 waits forever.";
  public static final String STATIC_MEMBERSHIP = "exitwise.static.membership";
  private static final String STATIC_MEMBERSHIP_DOC = "When true and group.instance.id is not set, the instance "
      + "joins its consumer group as a static member with an id derived from the application id, the host name and "
      + "the state directory (claimed under a file lock there), so that a restart on the same host, after SIGTERM or "
      + "a crash, takes its partitions back at once; a clean stop then stays in the group. When false (or when the "
      + "state directory is in use by another process), a clean stop leaves the group and a crashed instance's "
      + "partitions wait for session.timeout.ms.";

  public static final String SLO_LATENCY_P99_MS = "exitwise.slo.latency.p99.ms";
  private static final String SLO_LATENCY_P99_MS_DOC = "Target p99 latency, per tenant, from an event's event time to "
      + "its output, in milliseconds. Set, it turns on the SLO controller: each tenant is served at full depth while "
      + "the target holds and moved to faster points of its calibrated front (calibrate records it) when the stream "
      + "falls behind, within its quality floor (exitwise.slo.max.drop.points); back deeper when it is calm again. "
      + "0 (the default) leaves it off, since no target can be guessed for a stream, and every tenant is served at its "
      + "calibrated policy. A tenant whose policy an operator pinned (exitwise tenants policy) is never moved.";
  public static final String SLO_LAG_MAX = "exitwise.slo.lag.max";
  private static final String SLO_LAG_MAX_DOC = "With a latency target: the input topic's consumer lag (records, "
      + "this instance's partitions together) above which every tenant steps shallower as if its latency were over "
      + "the target. 0: no lag bound.";
  public static final String SLO_MAX_DROP_POINTS = "exitwise.slo.max.drop.points";
  private static final String SLO_MAX_DROP_POINTS_DOC = "The quality floor of the SLO controller: the largest dev "
      + "macro-F1 drop from full depth, in points (1.0 = 0.01), that a tenant may be served at. One number for every "
      + "tenant, TENANT=POINTS for one, or both: 1.0,moderation=0 (a moderation tenant that may lose nothing).";
  public static final String SLO_WINDOW_MS = "exitwise.slo.window.ms";
  private static final String SLO_WINDOW_MS_DOC = "The SLO controller's measurement window, in milliseconds: at "
      + "the end of each it compares the window's p99 latency with the target and may step one point shallower.";
  public static final String SLO_DEEPER_AFTER_MS = "exitwise.slo.deeper.after.ms";
  private static final String SLO_DEEPER_AFTER_MS_DOC = "How long every window must be calm (p99 and lag under "
      + "exitwise.slo.deeper.margin of their bounds) before the SLO controller steps one point deeper, and again "
      + "before each further step; at least the window. The hysteresis that keeps it from flapping.";
  public static final String SLO_DEEPER_MARGIN = "exitwise.slo.deeper.margin";
  private static final String SLO_DEEPER_MARGIN_DOC = "The fraction of the latency target (and lag bound) under "
      + "which a window counts as calm.";
  public static final String SLO_STEP_RATIO = "exitwise.slo.step.ratio";
  private static final String SLO_STEP_RATIO_DOC = "The SLO controller steps between points of the front that "
      + "differ in layer speed-up by at least this factor; closer points are skipped.";

  /** Kafka's keys with a default chosen by exitwise (a user's value wins). */
  public static final Map<String, String> KAFKA_DEFAULTS = Map.of(
      "application.id", "exitwise",
      "processing.guarantee", "exactly_once_v2");

  /** The definition of every exitwise key. */
  public static final ConfigDef CONFIG_DEF = new ConfigDef()
      .define(TOPIC_TEXT_EVENTS, Type.STRING, Topics.DEFAULTS.textEvents(), new ConfigDef.NonEmptyString(),
          Importance.HIGH, TOPIC_TEXT_EVENTS_DOC)
      .define(TOPIC_TEXT_LABELS, Type.STRING, Topics.DEFAULTS.textLabels(), new ConfigDef.NonEmptyString(),
          Importance.HIGH, TOPIC_TEXT_LABELS_DOC)
      .define(TOPIC_EXIT_TELEMETRY, Type.STRING, Topics.DEFAULTS.exitTelemetry(), new ConfigDef.NonEmptyString(),
          Importance.MEDIUM, TOPIC_EXIT_TELEMETRY_DOC)
      .define(TOPIC_EXIT_DEPTH_STATS, Type.STRING, Topics.DEFAULTS.exitDepthStats(),
          new ConfigDef.NonEmptyString(), Importance.MEDIUM, TOPIC_EXIT_DEPTH_STATS_DOC)
      .define(TOPIC_DEAD_LETTERS, Type.STRING, Topics.DEFAULTS.deadLetters(), new ConfigDef.NonEmptyString(),
          Importance.HIGH, TOPIC_DEAD_LETTERS_DOC)
      .define(INPUT_FORMAT, Type.STRING, TopicFormats.DEFAULTS.input().configValue(),
          ConfigDef.CaseInsensitiveValidString.in(TopicFormats.Format.configValues()), Importance.HIGH,
          INPUT_FORMAT_DOC)
      .define(OUTPUT_FORMAT, Type.STRING, TopicFormats.DEFAULTS.output().configValue(),
          ConfigDef.CaseInsensitiveValidString.in(TopicFormats.Format.configValues()), Importance.HIGH,
          OUTPUT_FORMAT_DOC)
      .define(DEFAULT_TENANT, Type.STRING, "", Importance.MEDIUM, DEFAULT_TENANT_DOC)
      .define(BATCH_SIZE, Type.INT, BatchingSettings.DEFAULT_BATCH_SIZE, Range.between(1, 4096),
          Importance.HIGH, BATCH_SIZE_DOC)
      .define(BATCH_MAX_WAIT_MS, Type.LONG, BatchingSettings.DEFAULT_MAX_WAIT_MILLIS, Range.between(1, 60_000),
          Importance.HIGH, BATCH_MAX_WAIT_MS_DOC)
      .define(TEXT_MAX_BYTES, Type.INT, TopologySettings.DEFAULT_MAX_TEXT_BYTES, Range.between(1, 16 << 20),
          Importance.MEDIUM, TEXT_MAX_BYTES_DOC)
      .define(STATS_WINDOW_MS, Type.LONG, StatsSettings.DEFAULT_WINDOW_SIZE.toMillis(),
          Range.between(100, 86_400_000), Importance.MEDIUM, STATS_WINDOW_MS_DOC)
      .define(STATS_GRACE_MS, Type.LONG, StatsSettings.DEFAULT_GRACE.toMillis(), Range.between(0, 86_400_000),
          Importance.LOW, STATS_GRACE_MS_DOC)
      .define(MODEL_DIR, Type.STRING, "", Importance.HIGH, MODEL_DIR_DOC)
      .define(MODEL_DEVICE, Type.STRING, DeviceChoice.AUTO.configValue(),
          ConfigDef.CaseInsensitiveValidString.in(Arrays.stream(DeviceChoice.values()).map(DeviceChoice::configValue)
              .toArray(String[]::new)), Importance.MEDIUM, MODEL_DEVICE_DOC)
      .define(MODEL_PRECISION, Type.STRING, Precision.FP32.configValue(),
          ConfigDef.CaseInsensitiveValidString.in(Arrays.stream(Precision.values()).map(Precision::configValue)
              .toArray(String[]::new)), Importance.MEDIUM, MODEL_PRECISION_DOC)
      .define(MODEL_THREADS, Type.INT, 0, Range.between(0, 1024), Importance.MEDIUM, MODEL_THREADS_DOC)
      .define(MODEL_RELOAD_INTERVAL_MS, Type.LONG, 5_000L, Range.between(0, 86_400_000), Importance.MEDIUM,
          MODEL_RELOAD_INTERVAL_MS_DOC)
      .define(MEMORY_TRIM_INTERVAL_MS, Type.LONG, 10_000L, Range.between(0, 86_400_000), Importance.LOW,
          MEMORY_TRIM_INTERVAL_MS_DOC)
      .define(HTTP_HOST, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyString(), Importance.LOW, HTTP_HOST_DOC)
      .define(HTTP_PORT, Type.INT, 8080, Range.between(0, 65_535), Importance.MEDIUM, HTTP_PORT_DOC)
      .define(DRAIN_TIMEOUT_MS, Type.LONG, 5_000L, Range.between(0, 600_000), Importance.LOW,
          DRAIN_TIMEOUT_MS_DOC)
      .define(CLOSE_TIMEOUT_MS, Type.LONG, 30_000L, Range.between(1, 600_000), Importance.LOW,
          CLOSE_TIMEOUT_MS_DOC)
      .define(STARTUP_TIMEOUT_MS, Type.LONG, 120_000L, Range.between(0, 3_600_000), Importance.MEDIUM,
          STARTUP_TIMEOUT_MS_DOC)
      .define(STATIC_MEMBERSHIP, Type.BOOLEAN, true, Importance.MEDIUM, STATIC_MEMBERSHIP_DOC)
      .define(SLO_LATENCY_P99_MS, Type.LONG, SloSettings.OFF.latencyP99Millis(), Range.between(0, 3_600_000),
          Importance.MEDIUM, SLO_LATENCY_P99_MS_DOC)
      .define(SLO_LAG_MAX, Type.LONG, SloSettings.OFF.maxLag(), Range.atLeast(0), Importance.LOW, SLO_LAG_MAX_DOC)
      .define(SLO_MAX_DROP_POINTS, Type.STRING, "1.0", (name, value) -> {
        try {
          QualityFloors.parse(String.valueOf(value));
        } catch (IllegalArgumentException e) {
          throw new ConfigException(name, value, e.getMessage());
        }
      }, Importance.MEDIUM, SLO_MAX_DROP_POINTS_DOC)
      .define(SLO_WINDOW_MS, Type.LONG, SloSettings.DEFAULT_WINDOW.toMillis(), Range.between(100, 600_000),
          Importance.LOW, SLO_WINDOW_MS_DOC)
      .define(SLO_DEEPER_AFTER_MS, Type.LONG, SloSettings.DEFAULT_DEEPER_AFTER.toMillis(),
          Range.between(100, 3_600_000), Importance.LOW, SLO_DEEPER_AFTER_MS_DOC)
      .define(SLO_DEEPER_MARGIN, Type.DOUBLE, SloSettings.DEFAULT_DEEPER_MARGIN, Range.between(0.05, 1.0),
          Importance.LOW, SLO_DEEPER_MARGIN_DOC)
      .define(SLO_STEP_RATIO, Type.DOUBLE, SloSettings.DEFAULT_STEP_RATIO, Range.between(1.0, 100.0), Importance.LOW,
          SLO_STEP_RATIO_DOC);

  /**
   * Parses and validates the {@code exitwise.*} entries of {@code values}; other keys are ignored here.
   *
   * @throws ConfigException naming the key, value and what is allowed, for a bad value or an unknown
   *     {@code exitwise.*} key
   */
  public ExitwiseConfig(Map<String, ?> values) {
    super(CONFIG_DEF, checkKnown(values), false);
  }

  private static Map<String, ?> checkKnown(Map<String, ?> values) {
    for (String key : values.keySet()) {
      if (key.startsWith(PREFIX) && !CONFIG_DEF.names().contains(key)) {
        throw new ConfigException(key, values.get(key) instanceof Password ? "[hidden]" : values.get(key),
            "unknown exitwise key; the keys are " + CONFIG_DEF.names().stream().sorted().toList());
      }
    }
    return values;
  }

  /** The documentation of every key, as an HTML-free table for {@code --help} and the README. */
  public static String describeKeys() {
    StringBuilder out = new StringBuilder();
    for (ConfigDef.ConfigKey key : CONFIG_DEF.configKeys().values()) {
      out.append(String.format(Locale.ROOT, "  %-36s default %s%n      %s%n", key.name,
          key.defaultValue == null || "".equals(key.defaultValue) ? "(none)" : key.defaultValue,
          key.documentation));
    }
    return out.toString();
  }

  /** The names of every exitwise key. */
  public static List<String> keys() {
    return CONFIG_DEF.names().stream().sorted().toList();
  }
}
