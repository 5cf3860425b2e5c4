package dev.exitwise.model.eval;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exitwise.model.exit.ExitPolicies;
import dev.exitwise.model.inference.ModelManifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operating points a tenant may be served at, as {@code calibrate} measured them on dev: full depth first, then
 * every point of the Pareto front that is faster than full depth, by ascending layer speed-up. A service that trades
 * depth for throughput under load (the SLO controller) moves along this list; each point carries its dev macro-F1
 * drop from full depth, so that a quality floor can be applied before any point is served.
 *
 * <p>{@code calibrate} stores it in the tenant's calibration record under {@value #RECORD_KEY}. For manifests
 * calibrated before that record existed, it is derived from the record's Pareto front and full-depth point, which
 * hold the same numbers.
 */
public final class ServingFront {
  /** The calibration record's key of the front. */
  public static final String RECORD_KEY = "servingFront";

  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ServingFront() {}

  /**
   * One operating point.
   *
   * @param policy the exit policy, as {@link dev.exitwise.model.exit.ExitPolicy#describe()} writes it
   * @param macroF1 its dev macro-F1
   * @param macroF1DropPoints full depth's dev macro-F1 minus this point's, in points (1.0 = 0.01 macro-F1); negative
   *     where the point scored higher on dev than full depth
   * @param layerSpeedup layers / mean exit layer on dev; 1.0 for full depth
   */
  public record Point(String policy, double macroF1, double macroF1DropPoints, double layerSpeedup) {
    public Point {
      ExitPolicies.parse(policy); // a point that cannot be served is a broken record, not a point
    }
  }

  /** The front of a calibration: full depth, then the Pareto points faster than it. */
  public static List<Point> of(OperatingPoint fullDepth, List<OperatingPoint> points) {
    List<Point> out = new ArrayList<>();
    out.add(point(fullDepth, fullDepth));
    for (OperatingPoint point : ParetoFront.of(points)) {
      if (point.speedup() > fullDepth.speedup()) {
        out.add(point(point, fullDepth));
      }
    }
    return List.copyOf(out);
  }

  private static Point point(OperatingPoint point, OperatingPoint fullDepth) {
    return new Point(policyOf(point.policy(), point.parameters()), point.macroF1(),
        (fullDepth.macroF1() - point.macroF1()) * 100, point.speedup());
  }

  /**
   * The tenant's front: the one {@code calibrate} recorded, else the one derived from an older calibration record;
   * empty when the tenant was never calibrated, or when an operator pinned its exit policy with an override (a
   * pinned tenant is served as pinned, never moved).
   *
   * @throws IllegalArgumentException when the record is there but cannot be read
   */
  public static List<Point> of(ModelManifest.Tenant tenant) {
    Map<String, Object> calibration = tenant.calibration();
    boolean pinned = tenant.override() != null && tenant.override().exitPolicy() != null;
    if (calibration == null || pinned) {
      return List.of();
    }
    try {
      Object recorded = calibration.get(RECORD_KEY);
      if (recorded != null) {
        return List.of(JSON.convertValue(recorded, Point[].class));
      }
      Object full = calibration.get("fullDepth");
      Object front = calibration.get("paretoFront");
      if (full == null || front == null) {
        return List.of();
      }
      return of(JSON.convertValue(full, OperatingPoint.class),
          List.of(JSON.convertValue(front, OperatingPoint[].class)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("tenant '" + tenant.name() + "': unreadable calibration front: "
          + e.getMessage(), e);
    }
  }

  /** The policy description of a calibration point, which the record gives by family and parameters. */
  private static String policyOf(String family, Map<String, Double> parameters) {
    return PolicyGrid.policyOf(family, new LinkedHashMap<>(parameters)).describe();
  }
}
