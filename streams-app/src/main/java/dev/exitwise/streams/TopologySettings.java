package dev.exitwise.streams;

import dev.exitwise.streams.batching.BatchingSettings;
import dev.exitwise.streams.telemetry.StatsSettings;
import java.util.Objects;

/**
 * Everything that shapes the topology.
 *
 * @param topics the topic names
 * @param batching batch size and maximum wait
 * @param stats the statistics windows
 * @param maxTextBytes longer texts (in UTF-8 bytes) are dead letters; shorter long texts are truncated by the model
 * @param defaultTenant the tenant that classifies events naming none; empty for none (such events are dead letters)
 */
public record TopologySettings(Topics topics, BatchingSettings batching, StatsSettings stats, int maxTextBytes,
    String defaultTenant) {
  /** The default text size limit: 64 KiB. */
  public static final int DEFAULT_MAX_TEXT_BYTES = 64 * 1024;

  /**
   * The defaults: default topics, batches of 32 or 50 ms, 10 s windows with 2 s grace, 64 KiB texts, no default
   * tenant.
   */
  public static final TopologySettings DEFAULTS = new TopologySettings(Topics.DEFAULTS,
      new BatchingSettings(BatchingSettings.DEFAULT_BATCH_SIZE, BatchingSettings.DEFAULT_MAX_WAIT_MILLIS),
      new StatsSettings(StatsSettings.DEFAULT_WINDOW_SIZE, StatsSettings.DEFAULT_GRACE), DEFAULT_MAX_TEXT_BYTES, "");

  public TopologySettings {
    if (maxTextBytes < 1) {
      throw new IllegalArgumentException("maxTextBytes must be positive: " + maxTextBytes);
    }
    Objects.requireNonNull(defaultTenant, "defaultTenant");
  }

  /** These settings with other topics. */
  public TopologySettings withTopics(Topics newTopics) {
    return new TopologySettings(newTopics, batching, stats, maxTextBytes, defaultTenant);
  }

  /** These settings with other batching. */
  public TopologySettings withBatching(BatchingSettings newBatching) {
    return new TopologySettings(topics, newBatching, stats, maxTextBytes, defaultTenant);
  }

  /** These settings with other statistics windows. */
  public TopologySettings withStats(StatsSettings newStats) {
    return new TopologySettings(topics, batching, newStats, maxTextBytes, defaultTenant);
  }

  /** These settings with another default tenant ({@code ""} for none). */
  public TopologySettings withDefaultTenant(String newDefaultTenant) {
    return new TopologySettings(topics, batching, stats, maxTextBytes, newDefaultTenant);
  }
}
