package dev.exitwise.streams.batching;

/** Told what the micro-batcher does, for metrics. Called on stream threads; must be thread-safe. */
public interface BatchObserver {
  /** An observer that does nothing. */
  BatchObserver NONE = new BatchObserver() {};

  /**
   * A batch went through the model.
   *
   * @param rows rows in the batch
   * @param inferenceMicros wall-clock time of the model call (with the row-by-row retry, if there was one)
   */
  default void onBatch(int rows, long inferenceMicros) {}

  /**
   * An event was classified.
   *
   * @param queueMicros how long it waited in the batcher
   */
  default void onClassified(String tenant, int exitLayer, long queueMicros, boolean truncated) {}

  /**
   * An event's outputs were forwarded.
   *
   * @param latencyMillis from the event's event time to now (clamped at 0 for an event time ahead of the clock)
   */
  default void onOutput(String tenant, long latencyMillis) {}

  /**
   * The stream thread took a batch's answer from its model thread.
   *
   * @param waitMicros how long the stream thread waited for it: zero when the model was done first; a total that
   *     grows with wall time means the model, not Kafka, sets the pace
   */
  default void onModelAnswer(long waitMicros) {}

  /** The number of events waiting in this batcher changed by {@code delta}. */
  default void onPendingChange(int delta) {}
}
