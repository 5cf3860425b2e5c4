package dev.exitwise.model.eval;

import dev.exitwise.model.data.Dataset;
import dev.exitwise.model.exit.ExitPolicy;
import dev.exitwise.model.exit.FullDepth;
import dev.exitwise.model.inference.ExitwiseModel;
import dev.exitwise.model.inference.ModelManifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calibrates one tenant on dev (docs/algorithms.md §1.6): per-label decision thresholds that maximise each label's F1
 * (fitted as the {@link ThresholdScheme} says), then every policy of {@link PolicyGrid} replayed over cached
 * per-layer logits, the Pareto front of (layer speed-up, macro-F1), and the chosen operating point: the F-PABEE
 * point with the largest speed-up whose macro-F1 is within {@code maxDropPoints} of full depth. It also names the
 * labels whose full-depth thresholds do no better than predicting the label on every row.
 */
public final class Calibrator {
  /** How much F1 a label must gain over predicting it on every row to count as informative: 0.01. */
  public static final double UNINFORMATIVE_MARGIN_F1 = 0.01;

  private Calibrator() {}

  /**
   * The outcome.
   *
   * @param scheme how the thresholds were fitted
   * @param thresholds per exit layer, per-label decision thresholds [layer - 1][label]
   * @param chosenPolicy the F-PABEE policy chosen (full depth when none qualifies)
   * @param chosen its operating point on dev
   * @param fullDepth full depth on dev
   * @param points every policy scored, in grid order
   * @param policies the policy of each point, same order
   * @param pabeePolicy the PABEE patience chosen by the same rule, the baseline evaluation compares against
   * @param uninformativeLabels label indices whose full-depth dev F1 is no better than predicting them on every row
   *     (within {@link #UNINFORMATIVE_MARGIN_F1}); their labels carry no information, only their scores might
   */
  public record Result(ThresholdScheme scheme, float[][] thresholds, ExitPolicy chosenPolicy, OperatingPoint chosen,
      OperatingPoint fullDepth, List<OperatingPoint> points, List<ExitPolicy> policies, ExitPolicy pabeePolicy,
      List<Integer> uninformativeLabels) {

    /**
     * The record written to the manifest.
     *
     * @param labels the tenant's label names, to name {@link #uninformativeLabels}
     */
    public Map<String, Object> record(int devRows, double maxDropPoints, List<String> labels) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("split", "dev");
      out.put("rows", devRows);
      out.put("maxMacroF1DropPoints", maxDropPoints);
      out.put("thresholds", scheme.label());
      out.put("fullDepth", fullDepth);
      out.put("chosen", chosen);
      out.put("chosenPolicy", chosenPolicy.describe());
      out.put("pabeePolicy", pabeePolicy.describe());
      out.put("paretoFront", ParetoFront.of(points));
      out.put(ServingFront.RECORD_KEY, ServingFront.of(fullDepth, points));
      out.put(ModelManifest.UNINFORMATIVE_LABELS, uninformativeLabels.stream().map(labels::get).toList());
      return out;
    }
  }

  /** Collects dev logits with the model and calibrates. */
  public static Result calibrate(ExitwiseModel model, String tenant, Dataset dev, double maxDropPoints,
      ThresholdScheme scheme) {
    return calibrate(LayerLogits.collect(model, tenant, dev, 64), dev.goldMatrix(), maxDropPoints, scheme);
  }

  /** Calibrates from cached logits. */
  public static Result calibrate(LayerLogits cache, boolean[][] gold, double maxDropPoints, ThresholdScheme scheme) {
    int layers = cache.layers();
    float[][] thresholds = scheme.fit(cache, gold);
    OperatingPoint full = PolicyGrid.score(new FullDepth(), cache, gold, thresholds);
    List<ExitPolicy> policies = new ArrayList<>();
    policies.addAll(PolicyGrid.fpabee());
    policies.addAll(PolicyGrid.pabee());
    policies.addAll(PolicyGrid.staticExits(layers));
    List<OperatingPoint> points = new ArrayList<>();
    for (ExitPolicy policy : policies) {
      points.add(PolicyGrid.score(policy, cache, gold, thresholds));
    }
    ExitPolicy chosenPolicy = choose("F-PABEE", points, policies, full, maxDropPoints);
    OperatingPoint chosen = chosenPolicy instanceof FullDepth ? full : points.get(policies.indexOf(chosenPolicy));
    ExitPolicy pabee = choose("PABEE", points, policies, full, maxDropPoints);
    boolean[][] fullDepthPredictions = ThresholdCalibration.apply(cache.scores(layers), thresholds[layers - 1]);
    List<Integer> uninformative = MultiLabelMetrics.compute(gold, fullDepthPredictions)
        .labelsNoBetterThanAlwaysOn(UNINFORMATIVE_MARGIN_F1);
    return new Result(scheme, thresholds, chosenPolicy, chosen, full, points, policies, pabee, uninformative);
  }

  private static ExitPolicy choose(String family, List<OperatingPoint> points, List<ExitPolicy> policies,
      OperatingPoint full, double maxDropPoints) {
    List<OperatingPoint> candidates = points.stream().filter(p -> p.policy().equals(family)).toList();
    OperatingPoint chosen = ParetoFront.choose(candidates, full, maxDropPoints);
    return chosen == full ? new FullDepth() : policies.get(points.indexOf(chosen));
  }
}
