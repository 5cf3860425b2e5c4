package dev.exitwise.model.eval;

import java.util.Arrays;
import java.util.Locale;

/**
 * How {@code calibrate} fits per-label decision thresholds for the exits.
 *
 * <p>Measured on the committed {@code emotions} adapter (docs/results.md, "Threshold schemes"): one threshold per
 * label and exit fits dev's noise (5-fold cross-fitting on dev puts full depth 2.7 points of macro-F1 lower than
 * the in-sample figure; 0.6 points for shared thresholds). Shared thresholds score better on the test split at
 * full depth (+1.1 points) and about as well at the early-exit points (-0.1 to +0.8 between 2x and 3x), so the
 * early-exit points fall further below full depth, and a point chosen on dev within a fixed budget of full depth
 * loses more on test. The default stays {@link #PER_EXIT}, the scheme the committed model is calibrated with.
 */
public enum ThresholdScheme {
  /**
   * One threshold per label and exit, each fitted on that exit's scores alone. Suits exits whose confidence differs
   * by depth (exits trained on gold labels alone). The default.
   */
  PER_EXIT,
  /**
   * One threshold per label, the same at every exit, fitted on the scores of all exits together (as many rows per
   * threshold as there are exits times dev rows). Suits exits whose scores share a scale, as self-distilled exits
   * do, and small dev splits.
   */
  SHARED;

  /**
   * Fits thresholds on cached logits.
   *
   * @param cache every layer's logits of the rows
   * @param gold {@code [rows][labels]} gold labels
   * @return {@code [layer - 1][label]} thresholds from {@link ThresholdCalibration#defaultGrid()}
   */
  public float[][] fit(LayerLogits cache, boolean[][] gold) {
    int layers = cache.layers();
    float[][] thresholds = new float[layers][];
    if (this == PER_EXIT) {
      for (int layer = 1; layer <= layers; layer++) {
        thresholds[layer - 1] =
            ThresholdCalibration.perLabel(cache.scores(layer), gold, ThresholdCalibration.defaultGrid());
      }
      return thresholds;
    }
    int rows = cache.rows();
    float[][] pooledScores = new float[rows * layers][];
    boolean[][] pooledGold = new boolean[rows * layers][];
    for (int layer = 1; layer <= layers; layer++) {
      float[][] scores = cache.scores(layer);
      System.arraycopy(scores, 0, pooledScores, (layer - 1) * rows, rows);
      System.arraycopy(gold, 0, pooledGold, (layer - 1) * rows, rows);
    }
    float[] shared = ThresholdCalibration.perLabel(pooledScores, pooledGold, ThresholdCalibration.defaultGrid());
    for (int layer = 0; layer < layers; layer++) {
      thresholds[layer] = Arrays.copyOf(shared, shared.length);
    }
    return thresholds;
  }

  /** The command-line and manifest spelling: {@code shared}, {@code per-exit}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
