package dev.exitwise.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TenantTallyTest {
  @Test
  void countsExitLayersLatenciesAndDeadLetters() {
    TenantTally tally = new TenantTally("emotions", 4);
    tally.onLabel(1, 10);
    tally.onLabel(3, 30);
    tally.onLabel(3, 50);
    tally.onDeadLetter();
    TenantSummary summary = tally.summary(4, 2.0);
    assertArrayEquals(new long[] {1, 0, 2, 0}, summary.exitCounts());
    assertEquals(7.0 / 3, summary.meanExitLayer(), 1e-9);
    assertEquals(4 / (7.0 / 3), summary.layerSpeedup(), 1e-9);
    assertEquals(1.5, summary.eventsPerSecond(), 1e-9);
    assertEquals(30, summary.latencyP50Millis());
    assertEquals(50, summary.latencyP99Millis());
    assertTrue(summary.balanced());
    assertFalse(tally.summary(5, 2.0).balanced());
  }

  @Test
  void theTotalMergesLatenciesRatherThanTakingTheTenantsPercentiles() {
    TenantTally fast = new TenantTally("a", 2);
    TenantTally slow = new TenantTally("b", 2);
    for (int i = 0; i < 9; i++) {
      fast.onLabel(1, 10);
    }
    slow.onLabel(2, 1000);
    TenantSummary all = TenantTally.merge("all", 2, List.of(fast, slow)).summary(10, 1.0);
    assertEquals(10, all.labelled());
    assertArrayEquals(new long[] {9, 1}, all.exitCounts());
    assertEquals(1.1, all.meanExitLayer(), 1e-9);
    assertEquals(10, all.latencyP50Millis());
    assertEquals(1000, all.latencyP99Millis(), 1);
  }

  @Test
  void theSummaryTablesShowEveryTenantAndTheTotal() {
    TenantTally a = new TenantTally("emotions", 2);
    a.onLabel(1, 5);
    TenantTally b = new TenantTally("hostility", 2);
    b.onLabel(2, 7);
    DemoSummary summary = new DemoSummary(List.of(a.summary(1, 1), b.summary(1, 1)),
        TenantTally.merge("all", 2, List.of(a, b)).summary(2, 1), 1, 2, "test-model");
    String table = summary.table(false).terminal();
    assertTrue(table.contains("emotions") && table.contains("hostility") && table.lines().anyMatch(
        line -> line.startsWith("all")), table);
    String shares = summary.exitShareTable().terminal();
    assertTrue(shares.contains("100%") && shares.contains("L2"), shares);
    assertTrue(summary.balanced());
  }
}
