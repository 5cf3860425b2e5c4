package dev.exitwise.streams.batching;

/**
 * How the micro-batcher groups events.
 *
 * @param batchSize a batch is classified as soon as it holds this many events
 * @param maxWaitMillis or as soon as its oldest event has waited this long (wall-clock time)
 */
public record BatchingSettings(int batchSize, long maxWaitMillis) {
  /** The default batch size. */
  public static final int DEFAULT_BATCH_SIZE = 32;
  /** The default maximum wait. */
  public static final long DEFAULT_MAX_WAIT_MILLIS = 50;

  public BatchingSettings {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1: " + batchSize);
    }
    if (maxWaitMillis < 1) {
      throw new IllegalArgumentException("maxWaitMillis must be at least 1: " + maxWaitMillis);
    }
  }

  /**
   * How often the wall-clock punctuator looks at the oldest event: a quarter of the wait, at most 10 ms (so a
   * shutdown drain starts promptly even with a long wait; the check is one comparison), at least 1 ms.
   */
  public long punctuationIntervalMillis() {
    return Math.max(1, Math.min(10, maxWaitMillis / 4));
  }
}
