package dev.exitwise.streams.slo;

import java.util.Arrays;

/**
 * The latencies of one tenant's events within the current measurement window, and their p99. Holds at most {@link
 * #CAPACITY} samples: past that it keeps every other one, so that a burst of any size costs bounded memory and the
 * percentile stays within a sample's width of the exact one. Not thread-safe.
 */
final class LatencyWindow {
  static final int CAPACITY = 8192;

  private long[] samples = new long[CAPACITY];
  private int size;
  private int keepEvery = 1;
  private long offered;

  /** Adds one event's latency. */
  void add(long latencyMillis) {
    if (offered++ % keepEvery != 0) {
      return;
    }
    if (size == CAPACITY) {
      for (int i = 0; i < CAPACITY / 2; i++) {
        samples[i] = samples[2 * i];
      }
      size = CAPACITY / 2;
      keepEvery *= 2;
    }
    samples[size++] = latencyMillis;
  }

  /** How many latencies were added since the last {@link #clear()}. */
  long count() {
    return offered;
  }

  /** The 99th percentile (nearest rank) of the window's latencies, or -1 when it has none. */
  long p99() {
    if (size == 0) {
      return -1;
    }
    long[] sorted = Arrays.copyOf(samples, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(0.99 * size);
    return sorted[Math.max(0, rank - 1)];
  }

  /** Starts a new window. */
  void clear() {
    size = 0;
    offered = 0;
    keepEvery = 1;
  }
}
