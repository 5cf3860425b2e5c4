package dev.exitwise.bench;

import dev.exitwise.model.data.Dataset;
import dev.exitwise.model.eval.Evaluator;
import dev.exitwise.model.eval.PairedBootstrap;
import dev.exitwise.model.exit.ExitPolicy;
import dev.exitwise.model.exit.FullDepth;
import dev.exitwise.model.inference.ExitwiseModel;
import java.util.List;

/**
 * Issue 8's quality line measured on a whole split: macro-F1 of full depth and of the tenant's calibrated policy.
 * The classifier benchmark's own rows (1,280 by default) are too few for a 1-point comparison of a 28-label
 * macro-F1: rare labels have a handful of positives there, and one of them changes a label's F1 by tens of points.
 * Even the whole split leaves the drop uncertain by about a point, which {@link #interval} measures.
 *
 * @param rows the rows both policies classified
 * @param policy the calibrated policy
 * @param fullDepthMacroF1 full depth's macro-F1
 * @param policyMacroF1 the calibrated policy's
 * @param meanExitLayer the calibrated policy's mean exit layer
 * @param interval the paired bootstrap of the drop: how far the split's rows let the drop be trusted
 */
public record QualityCheck(int rows, String policy, double fullDepthMacroF1, double policyMacroF1,
    double meanExitLayer, PairedBootstrap interval) {

  /** The bootstrap's seed: a rerun on the same predictions reports the same interval. */
  static final long BOOTSTRAP_SEED = 20261126L;

  /** How far the calibrated policy's macro-F1 is below full depth's, in points (negative: above). */
  public double dropPoints() {
    return 100 * (fullDepthMacroF1 - policyMacroF1);
  }

  /**
   * Classifies every row of {@code split} at full depth and with the tenant's policy, in batches of 32, and
   * bootstraps the difference ({@link PairedBootstrap#DEFAULT_RESAMPLES} resamples).
   */
  public static QualityCheck run(ExitwiseModel model, String tenant, Dataset split) {
    ExitPolicy calibrated = model.policy(tenant);
    List<Evaluator.PolicyEvaluation> results =
        Evaluator.evaluate(model, tenant, split, List.of(new FullDepth(), calibrated), 32);
    Evaluator.PolicyEvaluation full = results.get(0);
    Evaluator.PolicyEvaluation point = results.get(1);
    PairedBootstrap interval = PairedBootstrap.macroF1Drop(split.goldMatrix(), full.predicted(), point.predicted(),
        PairedBootstrap.DEFAULT_RESAMPLES, BOOTSTRAP_SEED);
    return new QualityCheck(split.size(), calibrated.describe(), full.metrics().macroF1(), point.metrics().macroF1(),
        point.meanExitLayer(), interval);
  }
}
