package dev.exitwise.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MultiLabelMetricsTest {
  private static final double EPS = 1e-12;

  /**
   * Hand-computed: label 0 perfect (TP 2); label 1 TP 1, FN 1 (F1 2/3); label 2 FP 1, FN 1 (F1 0). Pooled TP 3,
   * FP 1, FN 2. One row of four exact; 3 of 12 cells wrong.
   */
  @Test
  void handComputedExample() {
    boolean[][] gold = {{true, false, true}, {false, true, false}, {true, true, false}, {false, false, false}};
    boolean[][] predicted = {{true, false, false}, {false, true, true}, {true, false, false}, {false, false, false}};
    MultiLabelMetrics metrics = MultiLabelMetrics.compute(gold, predicted);

    assertEquals(4, metrics.count());
    assertEquals(0.75, metrics.microPrecision(), EPS);
    assertEquals(0.6, metrics.microRecall(), EPS);
    assertEquals(2.0 / 3, metrics.microF1(), EPS);
    assertEquals(2.0 / 3, metrics.macroPrecision(), EPS);
    assertEquals(0.5, metrics.macroRecall(), EPS);
    assertEquals(5.0 / 9, metrics.macroF1(), EPS);
    assertEquals(0.25, metrics.subsetAccuracy(), EPS);
    assertEquals(0.25, metrics.hammingLoss(), EPS);

    assertEquals(LabelMetrics.of(2, 0, 0), metrics.perLabel().get(0));
    LabelMetrics second = metrics.perLabel().get(1);
    assertEquals(2, second.support());
    assertEquals(1.0, second.precision(), EPS);
    assertEquals(0.5, second.recall(), EPS);
    assertEquals(2.0 / 3, second.f1(), EPS);
    LabelMetrics third = metrics.perLabel().get(2);
    assertEquals(1, third.truePositives() + third.falseNegatives());
    assertEquals(0.0, third.f1(), EPS);
  }

  /** scikit-learn zero_division=0: a label nobody has and nobody predicts scores 0 and still counts in the mean. */
  @Test
  void labelsWithoutGoldOrPredictionsScoreZeroAndCountInTheMacroMean() {
    boolean[][] gold = {{true, false}, {true, false}};
    boolean[][] predicted = {{true, false}, {true, false}};
    MultiLabelMetrics metrics = MultiLabelMetrics.compute(gold, predicted);
    assertEquals(1.0, metrics.microF1(), EPS);
    assertEquals(0.5, metrics.macroF1(), EPS);
    assertEquals(0.0, metrics.perLabel().get(1).precision(), EPS);
    assertEquals(0.0, metrics.perLabel().get(1).recall(), EPS);
    assertEquals(1.0, metrics.subsetAccuracy(), EPS);
    assertEquals(0.0, metrics.hammingLoss(), EPS);
  }

  @Test
  void nothingPredictedAtAll() {
    boolean[][] gold = {{true, false}, {false, true}};
    boolean[][] predicted = {{false, false}, {false, false}};
    MultiLabelMetrics metrics = MultiLabelMetrics.compute(gold, predicted);
    assertEquals(0.0, metrics.microPrecision(), EPS);
    assertEquals(0.0, metrics.microF1(), EPS);
    assertEquals(0.0, metrics.macroF1(), EPS);
    assertEquals(0.0, metrics.subsetAccuracy(), EPS);
    assertEquals(0.5, metrics.hammingLoss(), EPS);
  }

  @Test
  void f1IsTheHarmonicMeanWhereDefined() {
    LabelMetrics metrics = LabelMetrics.of(3, 2, 4);
    double harmonic = 2 * metrics.precision() * metrics.recall() / (metrics.precision() + metrics.recall());
    assertEquals(harmonic, metrics.f1(), EPS);
    assertEquals(7, metrics.support());
  }

  @Test
  void badShapesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> MultiLabelMetrics.compute(new boolean[0][], new boolean[0][]));
    assertThrows(
        IllegalArgumentException.class,
        () -> MultiLabelMetrics.compute(new boolean[2][3], new boolean[3][3]));
    assertThrows(
        IllegalArgumentException.class,
        () -> MultiLabelMetrics.compute(new boolean[][] {{true, false}, {true}}, new boolean[2][2]));
  }

  /**
   * Label 0 is predicted on every row (F1 2 x 2 / (2 + 4) = 2/3, exactly always-on), label 1 perfectly, label 2 has
   * no gold positive and is left out, label 3 is predicted on three of four rows, both of its positives among them
   * (F1 0.8, above always-on's 2/3 by 0.13).
   */
  @Test
  void labelsNoBetterThanPredictingThemEverywhereAreFlagged() {
    boolean[][] gold = {{true, true, false, true}, {true, false, false, true}, {false, false, false, false},
        {false, true, false, false}};
    boolean[][] predicted = {{true, true, false, true}, {true, false, false, true}, {true, false, false, true},
        {true, true, false, false}};
    MultiLabelMetrics metrics = MultiLabelMetrics.compute(gold, predicted);

    assertEquals(2.0 / 3, MultiLabelMetrics.alwaysOnF1(2, 4), EPS);
    assertEquals(java.util.List.of(0), metrics.labelsNoBetterThanAlwaysOn(0.01));
    assertEquals(java.util.List.of(0, 3), metrics.labelsNoBetterThanAlwaysOn(0.2));
  }
}
