package dev.exitwise.bench.model;

import dev.exitwise.model.data.Split;
import dev.exitwise.model.exit.ExitPolicy;
import dev.exitwise.model.exit.FullDepth;
import dev.exitwise.model.exit.StaticExit;
import dev.exitwise.model.iapt.TenantAdapter;
import dev.exitwise.model.inference.EarlyExitEngine;
import dev.exitwise.model.inference.ExitwiseModel;
import dev.exitwise.model.inference.RowOutcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The cost of compaction: with rows that leave at known layers, is a batch's time within 10 % of the
 * ideal, full-depth time × mean exit layer / layers? An engine is built with four tenant slots that all hold the
 * same trained adapter; slot {@code k} has the policy {@code static(L(k+1)/4)} (3, 6, 9, 12 for 12 layers), and row
 * {@code i} of every batch goes to slot {@code i % 4}, so a quarter of each batch leaves at each of the four
 * layers and the survivors are compacted three times. The reference is the same engine, rows and slots at full
 * depth; batches of each configuration are interleaved, and the rows run {@code repeats} times.
 *
 * <p>Since every slot has the same weights, the rows' answers are those of the trained tenant; only the exit
 * layers are forced. Rows of several slots take the gathered (mixed-tenant) path in both configurations.
 */
public final class CompactionBench {
  /** Exit slots: a quarter of the rows leaves at each. */
  public static final int SLOTS = 4;

  /**
   * The measurement.
   *
   * @param batchSize rows per batch
   * @param rows rows per repeat
   * @param repeats how often the rows ran
   * @param layerCount the backbone's layers
   * @param exitLayers the known exit layers, one per slot
   * @param meanExitLayer the rows' mean exit layer
   * @param fullMillis full depth, summed over all batches
   * @param compactedMillis the known exits with compaction, summed over the same batches
   * @param uniformMillis every row leaving at {@code exitLayers[k]} (no compaction), for each slot's layer but the
   *     last: the depth-cost line the ideal assumes
   * @param rowsByConfiguration the measurements as JSON rows: full depth, the known exits, the uniform exits
   */
  public record Result(int batchSize, int rows, int repeats, int layerCount, int[] exitLayers, double meanExitLayer,
      double fullMillis, double compactedMillis, double[] uniformMillis, List<BenchRow> rowsByConfiguration) {

    /** Full-depth time × mean exit layer / layers. */
    public double idealMillis() {
      return fullMillis * meanExitLayer / layerCount;
    }

    /** Compacted over ideal time. */
    public double compactedOverIdeal() {
      return compactedMillis / idealMillis();
    }

    /** What compaction costs beyond the ideal, as a share of the ideal saving (target: at most 0.10). */
    public double overheadShareOfSaving() {
      return (compactedMillis - idealMillis()) / (fullMillis - idealMillis());
    }

    /** The measured saving as a share of the ideal saving. */
    public double savingAchieved() {
      return (fullMillis - compactedMillis) / (fullMillis - idealMillis());
    }

    /**
     * A least-squares line through (exit layer, time) of the uniform runs and full depth: {intercept, slope}, in
     * ms. The intercept is the depth-independent cost (tokenisation, embeddings, the batch set-up).
     */
    public double[] depthLine() {
      int n = uniformMillis.length + 1;
      double[] x = new double[n];
      double[] y = new double[n];
      for (int k = 0; k < uniformMillis.length; k++) {
        x[k] = exitLayers[k];
        y[k] = uniformMillis[k];
      }
      x[n - 1] = layerCount;
      y[n - 1] = fullMillis;
      double meanX = Arrays.stream(x).average().orElse(0);
      double meanY = Arrays.stream(y).average().orElse(0);
      double sxy = 0;
      double sxx = 0;
      for (int i = 0; i < n; i++) {
        sxy += (x[i] - meanX) * (y[i] - meanY);
        sxx += (x[i] - meanX) * (x[i] - meanX);
      }
      double slope = sxx == 0 ? 0 : sxy / sxx;
      return new double[] {meanY - slope * meanX, slope};
    }

    /** The depth line's time at the mean exit layer: the ideal once the depth-independent cost is allowed for. */
    public double affineIdealMillis() {
      double[] line = depthLine();
      return line[0] + line[1] * meanExitLayer;
    }
  }

  private CompactionBench() {}

  /** The known exit layer of each slot: L/4, L/2, 3L/4 and L, rounded, at least 1. */
  public static int[] exitLayers(int layerCount) {
    int[] out = new int[SLOTS];
    for (int k = 0; k < SLOTS; k++) {
      out[k] = Math.max(1, Math.round(layerCount * (k + 1) / (float) SLOTS));
    }
    return out;
  }

  /**
   * Runs the measurement on the GoEmotions test texts with the adapter of {@code tenant}.
   *
   * @param rows rows per repeat (cut to whole batches)
   * @throws IllegalStateException if a row does not leave at its slot's layer
   */
  public static Result run(ExitwiseModel model, String tenant, int batchSize, int rows, int repeats) {
    int layers = model.layerCount();
    int[] exits = exitLayers(layers);
    BenchTexts texts = BenchTexts.load(model, BenchTenants.PRIMARY, Split.TEST, rows);
    texts = texts.head(Math.max(batchSize, texts.size() / batchSize * batchSize));
    TenantAdapter adapter = model.engine().adapter(model.tenantIndex(tenant));
    int[] slots = new int[batchSize];
    for (int i = 0; i < batchSize; i++) {
      slots[i] = i % SLOTS;
    }
    List<IntFunction<ExitPolicy>> configurations = new ArrayList<>();
    ExitPolicy full = new FullDepth();
    configurations.add(slot -> full);
    ExitPolicy[] known = new ExitPolicy[SLOTS];
    for (int k = 0; k < SLOTS; k++) {
      known[k] = new StaticExit(exits[k]);
    }
    configurations.add(slot -> known[slot]);
    for (int k = 0; k < SLOTS - 1; k++) {
      ExitPolicy uniform = new StaticExit(exits[k]);
      configurations.add(slot -> uniform);
    }
    long[] nanos = new long[configurations.size()];
    List<List<Long>> batchNanos = new ArrayList<>();
    configurations.forEach(c -> batchNanos.add(new ArrayList<>()));
    try (EarlyExitEngine engine = new EarlyExitEngine(model.engine().backbone(),
        Collections.nCopies(SLOTS, adapter))) {
      List<String> all = texts.texts();
      runBatch(engine, all.subList(0, batchSize), slots, configurations.get(0)); // warm-up
      for (int repeat = 0; repeat < repeats; repeat++) {
        for (int start = 0, b = 0; start < all.size(); start += batchSize, b++) {
          List<String> batch = all.subList(start, start + batchSize);
          for (int k = 0; k < configurations.size(); k++) {
            int c = (k + b + repeat) % configurations.size();
            long started = System.nanoTime();
            List<RowOutcome> outcomes = runBatch(engine, batch, slots, configurations.get(c));
            long took = System.nanoTime() - started;
            nanos[c] += took;
            batchNanos.get(c).add(took);
            if (c == 1) {
              checkExits(outcomes, slots, exits);
            }
          }
        }
      }
    }
    double mean = Arrays.stream(slots).map(s -> exits[s]).average().orElse(layers);
    double[] uniform = new double[SLOTS - 1];
    for (int k = 0; k < uniform.length; k++) {
      uniform[k] = nanos[2 + k] / 1e6;
    }
    List<String> names = new ArrayList<>(List.of("full", "static" + Arrays.toString(exits).replace(" ", "")
        .replace('[', '(').replace(']', ')') + " by row"));
    List<Double> means = new ArrayList<>(List.of((double) layers, mean));
    for (int k = 0; k < SLOTS - 1; k++) {
      names.add("static(" + exits[k] + ")");
      means.add((double) exits[k]);
    }
    List<BenchRow> rowsOut = new ArrayList<>();
    for (int c = 0; c < configurations.size(); c++) {
      long[] micros = Percentiles.micros(batchNanos.get(c).stream().mapToLong(Long::longValue).toArray());
      int measured = texts.size() * repeats;
      rowsOut.add(new BenchRow("compaction", names.get(c), c == 0 ? "full" : "static", "DJL", BenchTenants.PRIMARY,
          batchSize, measured, measured / (nanos[c] / 1e9), means.get(c), null, Percentiles.of(micros, 50),
          Percentiles.of(micros, 99), nanos[0] / (double) nanos[c], null, null, null, null));
    }
    return new Result(batchSize, texts.size(), repeats, layers, exits, mean, nanos[0] / 1e6, nanos[1] / 1e6,
        uniform, rowsOut);
  }

  private static List<RowOutcome> runBatch(EarlyExitEngine engine, List<String> texts, int[] slots,
      IntFunction<ExitPolicy> policies) {
    return engine.run(texts, null, slots, policies, null);
  }

  private static void checkExits(List<RowOutcome> outcomes, int[] slots, int[] exits) {
    for (int i = 0; i < outcomes.size(); i++) {
      if (outcomes.get(i).exitLayer() != exits[slots[i]]) {
        throw new IllegalStateException("row " + i + " left at layer " + outcomes.get(i).exitLayer()
            + ", its slot's layer is " + exits[slots[i]]);
      }
    }
  }
}
