package dev.exitwise.streams.deadletter;

/** Told about every dead letter the handlers write, for metrics. Called on stream threads; must be thread-safe. */
@FunctionalInterface
public interface DeadLetterListener {
  /** A listener that does nothing. */
  DeadLetterListener NONE = (reason, tenant) -> {};

  /**
   * Called once per dead letter.
   *
   * @param tenant the record's tenant when it was known (decoded), otherwise {@code null}
   */
  void onDeadLetter(DeadLetterReason reason, String tenant);

  /** Called when the producer refused a dead letter and the record is skipped without one. */
  default void onDeadLetterLost() {}
}
