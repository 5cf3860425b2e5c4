package dev.exitwise.demo;

import org.HdrHistogram.Histogram;

/**
 * What the demo has seen of one tenant's output: labels, exit layers, end-to-end latencies and dead letters.
 * Not thread-safe: the demo's reading thread owns it.
 */
final class TenantTally {
  private final String tenant;
  private final long[] exitCounts;
  private final Histogram latencyMillis = new Histogram(3);
  private long labelled;
  private long exitLayerSum;
  private long deadLetters;

  TenantTally(String tenant, int layerCount) {
    this.tenant = tenant;
    this.exitCounts = new long[layerCount];
  }

  /** Counts one label; an exit layer outside {@code [1, layers]} is clamped (it cannot happen with a sane model). */
  void onLabel(int exitLayer, long latencyMillisValue) {
    int layer = Math.max(1, Math.min(exitCounts.length, exitLayer));
    exitCounts[layer - 1]++;
    exitLayerSum += layer;
    labelled++;
    latencyMillis.recordValue(Math.max(0, latencyMillisValue));
  }

  void onDeadLetter() {
    deadLetters++;
  }

  String tenant() {
    return tenant;
  }

  long labelled() {
    return labelled;
  }

  long deadLetters() {
    return deadLetters;
  }

  /** Labelled plus dead letters: every event of this tenant that has come out. */
  long accounted() {
    return labelled + deadLetters;
  }

  long[] exitCounts() {
    return exitCounts.clone();
  }

  /** The mean 1-based exit layer; NaN before the first label. */
  double meanExitLayer() {
    return labelled == 0 ? Double.NaN : (double) exitLayerSum / labelled;
  }

  /** A latency percentile in milliseconds; 0 before the first label. */
  long latencyPercentileMillis(double percentile) {
    return labelled == 0 ? 0 : latencyMillis.getValueAtPercentile(percentile);
  }

  /** All the given tallies as one, named {@code name}: counts and histograms added, latencies merged exactly. */
  static TenantTally merge(String name, int layerCount, Iterable<TenantTally> tallies) {
    TenantTally all = new TenantTally(name, layerCount);
    for (TenantTally tally : tallies) {
      for (int i = 0; i < Math.min(layerCount, tally.exitCounts.length); i++) {
        all.exitCounts[i] += tally.exitCounts[i];
      }
      all.exitLayerSum += tally.exitLayerSum;
      all.labelled += tally.labelled;
      all.deadLetters += tally.deadLetters;
      all.latencyMillis.add(tally.latencyMillis);
    }
    return all;
  }

  /** The summary of this tenant. */
  TenantSummary summary(long eventsIn, double seconds) {
    return new TenantSummary(tenant, eventsIn, labelled, deadLetters, seconds > 0 ? labelled / seconds : 0,
        meanExitLayer(), exitCounts(), latencyPercentileMillis(50), latencyPercentileMillis(99));
  }
}
