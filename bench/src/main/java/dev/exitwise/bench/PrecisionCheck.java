package dev.exitwise.bench;

import dev.exitwise.model.data.Dataset;
import dev.exitwise.model.eval.Evaluator;
import dev.exitwise.model.eval.PairedBootstrap;
import dev.exitwise.model.eval.TextTable;
import dev.exitwise.model.exit.ExitPolicy;
import dev.exitwise.model.exit.FullDepth;
import dev.exitwise.model.inference.ExitwiseModel;
import java.util.ArrayList;
import java.util.List;

/**
 * What int8 linear layers cost in quality, on a whole split: the same model loaded in fp32 and in int8 classifies
 * every row at full depth and with the tenant's calibrated policy, and a paired bootstrap of each F1 difference
 * says how far it can be told from no difference. The two precisions run one after the other per policy, in batches
 * of the given size, so rows per second compare only roughly; the classifier benchmark is the speed comparison.
 *
 * @param tenant the tenant
 * @param rows the rows classified
 * @param policies one comparison per policy: full depth first, then the calibrated one
 */
public record PrecisionCheck(String tenant, int rows, List<Comparison> policies) {

  /**
   * One policy in both precisions.
   *
   * @param macroDrop fp32's macro-F1 minus int8's, in points, with its interval
   * @param microDrop the same for micro-F1
   */
  public record Comparison(String policy, Evaluator.PolicyEvaluation fp32, Evaluator.PolicyEvaluation int8,
      PairedBootstrap macroDrop, PairedBootstrap microDrop) {}

  /**
   * Runs both models over {@code split}.
   *
   * @param fp32 the model in fp32
   * @param int8 the same model directory loaded in int8
   */
  public static PrecisionCheck run(ExitwiseModel fp32, ExitwiseModel int8, String tenant, Dataset split,
      int batchSize) {
    List<Comparison> out = new ArrayList<>();
    boolean[][] gold = split.goldMatrix();
    for (ExitPolicy policy : List.of(new FullDepth(), fp32.policy(tenant))) {
      Evaluator.PolicyEvaluation exact = Evaluator.evaluate(fp32, tenant, split, List.of(policy), batchSize).get(0);
      Evaluator.PolicyEvaluation quantised =
          Evaluator.evaluate(int8, tenant, split, List.of(policy), batchSize).get(0);
      out.add(new Comparison(policy.describe(), exact, quantised,
          PairedBootstrap.macroF1Drop(gold, exact.predicted(), quantised.predicted()),
          PairedBootstrap.microF1Drop(gold, exact.predicted(), quantised.predicted())));
    }
    return new PrecisionCheck(tenant, split.size(), out);
  }

  /** One table row per tenant and policy. */
  public static TextTable table(List<PrecisionCheck> checks) {
    TextTable.Builder table = TextTable.builder("tenant", "policy", "rows", "macro-F1 fp32", "macro-F1 int8",
        "drop (95 % interval)", "micro-F1 fp32", "micro-F1 int8", "drop (95 % interval)", "mean exit fp32",
        "mean exit int8", "rows/s fp32", "rows/s int8");
    for (PrecisionCheck check : checks) {
      for (Comparison c : check.policies()) {
        table.row(check.tenant(), c.policy(), check.rows(), points(c.fp32().metrics().macroF1()),
            points(c.int8().metrics().macroF1()), drop(c.macroDrop()), points(c.fp32().metrics().microF1()),
            points(c.int8().metrics().microF1()), drop(c.microDrop()), TextTable.fixed(c.fp32().meanExitLayer(), 2),
            TextTable.fixed(c.int8().meanExitLayer(), 2), TextTable.fixed(c.fp32().rowsPerSecond(), 1),
            TextTable.fixed(c.int8().rowsPerSecond(), 1));
      }
    }
    return table.build();
  }

  private static String points(double fraction) {
    return TextTable.fixed(100 * fraction, 2);
  }

  private static String drop(PairedBootstrap drop) {
    return TextTable.fixed(drop.dropPoints(), 2) + " (" + drop.rangeText() + ")";
  }
}
