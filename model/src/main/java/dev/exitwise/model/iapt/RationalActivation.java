package dev.exitwise.model.iapt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * The learned rational activation of IAPT ("version B", safe form):
 * R(x) = (a0 + a1 x + ... + aM x^M) / (1 + |b1 x + ... + bN x^N|). The denominator is at least 1, so there
 * are no poles. One coefficient set per layer, shared by all channels and prompts.
 */
public final class RationalActivation {
  /** Degree 6/5 least-squares fit to exact GELU on [-3, 3] (docs/algorithms.md §2.2; max error checked in tests). */
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
   * Applies R elementwise (differentiable in x and in the coefficients). Both polynomials come from one basis
   * x^1..x^D (D = max(M, N)) and one matrix product with the stacked coefficients: about 15 tensor operations
   * whatever the degrees, where Horner's scheme needs about 40. These are tiny tensors, so the cost is per
   * operation, and it counts most in the small batches that compaction leaves.
   *
   * @param x any shape whose first axis is the batch, e.g. [b, prompts, m]
   * @param numerator [M+1] for one coefficient set, or [b, M+1] for one set per row
   * @param denominator [N] or [b, N], coefficients b1..bN
   * @param manager where the intermediate arrays live (the caller's step manager)
   */
  public static NDArray apply(NDArray x, NDArray numerator, NDArray denominator, NDManager manager) {
    int numeratorDegree = (int) lastDim(numerator) - 1;
    int denominatorDegree = (int) lastDim(denominator);
    int degree = Math.max(numeratorDegree, denominatorDegree);
    boolean perRow = numerator.getShape().dimension() == 2;
    Shape shape = x.getShape();
    NDArray powers = x.expandDims(-1).pow(manager.arange(1f, degree + 1f)); // [..., D]: x^1 .. x^D
    NDArray coefficients = NDArrays.stack(new NDList( // [D, 2] or [b, D, 2]: a1..aM and b1..bN, zero-padded
        padded(numerator.get(manager, new NDIndex("..., 1:")), degree - numeratorDegree, manager),
        padded(denominator, degree - denominatorDegree, manager)), -1);
    NDArray sums = perRow
        ? powers.reshape(shape.get(0), -1, degree).matMul(coefficients).reshape(shape.add(2))
        : powers.matMul(coefficients); // [..., 2]
    NDArray constant = numerator.get(manager, new NDIndex("..., 0"));
    if (perRow) {
      long[] broadcast = new long[shape.dimension()];
      java.util.Arrays.fill(broadcast, 1);
      broadcast[0] = -1;
      constant = constant.reshape(broadcast);
    }
    NDArray top = sums.get(manager, new NDIndex("..., 0")).add(constant);
    return top.div(sums.get(manager, new NDIndex("..., 1")).abs().add(1f));
  }

  /** Appends {@code zeros} zero coefficients on the last axis. */
  private static NDArray padded(NDArray coefficients, int zeros, NDManager manager) {
    if (zeros == 0) {
      return coefficients;
    }
    Shape shape = coefficients.getShape();
    long[] padShape = shape.getShape().clone();
    padShape[padShape.length - 1] = zeros;
    return coefficients.concat(manager.zeros(new Shape(padShape)), -1);
  }

  private static long lastDim(NDArray coefficients) {
    return coefficients.getShape().get(coefficients.getShape().dimension() - 1);
  }
}
