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

  /**
   * Two exits, one label. Alone, exit 1's positives (0.32, 0.37) and exit 2's (0.9, 0.82) are separated from their
   * negatives at 0.30 and 0.65. Pooled, a threshold of 0.25 or 0.30 keeps all four positives for one false positive
   * (exit 2's 0.62), the best F1 there is, and 0.30 is nearer 0.5.
   */
  @Test
  void sharedThresholdsAreFittedOnEveryExitsScoresAtOnce() {
    float[][] exit1 = {{0.32f}, {0.37f}, {0.1f}, {0.15f}};
    float[][] exit2 = {{0.9f}, {0.82f}, {0.2f}, {0.62f}};
    float[][][] logits = new float[4][2][];
    for (int row = 0; row < 4; row++) {
      logits[row][0] = new float[] {logit(exit1[row][0])};
      logits[row][1] = new float[] {logit(exit2[row][0])};
    }
    LayerLogits cache = new LayerLogits(logits, 1);
    boolean[][] gold = {{true}, {true}, {false}, {false}};

    float[][] perExit = ThresholdScheme.PER_EXIT.fit(cache, gold);
    assertArrayEquals(new float[] {0.3f}, perExit[0]);
    assertArrayEquals(new float[] {0.65f}, perExit[1]);
    float[][] shared = ThresholdScheme.SHARED.fit(cache, gold);
    assertArrayEquals(new float[] {0.3f}, shared[0]);
    assertArrayEquals(new float[] {0.3f}, shared[1]);
  }

  @Test
  void schemesAreSpelledAsOnTheCommandLine() {
    assertEquals("shared", ThresholdScheme.SHARED.label());
    assertEquals("per-exit", ThresholdScheme.PER_EXIT.label());
  }

  private static float logit(float probability) {
    return (float) Math.log(probability / (1 - probability));
  }
}
