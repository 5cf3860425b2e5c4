package dev.exitwise.streams.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResidentMemoryMetricsTest {
  @Test
  void readsVmRssInBytes() {
    assertEquals(123_456 * 1024.0, ResidentMemoryMetrics.parseVmRss(List.of("Name:\tjava", "VmPeak:\t 999 kB",
        "VmRSS:\t  123456 kB", "Threads:\t42")));
    assertTrue(Double.isNaN(ResidentMemoryMetrics.parseVmRss(List.of("Name:\tjava"))));
    if (System.getProperty("os.name").startsWith("Linux")) {
      assertTrue(ResidentMemoryMetrics.residentBytes() > 10e6, "this JVM has a resident set");
    }
  }
}
