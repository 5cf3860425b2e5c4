package dev.exitwise.registry;

/**
 * How often and how patiently the REST client retries a registry that is unreachable or answers 5xx: after
 * attempt {@code n} it waits {@code initialBackoffMillis * 2^(n-1)}, at most {@code maxBackoffMillis}.
 *
 * @param maxRetries retries after the first attempt; 0 fails at once
 * @param initialBackoffMillis the wait before the first retry
 * @param maxBackoffMillis the longest single wait
 */
public record RetryPolicy(int maxRetries, long initialBackoffMillis, long maxBackoffMillis) {

  /** Confluent's client defaults: 3 retries, 1 s doubling up to 20 s. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(3, 1000, 20_000);

  /** @throws IllegalArgumentException if a count or wait is negative */
  public RetryPolicy {
    if (maxRetries < 0 || initialBackoffMillis < 0 || maxBackoffMillis < 0) {
      throw new IllegalArgumentException("retry counts and waits must be >= 0: " + maxRetries + ", "
          + initialBackoffMillis + ", " + maxBackoffMillis);
    }
  }

  /**
   * @param retry 1 for the first retry
   * @return milliseconds to wait before that retry
   */
  public long backoffMillis(int retry) {
    int doublings = Math.min(Math.max(retry - 1, 0), 30);
    return Math.min(maxBackoffMillis, initialBackoffMillis << doublings);
  }
}
