package dev.exitwise.streams.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code exitwise.process.resident.memory}: the process's resident set in bytes, from {@code /proc/self/status}
 * (Linux; NaN elsewhere). PyTorch's native memory lives outside the JVM heap, so heap metrics alone cannot show a
 * leak in the model; the resident set does (a long run must show a flat resident set, heap and native memory together).
 */
public final class ResidentMemoryMetrics implements MeterBinder {
  private static final Path STATUS = Path.of("/proc/self/status");

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("exitwise.process.resident.memory", ResidentMemoryMetrics::residentBytes)
        .description("Resident set size of the process (heap, native memory of the model, code), from /proc")
        .baseUnit("bytes")
        .register(registry);
  }

  /** The resident set in bytes, or NaN when {@code /proc/self/status} cannot be read. */
  public static double residentBytes() {
    try {
      return parseVmRss(Files.readAllLines(STATUS));
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** The {@code VmRSS:} line of a {@code /proc/<pid>/status} file in bytes, or NaN without one. */
  static double parseVmRss(List<String> statusLines) {
    for (String line : statusLines) {
      if (line.startsWith("VmRSS:")) {
        String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
        return Long.parseLong(parts[0]) * 1024.0; // the kernel writes kB
      }
    }
    return Double.NaN;
  }
}
