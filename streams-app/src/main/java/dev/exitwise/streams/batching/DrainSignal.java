package dev.exitwise.streams.batching;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets the service empty its micro-batchers before it closes.
 *
 * <p>Why not flush in {@code Processor.close()}: Kafka Streams commits a task before it closes its processors, so
 * records forwarded from {@code close()} land outside the task's last transaction; under exactly-once they are
 * aborted on shutdown and, on a rebalance, they may commit later with the next task's transaction while the new
 * owner already replays the same rows from the store (a duplicate). Instead, on shutdown the service calls {@link
 * #startDraining()}: every batcher then classifies what it holds at its next punctuation and each new event at
 * once, the service waits until {@link #pending()} reads zero, and only then closes Kafka Streams, whose final
 * commit covers the flushed output. Whatever is still pending after the drain timeout stays in the changelogged
 * store and is replayed by the next owner.
 */
public final class DrainSignal implements BatchObserver {
  private volatile boolean draining;
  private final AtomicLong pending = new AtomicLong();

  /** Asks every batcher to flush now and to stop waiting for full batches. */
  public void startDraining() {
    draining = true;
  }

  /** Whether the service is draining. */
  public boolean isDraining() {
    return draining;
  }

  /** Events waiting in all batchers of this instance. */
  public long pending() {
    return pending.get();
  }

  @Override
  public void onPendingChange(int delta) {
    pending.addAndGet(delta);
  }
}
