package dev.exitwise.model.eval;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.exitwise.model.data.Dataset;
import dev.exitwise.model.data.Split;
import dev.exitwise.model.exit.ExitPolicies;
import dev.exitwise.model.exit.ExitPolicy;
import dev.exitwise.model.exit.FPabee;
import dev.exitwise.model.exit.FullDepth;
import dev.exitwise.model.exit.Pabee;
import dev.exitwise.model.exit.StaticExit;
import dev.exitwise.model.inference.ExitwiseModel;
import dev.exitwise.model.inference.ModelManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code evaluate} command's work for one tenant and split: real runs of full depth, static exits at 3, 6
 * and 9 layers, PABEE at its calibrated patience and F-PABEE at the calibrated point, all in one process; plus,
 * for the plots, the whole policy grid replayed over one full-depth pass.
 */
public final class EvaluationRun {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper LINES = new ObjectMapper();

  private EvaluationRun() {}

  /**
   * A tenant's evaluation.
   *
   * @param tenant the tenant
   * @param split the split
   * @param policies the real runs, full depth first
   * @param sweep the grid replayed over cached logits (layer speed-up only), empty when not asked for
   * @param drops each policy but the first, by its description: the paired bootstrap of its macro-F1 drop from the
   *     first (full depth) on the same rows
   * @param baselines the predictors a useful tenant must beat, by name ({@link #MOST_FREQUENT_LABEL_SET}, {@link
   *     #EVERY_LABEL}), each with full depth's lead over it on these rows
   * @param rows the rows evaluated, over the tenant's labels
   */
  public record Report(String tenant, Split split, List<Evaluator.PolicyEvaluation> policies,
      List<OperatingPoint> sweep, Map<String, PairedBootstrap> drops, Map<String, Baseline> baselines, Dataset rows) {

    public Report {
      policies = List.copyOf(policies);
      sweep = List.copyOf(sweep);
      drops = Map.copyOf(drops);
      baselines = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(baselines));
    }

    /** The metrics of predicting every label on every row. */
    public MultiLabelMetrics alwaysOn() {
      return baselines.get(EVERY_LABEL).metrics();
    }
  }

  /** The name of the baseline that predicts every label on every row. */
  public static final String EVERY_LABEL = "(every label, every row)";
  /** The name of the baseline that predicts, on every row, the label set most frequent among the rows. */
  public static final String MOST_FREQUENT_LABEL_SET = "(most frequent label set, every row)";

  /**
   * The two baselines a useful tenant must beat, most frequent label set first, each with the paired bootstrap of
   * full depth's macro-F1 lead over it on the same rows.
   *
   * @param gold the rows' gold labels
   * @param fullDepth full depth's predictions of the same rows
   */
  public static Map<String, Baseline> baselines(boolean[][] gold, boolean[][] fullDepth) {
    Map<String, Baseline> out = new LinkedHashMap<>();
    out.put(MOST_FREQUENT_LABEL_SET, baseline(gold, fullDepth, mostFrequentLabelSet(gold)));
    out.put(EVERY_LABEL, baseline(gold, fullDepth, everyLabel(gold)));
    return out;
  }

  private static Baseline baseline(boolean[][] gold, boolean[][] fullDepth, boolean[][] predicted) {
    return new Baseline(MultiLabelMetrics.compute(gold, predicted),
        PairedBootstrap.macroF1Drop(gold, fullDepth, predicted));
  }

  /**
   * A baseline predictor's scores.
   *
   * @param metrics its metrics on the rows
   * @param fullDepthLead full depth's macro-F1 lead over it, with its 95 % interval: the bootstrap of the "drop"
   *     from full depth to the baseline, positive when full depth is better
   */
  public record Baseline(MultiLabelMetrics metrics, PairedBootstrap fullDepthLead) {}

  static boolean[][] everyLabel(boolean[][] gold) {
    boolean[][] every = new boolean[gold.length][];
    for (int row = 0; row < gold.length; row++) {
      every[row] = new boolean[gold[row].length];
      Arrays.fill(every[row], true);
    }
    return every;
  }

  /** The label set most frequent among the rows (ties: the first seen), predicted on every row. */
  static boolean[][] mostFrequentLabelSet(boolean[][] gold) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    Map<String, boolean[]> sets = new LinkedHashMap<>();
    for (boolean[] row : gold) {
      String key = Arrays.toString(row);
      counts.merge(key, 1, Integer::sum);
      sets.putIfAbsent(key, row);
    }
    String top = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    boolean[][] out = new boolean[gold.length][];
    for (int row = 0; row < gold.length; row++) {
      out[row] = sets.get(top).clone();
    }
    return out;
  }

  /** The policies a tenant is compared under: full, static 3/6/9 (within the depth), PABEE, F-PABEE. */
  public static List<ExitPolicy> comparedPolicies(ExitwiseModel model, String tenant) {
    List<ExitPolicy> policies = new ArrayList<>();
    policies.add(new FullDepth());
    for (int layer : new int[] {3, 6, 9}) {
      if (layer < model.layerCount()) {
        policies.add(new StaticExit(layer));
      }
    }
    ModelManifest.Tenant entry = model.manifest().tenant(tenant);
    Object pabee = entry.calibration() == null ? null : entry.calibration().get("pabeePolicy");
    policies.add(pabee == null ? new Pabee(3, 0.5f) : ExitPolicies.parse(pabee.toString()));
    ExitPolicy configured = model.policy(tenant);
    if (configured instanceof FPabee) {
      policies.add(configured);
    }
    // calibration records full depth as the PABEE point when no patience keeps within its budget: run each once
    java.util.Set<String> seen = new java.util.HashSet<>();
    policies.removeIf(policy -> !seen.add(policy.describe()));
    return policies;
  }

  /** Evaluates a tenant on the split its manifest records; {@code sweep} adds the replayed grid for plots. */
  public static Report run(ExitwiseModel model, String tenant, Split split, List<ExitPolicy> policies, int batchSize,
      boolean sweep) {
    return run(model, tenant, split, TenantSplits.recorded(), policies, batchSize, sweep);
  }

  /** Evaluates a tenant on a split from {@code splits}; {@code sweep} adds the replayed grid for plots. */
  public static Report run(ExitwiseModel model, String tenant, Split split, TenantSplits splits,
      List<ExitPolicy> policies, int batchSize, boolean sweep) {
    Dataset rows = splits.load(model.manifest().tenant(tenant), split);
    boolean[][] gold = rows.goldMatrix();
    List<Evaluator.PolicyEvaluation> evaluations = Evaluator.evaluate(model, tenant, rows, policies, batchSize);
    List<OperatingPoint> points = new ArrayList<>();
    if (sweep) {
      LayerLogits cache = LayerLogits.collect(model, tenant, rows, 64);
      float[][] thresholds = model.thresholds(tenant);
      List<ExitPolicy> grid = new ArrayList<>();
      grid.addAll(PolicyGrid.fpabee());
      grid.addAll(PolicyGrid.pabee());
      grid.addAll(PolicyGrid.staticExits(model.layerCount()));
      for (ExitPolicy policy : grid) {
        points.add(PolicyGrid.score(policy, cache, gold, thresholds));
      }
    }
    return new Report(tenant, split, evaluations, points, drops(gold, evaluations),
        baselines(gold, evaluations.get(0).predicted()), rows);
  }

  /**
   * The labels whose F1 under the first policy (full depth) is no better than predicting them on every row
   * (within {@link Calibrator#UNINFORMATIVE_MARGIN_F1}).
   */
  public static List<String> uninformativeLabels(Report report) {
    List<String> labels = report.rows().labels();
    return report.policies().get(0).metrics().labelsNoBetterThanAlwaysOn(Calibrator.UNINFORMATIVE_MARGIN_F1)
        .stream().map(labels::get).toList();
  }

  /** Bootstraps every policy's macro-F1 drop from the first one's, on the same rows. */
  static Map<String, PairedBootstrap> drops(boolean[][] gold, List<Evaluator.PolicyEvaluation> evaluations) {
    Map<String, PairedBootstrap> out = new LinkedHashMap<>();
    Evaluator.PolicyEvaluation reference = evaluations.get(0);
    for (Evaluator.PolicyEvaluation e : evaluations.subList(1, evaluations.size())) {
      out.put(e.policy(), PairedBootstrap.macroF1Drop(gold, reference.predicted(), e.predicted()));
    }
    return out;
  }

  /** The report as a terminal/markdown table. */
  public static TextTable table(Report report) {
    TextTable.Builder table = TextTable.builder("policy", "macro-F1", "drop (95 % interval)", "micro-F1",
        "subset acc", "Hamming", "mean exit", "layer speed-up", "wall speed-up", "rows/s");
    for (Evaluator.PolicyEvaluation e : report.policies()) {
      PairedBootstrap drop = report.drops().get(e.policy());
      table.row(e.policy(), TextTable.fixed(e.metrics().macroF1(), 4), drop == null ? "" : String.format(
          Locale.ROOT, "%.2f (%s)", drop.dropPoints(), drop.rangeText()),
          TextTable.fixed(e.metrics().microF1(), 4),
          TextTable.fixed(e.metrics().subsetAccuracy(), 4), TextTable.fixed(e.metrics().hammingLoss(), 4),
          TextTable.fixed(e.meanExitLayer(), 2), TextTable.fixed(e.layerSpeedup(), 2) + "x",
          TextTable.fixed(e.wallSpeedup(), 2) + "x", TextTable.fixed(e.rowsPerSecond(), 1));
    }
    for (Map.Entry<String, Baseline> baseline : report.baselines().entrySet()) {
      MultiLabelMetrics metrics = baseline.getValue().metrics();
      PairedBootstrap lead = baseline.getValue().fullDepthLead();
      table.row(baseline.getKey(), TextTable.fixed(metrics.macroF1(), 4), String.format(Locale.ROOT, "%.2f (%s)",
          lead.dropPoints(), lead.rangeText()), TextTable.fixed(metrics.microF1(), 4),
          TextTable.fixed(metrics.subsetAccuracy(), 4), TextTable.fixed(metrics.hammingLoss(), 4), "", "", "", "");
    }
    return table.build();
  }

  /**
   * Writes the JSON report: one object per policy with macroF1 (and, but for full depth, its drop from full depth
   * with the 95 % bootstrap interval), microF1, meanExitLayer, layerSpeedup, wallSpeedup, count, per-label F1.
   */
  public static void writeJson(List<Report> reports, Path file) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Report report : reports) {
      for (Evaluator.PolicyEvaluation e : report.policies()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("tenant", report.tenant());
        row.put("split", report.split().name().toLowerCase());
        row.put("policy", e.policy());
        row.put("family", e.family());
        row.put("count", e.metrics().count());
        row.put("macroF1", e.metrics().macroF1());
        PairedBootstrap drop = report.drops().get(e.policy());
        if (drop != null) {
          row.put("macroF1DropPoints", drop.dropPoints());
          row.put("macroF1DropLower95", drop.lowerPoints());
          row.put("macroF1DropUpper95", drop.upperPoints());
        }
        row.put("microF1", e.metrics().microF1());
        row.put("subsetAccuracy", e.metrics().subsetAccuracy());
        row.put("hammingLoss", e.metrics().hammingLoss());
        row.put("meanExitLayer", e.meanExitLayer());
        row.put("layerSpeedup", e.layerSpeedup());
        row.put("wallSeconds", e.wallSeconds());
        row.put("wallSpeedup", e.wallSpeedup());
        row.put("rowsPerSecond", e.rowsPerSecond());
        Map<String, Double> perLabel = new LinkedHashMap<>();
        List<String> labels = report.rows().labels();
        for (int j = 0; j < labels.size(); j++) {
          perLabel.put(labels.get(j), e.metrics().perLabel().get(j).f1());
        }
        row.put("perLabelF1", perLabel);
        out.add(row);
      }
    }
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      JSON.writeValue(file.toFile(), out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * The scores a manifest keeps of an evaluation: rows, the every-label baseline's macro-F1, and per policy its
   * macro- and micro-F1, mean exit layer and layer speed-up, with the date.
   */
  public static Map<String, Object> scores(Report report) {
    Map<String, Object> scores = new LinkedHashMap<>();
    scores.put("rows", report.rows().size());
    scores.put("everyLabelMacroF1", round(report.alwaysOn().macroF1()));
    Baseline majority = report.baselines().get(MOST_FREQUENT_LABEL_SET);
    scores.put("mostFrequentLabelSetMacroF1", round(majority.metrics().macroF1()));
    List<Map<String, Object>> policies = new ArrayList<>();
    for (Evaluator.PolicyEvaluation e : report.policies()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("policy", e.policy());
      row.put("macroF1", round(e.metrics().macroF1()));
      row.put("microF1", round(e.metrics().microF1()));
      row.put("meanExitLayer", round(e.meanExitLayer()));
      row.put("layerSpeedup", round(e.layerSpeedup()));
      policies.add(row);
    }
    scores.put("policies", policies);
    scores.put("evaluatedAt", java.time.Instant.now().toString());
    return scores;
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }

  /**
   * Writes one JSON object per row: its id, text, gold labels, the labels and exit layer of the last policy of the
   * report (the tenant's configured policy when it was compared, full depth otherwise), and full depth's labels.
   */
  public static void writePredictions(Report report, Path file) {
    Evaluator.PolicyEvaluation policy = report.policies().get(report.policies().size() - 1);
    List<String> labels = report.rows().labels();
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      try (var out = Files.newBufferedWriter(file)) {
        for (int i = 0; i < report.rows().size(); i++) {
          var row = report.rows().rows().get(i);
          Map<String, Object> line = new LinkedHashMap<>();
          line.put("id", row.id());
          line.put("tenant", report.tenant());
          line.put("text", row.text());
          line.put("gold", java.util.Arrays.stream(row.labelIds()).mapToObj(labels::get).toList());
          line.put("predicted", names(policy.predicted()[i], labels));
          line.put("policy", policy.policy());
          line.put("exitLayer", policy.exitLayers()[i]);
          line.put("fullDepth", names(report.policies().get(0).predicted()[i], labels));
          out.write(LINES.writeValueAsString(line));
          out.newLine();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static List<String> names(boolean[] predicted, List<String> labels) {
    List<String> names = new ArrayList<>();
    for (int j = 0; j < labels.size(); j++) {
      if (predicted[j]) {
        names.add(labels.get(j));
      }
    }
    return names;
  }

  /** Draws macro-F1 against layer speed-up for each policy family, and the exit-layer histograms. */
  public static void writePlots(Report report, int layers, Path directory) {
    String name = report.tenant() + "-" + report.split().name().toLowerCase();
    List<OperatingPoint> points = new ArrayList<>(report.sweep());
    OperatingPoint chosen = null;
    List<ExitHistogram> histograms = new ArrayList<>();
    for (Evaluator.PolicyEvaluation e : report.policies()) {
      OperatingPoint measured = new OperatingPoint(e.family(), Map.of(), e.layerSpeedup(), e.metrics().macroF1(),
          e.metrics().microF1(), e.meanExitLayer());
      if (e.family().equals("F-PABEE")) {
        chosen = measured;
      }
      if (report.sweep().isEmpty() || e.family().equals("full")) {
        points.add(measured);
      }
      if (!e.family().equals("full")) {
        histograms.add(ExitHistogram.fromExitLayers(e.policy(), e.exitLayers(), layers));
      }
    }
    Plots.speedQuality(points, chosen, report.tenant() + " (" + report.split().name().toLowerCase()
        + "): macro-F1 against layer speed-up", directory.resolve(name + "-pareto.png"));
    Plots.exitHistogram(histograms, report.tenant() + " (" + report.split().name().toLowerCase()
        + "): exit layers", directory.resolve(name + "-exit-layers.png"));
  }

  /** Loads a model and evaluates one tenant (the convenience the quality test and the command share). */
  public static Report evaluate(Path modelDir, String tenant, Split split, Device device, int batchSize) {
    try (ExitwiseModel model = ExitwiseModel.load(modelDir, device)) {
      return run(model, tenant, split, comparedPolicies(model, tenant), batchSize, false);
    }
  }
}
