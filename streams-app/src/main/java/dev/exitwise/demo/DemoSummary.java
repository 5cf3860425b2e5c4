package dev.exitwise.demo;

import dev.exitwise.model.eval.TextTable;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of a demo run, per tenant, and its rendering as the closing tables.
 *
 * @param tenants one entry per tenant, in the model's order
 * @param seconds from the first event sent to the last output read
 * @param layerCount the model's layer count
 * @param modelVersion the model that labelled
 */
public record DemoSummary(List<TenantSummary> tenants, double seconds, int layerCount, String modelVersion) {

  public DemoSummary {
    tenants = List.copyOf(tenants);
  }

  /** Whether every tenant's events all came out, as labels or dead letters. */
  public boolean balanced() {
    return tenants.stream().allMatch(TenantSummary::balanced);
  }

  /** All tenants together, as one more summary row named {@code all}. */
  public TenantSummary total() {
    long in = 0;
    long labelled = 0;
    long dead = 0;
    long[] exits = new long[layerCount];
    double layerSum = 0;
    long p50 = 0;
    long p99 = 0;
    for (TenantSummary tenant : tenants) {
      in += tenant.eventsIn();
      labelled += tenant.labelled();
      dead += tenant.deadLetters();
      long[] counts = tenant.exitCounts();
      for (int i = 0; i < counts.length && i < exits.length; i++) {
        exits[i] += counts[i];
        layerSum += (double) (i + 1) * counts[i];
      }
      // a percentile of the union is not a function of the parts' percentiles: show the worst tenant's
      p50 = Math.max(p50, tenant.latencyP50Millis());
      p99 = Math.max(p99, tenant.latencyP99Millis());
    }
    return new TenantSummary("all", in, labelled, dead, seconds > 0 ? labelled / seconds : 0,
        labelled == 0 ? Double.NaN : layerSum / labelled, exits, p50, p99);
  }

  /** The main table: per tenant and for all, counts, rate, exit depth, speed-up, latency, dead letters. */
  public TextTable table(boolean unicode) {
    TextTable.Builder table = TextTable.builder("tenant", "events in", "labelled", "dead letters", "events/s",
        "mean exit layer (of " + layerCount + ")", "layer speed-up", "exit layers 1-" + layerCount, "p50 latency", "p99 latency");
    List<TenantSummary> rows = new ArrayList<>(tenants);
    if (tenants.size() > 1) {
      rows.add(total());
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
