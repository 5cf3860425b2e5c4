package dev.exitwise.demo;

import dev.exitwise.model.eval.TextTable;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of a demo run, per tenant, and its rendering as the closing tables.
 *
 * @param tenants one entry per tenant, in the model's order
 * @param total all tenants together, named {@code all} (latency percentiles of all events, not of the tenants')
 * @param seconds from the first event sent to the last output read
 * @param layerCount the model's layer count
 * @param modelVersion the model that labelled
 */
public record DemoSummary(List<TenantSummary> tenants, TenantSummary total, double seconds, int layerCount,
    String modelVersion) {

  public DemoSummary {
    tenants = List.copyOf(tenants);
  }

  /** Whether every tenant's events all came out, as labels or dead letters. */
  public boolean balanced() {
    return tenants.stream().allMatch(TenantSummary::balanced);
  }

  /** The main table: per tenant and for all, counts, rate, exit depth, speed-up, latency, dead letters. */
  public TextTable table(boolean unicode) {
    TextTable.Builder table = TextTable.builder("tenant", "events in", "labelled", "dead letters", "events/s",
        "mean exit layer (of " + layerCount + ")", "layer speed-up", "exit layers 1-" + layerCount, "p50 latency", "p99 latency");
    List<TenantSummary> rows = new ArrayList<>(tenants);
    if (tenants.size() > 1) {
      rows.add(total);
    }
    for (TenantSummary row : rows) {
      table.row(row.tenant(), row.eventsIn(), row.labelled(), row.deadLetters(),
          TextTable.fixed(row.eventsPerSecond(), 1),
          row.labelled() == 0 ? "-" : TextTable.fixed(row.meanExitLayer(), 2),
          row.labelled() == 0 ? "-" : TextTable.fixed(row.layerSpeedup(), 2) + "x",
          Sparkline.of(row.exitCounts(), unicode), row.latencyP50Millis() + " ms", row.latencyP99Millis() + " ms");
    }
    return table.build();
  }

  /** The share of each tenant's labels that left at each layer, in percent. */
  public TextTable exitShareTable() {
    String[] header = new String[layerCount + 1];
    header[0] = "exit layer share";
    for (int layer = 1; layer <= layerCount; layer++) {
      header[layer] = "L" + layer;
    }
    TextTable.Builder table = TextTable.builder(header);
    for (TenantSummary row : tenants) {
      Object[] cells = new Object[layerCount + 1];
      cells[0] = row.tenant();
      long[] counts = row.exitCounts();
      for (int layer = 1; layer <= layerCount; layer++) {
        long count = layer <= counts.length ? counts[layer - 1] : 0;
        cells[layer] = row.labelled() == 0 ? "-" : TextTable.fixed(100.0 * count / row.labelled(), 0) + "%";
      }
      table.row(cells);
    }
    return table.build();
  }
}
