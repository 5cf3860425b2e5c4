package dev.exitwise.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.model.exit.ExitPolicy;
import dev.exitwise.model.exit.FPabee;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyGridTest {

  @Test
  void calibrationSearchesEightThresholdsPerDecadeForEveryPatience() {
    double[] taus = PolicyGrid.CALIBRATION_THRESHOLDS;
    assertEquals(25, taus.length);
    assertEquals(1e-4, taus[0], 0);
    assertEquals(0.1, taus[24], 0);
    for (int i = 1; i < taus.length; i++) {
      double step = taus[i] / taus[i - 1];
      assertTrue(step > 1.2 && step < 1.4, "steps of about 10^(1/8): " + taus[i - 1] + " -> " + taus[i]);
    }
    List<ExitPolicy> grid = PolicyGrid.fpabee();
    assertEquals(6 * 25, grid.size());
    assertTrue(grid.stream().allMatch(FPabee.class::isInstance));
  }
}
