package dev.exitwise.bench;

import dev.exitwise.bench.model.BenchRow;
import dev.exitwise.bench.model.Percentiles;
import dev.exitwise.model.data.Dataset;
import dev.exitwise.model.eval.Evaluator;
import dev.exitwise.model.eval.PairedBootstrap;
import dev.exitwise.model.exit.ExitPolicy;
import dev.exitwise.model.exit.FullDepth;
import dev.exitwise.model.inference.ExitwiseModel;
import java.util.List;

/**
 * The quality target measured on a whole split: macro-F1 of full depth and of the tenant's calibrated policy.
 * The classifier benchmark's own rows (1,280 by default) are too few for a 1-point comparison of a 28-label
 * macro-F1: rare labels have a handful of positives there, and one of them changes a label's F1 by tens of points.
 * Even the whole split leaves the drop uncertain by about a point, which {@link #interval} measures.
 *
 * @param fullDepth full depth on every row of the split, as a {@code quality} row of the JSON
 * @param calibrated the calibrated policy on the same rows
 * @param interval the paired bootstrap of the drop: how far the split's rows let the drop be trusted
 */
public record QualityCheck(BenchRow fullDepth, BenchRow calibrated, PairedBootstrap interval) {

  /** The rows both policies classified. */
  public int rows() {
    return fullDepth.rows();
  }

  /** The calibrated policy's description. */
  public String policy() {
    return calibrated.policy();
  }

  public double fullDepthMacroF1() {
    return fullDepth.macroF1();
  }

  public double policyMacroF1() {
    return calibrated.macroF1();
  }

  /** The calibrated policy's mean exit layer. */
  public double meanExitLayer() {
    return calibrated.meanExitLayer();
  }

  /** How far the calibrated policy's macro-F1 is below full depth's, in points (negative: above). */
  public double dropPoints() {
    return interval.dropPoints();
  }

  /**
   * Classifies every row of {@code split} at full depth and with the tenant's policy, in batches of 32 in the split's
   * order (full depth first, then the policy, not interleaved: the classifier benchmark's rows are the speed
   * comparison), and bootstraps the difference ({@link PairedBootstrap#DEFAULT_RESAMPLES} resamples).
   */
  public static QualityCheck run(ExitwiseModel model, String tenant, Dataset split) {
    ExitPolicy calibrated = model.policy(tenant);
    int batchSize = 32;
    List<Evaluator.PolicyEvaluation> results =
        Evaluator.evaluate(model, tenant, split, List.of(new FullDepth(), calibrated), batchSize);
    Evaluator.PolicyEvaluation full = results.get(0);
    Evaluator.PolicyEvaluation point = results.get(1);
    PairedBootstrap interval = PairedBootstrap.macroF1Drop(split.goldMatrix(), full.predicted(), point.predicted());
    return new QualityCheck(row(full, tenant, batchSize, null), row(point, tenant, batchSize, point.wallSpeedup()),
        interval);
  }

  private static BenchRow row(Evaluator.PolicyEvaluation e, String tenant, int batchSize, Double vsFullDepth) {
    long[] micros = Percentiles.micros(e.batchNanos());
    return new BenchRow("quality", e.policy(), e.family(), "DJL", tenant, batchSize, e.metrics().count(),
        e.rowsPerSecond(), e.meanExitLayer(), e.metrics().macroF1(), Percentiles.of(micros, 50),
        Percentiles.of(micros, 99), vsFullDepth, null, null, null, null);
  }
}
