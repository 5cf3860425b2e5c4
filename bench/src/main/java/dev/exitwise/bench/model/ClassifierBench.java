package dev.exitwise.bench.model;

import dev.exitwise.model.data.Split;
import dev.exitwise.model.encoder.Backbones;
import dev.exitwise.model.encoder.TextTokenizer;
import dev.exitwise.model.eval.EvaluationRun;
import dev.exitwise.model.eval.MultiLabelMetrics;
import dev.exitwise.model.eval.PolicyGrid;
import dev.exitwise.model.eval.Speedup;
import dev.exitwise.model.eval.ThresholdCalibration;
import dev.exitwise.model.exit.Divergence;
import dev.exitwise.model.exit.ExitPolicy;
import dev.exitwise.model.exit.FPabee;
import dev.exitwise.model.exit.FullDepth;
import dev.exitwise.model.exit.Pabee;
import dev.exitwise.model.exit.Reduction;
import dev.exitwise.model.inference.ExitwiseModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifier throughput and latency on real test texts, one process, one run: full
 * depth, static exits at 3, 6 and 9 layers, PABEE at its calibrated patience, F-PABEE at the calibrated point and
 * along its threshold sweep, and ONNX Runtime at full depth on the same backbone (its fp32 and its int8 file), at
 * several batch sizes; then mixed-tenant batches against one-tenant batches of the same rows. All configurations of
 * a phase are interleaved chunk by chunk ({@link Interleaved}); macro-F1 comes from the same run's predictions;
 * ratios are against full depth and both ONNX Runtime files measured in the same run.
 *
 * <p>Run it with {@code exitwise bench classifier} (see {@code docs/benchmarks.md}).
 */
public final class ClassifierBench {
  private static final Logger LOG = LoggerFactory.getLogger(ClassifierBench.class);

  /**
   * What to measure.
   *
   * @param rows primary-tenant rows (cut to whole chunks of the largest batch size)
   * @param batchSizes batch sizes of the policy comparison
   * @param sweepBatchSize the batch size of the F-PABEE threshold sweep and of the mixed-tenant phase
   * @param sweepThresholds the sweep's thresholds (at the calibrated patience)
   * @param batchOneEvery batch size 1 runs every this many chunks only (it is the slowest by far)
   * @param threads intra-op threads of ONNX Runtime (DJL's are set when its engine starts)
   * @param onnxRuntime whether to measure ONNX Runtime, fp32 and int8 (only for the default backbone)
   */
  public record Settings(int rows, List<Integer> batchSizes, int sweepBatchSize, List<Double> sweepThresholds,
      int batchOneEvery, int threads, boolean onnxRuntime) {

    public Settings {
      batchSizes = List.copyOf(batchSizes);
      sweepThresholds = List.copyOf(sweepThresholds);
    }

    /** 1,280 rows, batches 1, 8, 32 and 64, the whole sweep at 32, batch 1 on every fourth chunk. */
    public static Settings defaults(int threads) {
      return new Settings(1280, List.of(1, 8, 32, 64), 32, boxed(PolicyGrid.THRESHOLDS), 4, threads, true);
    }

    /** A smoke run: one chunk, every fourth sweep threshold. */
    public static Settings quick(int threads) {
      List<Double> thresholds = new ArrayList<>();
      for (int i = 0; i < PolicyGrid.THRESHOLDS.length; i += 4) {
        thresholds.add(PolicyGrid.THRESHOLDS[i]);
      }
      return new Settings(64, List.of(1, 8, 32, 64), 32, thresholds, 1, threads, true);
    }

    /** A copy with another row count. */
    public Settings withRows(int newRows) {
      return new Settings(newRows, batchSizes, sweepBatchSize, sweepThresholds, batchOneEvery, threads,
          onnxRuntime);
    }

    /** A copy with other batch sizes. */
    public Settings withBatchSizes(List<Integer> newBatchSizes) {
      return new Settings(rows, newBatchSizes, sweepBatchSize, sweepThresholds, batchOneEvery, threads,
          onnxRuntime);
    }

    private static List<Double> boxed(double[] values) {
      List<Double> out = new ArrayList<>();
      for (double value : values) {
        out.add(value);
      }
      return out;
    }
  }

  /**
   * The outcome.
   *
   * @param rows one per configuration, ratios filled in
   * @param fpabeePolicy the calibrated F-PABEE point of the primary tenant
   * @param pabeePolicy the calibrated PABEE policy of the primary tenant
   * @param pabeeNote empty, or why the PABEE policy is not the calibrated one
   * @param layerCount the backbone's layers
   * @param onnxRuntimeMeasured whether ONNX Runtime ran (the default backbone only)
   * @param seconds wall time of the whole measurement
   */
  public record Result(List<BenchRow> rows, String fpabeePolicy, String pabeePolicy, String pabeeNote, int layerCount,
      boolean onnxRuntimeMeasured, double seconds) {}

  private static final String DJL = "DJL";
  private static final String CONFIGURED = "configured";

  private ClassifierBench() {}

  /**
   * Runs the benchmark.
   *
   * @throws IllegalArgumentException when the model does not serve {@value #BenchTenants.PRIMARY}
   */
  public static Result run(ExitwiseModel model, Settings settings) {
    long started = System.nanoTime();
    int layers = model.layerCount();
    int chunkRows = settings.batchSizes().stream().reduce(settings.sweepBatchSize(), ClassifierBench::lcm);
    BenchTexts texts = BenchTexts.load(model, BenchTenants.PRIMARY, Split.TEST, settings.rows());
    texts = texts.head(Math.max(chunkRows, texts.size() / chunkRows * chunkRows));

    ExitPolicy configured = model.policy(BenchTenants.PRIMARY);
    FPabee calibrated = configured instanceof FPabee f ? f : new FPabee(Divergence.JSD, Reduction.MEAN, 0.01, 2);
    // full, static 3/6/9, the calibrated PABEE, the calibrated F-PABEE; a calibration that chose no PABEE
    // patience records "full" there, and PABEE is then shown at patience 3
    Map<String, ExitPolicy> unique = new LinkedHashMap<>();
    for (ExitPolicy policy : EvaluationRun.comparedPolicies(model, BenchTenants.PRIMARY)) {
      unique.putIfAbsent(policy.describe(), policy);
    }
    String pabeeNote = "";
    if (unique.values().stream().noneMatch(p -> p instanceof Pabee)) {
      Pabee fallback = new Pabee(3, 0.5f);
      unique.put(fallback.describe(), fallback);
      pabeeNote = " (the calibration chose no PABEE patience within its macro-F1 bound, so patience 3 is shown)";
    }
    unique.putIfAbsent(calibrated.describe(), calibrated);
    List<ExitPolicy> compared = List.copyOf(unique.values());
    String pabee = compared.stream().filter(p -> p instanceof Pabee).findFirst().orElseThrow().describe();

    boolean ortOn = settings.onnxRuntime() && Backbones.DEFAULT_ID.equals(model.manifest().backbone());
    List<BenchRow> rows = new ArrayList<>();
    try (OrtEncoder ort = ortOn ? new OrtEncoder(OrtEncoder.Precision.FP32, settings.threads()) : null;
        OrtEncoder ortInt8 = ortOn ? new OrtEncoder(OrtEncoder.Precision.INT8, settings.threads()) : null) {
      TextTokenizer tokenizer = model.engine().backbone().tokenizer();
      List<Interleaved.Configuration> configurations = new ArrayList<>();
      Map<String, Described> described = new LinkedHashMap<>();
      for (int batchSize : settings.batchSizes()) {
        int every = batchSize == 1 ? settings.batchOneEvery() : 1;
        for (ExitPolicy policy : compared) {
          add(configurations, described, model, policy, batchSize, every);
        }
        for (OrtEncoder peer : ortOn ? List.of(ort, ortInt8) : List.<OrtEncoder>of()) {
          OrtEncoder.Precision precision = peer.precision();
          String name = precision.policy() + "@" + batchSize;
          configurations.add(new Interleaved.Configuration(name, batchSize, false, every, batch -> {
            peer.forward(tokenizer.encode(batch.stream().map(r -> r.text()).toList(), null));
            return null;
          }));
          described.put(name, new Described(precision.policy(), precision.engine(), precision.engine(), batchSize,
              BenchTenants.PRIMARY));
        }
      }
      for (double tau : settings.sweepThresholds()) {
        FPabee point = new FPabee(calibrated.divergence(), calibrated.reduction(), tau, calibrated.patience());
        if (!described.containsKey(point.describe() + "@" + settings.sweepBatchSize())) {
          add(configurations, described, model, point, settings.sweepBatchSize(), 1);
        }
      }
      LOG.info("classifier bench: {} configurations over {} rows, chunks of {}", configurations.size(),
          texts.size(), chunkRows);
      Map<String, Interleaved.Tally> tallies =
          Interleaved.run(configurations, texts.requests(), texts.tenants(), chunkRows, true);
      for (Map.Entry<String, Interleaved.Tally> entry : tallies.entrySet()) {
        rows.add(toRow(model, described.get(entry.getKey()), entry.getValue(), texts, layers));
      }
    }
    if (model.tenants().contains(BenchTenants.SECOND)) {
      rows.addAll(mixedTenants(model, settings));
    }
    List<BenchRow> withRatios = ratios(rows);
    return new Result(withRatios, calibrated.describe(), pabee, pabeeNote, layers, ortOn,
        (System.nanoTime() - started) / 1e9);
  }

  /** Mixed-tenant batches against one-tenant batches of the same rows, at full depth and the configured policies. */
  private static List<BenchRow> mixedTenants(ExitwiseModel model, Settings settings) {
    int batchSize = settings.sweepBatchSize();
    int chunkRows = 2 * batchSize;
    BenchTexts primary = BenchTexts.load(model, BenchTenants.PRIMARY, Split.TEST, settings.rows());
    BenchTexts second = BenchTexts.load(model, BenchTenants.SECOND, Split.TEST, settings.rows());
    BenchTexts mixed = BenchTexts.alternate(primary, second);
    mixed = mixed.head(Math.max(chunkRows, mixed.size() / chunkRows * chunkRows));
    ExitPolicy[] own = new ExitPolicy[model.tenants().size()];
    for (String tenant : model.tenants()) {
      own[model.tenantIndex(tenant)] = model.policy(tenant);
    }
    ExitPolicy full = new FullDepth();
    List<Interleaved.Configuration> configurations = new ArrayList<>();
    Map<String, Described> described = new LinkedHashMap<>();
    for (String workload : List.of("mixed", "grouped")) {
      boolean grouped = workload.equals("grouped");
      IntFunction<ExitPolicy> fullOf = t -> full;
      IntFunction<ExitPolicy> ownOf = t -> own[t];
      configurations.add(new Interleaved.Configuration("full/" + workload, batchSize, grouped, 1,
          batch -> model.classify(batch, fullOf)));
      described.put("full/" + workload, new Described("full", "full", DJL, batchSize, workload));
      configurations.add(new Interleaved.Configuration(CONFIGURED + "/" + workload, batchSize, grouped, 1,
          batch -> model.classify(batch, ownOf)));
      described.put(CONFIGURED + "/" + workload, new Described(CONFIGURED, CONFIGURED, DJL, batchSize, workload));
    }
    LOG.info("mixed-tenant bench: {} configurations over {} rows", configurations.size(), mixed.size());
    Map<String, Interleaved.Tally> tallies =
        Interleaved.run(configurations, mixed.requests(), mixed.tenants(), chunkRows, true);
    List<BenchRow> rows = new ArrayList<>();
    for (Map.Entry<String, Interleaved.Tally> entry : tallies.entrySet()) {
      rows.add(toRow(model, described.get(entry.getKey()), entry.getValue(), mixed, model.layerCount()));
    }
    return rows;
  }

  /** The JSON identity of a configuration. */
  private record Described(String policy, String family, String engine, int batchSize, String workload) {}

  private static void add(List<Interleaved.Configuration> configurations, Map<String, Described> described,
      ExitwiseModel model, ExitPolicy policy, int batchSize, int every) {
    String name = policy.describe() + "@" + batchSize;
    IntFunction<ExitPolicy> policies = t -> policy;
    configurations.add(new Interleaved.Configuration(name, batchSize, false, every,
        batch -> model.classify(batch, policies)));
    described.put(name, new Described(policy.describe(), PolicyGrid.family(policy), DJL, batchSize,
        BenchTenants.PRIMARY));
  }

  private static BenchRow toRow(ExitwiseModel model, Described d, Interleaved.Tally tally, BenchTexts texts,
      int layers) {
    long[] micros = Percentiles.micros(tally.batchNanos());
    Double macroF1 = null;
    Map<String, Double> byTenant = null;
    double meanExit = layers;
    if (d.engine().equals(DJL)) {
      List<Integer> done = new ArrayList<>();
      for (int i = 0; i < texts.size(); i++) {
        if (tally.scores[i] != null) {
          done.add(i);
        }
      }
      meanExit = Speedup.meanExitLayer(done.stream().mapToInt(i -> tally.exitLayers[i]).toArray());
      byTenant = new LinkedHashMap<>();
      for (String tenant : texts.tenants().stream().distinct().toList()) {
        List<Integer> mine = done.stream().filter(i -> texts.tenants().get(i).equals(tenant)).toList();
        boolean[][] gold = mine.stream().map(i -> texts.gold()[i]).toArray(boolean[][]::new);
        float[][] thresholds = model.thresholds(tenant); // [exit layer - 1][label]
        boolean[][] predicted = mine.stream()
            .map(i -> ThresholdCalibration.apply(new float[][] {tally.scores[i]},
                thresholds[tally.exitLayers[i] - 1])[0])
            .toArray(boolean[][]::new);
        byTenant.put(tenant, MultiLabelMetrics.compute(gold, predicted).macroF1());
      }
      macroF1 = byTenant.get(BenchTenants.PRIMARY);
      if (byTenant.size() == 1) {
        byTenant = null;
      }
    }
    return new BenchRow("classifier", d.policy(), d.family(), d.engine(), d.workload(), d.batchSize(),
        tally.rowsRun, tally.eventsPerSecond(), meanExit, macroF1, Percentiles.of(micros, 50),
        Percentiles.of(micros, 99), null, null, null, byTenant, null);
  }

  /**
   * Fills in each row's speed-up against DJL full depth (same batch size and workload) and against each ONNX
   * Runtime file (same batch size).
   */
  public static List<BenchRow> ratios(List<BenchRow> rows) {
    List<BenchRow> out = new ArrayList<>();
    for (BenchRow row : rows) {
      Double full = over(row, rows, r -> r.engine().equals(DJL) && r.family().equals("full")
          && r.workload().equals(row.workload()));
      Double ort = over(row, rows, r -> r.engine().equals(OrtEncoder.Precision.FP32.engine()));
      Double ortInt8 = over(row, rows, r -> r.engine().equals(OrtEncoder.Precision.INT8.engine()));
      out.add(row.withRatios(full, ort, ortInt8));
    }
    return out;
  }

  /** {@code row}'s events/s over those of the first row at its batch size that {@code reference} accepts. */
  private static Double over(BenchRow row, List<BenchRow> rows, Predicate<BenchRow> reference) {
    return rows.stream().filter(r -> r.batchSize() == row.batchSize() && reference.test(r))
        .map(r -> row.eventsPerSecond() / r.eventsPerSecond()).findFirst().orElse(null);
  }

  private static int lcm(int a, int b) {
    int x = a;
    int y = b;
    while (y != 0) {
      int t = x % y;
      x = y;
      y = t;
    }
    return a / x * b;
  }
}
