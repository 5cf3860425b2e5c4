package dev.exitwise.model.eval;

/**
 * The speed-up conventions of docs/algorithms.md §1.4. Exit layers are 1-based: a row that leaves after the
 * first encoder layer has exit layer 1, a row that runs all L layers has exit layer L. Always say which
 * convention a number uses: the F-PABEE paper's table prints the saved fraction, PABEE's README the factor.
 */
public final class Speedup {
  private Speedup() {}

  /**
   * The mean of 1-based exit layers.
   *
   * @throws IllegalArgumentException when there are no rows
   */
  public static double meanExitLayer(int[] exitLayers) {
    if (exitLayers.length == 0) {
      throw new IllegalArgumentException("no exit layers");
    }
    long sum = 0;
    for (int layer : exitLayers) {
      sum += layer;
    }
    return (double) sum / exitLayers.length;
  }

  /**
   * The layer speed-up factor L / mean exit layer, for example 2.0 when rows use half the layers on average.
   *
   * @throws IllegalArgumentException when the mean is not in [1, layers]
   */
  public static double layerSpeedup(double meanExitLayer, int layers) {
    checkMean(meanExitLayer, layers);
    return layers / meanExitLayer;
  }

  /**
   * The fraction of layers saved, 1 - mean / L (F-PABEE eq. 14), for example 0.5 when rows use half the layers.
   *
   * @throws IllegalArgumentException when the mean is not in [1, layers]
   */
  public static double savedFraction(double meanExitLayer, int layers) {
    checkMean(meanExitLayer, layers);
    return 1.0 - meanExitLayer / layers;
  }

  /** Converts a saved fraction to a speed-up factor, 1 / (1 - saved): 0.5 saved is 2.0x. */
  public static double factorFromSavedFraction(double savedFraction) {
    if (!(savedFraction >= 0 && savedFraction < 1)) {
      throw new IllegalArgumentException("saved fraction must be in [0, 1), was " + savedFraction);
    }
    return 1.0 / (1.0 - savedFraction);
  }

  /**
   * Measured wall-clock speed-up: the full-depth run's time over the policy's time on the same rows and machine.
   *
   * @throws IllegalArgumentException when either time is not positive
   */
  public static double wallSpeedup(double fullDepthNanos, double policyNanos) {
    if (!(fullDepthNanos > 0 && policyNanos > 0)) {
      throw new IllegalArgumentException(
          "times must be positive, were " + fullDepthNanos + " ns and " + policyNanos + " ns");
    }
    return fullDepthNanos / policyNanos;
  }

  private static void checkMean(double meanExitLayer, int layers) {
    if (layers < 1 || !(meanExitLayer >= 1 && meanExitLayer <= layers)) {
      throw new IllegalArgumentException(
          "mean exit layer must be in [1, " + layers + "] (1-based layers), was " + meanExitLayer);
    }
  }
}
