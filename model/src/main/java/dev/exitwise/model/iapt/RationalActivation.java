package dev.exitwise.model.iapt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * The learned rational activation of IAPT ("version B", safe form):
 * R(x) = (a0 + a1 x + ... + aM x^M) / (1 + |b1 x + ... + bN x^N|). The denominator is at least 1, so there
 * are no poles. One coefficient set per layer, shared by all channels and prompts.
 */
public final class RationalActivation {
  /** Degree 6/5 least-squares fit to exact GELU on [-3, 3] (ALGORITHMS.md 2.3; max error checked in tests). */
  public static final float[] GELU_NUMERATOR_6 = {
    2.793e-5f, 0.5f, 0.39850363f, 0.16221011f, 0.06397611f, 0.01829636f, 0.00209876f
  };

  /** Denominator b1..b5 of the same fit. */
  public static final float[] GELU_DENOMINATOR_5 = {4.5e-8f, 0.32442019f, 6.6e-9f, 0.03659272f, -3.5e-10f};

  private RationalActivation() {}

  /** R(x) in double precision, the reference for tests. */
  public static double evaluate(double x, double[] numerator, double[] denominator) {
    double top = 0;
    for (int k = numerator.length - 1; k >= 0; k--) {
      top = top * x + numerator[k];
    }
    double inner = 0;
    for (int k = denominator.length - 1; k >= 0; k--) {
      inner = inner * x + denominator[k];
    }
    return top / (1 + Math.abs(inner * x));
  }

  /**
   * Applies R elementwise, with Horner evaluation (differentiable in x and in the coefficients).
   *
   * @param x any shape whose first axis is the batch, e.g. [b, prompts, m]
   * @param numerator [M+1] for one coefficient set, or [b, M+1] for one set per row
   * @param denominator [N] or [b, N], coefficients b1..bN
   * @param manager where the intermediate arrays live (the caller's step manager)
   */
  public static NDArray apply(NDArray x, NDArray numerator, NDArray denominator, NDManager manager) {
    int rank = x.getShape().dimension();
    NDArray top = coefficient(numerator, (int) lastDim(numerator) - 1, rank, manager);
    for (int k = (int) lastDim(numerator) - 2; k >= 0; k--) {
      top = top.mul(x).add(coefficient(numerator, k, rank, manager));
    }
    NDArray inner = coefficient(denominator, (int) lastDim(denominator) - 1, rank, manager);
    for (int k = (int) lastDim(denominator) - 2; k >= 0; k--) {
      inner = inner.mul(x).add(coefficient(denominator, k, rank, manager));
    }
    return top.div(inner.mul(x).abs().add(1f));
  }

  private static long lastDim(NDArray coefficients) {
    return coefficients.getShape().get(coefficients.getShape().dimension() - 1);
  }

  /** Coefficient k shaped to broadcast against x: [] for a shared set, [b, 1, ..., 1] per row. */
  private static NDArray coefficient(NDArray coefficients, int k, int rank, NDManager manager) {
    if (coefficients.getShape().dimension() == 1) {
      return coefficients.get(manager, new NDIndex(k));
    }
    long[] shape = new long[rank];
    java.util.Arrays.fill(shape, 1);
    shape[0] = -1;
    return coefficients.get(manager, new NDIndex(":, {}", k)).reshape(shape);
  }
}
