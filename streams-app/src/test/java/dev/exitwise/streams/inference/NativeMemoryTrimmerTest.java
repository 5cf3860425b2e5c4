package dev.exitwise.streams.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NativeMemoryTrimmerTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicInteger trims = new AtomicInteger();

  @Test
  void trimsAtItsIntervalTimesEachTrimAndStopsOnClose() throws InterruptedException {
    try (NativeMemoryTrimmer trimmer = NativeMemoryTrimmer.start(Duration.ofMillis(20), registry, () -> {
      trims.incrementAndGet();
      return true;
    })) {
      assertTrue(trimmer.active());
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (trims.get() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertTrue(trims.get() >= 3, "trimmed " + trims.get() + " times");
    }
    int afterClose = trims.get();
    assertTrue(registry.get("exitwise.native.memory.trim").timer().count() >= 3);
    Thread.sleep(100);
    assertEquals(afterClose, trims.get(), "no trim after close");
  }

  @Test
  void aZeroIntervalNeverTrimsAndRegistersNothing() throws InterruptedException {
    try (NativeMemoryTrimmer trimmer = NativeMemoryTrimmer.start(Duration.ZERO, registry, () -> {
      trims.incrementAndGet();
      return true;
    })) {
      assertFalse(trimmer.active());
      Thread.sleep(50);
    }
    assertEquals(0, trims.get());
    assertNull(registry.find("exitwise.native.memory.trim").timer());
  }

  @Test
  void aFailingTrimStopsTrimmingAndDoesNotPropagate() throws InterruptedException {
    try (NativeMemoryTrimmer trimmer = NativeMemoryTrimmer.start(Duration.ofMillis(10), registry, () -> {
      trims.incrementAndGet();
      throw new UnsatisfiedLinkError("malloc_trim");
    })) {
      Thread.sleep(200);
      assertEquals(1, trims.get(), "tried once, then stopped");
    }
  }
}
