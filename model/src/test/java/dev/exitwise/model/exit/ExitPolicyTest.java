package dev.exitwise.model.exit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExitPolicyTest {

  /**
   * The toy batch of docs/algorithms.md §5.4: B = 4, L = 6, 3 labels, mean JSD, tau = 0.01, P = 2.
   * Rows 0 to 2 drift slowly (agreements at layers 2 and 3, exit at layer 3); row 3 keeps changing its mind.
   */
  static float[][][] toyTrajectories() {
    float[][][] logits = new float[4][6][];
    for (int layer = 0; layer < 6; layer++) {
      float drift = 0.05f * layer;
      logits[0][layer] = new float[] {2.0f + drift, -1.0f, -3.0f};
      logits[1][layer] = new float[] {-2.0f, 1.0f - drift, 0.5f};
      logits[2][layer] = new float[] {0.1f * layer, -4.0f, 4.0f - drift};
      float sign = layer % 2 == 0 ? 1 : -1;
      logits[3][layer] = new float[] {2.0f * sign, -2.0f * sign, 1.0f};
    }
    return logits;
  }

  @Test
  void toyBatchedRunExitsAtReferenceLayers() {
    FPabee policy = new FPabee(Divergence.JSD, Reduction.MEAN, 0.01, 2);
    assertArrayEquals(new int[] {3, 3, 3, 6}, ExitReplay.exitLayers(policy, toyTrajectories(), 3));
  }

  @Test
  void earliestFPabeeExitIsPatiencePlusOne() {
    float[][] constant = new float[12][];
    for (int l = 0; l < 12; l++) {
      constant[l] = new float[] {1f, -1f};
    }
    for (int patience = 1; patience <= 6; patience++) {
      FPabee policy = new FPabee(Divergence.JSD, Reduction.MEAN, 1e-3, patience);
      assertEquals(patience + 1, ExitReplay.exitLayer(policy, constant, 2));
    }
  }

  @Test
  void aScoreAtTheThresholdResetsTheCount() {
    // the score between layers equals tau exactly: strict "<" means no agreement, so no early exit
    float[][] rows = {{0f}, {1f}, {0f}, {1f}};
    double tau = Divergence.JSD.bernoulli(0, 1);
    assertEquals(4, ExitReplay.exitLayer(new FPabee(Divergence.JSD, Reduction.SUM, tau, 1), rows, 1));
    assertEquals(2, ExitReplay.exitLayer(new FPabee(Divergence.JSD, Reduction.SUM, tau * 1.0001, 1), rows, 1));
  }

  @Test
  void patienceZeroNeverExitsEarly() {
    float[][][] logits = toyTrajectories();
    assertArrayEquals(new int[] {6, 6, 6, 6},
        ExitReplay.exitLayers(new FPabee(Divergence.JSD, Reduction.MEAN, 10, 0), logits, 3));
    assertArrayEquals(new int[] {6, 6, 6, 6}, ExitReplay.exitLayers(new Pabee(0, 0.5f), logits, 3));
    assertArrayEquals(new int[] {6, 6, 6, 6}, ExitReplay.exitLayers(new FullDepth(), logits, 3));
  }

  @Test
  void pabeeExitsWhenTheLabelSetIsStable() {
    // label sets per layer: {0}, {0,1}, {0,1}, {0,1}, {0}, ... -> two unchanged comparisons at layers 3 and 4
    float[][] row = {{1, -1}, {1, 1}, {2, 1}, {3, 2}, {1, -1}, {1, -1}};
    assertEquals(4, ExitReplay.exitLayer(new Pabee(2, 0.5f), row, 2));
    assertEquals(3, ExitReplay.exitLayer(new Pabee(1, 0.5f), row, 2));
  }

  @Test
  void staticExitLeavesAtItsLayer() {
    assertArrayEquals(new int[] {2, 2, 2, 2}, ExitReplay.exitLayers(new StaticExit(2), toyTrajectories(), 3));
  }

  @Test
  void recordsTheDivergenceTrace() {
    ExitPolicy.RowState state = new FPabee(Divergence.JSD, Reduction.SUM, 0.01, 3).start();
    state.offer(1, new float[] {3.0f, -2.0f, 0.2f, -4.0f}, 4);
    assertTrue(Float.isNaN(state.lastScore()));
    state.offer(2, new float[] {2.0f, -1.0f, -0.3f, -4.5f}, 4);
    assertEquals(0.035177, state.lastScore(), 1e-5);
  }

  @Test
  void descriptionsRoundTripThroughTheParser() {
    ExitPolicy[] policies = {
      new FullDepth(), new StaticExit(6), new Pabee(3, 0.5f),
      new FPabee(Divergence.SYMMETRIC_KL, Reduction.SUM, 0.003, 2)
    };
    for (ExitPolicy policy : policies) {
      assertEquals(policy, ExitPolicies.parse(policy.describe()));
    }
    assertInstanceOf(FPabee.class, ExitPolicies.parse("FPABEE(jsd, mean, 1e-3, 2)"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ExitPolicies.parse("fpabee(jsd,mean,0,2)"));
    assertTrue(e.getMessage().contains("divergence threshold must be > 0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ExitPolicies.parse("sometimes"));
  }
}
