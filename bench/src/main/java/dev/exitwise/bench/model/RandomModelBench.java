package dev.exitwise.bench.model;

import ai.djl.Device;
import dev.exitwise.model.data.Datasets;
import dev.exitwise.model.data.Split;
import dev.exitwise.model.eval.TextTable;
import dev.exitwise.model.inference.ExitwiseModel;
import dev.exitwise.model.inference.RandomModels;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Throughput of the classifier on a random-weight backbone of BGE-small's shape with a random adapter, so that it
 * runs where no weights file can go (a lent GPU machine): at each batch size, full depth, rows leaving at known
 * layers (a quarter each at 3, 6, 9 and 12, compacted as they leave) and every row leaving at 3, 6 or 9, the
 * configurations interleaved batch by batch ({@link CompactionBench} measures them). Every batch reads its logits
 * back to the host, so that a GPU's asynchronous work is inside the timing.
 */
public final class RandomModelBench {
  /** The seed of the random weights; the same on every device and engine, so parity checks can compare. */
  public static final long SEED = 7;

  private RandomModelBench() {}

  /**
   * The random model: BGE-small's shape, one tenant ({@link BenchTenants#PRIMARY}) with the labels of its packaged
   * data set, so that the benchmark's texts are that tenant's test texts.
   */
  public static ExitwiseModel model(Device device) {
    List<String> labels = Datasets.load(BenchTenants.PRIMARY, Split.TEST).labels();
    return RandomModels.model(RandomModels.BGE_SMALL_SHAPE, SEED, Map.of(BenchTenants.PRIMARY, labels), Map.of(),
        device);
  }

  /**
   * Measures one batch size.
   *
   * @param rows rows per configuration (at least one batch)
   * @param repeats how often the rows run
   * @return the measurement: full depth, the known exits by row, and every row leaving at 3, 6 and 9
   */
  public static CompactionBench.Result run(ExitwiseModel model, int batchSize, int rows, int repeats) {
    return CompactionBench.run(model, BenchTenants.PRIMARY, batchSize, Math.max(rows, batchSize), repeats);
  }

  /** A table of events/s, mean exit layer, batch latency and speed-up over full depth, batch by batch. */
  public static String table(List<CompactionBench.Result> results, boolean markdown) {
    TextTable.Builder table = TextTable.builder("batch", "configuration", "events/s", "mean exit layer",
        "p50 batch", "p99 batch", "vs full depth");
    for (CompactionBench.Result result : results) {
      for (BenchRow row : result.rowsByConfiguration()) {
        table.row(row.batchSize(), row.policy(), TextTable.fixed(row.eventsPerSecond(), 1),
            TextTable.fixed(row.meanExitLayer(), 2), millis(row.p50Micros()), millis(row.p99Micros()),
            TextTable.fixed(row.speedupVsFullDepth(), 2) + "x");
      }
    }
    return markdown ? table.build().markdown() : table.build().terminal();
  }

  private static String millis(long micros) {
    return String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
  }
}
