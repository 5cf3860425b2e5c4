package dev.exitwise.model.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Quality of multi-label predictions over a set of rows, following scikit-learn's definitions with {@code
 * zero_division=0} (see {@link LabelMetrics}).
 *
 * @param count the number of rows
 * @param microPrecision precision over all (row, label) cells pooled
 * @param microRecall recall over all cells pooled
 * @param microF1 2TP / (2TP + FP + FN) over all cells pooled
 * @param macroPrecision the mean of the per-label precisions
 * @param macroRecall the mean of the per-label recalls
 * @param macroF1 the mean of the per-label F1 scores, every label counted, including labels without gold
 *     positives (which score 0)
 * @param subsetAccuracy the fraction of rows whose predicted label set equals the gold set exactly
 * @param hammingLoss the fraction of (row, label) cells predicted wrongly
 * @param perLabel the metrics of each label, indexed by label id
 */
public record MultiLabelMetrics(
    int count,
    double microPrecision,
    double microRecall,
    double microF1,
    double macroPrecision,
    double macroRecall,
    double macroF1,
    double subsetAccuracy,
    double hammingLoss,
    List<LabelMetrics> perLabel) {

  public MultiLabelMetrics {
    perLabel = List.copyOf(perLabel);
  }

  /**
   * Scores predictions against gold labels.
   *
   * @param gold {@code [rows][labels]}, true where the label is gold
   * @param predicted {@code [rows][labels]}, true where the label is predicted
   * @throws IllegalArgumentException when there are no rows, or the shapes differ or are ragged
   */
  public static MultiLabelMetrics compute(boolean[][] gold, boolean[][] predicted) {
    int labelCount = checkShapes(gold, predicted);
    long[] truePositives = new long[labelCount];
    long[] falsePositives = new long[labelCount];
    long[] falseNegatives = new long[labelCount];
    long exactRows = 0;
    long wrongCells = 0;
    for (int row = 0; row < gold.length; row++) {
      boolean exact = true;
      for (int label = 0; label < labelCount; label++) {
        boolean isGold = gold[row][label];
        boolean isPredicted = predicted[row][label];
        if (isGold && isPredicted) {
          truePositives[label]++;
        } else if (isPredicted) {
          falsePositives[label]++;
        } else if (isGold) {
          falseNegatives[label]++;
        }
        if (isGold != isPredicted) {
          exact = false;
          wrongCells++;
        }
      }
      if (exact) {
        exactRows++;
      }
    }
    List<LabelMetrics> perLabel = new ArrayList<>(labelCount);
    long sumTruePositives = 0;
    long sumFalsePositives = 0;
    long sumFalseNegatives = 0;
    double sumPrecision = 0;
    double sumRecall = 0;
    double sumF1 = 0;
    for (int label = 0; label < labelCount; label++) {
      LabelMetrics metrics = LabelMetrics.of(truePositives[label], falsePositives[label], falseNegatives[label]);
      perLabel.add(metrics);
      sumTruePositives += truePositives[label];
      sumFalsePositives += falsePositives[label];
      sumFalseNegatives += falseNegatives[label];
      sumPrecision += metrics.precision();
      sumRecall += metrics.recall();
      sumF1 += metrics.f1();
    }
    LabelMetrics micro = LabelMetrics.of(sumTruePositives, sumFalsePositives, sumFalseNegatives);
    return new MultiLabelMetrics(
        gold.length,
        micro.precision(),
        micro.recall(),
        micro.f1(),
        sumPrecision / labelCount,
        sumRecall / labelCount,
        sumF1 / labelCount,
        (double) exactRows / gold.length,
        (double) wrongCells / ((long) gold.length * labelCount),
        perLabel);
  }

  /**
   * The labels whose decisions say nothing their frequency does not: their F1 is at most {@code marginF1} above what
   * predicting the label on every row scores, 2 x support / (support + rows). Per-label thresholds tuned for F1
   * end up there when the scores do not separate a label (a label on 40 % of rows scores 0.57 that way). Labels
   * without gold positives are left out.
   *
   * @param marginF1 how much better than always-on a label must be to count as informative, as an F1 difference
   * @return label indices, ascending
   */
  public List<Integer> labelsNoBetterThanAlwaysOn(double marginF1) {
    List<Integer> out = new ArrayList<>();
    for (int label = 0; label < perLabel.size(); label++) {
      LabelMetrics metrics = perLabel.get(label);
      if (metrics.support() > 0 && metrics.f1() <= alwaysOnF1(metrics.support(), count) + marginF1) {
        out.add(label);
      }
    }
    return out;
  }

  /** The F1 of predicting a label on all {@code rows} rows, {@code support} of which carry it. */
  public static double alwaysOnF1(long support, long rows) {
    return LabelMetrics.of(support, rows - support, 0).f1();
  }

  /** Returns the label count after checking that both matrices are non-empty and {@code [rows][labels]}. */
  static int checkShapes(boolean[][] gold, boolean[][] predicted) {
    if (gold.length == 0) {
      throw new IllegalArgumentException("no rows to score");
    }
    if (gold.length != predicted.length) {
      throw new IllegalArgumentException(gold.length + " gold rows but " + predicted.length + " predicted rows");
    }
    int labelCount = gold[0].length;
    if (labelCount == 0) {
      throw new IllegalArgumentException("no labels to score");
    }
    for (int row = 0; row < gold.length; row++) {
      if (gold[row].length != labelCount || predicted[row].length != labelCount) {
        throw new IllegalArgumentException(
            "row " + row + " has " + gold[row].length + " gold and " + predicted[row].length
                + " predicted labels; expected " + labelCount);
      }
    }
    return labelCount;
  }
}
