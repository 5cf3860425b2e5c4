package dev.exitwise.model.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ThresholdCalibrationTest {
  @Test
  void defaultGridIsFivePercentSteps() {
    float[] grid = ThresholdCalibration.defaultGrid();
    assertEquals(19, grid.length);
    assertEquals(0.05f, grid[0]);
    assertEquals(0.5f, grid[9]);
    assertEquals(0.95f, grid[18]);
  }

  /**
   * Label 0: any threshold in (0.2, 0.37] is perfect; of 0.25, 0.30, 0.35 the one closest to 0.5 wins. Label 1
   * has no gold positive, so every threshold scores 0 and 0.5 wins. Label 2: predicting both rows (t <= 0.1)
   * gives F1 2/3, only the positive (0.1 < t <= 0.9) gives 1.
   */
  @Test
  void perLabelMaximizesF1AndBreaksTiesTowardHalf() {
    float[][] scores = {{0.37f, 0.9f, 0.9f}, {0.6f, 0.1f, 0.1f}, {0.2f, 0.3f, 0.05f}, {0.1f, 0.2f, 0.05f}};
    boolean[][] gold = {{true, false, true}, {true, false, false}, {false, false, false}, {false, false, false}};
    float[] thresholds = ThresholdCalibration.perLabel(scores, gold, ThresholdCalibration.defaultGrid());
    assertArrayEquals(new float[] {0.35f, 0.5f, 0.5f}, thresholds);
  }

  @Test
  void equidistantTiesGoToTheLowerThreshold() {
    float[][] scores = {{0.6f}, {0.4f}};
    boolean[][] gold = {{true}, {false}};
    assertArrayEquals(new float[] {0.45f}, ThresholdCalibration.perLabel(scores, gold, new float[] {0.55f, 0.45f}));
  }

  @Test
  void calibrationNeverLowersDevF1BelowTheUniformThreshold() {
    java.util.Random random = new java.util.Random(3);
    float[][] scores = new float[300][5];
    boolean[][] gold = new boolean[300][5];
    for (int row = 0; row < scores.length; row++) {
      for (int label = 0; label < 5; label++) {
        gold[row][label] = random.nextDouble() < 0.2;
        // weakly informative, badly calibrated scores: positives around 0.3, negatives around 0.15
        double score = (gold[row][label] ? 0.3 : 0.15) + 0.1 * random.nextGaussian();
        scores[row][label] = (float) Math.min(1, Math.max(0, score));
      }
    }
    float[] grid = ThresholdCalibration.defaultGrid();
    float[] half = ThresholdCalibration.uniform(5, 0.5f);
    float[] fitted = ThresholdCalibration.perLabel(scores, gold, grid);
    double uniform = MultiLabelMetrics.compute(gold, ThresholdCalibration.apply(scores, half)).macroF1();
    double calibrated = MultiLabelMetrics.compute(gold, ThresholdCalibration.apply(scores, fitted)).macroF1();
    assertEquals(true, calibrated >= uniform && calibrated > 0.5, calibrated + " vs " + uniform);
  }

  @Test
  void applyPredictsAtOrAboveTheThreshold() {
    boolean[][] predicted =
        ThresholdCalibration.apply(new float[][] {{0.5f, 0.49f, 0.9f}}, new float[] {0.5f, 0.5f, 0.95f});
    assertArrayEquals(new boolean[] {true, false, false}, predicted[0]);
    assertThrows(
        IllegalArgumentException.class, () -> ThresholdCalibration.apply(new float[][] {{0.5f}}, new float[2]));
  }

  @Test
  void badInputIsRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ThresholdCalibration.perLabel(new float[1][1], new boolean[1][1], new float[0]));
    assertThrows(
        IllegalArgumentException.class,
        () -> ThresholdCalibration.perLabel(new float[2][1], new boolean[1][1], new float[] {0.5f}));
    assertThrows(
        IllegalArgumentException.class,
        () -> ThresholdCalibration.perLabel(new float[1][2], new boolean[1][1], new float[] {0.5f}));
  }
}
