package dev.exitwise.model.exit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The test vectors of docs/algorithms.md §5.1 and §5.2, to 1e-5. */
class DivergenceTest {
  private static final double TOLERANCE = 1e-5;

  private static final float[] MLC_PREVIOUS = {3.0f, -2.0f, 0.2f, -4.0f};
  private static final float[] MLC_CURRENT = {2.0f, -1.0f, -0.3f, -4.5f};

  @Test
  void multiLabelSumsMatchReference() {
    assertEquals(0.131070, sum(Divergence.KL), TOLERANCE);
    assertEquals(0.156084, sum(Divergence.REVERSE_KL), TOLERANCE);
    assertEquals(0.287153, sum(Divergence.SYMMETRIC_KL), TOLERANCE);
    assertEquals(0.035177, sum(Divergence.JSD), TOLERANCE);
    assertEquals(0.809470, sum(Divergence.JS_CE), TOLERANCE);
  }

  @Test
  void multiLabelMeansMatchReference() {
    assertEquals(0.032767, mean(Divergence.KL), TOLERANCE);
    assertEquals(0.039021, mean(Divergence.REVERSE_KL), TOLERANCE);
    assertEquals(0.071788, mean(Divergence.SYMMETRIC_KL), TOLERANCE);
    assertEquals(0.008794, mean(Divergence.JSD), TOLERANCE);
  }

  @Test
  void singleLabelMatchesReference() {
    double[] previous = {2.0, 0.5, -1.0};
    double[] current = {1.5, 1.0, -0.5};
    assertEquals(0.099243, Divergence.KL.categorical(previous, current), TOLERANCE);
    assertEquals(0.112257, Divergence.REVERSE_KL.categorical(previous, current), TOLERANCE);
    assertEquals(0.211500, Divergence.SYMMETRIC_KL.categorical(previous, current), TOLERANCE);
    assertEquals(0.026056, Divergence.JSD.categorical(previous, current), TOLERANCE);
    assertEquals(0.779074, Divergence.JS_CE.categorical(previous, current), TOLERANCE);
  }

  @Test
  void identicalDistributionsScoreZeroAndJsdIsBounded() {
    assertEquals(0.0, Divergence.JSD.bernoulli(1.3, 1.3), 1e-12);
    assertEquals(0.0, Divergence.KL.bernoulli(-7, -7), 1e-12);
    // opposite certainties: each label term approaches ln 2
    assertEquals(Math.log(2), Divergence.JSD.bernoulli(30, -30), 1e-5);
  }

  @Test
  void parsesShortNamesAndRejectsUnknown() {
    assertEquals(Divergence.JSD, Divergence.parse("jsd"));
    assertEquals(Divergence.REVERSE_KL, Divergence.parse("REVERSE_KL"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Divergence.parse("cosine"));
    assertEquals("unknown divergence 'cosine'; allowed: kl, rekl, symkl, jsd, jsce", e.getMessage());
  }

  private static double sum(Divergence d) {
    return d.bernoulli(MLC_PREVIOUS, MLC_CURRENT, 4, Reduction.SUM);
  }

  private static double mean(Divergence d) {
    return d.bernoulli(MLC_PREVIOUS, MLC_CURRENT, 4, Reduction.MEAN);
  }
}
