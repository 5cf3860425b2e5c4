package dev.exitwise.streams.inference;

import dev.exitwise.model.runtime.NativeMemory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Returns the model's freed native memory to the system at a fixed interval ({@link NativeMemory#trim}), so that the
 * resident set of a long-running service stays flat. Each trim is timed in {@code exitwise.native.memory.trim}.
 * Where the C library cannot trim, or the interval is zero, it does nothing and says so once.
 */
public final class NativeMemoryTrimmer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NativeMemoryTrimmer.class);

  private final ScheduledExecutorService scheduler;

  private NativeMemoryTrimmer(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  /**
   * Starts trimming every {@code interval} with glibc's {@code malloc_trim}.
   *
   * @param interval the time between trims; zero turns trimming off
   * @param registry where the trims' timer goes
   */
  public static NativeMemoryTrimmer start(Duration interval, MeterRegistry registry) {
    if (!interval.isZero() && !NativeMemory.trimAvailable()) {
      LOG.info("Native memory is not trimmed: this C library has no malloc_trim (GNU libc on Linux has)");
      return new NativeMemoryTrimmer(null);
    }
    return start(interval, registry, NativeMemory::trim);
  }

  /** As {@link #start(Duration, MeterRegistry)}, with {@code trim} doing the trimming (tests pass their own). */
  static NativeMemoryTrimmer start(Duration interval, MeterRegistry registry, BooleanSupplier trim) {
    if (interval.isZero()) {
      LOG.info("Native memory is not trimmed (exitwise.memory.trim.interval.ms=0)");
      return new NativeMemoryTrimmer(null);
    }
    Timer timer = Timer.builder("exitwise.native.memory.trim")
        .description("Time spent handing freed native memory back to the system (malloc_trim)")
        .register(registry);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "exitwise-memory-trim");
      thread.setDaemon(true);
      return thread;
    });
    long millis = interval.toMillis();
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        timer.record(trim::getAsBoolean);
      } catch (RuntimeException | LinkageError e) {
        // a trim that fails once would fail every time: stop, keep serving
        LOG.warn("Native memory trimming failed and stops: {}", e.toString());
        throw e;
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
    LOG.info("Native memory handed back to the system every {} ms (exitwise.memory.trim.interval.ms)", millis);
    return new NativeMemoryTrimmer(scheduler);
  }

  /** Whether trims are scheduled. */
  public boolean active() {
    return scheduler != null && !scheduler.isShutdown();
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
