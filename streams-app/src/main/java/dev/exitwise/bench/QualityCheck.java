package dev.exitwise.bench;

import dev.exitwise.model.data.Dataset;
import dev.exitwise.model.eval.Evaluator;
import dev.exitwise.model.exit.ExitPolicy;
import dev.exitwise.model.exit.FullDepth;
import dev.exitwise.model.inference.ExitwiseModel;
import java.util.List;

/**
 * Issue 8's quality line measured on a whole split: macro-F1 of full depth and of the tenant's calibrated policy.
 * The classifier benchmark's own rows (1,280 by default) are too few for a 1-point comparison of a 28-label
 * macro-F1: rare labels have a handful of positives there, and one of them changes a label's F1 by tens of points.
 *
 * @param rows the rows both policies classified
 * @param policy the calibrated policy
 * @param fullDepthMacroF1 full depth's macro-F1
 * @param policyMacroF1 the calibrated policy's
 * @param meanExitLayer the calibrated policy's mean exit layer
 */
public record QualityCheck(int rows, String policy, double fullDepthMacroF1, double policyMacroF1,
    double meanExitLayer) {

  /** How far the calibrated policy's macro-F1 is below full depth's, in points (negative: above). */
  public double dropPoints() {
    return 100 * (fullDepthMacroF1 - policyMacroF1);
  }

  /** Classifies every row of {@code split} at full depth and with the tenant's policy, in batches of 32. */
  public static QualityCheck run(ExitwiseModel model, String tenant, Dataset split) {
    ExitPolicy calibrated = model.policy(tenant);
    List<Evaluator.PolicyEvaluation> results =
        Evaluator.evaluate(model, tenant, split, List.of(new FullDepth(), calibrated), 32);
    return new QualityCheck(split.size(), calibrated.describe(), results.get(0).metrics().macroF1(),
        results.get(1).metrics().macroF1(), results.get(1).meanExitLayer());
  }
}
