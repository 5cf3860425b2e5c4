package dev.exitwise.streams.metrics;

import dev.exitwise.streams.deadletter.InfrastructureFailures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether the service is waiting for its infrastructure (a registry or broker that is away), why, and how long to
 * wait before the next try. While it waits, {@code /ready} says not ready and these meters say why:
 *
 * <ul>
 *   <li>{@code exitwise.infrastructure.waiting{reason}}: gauge, 1 while the service waits for that reason
 *   <li>{@code exitwise.infrastructure.retries{reason}}: counter of stream threads replaced after such a failure
 * </ul>
 *
 * <p>The wait doubles from {@link #INITIAL_BACKOFF} up to {@link #MAX_BACKOFF} while failures follow each other,
 * and starts again from the beginning once the pipeline has made progress. Thread-safe.
 */
public final class InfrastructureHealth {
  /** The wait before the first retry. */
  public static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
  /** The longest wait between retries. */
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private final AtomicReference<InfrastructureFailures.Kind> waitingFor = new AtomicReference<>();
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final Map<InfrastructureFailures.Kind, Counter> retries = new EnumMap<>(InfrastructureFailures.Kind.class);

  /** Registers the meters, one per kind of failure, up front. */
  public InfrastructureHealth(MeterRegistry registry) {
    for (InfrastructureFailures.Kind kind : InfrastructureFailures.Kind.values()) {
      Gauge.builder("exitwise.infrastructure.waiting", waitingFor, current -> current.get() == kind ? 1 : 0)
          .description("1 while the service waits for its infrastructure to come back, for this reason")
          .tag("reason", kind.code())
          .register(registry);
      retries.put(kind, Counter.builder("exitwise.infrastructure.retries")
          .description("Stream threads replaced, after a backoff, because of this infrastructure failure")
          .tag("reason", kind.code())
          .register(registry));
    }
  }

  /**
   * Records a failure that may heal and returns how long to wait before trying again.
   *
   * @return {@link #INITIAL_BACKOFF} doubled once per failure since the last progress, at most {@link #MAX_BACKOFF}
   */
  public Duration failed(InfrastructureFailures.Kind kind) {
    waitingFor.set(kind);
    retries.get(kind).increment();
    int failures = consecutiveFailures.incrementAndGet();
    long millis = INITIAL_BACKOFF.toMillis() << Math.min(failures - 1, 20);
    return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
  }

  /** The pipeline made progress: whatever was away is back. */
  public void progressed() {
    if (waitingFor.get() != null || consecutiveFailures.get() != 0) {
      consecutiveFailures.set(0);
      waitingFor.set(null);
    }
  }

  /** What the service waits for, if anything. */
  public Optional<InfrastructureFailures.Kind> waitingFor() {
    return Optional.ofNullable(waitingFor.get());
  }
}
