package dev.exitwise.model.eval;

/**
 * Counts and scores of one label, with scikit-learn's {@code zero_division=0} convention: precision is 0 when
 * nothing was predicted, recall is 0 when there is no gold positive, and F1 = 2TP / (2TP + FP + FN) is 0 when
 * there is neither.
 *
 * @param truePositives rows with the label both gold and predicted
 * @param falsePositives rows with the label predicted but not gold
 * @param falseNegatives rows with the label gold but not predicted
 * @param support gold positives, {@code truePositives + falseNegatives}
 * @param precision TP / (TP + FP)
 * @param recall TP / (TP + FN)
 * @param f1 2TP / (2TP + FP + FN)
 */
public record LabelMetrics(
    long truePositives,
    long falsePositives,
    long falseNegatives,
    long support,
    double precision,
    double recall,
    double f1) {

  /** The metrics of one label from its confusion counts. */
  public static LabelMetrics of(long truePositives, long falsePositives, long falseNegatives) {
    return new LabelMetrics(
        truePositives,
        falsePositives,
        falseNegatives,
        truePositives + falseNegatives,
        ratio(truePositives, truePositives + falsePositives),
        ratio(truePositives, truePositives + falseNegatives),
        ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives));
  }

  static double ratio(long numerator, long denominator) {
    return denominator == 0 ? 0.0 : (double) numerator / denominator;
  }
}
