package dev.exitwise.streams.telemetry;

import dev.exitwise.avro.ExitDepthStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The running statistics of one tenant's window: count, exit-layer histogram, a latency histogram (HdrHistogram,
 * two significant digits, so p50 and p99 are within 1 % of the exact values) and the exit policy of its last event. Mutable: Kafka Streams' aggregator
 * updates it in place and the store keeps its serialized form.
 */
public final class ExitDepthAccumulator {
  static final int LATENCY_DIGITS = 2;

  private long count;
  private long exitLayerSum;
  private long[] exitLayerCounts;
  private final Histogram latencyMicros;
  private String lastPolicy;

  /** An empty window. */
  public ExitDepthAccumulator() {
    this(0, 0, new long[0], newLatencyHistogram(), null);
  }

  ExitDepthAccumulator(long count, long exitLayerSum, long[] exitLayerCounts, Histogram latencyMicros,
      String lastPolicy) {
    this.count = count;
    this.exitLayerSum = exitLayerSum;
    this.exitLayerCounts = exitLayerCounts;
    this.latencyMicros = latencyMicros;
    this.lastPolicy = lastPolicy;
  }

  static Histogram newLatencyHistogram() {
    Histogram histogram = new Histogram(LATENCY_DIGITS);
    histogram.setAutoResize(true);
    return histogram;
  }

  /** Adds one event and returns this accumulator. */
  public ExitDepthAccumulator add(ExitSample sample) {
    int layer = sample.exitLayer();
    int layers = Math.max(sample.layerCount(), layer);
    if (layers > exitLayerCounts.length) {
      exitLayerCounts = Arrays.copyOf(exitLayerCounts, layers);
    }
    if (layer >= 1) {
      exitLayerCounts[layer - 1]++;
    }
    count++;
    exitLayerSum += layer;
    if (sample.policy() != null) {
      lastPolicy = sample.policy();
    }
    // ExitSample bounds the latency; the clamp keeps a sample from an older version within the histogram's range
    latencyMicros.recordValue(Math.min(Math.max(sample.latencyMillis(), 0), ExitSample.MAX_LATENCY_MILLIS) * 1_000);
    return this;
  }

  /**
   * The statistics of the window.
   *
   * @param windowStartMillis the window's start, inclusive
   * @param windowEndMillis the window's end, exclusive
   */
  public ExitDepthStats toStats(String tenant, long windowStartMillis, long windowEndMillis) {
    List<Long> histogram = new ArrayList<>(exitLayerCounts.length);
    for (long layerCount : exitLayerCounts) {
      histogram.add(layerCount);
    }
    double seconds = (windowEndMillis - windowStartMillis) / 1000.0;
    return ExitDepthStats.newBuilder()
        .setTenant(tenant)
        .setWindowStart(Instant.ofEpochMilli(windowStartMillis))
        .setWindowEnd(Instant.ofEpochMilli(windowEndMillis))
        .setCount(count)
        .setEventsPerSecond(seconds > 0 ? count / seconds : 0)
        .setMeanExitLayer(count > 0 ? (double) exitLayerSum / count : 0)
        .setExitLayerHistogram(histogram)
        .setLatencyP50Micros(count > 0 ? latencyMicros.getValueAtPercentile(50) : 0)
        .setLatencyP99Micros(count > 0 ? latencyMicros.getValueAtPercentile(99) : 0)
        .setPolicy(lastPolicy)
        .build();
  }

  long count() {
    return count;
  }

  long exitLayerSum() {
    return exitLayerSum;
  }

  long[] exitLayerCounts() {
    return exitLayerCounts;
  }

  Histogram latencyMicros() {
    return latencyMicros;
  }

  /** The policy of the last event added that named one, or null. */
  String lastPolicy() {
    return lastPolicy;
  }
}
