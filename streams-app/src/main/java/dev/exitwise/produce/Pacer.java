package dev.exitwise.produce;

/**
 * A steady send rate: event {@code n} (0-based) is due {@code n / rate} seconds after the start. Due times follow
 * from the start and the count, not from the previous send, so a late send does not slow the ones after it (they
 * catch up) and the rate does not drift.
 */
public final class Pacer {
  private final double eventsPerSecond;
  private final long startNanos;

  /**
   * @param eventsPerSecond the target rate; must be positive
   * @param startNanos the {@link System#nanoTime()} of event 0
   * @throws IllegalArgumentException if the rate is not positive
   */
  public Pacer(double eventsPerSecond, long startNanos) {
    if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
      throw new IllegalArgumentException("rate must be a positive number of events per second: " + eventsPerSecond);
    }
    this.eventsPerSecond = eventsPerSecond;
    this.startNanos = startNanos;
  }

  /** The {@link System#nanoTime()} at which event {@code index} is due. */
  public long dueNanos(long index) {
    return startNanos + (long) (index * 1e9 / eventsPerSecond);
  }

  /** How long to wait, from {@code nowNanos}, before sending event {@code index}; 0 when it is due. */
  public long waitNanos(long index, long nowNanos) {
    return Math.max(0, dueNanos(index) - nowNanos);
  }

  /** Sleeps until event {@code index} is due. */
  public void awaitDue(long index) throws InterruptedException {
    long wait = waitNanos(index, System.nanoTime());
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }

  /** The target rate in events per second. */
  public double eventsPerSecond() {
    return eventsPerSecond;
  }
}
