package dev.exitwise.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What calibration tells the operator about labels its thresholds cannot separate. */
class CalibratorTest {
  private static final int ROWS = 2000;
  private static final int LAYERS = 3;

  /**
   * Label 0's scores separate its rows at every exit; label 1 is on 40 % of the rows, but its scores are high on
   * every row and unrelated to it, so the best F1 threshold predicts it everywhere, which is what the check flags.
   */
  @Test
  void aLabelTheScoresCannotSeparateIsReportedAsUninformative() {
    Random random = new Random(3);
    boolean[][] gold = new boolean[ROWS][2];
    float[][][] logits = new float[ROWS][LAYERS][2];
    for (int row = 0; row < ROWS; row++) {
      gold[row][0] = random.nextDouble() < 0.3;
      gold[row][1] = random.nextDouble() < 0.4;
      for (int layer = 0; layer < LAYERS; layer++) {
        logits[row][layer][0] = logit(gold[row][0] ? 0.7f + 0.25f * random.nextFloat() : 0.3f * random.nextFloat());
        logits[row][layer][1] = logit(0.6f + 0.39f * random.nextFloat());
      }
    }

    Calibrator.Result result =
        Calibrator.calibrate(new LayerLogits(logits, 2), gold, 1.0, ThresholdScheme.PER_EXIT);

    assertEquals(List.of(1), result.uninformativeLabels());
  }

  private static float logit(float probability) {
    return (float) Math.log(probability / (1 - probability));
  }
}
