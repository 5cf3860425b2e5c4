package dev.exitwise.bench.model;

import java.util.Arrays;

/** Nearest-rank percentiles of latency samples. */
public final class Percentiles {
  private Percentiles() {}

  /**
   * The nearest-rank percentile: the smallest sample with at least {@code percent} % of the samples at or below it.
   *
   * @param samples any order; not modified
   * @param percent in (0, 100]
   * @return the sample, or 0 when there are none
   */
  public static long of(long[] samples, double percent) {
    if (!(percent > 0 && percent <= 100)) {
      throw new IllegalArgumentException("percent must be in (0, 100], was " + percent);
    }
    if (samples.length == 0) {
      return 0;
    }
    long[] sorted = samples.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /** Nanoseconds to whole microseconds. */
  public static long[] micros(long[] nanos) {
    return Arrays.stream(nanos).map(n -> n / 1_000).toArray();
  }
}
