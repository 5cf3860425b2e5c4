package dev.exitwise.streams.metrics;

import dev.exitwise.streams.batching.BatchObserver;
import dev.exitwise.streams.deadletter.DeadLetterListener;
import dev.exitwise.streams.deadletter.DeadLetterReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The service's own meters. Every meter is created up front, for the model's tenants and every dead-letter reason,
 * so that each series exists at 0 before its first event (a dashboard shows 0, not "No data", and {@code rate()}
 * counts the first event); a tenant the model does not serve gets its meters when it first appears, and an unknown
 * tenant of a dead letter is tagged {@code unknown}, so tags stay bounded.
 *
 * <ul>
 *   <li>{@code exitwise.events.classified{tenant}}: counter; events/s is its rate
 *   <li>{@code exitwise.events.truncated{tenant}}: counter of texts cut to the model's token limit
 *   <li>{@code exitwise.exit.layer{tenant}}: distribution with one bucket per layer
 *   <li>{@code exitwise.model.layers}: gauge of the model's layer count, the numerator of the layer speed-up (a
 *       gauge per instance, so that a dashboard takes its {@code max}, not a count of series that grows with
 *       every instance)
 *   <li>{@code exitwise.queue.time{tenant}}: timer of the wait in the micro-batcher, with percentile histogram
 *   <li>{@code exitwise.batch.size}: distribution, with buckets at powers of two
 *   <li>{@code exitwise.inference.time}: timer of one model call, with percentile histogram
 *   <li>{@code exitwise.dead.letters{reason,tenant}}: counter
 *   <li>{@code exitwise.dead.letters.lost}: counter of dead letters the producer refused
 *   <li>{@code exitwise.batcher.pending}: gauge of events waiting in the micro-batchers
 * </ul>
 *
 * <p>Latencies are histograms only: percentiles computed inside one instance cannot be combined across instances,
 * while {@code histogram_quantile} over the summed buckets can.
 */
public final class PipelineMetrics implements BatchObserver, DeadLetterListener {
  static final String UNKNOWN_TENANT = "unknown";

  private final MeterRegistry registry;
  private final int layerCount;
  private final Map<String, TenantMeters> tenants = new ConcurrentHashMap<>();
  private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
  private final DistributionSummary batchSize;
  private final Timer inferenceTime;
  private final Timer modelWait;
  private final AtomicLong pending = new AtomicLong();
  private final Counter deadLettersLost;

  /**
   * @param registry where the meters go
   * @param layerCount the model's layer count: the exit-layer buckets
   * @param maxBatchSize the largest batch: the batch-size buckets stop there
   * @param tenants the model's tenants, whose meters are created now
   */
  public PipelineMetrics(MeterRegistry registry, int layerCount, int maxBatchSize, Set<String> tenants) {
    this.registry = registry;
    this.layerCount = layerCount;
    this.batchSize = DistributionSummary.builder("exitwise.batch.size")
        .description("Rows per model call")
        .serviceLevelObjectives(powersOfTwoUpTo(maxBatchSize))
        .register(registry);
    this.inferenceTime = Timer.builder("exitwise.inference.time")
        .description("Wall-clock time of one model call")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
    this.modelWait = Timer.builder("exitwise.model.wait")
        .description("Time a stream thread waited for its model thread's answer to a batch (zero when it was done"
            + " first); its rate against wall time is the share of time the model sets the pace")
        .register(registry);
    this.deadLettersLost = Counter.builder("exitwise.dead.letters.lost")
        .description("Dead letters the producer refused: the record went on without one (see the ERROR log)")
        .register(registry);
    Gauge.builder("exitwise.batcher.pending", pending, AtomicLong::get)
        .description("Events waiting in the micro-batchers")
        .register(registry);
    Gauge.builder("exitwise.model.layers", () -> layerCount)
        .description("Encoder layers of the model this instance serves: the most an event can pass through")
        .register(registry);
    for (String tenant : tenants) {
      tenant(tenant);
    }
    Stream.concat(tenants.stream(), Stream.of(UNKNOWN_TENANT))
        .forEach(tenant -> Arrays.stream(DeadLetterReason.values()).forEach(reason -> deadLetter(reason, tenant)));
  }

  private static double[] powersOfTwoUpTo(int max) {
    return IntStream.iterate(1, n -> n <= Math.max(1, max), n -> n * 2).asDoubleStream().toArray();
  }

  @Override
  public void onBatch(int rows, long inferenceMicros) {
    batchSize.record(rows);
    inferenceTime.record(inferenceMicros, TimeUnit.MICROSECONDS);
  }

  @Override
  public void onClassified(String tenant, int exitLayer, long queueMicros, boolean truncated) {
    TenantMeters meters = tenant(tenant);
    meters.classified.increment();
    meters.exitLayer.record(exitLayer);
    meters.queueTime.record(queueMicros, TimeUnit.MICROSECONDS);
    if (truncated) {
      meters.truncated.increment();
    }
  }

  @Override
  public void onModelAnswer(long waitMicros) {
    modelWait.record(waitMicros, TimeUnit.MICROSECONDS);
  }

  @Override
  public void onPendingChange(int delta) {
    pending.addAndGet(delta);
  }

  @Override
  public void onDeadLetter(DeadLetterReason reason, String tenant) {
    deadLetter(reason, tenant == null ? UNKNOWN_TENANT : tenant).increment();
  }

  private Counter deadLetter(DeadLetterReason reason, String tenant) {
    return deadLetters.computeIfAbsent(reason.code() + '\u0000' + tenant, key -> Counter.builder(
            "exitwise.dead.letters")
        .description("Records sent to the dead-letter topic")
        .tag("reason", reason.code())
        .tag("tenant", tenant)
        .register(registry));
  }

  @Override
  public void onDeadLetterLost() {
    deadLettersLost.increment();
  }

  private TenantMeters tenant(String tenant) {
    return tenants.computeIfAbsent(tenant, name -> new TenantMeters(
        Counter.builder("exitwise.events.classified").description("Events classified").tag("tenant", name)
            .register(registry),
        Counter.builder("exitwise.events.truncated").description("Texts cut to the model's token limit")
            .tag("tenant", name).register(registry),
        DistributionSummary.builder("exitwise.exit.layer").description("The layer each event left the encoder at")
            .tag("tenant", name)
            .serviceLevelObjectives(IntStream.rangeClosed(1, Math.max(1, layerCount)).asDoubleStream().toArray())
            .register(registry),
        Timer.builder("exitwise.queue.time").description("Time an event waited in the micro-batcher")
            .tag("tenant", name)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry)));
  }

  private record TenantMeters(Counter classified, Counter truncated, DistributionSummary exitLayer,
      Timer queueTime) {}
}
