package dev.exitwise.bench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The table only; the benchmark itself is run by hand (docs/performance.md), never in tests. */
class EncoderBenchTest {

  @Test
  void tablePivotsEnginesAndDepthsAndComparesThroughput() {
    List<EncoderBench.Row> rows =
        List.of(
            new EncoderBench.Row("DJL", 12, 8, 32, 80, 160),
            new EncoderBench.Row("DJL", 6, 8, 32, 40, 80),
            new EncoderBench.Row("ORT", 12, 8, 32, 100, 150));
    String table = EncoderBench.toMarkdown(rows);
    String[] lines = table.split("\n");
    assertEquals(3, lines.length);
    assertTrue(lines[0].startsWith("| tokens | batch | DJL 12 ms/batch"), lines[0]);
    assertEquals("| 32 | 8 | 80.0 | 100.0 | 160.0 | 40.0 | 200.0 | 80.0 | 100.0 | 80.0 | 150.0 | 1.25 | 0.94 |", lines[2]);
    assertEquals(100.0, rows.get(0).textsPerSecond(), 1e-9);
  }
}
