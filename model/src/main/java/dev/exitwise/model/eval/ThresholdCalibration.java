package dev.exitwise.model.eval;

import java.util.Arrays;

/**
 * Per-label decision thresholds: a label is predicted when its score is at or above its threshold. Thresholds
 * are fitted on dev and applied unchanged to test.
 */
public final class ThresholdCalibration {
  private ThresholdCalibration() {}

  /** The grid 0.05, 0.10, ..., 0.95 (19 thresholds). */
  public static float[] defaultGrid() {
    float[] grid = new float[19];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = (float) ((i + 1) / 20.0);
    }
    return grid;
  }

  /** The same threshold for every label, for example 0.5 before calibration. */
  public static float[] uniform(int labelCount, float threshold) {
    float[] thresholds = new float[labelCount];
    Arrays.fill(thresholds, threshold);
    return thresholds;
  }

  /**
   * For each label, the grid threshold that maximizes that label's F1 on the given rows. Ties go to the threshold
   * closest to 0.5, then to the lower one; so a label without gold positives (F1 0 everywhere) gets the grid value
   * closest to 0.5.
   *
   * @param scores {@code [rows][labels]} probabilities (sigmoid outputs)
   * @param gold {@code [rows][labels]} gold labels
   * @param grid candidate thresholds, at least one
   * @return one threshold per label, each taken from {@code grid}
   * @throws IllegalArgumentException when the grid is empty or the shapes differ
   */
  public static float[] perLabel(float[][] scores, boolean[][] gold, float[] grid) {
    if (grid.length == 0) {
      throw new IllegalArgumentException("empty threshold grid");
    }
    if (scores.length != gold.length || scores.length == 0) {
      throw new IllegalArgumentException(scores.length + " score rows for " + gold.length + " gold rows");
    }
    int labelCount = gold[0].length;
    for (int row = 0; row < scores.length; row++) {
      if (scores[row].length != labelCount || gold[row].length != labelCount) {
        throw new IllegalArgumentException("row " + row + " is not " + labelCount + " labels wide");
      }
    }
    float[] thresholds = new float[labelCount];
    for (int label = 0; label < labelCount; label++) {
      double bestF1 = -1;
      float best = grid[0];
      for (float threshold : grid) {
        double f1 = f1(scores, gold, label, threshold);
        if (f1 > bestF1 || (f1 == bestF1 && closerToHalf(threshold, best))) {
          bestF1 = f1;
          best = threshold;
        }
      }
      thresholds[label] = best;
    }
    return thresholds;
  }

  /**
   * Turns scores into predictions: {@code score >= threshold} per label.
   *
   * @throws IllegalArgumentException when a row's length differs from the number of thresholds
   */
  public static boolean[][] apply(float[][] scores, float[] thresholds) {
    boolean[][] predicted = new boolean[scores.length][thresholds.length];
    for (int row = 0; row < scores.length; row++) {
      if (scores[row].length != thresholds.length) {
        throw new IllegalArgumentException(
            "row " + row + " has " + scores[row].length + " scores for " + thresholds.length + " thresholds");
      }
      for (int label = 0; label < thresholds.length; label++) {
        predicted[row][label] = scores[row][label] >= thresholds[label];
      }
    }
    return predicted;
  }

  private static double f1(float[][] scores, boolean[][] gold, int label, float threshold) {
    long truePositives = 0;
    long falsePositives = 0;
    long falseNegatives = 0;
    for (int row = 0; row < scores.length; row++) {
      boolean predicted = scores[row][label] >= threshold;
      if (predicted && gold[row][label]) {
        truePositives++;
      } else if (predicted) {
        falsePositives++;
      } else if (gold[row][label]) {
        falseNegatives++;
      }
    }
    return LabelMetrics.of(truePositives, falsePositives, falseNegatives).f1();
  }

  private static boolean closerToHalf(float candidate, float incumbent) {
    double candidateDistance = Math.abs(candidate - 0.5);
    double incumbentDistance = Math.abs(incumbent - 0.5);
    return candidateDistance < incumbentDistance || (candidateDistance == incumbentDistance && candidate < incumbent);
  }
}
