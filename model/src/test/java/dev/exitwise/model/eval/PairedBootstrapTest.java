package dev.exitwise.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {
  private static final int ROWS = 2000;
  private static final int LABELS = 6;

  @Test
  void theDropIsTheMacroF1DifferenceOnAllRows() {
    boolean[][] gold = gold(new Random(1), 0.2);
    boolean[][] reference = noisy(gold, new Random(2), 0.05);
    boolean[][] candidate = noisy(gold, new Random(3), 0.10);

    PairedBootstrap bootstrap = PairedBootstrap.macroF1Drop(gold, reference, candidate, 500, 7);

    double expected = 100 * (MultiLabelMetrics.compute(gold, reference).macroF1()
        - MultiLabelMetrics.compute(gold, candidate).macroF1());
    assertEquals(expected, bootstrap.dropPoints(), 1e-9);
    assertTrue(bootstrap.contains(bootstrap.dropPoints()), bootstrap.toString());
    assertEquals(500, bootstrap.resamples());
  }

  @Test
  void theMicroDropIsTheMicroF1DifferenceOnAllRows() {
    boolean[][] gold = gold(new Random(1), 0.2);
    boolean[][] reference = noisy(gold, new Random(2), 0.05);
    boolean[][] candidate = noisy(gold, new Random(3), 0.10);

    PairedBootstrap micro = PairedBootstrap.microF1Drop(gold, reference, candidate);

    double expected = 100 * (MultiLabelMetrics.compute(gold, reference).microF1()
        - MultiLabelMetrics.compute(gold, candidate).microF1());
    assertEquals(expected, micro.dropPoints(), 1e-9);
    assertTrue(micro.lowerPoints() > 0, "twice the noise is a real drop: " + micro);
    assertEquals(PairedBootstrap.DEFAULT_RESAMPLES, micro.resamples());
  }

  @Test
  void identicalPredictorsDifferByExactlyNothing() {
    boolean[][] gold = gold(new Random(1), 0.2);
    boolean[][] predicted = noisy(gold, new Random(2), 0.1);

    PairedBootstrap bootstrap = PairedBootstrap.macroF1Drop(gold, predicted, predicted, 200, 7);

    assertEquals(0, bootstrap.dropPoints());
    assertEquals(0, bootstrap.lowerPoints());
    assertEquals(0, bootstrap.upperPoints());
    assertEquals(0, bootstrap.standardErrorPoints());
  }

  @Test
  void aMuchWorseCandidateIsSeparatedFromZero() {
    boolean[][] gold = gold(new Random(1), 0.2);
    boolean[][] reference = noisy(gold, new Random(2), 0.02);
    boolean[][] candidate = noisy(gold, new Random(3), 0.20);

    PairedBootstrap bootstrap = PairedBootstrap.macroF1Drop(gold, reference, candidate, 500, 7);

    assertTrue(bootstrap.lowerPoints() > 0, bootstrap.toString());
    assertTrue(bootstrap.lowerPoints() <= bootstrap.dropPoints() && bootstrap.dropPoints() <= bootstrap.upperPoints(),
        bootstrap.toString());
    assertTrue(!bootstrap.contains(0), bootstrap.toString());
  }

  /** Why the bench reports an interval: the same number of changed rows weighs far more on a rare label. */
  @Test
  void disagreementOnARareLabelIsFarLessCertainThanOnACommonOne() {
    boolean[][] gold = new boolean[ROWS][2];
    for (int row = 0; row < ROWS; row++) {
      gold[row][0] = row % 2 == 0; // common: 1,000 positives
      gold[row][1] = row % 250 == 0; // rare: 8 positives
    }
    boolean[][] reference = copy(gold);
    // each candidate misses 4 positives of one label, otherwise identical to the reference
    boolean[][] missesCommon = copy(gold);
    boolean[][] missesRare = copy(gold);
    for (int i = 0; i < 4; i++) {
      missesCommon[2 * i][0] = false;
      missesRare[250 * i][1] = false;
    }

    PairedBootstrap common = PairedBootstrap.macroF1Drop(gold, reference, missesCommon, 1000, 7);
    PairedBootstrap rare = PairedBootstrap.macroF1Drop(gold, reference, missesRare, 1000, 7);

    assertTrue(rare.dropPoints() > 50 * common.dropPoints(), rare + " " + common);
    assertTrue(rare.standardErrorPoints() > 20 * common.standardErrorPoints(), rare + " " + common);
  }

  @Test
  void theSameSeedGivesTheSameInterval() {
    boolean[][] gold = gold(new Random(1), 0.2);
    boolean[][] reference = noisy(gold, new Random(2), 0.05);
    boolean[][] candidate = noisy(gold, new Random(3), 0.08);

    assertEquals(PairedBootstrap.macroF1Drop(gold, reference, candidate, 300, 11),
        PairedBootstrap.macroF1Drop(gold, reference, candidate, 300, 11));
  }

  @Test
  void tooFewResamplesOrMismatchedShapesAreRefused() {
    boolean[][] gold = gold(new Random(1), 0.2);
    assertThrows(IllegalArgumentException.class, () -> PairedBootstrap.macroF1Drop(gold, gold, gold, 99, 1));
    boolean[][] shorter = java.util.Arrays.copyOf(gold, ROWS - 1);
    assertThrows(IllegalArgumentException.class, () -> PairedBootstrap.macroF1Drop(gold, gold, shorter, 200, 1));
  }

  private static boolean[][] gold(Random random, double positiveRate) {
    boolean[][] out = new boolean[ROWS][LABELS];
    for (boolean[] row : out) {
      for (int label = 0; label < LABELS; label++) {
        row[label] = random.nextDouble() < positiveRate;
      }
    }
    return out;
  }

  /** The gold labels with each cell flipped with probability {@code flipRate}. */
  private static boolean[][] noisy(boolean[][] gold, Random random, double flipRate) {
    boolean[][] out = copy(gold);
    for (boolean[] row : out) {
      for (int label = 0; label < row.length; label++) {
        row[label] ^= random.nextDouble() < flipRate;
      }
    }
    return out;
  }

  private static boolean[][] copy(boolean[][] matrix) {
    boolean[][] out = new boolean[matrix.length][];
    for (int row = 0; row < matrix.length; row++) {
      out[row] = matrix[row].clone();
    }
    return out;
  }
}
