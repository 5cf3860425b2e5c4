package dev.exitwise.streams.slo;

import dev.exitwise.model.eval.ServingFront;
import java.util.ArrayList;
import java.util.List;

/**
 * The points a controller steps between for one tenant: the tenant's serving front without the points that cross
 * its quality floor, thinned so that each point is at least {@code stepRatio} times as fast as the one before (a
 * front of twenty points 3 % apart would take twenty windows to cross). The deepest point is always kept, and so is
 * the fastest point the floor allows.
 */
final class Ladder {
  // absorbs rounding in the recorded drop, so that a point exactly at the floor is allowed
  private static final double TOLERANCE = 1e-9;

  private Ladder() {}

  /**
   * The rungs, deepest first; empty when the front is.
   *
   * @param front the tenant's serving front, full depth first, by ascending speed-up
   * @param maxDropPoints the tenant's quality floor
   * @param stepRatio the least speed-up factor between rungs
   */
  static List<ServingFront.Point> of(List<ServingFront.Point> front, double maxDropPoints, double stepRatio) {
    List<ServingFront.Point> allowed = front.stream()
        .filter(point -> point.macroF1DropPoints() <= maxDropPoints + TOLERANCE)
        .toList();
    List<ServingFront.Point> rungs = new ArrayList<>();
    for (ServingFront.Point point : allowed) {
      if (rungs.isEmpty() || point.layerSpeedup() >= rungs.get(rungs.size() - 1).layerSpeedup() * stepRatio) {
        rungs.add(point);
      }
    }
    if (!allowed.isEmpty() && rungs.get(rungs.size() - 1) != allowed.get(allowed.size() - 1)) {
      rungs.add(allowed.get(allowed.size() - 1));
    }
    return List.copyOf(rungs);
  }
}
