package dev.exitwise.model.eval;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How much a macro-F1 difference between two predictors of the same rows can be trusted: a paired bootstrap
 * (Efron and Tibshirani 1993; Koehn 2004 for classifier comparisons). Each resample draws the rows with
 * replacement, scores both predictors on the same draw and records the difference, so what the rows share (their
 * difficulty) cancels and only the predictors' disagreement is left to vary.
 *
 * <p>Macro-F1 over many labels needs this: a label with a handful of gold positives moves its F1, and with it the
 * mean, by tens of points when one row flips. On GoEmotions' 5,427 test rows the difference between full depth and
 * an early-exit point has a standard error of about a macro-F1 point (docs/benchmarks.md).
 *
 * @param dropPoints the reference's macro-F1 minus the candidate's on all rows, in points (positive: the candidate
 *     is worse)
 * @param lowerPoints the 2.5th percentile of the resampled drops
 * @param upperPoints the 97.5th percentile
 * @param standardErrorPoints the standard deviation of the resampled drops
 * @param resamples how many resamples were drawn
 */
public record PairedBootstrap(double dropPoints, double lowerPoints, double upperPoints, double standardErrorPoints,
    int resamples) {

  /** Resamples {@code bench} and {@code evaluate} draw: a stable 95 % interval, about a second for 5,000 rows. */
  public static final int DEFAULT_RESAMPLES = 2000;
  /** Their seed: the same predictions always give the same interval. */
  public static final long DEFAULT_SEED = 20261126L;

  /** {@link #macroF1Drop(boolean[][], boolean[][], boolean[][], int, long)} with the default resamples and seed. */
  public static PairedBootstrap macroF1Drop(boolean[][] gold, boolean[][] reference, boolean[][] candidate) {
    return macroF1Drop(gold, reference, candidate, DEFAULT_RESAMPLES, DEFAULT_SEED);
  }

  /**
   * Bootstraps the macro-F1 drop from {@code reference} to {@code candidate}.
   *
   * @param gold {@code [rows][labels]} gold labels
   * @param reference {@code [rows][labels]} the reference's predictions (full depth)
   * @param candidate {@code [rows][labels]} the candidate's predictions of the same rows (an early-exit policy)
   * @param resamples how many resamples to draw, at least 100
   * @param seed the resampling seed; the same inputs and seed give the same interval
   * @throws IllegalArgumentException when the shapes differ, there are no rows, or {@code resamples < 100}
   */
  public static PairedBootstrap macroF1Drop(boolean[][] gold, boolean[][] reference, boolean[][] candidate,
      int resamples, long seed) {
    return drop(gold, reference, candidate, resamples, seed, PairedBootstrap::macroF1);
  }

  /**
   * {@link #macroF1Drop(boolean[][], boolean[][], boolean[][])} for micro-F1 (every label's counts pooled), with
   * the default resamples and seed.
   */
  public static PairedBootstrap microF1Drop(boolean[][] gold, boolean[][] reference, boolean[][] candidate) {
    return drop(gold, reference, candidate, DEFAULT_RESAMPLES, DEFAULT_SEED, PairedBootstrap::microF1);
  }

  /** The resampling of both, {@code score} turning {@code [labels][4]} cell counts into an F1. */
  private static PairedBootstrap drop(boolean[][] gold, boolean[][] reference, boolean[][] candidate,
      int resamples, long seed, java.util.function.ToDoubleFunction<long[][]> score) {
    if (resamples < 100) {
      throw new IllegalArgumentException("a 95 % interval needs at least 100 resamples, got " + resamples);
    }
    int labels = MultiLabelMetrics.checkShapes(gold, reference);
    if (MultiLabelMetrics.checkShapes(gold, candidate) != labels) {
      throw new IllegalArgumentException("reference and candidate predict different label counts");
    }
    int rows = gold.length;
    // [rows][labels] confusion cell of each predictor: 0 true negative, 1 true positive, 2 false positive,
    // 3 false negative; counts per label are then sums over the drawn rows
    byte[][] referenceCells = cells(gold, reference);
    byte[][] candidateCells = cells(gold, candidate);
    double observed = points(score.applyAsDouble(counts(referenceCells, null)))
        - points(score.applyAsDouble(counts(candidateCells, null)));
    SplittableRandom random = new SplittableRandom(seed);
    double[] drops = new double[resamples];
    int[] draws = new int[rows];
    for (int r = 0; r < resamples; r++) {
      Arrays.fill(draws, 0);
      for (int i = 0; i < rows; i++) {
        draws[random.nextInt(rows)]++;
      }
      drops[r] = points(score.applyAsDouble(counts(referenceCells, draws)))
          - points(score.applyAsDouble(counts(candidateCells, draws)));
    }
    double mean = Arrays.stream(drops).average().orElseThrow();
    double squares = Arrays.stream(drops).map(d -> (d - mean) * (d - mean)).sum();
    Arrays.sort(drops);
    return new PairedBootstrap(observed, percentile(drops, 0.025), percentile(drops, 0.975),
        Math.sqrt(squares / (resamples - 1)), resamples);
  }

  /** The interval as text, {@code -1.13 to 3.28}. */
  public String rangeText() {
    return String.format(Locale.ROOT, "%.2f to %.2f", lowerPoints, upperPoints);
  }

  /** Whether the interval contains {@code points}: the data cannot tell a drop of that size from the one measured. */
  public boolean contains(double points) {
    return lowerPoints <= points && points <= upperPoints;
  }

  private static byte[][] cells(boolean[][] gold, boolean[][] predicted) {
    byte[][] out = new byte[gold.length][gold[0].length];
    for (int row = 0; row < gold.length; row++) {
      for (int label = 0; label < gold[row].length; label++) {
        boolean g = gold[row][label];
        boolean p = predicted[row][label];
        out[row][label] = (byte) (g && p ? 1 : p ? 2 : g ? 3 : 0);
      }
    }
    return out;
  }

  /** {@code [labels][4]} cell counts over the rows, each row counted {@code draws[row]} times (once when null). */
  private static long[][] counts(byte[][] cells, int[] draws) {
    long[][] out = new long[cells[0].length][4];
    for (int row = 0; row < cells.length; row++) {
      int times = draws == null ? 1 : draws[row];
      if (times == 0) {
        continue;
      }
      byte[] rowCells = cells[row];
      for (int label = 0; label < rowCells.length; label++) {
        out[label][rowCells[label]] += times;
      }
    }
    return out;
  }

  private static double macroF1(long[][] counts) {
    double sum = 0;
    for (long[] label : counts) {
      sum += LabelMetrics.of(label[1], label[2], label[3]).f1();
    }
    return sum / counts.length;
  }

  private static double microF1(long[][] counts) {
    long truePositives = 0;
    long falsePositives = 0;
    long falseNegatives = 0;
    for (long[] label : counts) {
      truePositives += label[1];
      falsePositives += label[2];
      falseNegatives += label[3];
    }
    return LabelMetrics.of(truePositives, falsePositives, falseNegatives).f1();
  }

  private static double points(double fraction) {
    return 100 * fraction;
  }

  /** The nearest-rank percentile of sorted values. */
  private static double percentile(double[] sorted, double fraction) {
    int rank = (int) Math.ceil(fraction * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
