package dev.exitwise.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParetoFrontTest {
  private static final OperatingPoint FULL = point("full", 1.0, 0.50);
  private static final OperatingPoint A = point("f-pabee", 1.5, 0.495);
  private static final OperatingPoint B = point("pabee", 1.5, 0.49);
  private static final OperatingPoint C = point("f-pabee", 2.0, 0.48);
  private static final OperatingPoint D = point("static", 1.8, 0.47);
  private static final OperatingPoint E = point("static", 2.5, 0.40);
  private static final OperatingPoint C_AGAIN = point("pabee", 2.0, 0.48);

  @Test
  void keepsTheNonDominatedPointsByAscendingSpeedup() {
    List<OperatingPoint> front = ParetoFront.of(List.of(E, D, C, B, A, FULL, C_AGAIN));
    assertEquals(List.of(FULL, A, C, E), front);
    assertSame(C, front.get(2));
  }

  @Test
  void frontOfNothingIsEmpty() {
    assertTrue(ParetoFront.of(List.of()).isEmpty());
  }

  @Test
  void choosesTheFastestPointWithinTheQualityBudget() {
    List<OperatingPoint> front = ParetoFront.of(List.of(FULL, A, B, C, D, E));
    assertSame(A, ParetoFront.choose(front, FULL));
    // exactly at the budget: 0.50 - 0.02 = 0.48
    assertSame(C, ParetoFront.choose(front, FULL, 2.0));
    assertSame(E, ParetoFront.choose(front, FULL, 10.0));
  }

  @Test
  void fallsBackToFullDepth() {
    assertSame(FULL, ParetoFront.choose(List.of(A, C, E), FULL, 0.1));
    assertSame(FULL, ParetoFront.choose(List.of(), FULL));
  }

  @Test
  void bestMacroF1AtLeastASpeedup() {
    List<OperatingPoint> front = ParetoFront.of(List.of(FULL, A, C, E));
    assertEquals(0.48, ParetoFront.bestMacroF1AtLeast(front, 1.6).orElseThrow());
    assertEquals(0.50, ParetoFront.bestMacroF1AtLeast(front, 1.0).orElseThrow());
    assertTrue(ParetoFront.bestMacroF1AtLeast(front, 3.0).isEmpty());
  }

  @Test
  void parametersRenderInInsertionOrder() {
    Map<String, Double> parameters = new LinkedHashMap<>();
    parameters.put("patience", 3.0);
    parameters.put("threshold", 0.001);
    OperatingPoint point = new OperatingPoint("f-pabee", parameters, 2.1, 0.45, 0.55, 5.7);
    assertEquals("patience=3 threshold=0.001", point.parametersText());
    assertEquals("f-pabee patience=3 threshold=0.001", point.describe());
    assertEquals("full", FULL.describe());
  }

  private static OperatingPoint point(String policy, double speedup, double macroF1) {
    return new OperatingPoint(policy, Map.of(), speedup, macroF1, macroF1 + 0.1, 12 / speedup);
  }
}
