package dev.exitwise.model.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The speed-quality trade-off of a set of operating points: which points are worth having (the Pareto front in
 * higher speed-up and higher macro-F1) and which one to ship.
 */
public final class ParetoFront {
  /** The default quality budget of {@link #choose}: one macro-F1 point (0.01) below full depth. */
  public static final double DEFAULT_MAX_DROP_POINTS = 1.0;

  // absorbs rounding in full - drop / 100, so that a point exactly at the budget qualifies
  private static final double TOLERANCE = 1e-12;

  private ParetoFront() {}

  /**
   * The points that no other point dominates. A point dominates another when its speed-up and macro-F1 are both
   * at least as high and one is higher. Of several identical points the first in input order is kept.
   *
   * @return the front, by ascending speed-up (and so by descending macro-F1)
   */
  public static List<OperatingPoint> of(List<OperatingPoint> points) {
    List<OperatingPoint> sorted = new ArrayList<>(points);
    sorted.sort(
        Comparator.comparingDouble(OperatingPoint::speedup)
            .reversed()
            .thenComparing(Comparator.comparingDouble(OperatingPoint::macroF1).reversed()));
    List<OperatingPoint> front = new ArrayList<>();
    double bestMacroF1 = Double.NEGATIVE_INFINITY;
    for (OperatingPoint point : sorted) {
      if (point.macroF1() > bestMacroF1) {
        front.add(0, point);
        bestMacroF1 = point.macroF1();
      }
    }
    return front;
  }

  /**
   * The operating point to ship: the largest speed-up whose macro-F1 is at least {@code fullDepth.macroF1() -
   * maxDropPoints / 100}; among equal speed-ups the higher macro-F1. Falls back to {@code fullDepth} when no
   * candidate qualifies or none is faster than it.
   *
   * @param candidates any points, typically a front or a whole calibration grid
   * @param fullDepth the point of running every layer, the quality reference
   * @param maxDropPoints the allowed macro-F1 loss in points (1.0 = 0.01 macro-F1)
   */
  public static OperatingPoint choose(List<OperatingPoint> candidates, OperatingPoint fullDepth, double maxDropPoints) {
    double floor = fullDepth.macroF1() - maxDropPoints / 100.0 - TOLERANCE;
    OperatingPoint best = fullDepth;
    for (OperatingPoint point : candidates) {
      if (point.macroF1() >= floor
          && (point.speedup() > best.speedup()
              || (point.speedup() == best.speedup() && point.macroF1() > best.macroF1()))) {
        best = point;
      }
    }
    return best;
  }

  /** {@link #choose(List, OperatingPoint, double)} with {@link #DEFAULT_MAX_DROP_POINTS}. */
  public static OperatingPoint choose(List<OperatingPoint> candidates, OperatingPoint fullDepth) {
    return choose(candidates, fullDepth, DEFAULT_MAX_DROP_POINTS);
  }

  /**
   * The best macro-F1 that a set of points reaches at a speed-up of at least {@code speedup}: the front read as
   * a step function, for comparing two policies' fronts at the same speed.
   *
   * @return empty when no point is that fast
   */
  public static OptionalDouble bestMacroF1AtLeast(List<OperatingPoint> points, double speedup) {
    return points.stream()
        .filter(point -> point.speedup() >= speedup)
        .mapToDouble(OperatingPoint::macroF1)
        .max();
  }
}
