package dev.exitwise.streams.batching;

/**
 * The bookkeeping of a {@link MicroBatcher}'s buffer, apart from the store that holds the events: the next
 * arrival sequence number (the store key), how many events are in the store (waiting, with
 * the model, or answered and not yet forwarded), how many of them wait for the model ({@link #waiting()}), and the
 * key and arrival time of the oldest waiting one. Events are sent to the model in key order, so the waiting ones
 * are always the tail of the store from {@link #firstWaitingSequence()} on. Pure: no store, no clock.
 */
final class PendingQueue {
  private long nextSequence;
  private int pending;
  private int waiting;
  private long firstWaitingSequence;
  private long oldestWaitingSinceMillis;

  /** Events in the store not yet sent to the model. */
  int waiting() {
    return waiting;
  }

  /** The store key of the oldest event not yet sent to the model, where a batch starts. */
  long firstWaitingSequence() {
    return firstWaitingSequence;
  }

  /**
   * Counts an event found in the store when the task starts (restored from the changelog); call in key order,
   * then {@link #restored()}. Such events wait for the model again.
   */
  void restore(long sequence, long enqueuedAtMillis) {
    if (pending == 0) {
      firstWaitingSequence = sequence;
      oldestWaitingSinceMillis = enqueuedAtMillis;
    }
    pending++;
    waiting++;
    nextSequence = Math.max(nextSequence, sequence + 1);
  }

  /** Ends {@link #restore}; returns how many events were found. */
  int restored() {
    if (pending == 0) {
      firstWaitingSequence = nextSequence;
    }
    return pending;
  }

  /** Counts a new event that waits from {@code nowMillis}; returns its store key. */
  long add(long nowMillis) {
    if (waiting == 0) {
      oldestWaitingSinceMillis = nowMillis;
    }
    pending++;
    waiting++;
    return nextSequence++;
  }

  /**
   * Whether a batch should go to the model: some event waits, and there is a full batch, or the batcher is
   * draining, or the oldest has waited {@code maxWaitMillis}.
   */
  boolean due(int batchSize, boolean draining, long maxWaitMillis, long nowMillis) {
    return waiting > 0
        && (waiting >= batchSize || draining || nowMillis - oldestWaitingSinceMillis >= maxWaitMillis);
  }

  /**
   * Counts {@code rows} waiting events as sent to the model.
   *
   * @param nextWaitingSequence the key of the oldest event still waiting after them
   * @param nextWaitingSinceMillis when that one arrived
   */
  void sent(int rows, long nextWaitingSequence, long nextWaitingSinceMillis) {
    waiting -= rows;
    firstWaitingSequence = nextWaitingSequence;
    oldestWaitingSinceMillis = nextWaitingSinceMillis;
  }

  /** Counts {@code rows} waiting events as sent to the model, none waiting after them. */
  void sentAll(int rows) {
    waiting -= rows;
    firstWaitingSequence = nextSequence;
  }

  /** Counts {@code rows} events as forwarded and gone from the store. */
  void forwarded(int rows) {
    pending -= rows;
  }

  /** Forgets every event (they stay in the store for the task's next owner); returns how many there were. */
  int release() {
    int released = pending;
    pending = 0;
    waiting = 0;
    return released;
  }

  /** Whether the store holds no event of this batcher's. */
  boolean isEmpty() {
    return pending == 0;
  }
}
