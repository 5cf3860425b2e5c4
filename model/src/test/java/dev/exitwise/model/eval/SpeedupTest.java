package dev.exitwise.model.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SpeedupTest {
  private static final double EPS = 1e-12;

  @Test
  void conventionsOfSectionOnePointSeven() {
    assertEquals(9.0, Speedup.meanExitLayer(new int[] {12, 6, 6, 12}), EPS);
    assertEquals(2.0, Speedup.layerSpeedup(6, 12), EPS);
    assertEquals(0.5, Speedup.savedFraction(6, 12), EPS);
    assertEquals(2.0, Speedup.factorFromSavedFraction(0.5), EPS);
    assertEquals(1.0, Speedup.layerSpeedup(12, 12), EPS);
    assertEquals(0.0, Speedup.savedFraction(12, 12), EPS);
    for (double mean = 1; mean <= 12; mean += 0.37) {
      assertEquals(
          Speedup.layerSpeedup(mean, 12), Speedup.factorFromSavedFraction(Speedup.savedFraction(mean, 12)), 1e-9);
    }
    assertEquals(1.6, Speedup.wallSpeedup(8e9, 5e9), EPS);
  }

  @Test
  void outOfRangeInputIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Speedup.meanExitLayer(new int[0]));
    assertThrows(IllegalArgumentException.class, () -> Speedup.layerSpeedup(0.5, 12));
    assertThrows(IllegalArgumentException.class, () -> Speedup.savedFraction(13, 12));
    assertThrows(IllegalArgumentException.class, () -> Speedup.factorFromSavedFraction(1.0));
    assertThrows(IllegalArgumentException.class, () -> Speedup.wallSpeedup(0, 1));
  }

  @Test
  void exitHistogramCountsLayers() {
    ExitHistogram histogram = ExitHistogram.fromExitLayers("pabee", new int[] {1, 3, 3, 4}, 4);
    assertArrayEquals(new long[] {1, 0, 2, 1}, histogram.rowsByLayer());
    assertEquals(4, histogram.rows());
    assertEquals(0.5, histogram.fraction(3), EPS);
    assertEquals(Speedup.meanExitLayer(new int[] {1, 3, 3, 4}), histogram.meanExitLayer(), EPS);
    assertThrows(IllegalArgumentException.class, () -> ExitHistogram.fromExitLayers("x", new int[] {5}, 4));
    assertThrows(IllegalArgumentException.class, () -> ExitHistogram.fromExitLayers("x", new int[] {0}, 4));
  }
}
