package dev.exitwise.model.iapt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.exitwise.model.runtime.DjlRuntime;
import org.junit.jupiter.api.Test;

class RationalActivationTest {
  /** Version B 5/4 with the rational_activations library's GELU initialisation (docs/algorithms.md §5.3). */
  private static final double[] NUMERATOR_5 = {-4.22107e-4, 0.4999996, 0.4027054, 0.0736698, -0.0129548, -0.0037414};
  private static final double[] DENOMINATOR_4 = {4.95854e-5, 0.1472977, 1.16458e-5, -0.0074839};
  private static final double[] X = {-3, -1, -0.5, 0, 0.5, 1, 3};
  private static final double[] EXPECTED = {-0.003103, -0.158455, -0.154050, -0.000422, 0.345949, 0.841545, 2.996897};

  @Test
  void referenceVectorsInDoublePrecision() {
    for (int i = 0; i < X.length; i++) {
      assertEquals(EXPECTED[i], RationalActivation.evaluate(X[i], NUMERATOR_5, DENOMINATOR_4), 1e-5, "x=" + X[i]);
    }
  }

  @Test
  void referenceVectorsOnNdArrays() {
    DjlRuntime.configure(null);
    try (NDManager manager = DjlRuntime.engine().newBaseManager()) {
      NDArray x = manager.create(toFloats(X)).reshape(1, 1, X.length);
      float[] y = RationalActivation.apply(x, manager.create(toFloats(NUMERATOR_5)),
          manager.create(toFloats(DENOMINATOR_4)), manager).toFloatArray();
      for (int i = 0; i < X.length; i++) {
        assertEquals(EXPECTED[i], y[i], 1e-5, "x=" + X[i]);
      }
      // per-row coefficient sets: row 0 uses the 5/4 fit, row 1 the identity-like a = (0, 1)
      NDArray rows = manager.create(new float[] {1f, 2f}).reshape(2, 1, 1);
      NDArray numerators = manager.create(new float[][] {toFloats(NUMERATOR_5), {0, 1, 0, 0, 0, 0}});
      NDArray denominators = manager.create(new float[][] {toFloats(DENOMINATOR_4), {0, 0, 0, 0}});
      float[] out = RationalActivation.apply(rows, numerators, denominators, manager).toFloatArray();
      assertEquals(0.841545, out[0], 1e-5);
      assertEquals(2.0, out[1], 1e-6);
    }
  }

  @Test
  void defaultSixFiveFitTracksGeluOnItsRange() {
    double[] a = toDoubles(RationalActivation.GELU_NUMERATOR_6);
    double[] b = toDoubles(RationalActivation.GELU_DENOMINATOR_5);
    double worst = 0;
    for (double x = -3; x <= 3; x += 0.01) {
      double gelu = 0.5 * x * (1 + erf(x / Math.sqrt(2)));
      worst = Math.max(worst, Math.abs(RationalActivation.evaluate(x, a, b) - gelu));
    }
    assertTrue(worst < 2e-4, "max |R - GELU| on [-3, 3] = " + worst);
  }

  /** Abramowitz-Stegun 7.1.26 is too coarse here; a series that is exact to double precision on [-3, 3]. */
  private static double erf(double x) {
    double sum = 0;
    double term = x;
    for (int n = 0; n < 200; n++) {
      sum += term / (2 * n + 1);
      term *= -x * x / (n + 1);
    }
    return 2 / Math.sqrt(Math.PI) * sum;
  }

  private static float[] toFloats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  private static double[] toDoubles(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
