package dev.exitwise.model.eval;

import java.util.Arrays;
import java.util.Objects;

/**
 * How many rows left the encoder at each layer under one policy.
 *
 * @param policy the policy's name or description, used as the chart legend
 * @param rowsByLayer {@code rowsByLayer[l - 1]} rows exited at 1-based layer l; its length is the layer count
 */
public record ExitHistogram(String policy, long[] rowsByLayer) {
  public ExitHistogram {
    Objects.requireNonNull(policy, "policy");
    rowsByLayer = rowsByLayer.clone();
    if (rowsByLayer.length == 0) {
      throw new IllegalArgumentException("a histogram needs at least one layer");
    }
  }

  /**
   * Counts 1-based exit layers.
   *
   * @throws IllegalArgumentException when a layer is outside [1, layers]
   */
  public static ExitHistogram fromExitLayers(String policy, int[] exitLayers, int layers) {
    long[] counts = new long[layers];
    for (int layer : exitLayers) {
      if (layer < 1 || layer > layers) {
        throw new IllegalArgumentException("exit layer " + layer + " outside [1, " + layers + "]");
      }
      counts[layer - 1]++;
    }
    return new ExitHistogram(policy, counts);
  }

  /** A copy of the counts, indexed by layer - 1. */
  @Override
  public long[] rowsByLayer() {
    return rowsByLayer.clone();
  }

  /** The number of layers. */
  public int layers() {
    return rowsByLayer.length;
  }

  /** The number of rows counted. */
  public long rows() {
    return Arrays.stream(rowsByLayer).sum();
  }

  /** The fraction of rows that exited at 1-based {@code layer}; 0 when there are no rows. */
  public double fraction(int layer) {
    long rows = rows();
    return rows == 0 ? 0.0 : (double) rowsByLayer[layer - 1] / rows;
  }

  /** The mean 1-based exit layer. */
  public double meanExitLayer() {
    long rows = rows();
    if (rows == 0) {
      throw new IllegalStateException("histogram of " + policy + " has no rows");
    }
    double sum = 0;
    for (int i = 0; i < rowsByLayer.length; i++) {
      sum += (double) (i + 1) * rowsByLayer[i];
    }
    return sum / rows;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ExitHistogram that
        && policy.equals(that.policy)
        && Arrays.equals(rowsByLayer, that.rowsByLayer);
  }

  @Override
  public int hashCode() {
    return 31 * policy.hashCode() + Arrays.hashCode(rowsByLayer);
  }

  @Override
  public String toString() {
    return "ExitHistogram[policy=" + policy + ", rowsByLayer=" + Arrays.toString(rowsByLayer) + "]";
  }
}
