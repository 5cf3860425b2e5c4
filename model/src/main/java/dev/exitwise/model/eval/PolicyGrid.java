package dev.exitwise.model.eval;

import dev.exitwise.model.exit.Divergence;
import dev.exitwise.model.exit.ExitPolicy;
import dev.exitwise.model.exit.FPabee;
import dev.exitwise.model.exit.Pabee;
import dev.exitwise.model.exit.Reduction;
import dev.exitwise.model.exit.StaticExit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The policies calibration searches (docs/algorithms.md §1.6): F-PABEE over patience 1..6 and a log grid of
 * thresholds, PABEE over patience 1..6, static exit at every layer. Each policy is scored by replaying it over
 * cached logits.
 */
public final class PolicyGrid {
  /**
   * Mean-over-labels JSD thresholds for sweeps that run the model (benchmarks): a log grid from 1e-4 to 0.1, about
   * 4 points per decade.
   */
  public static final double[] THRESHOLDS = {
    1e-4, 1.8e-4, 3e-4, 5.6e-4, 1e-3, 1.8e-3, 3e-3, 5.6e-3, 1e-2, 1.8e-2, 3e-2, 5.6e-2, 0.1
  };

  /**
   * Thresholds calibration replays over cached logits, where points cost nothing: 8 per decade from 1e-4 to 0.1
   * (25 values, rounded to 2 significant digits), so the chosen point is not limited by the grid's steps.
   */
  public static final double[] CALIBRATION_THRESHOLDS = logGrid(1e-4, 0.1, 8);

  private PolicyGrid() {}

  /** F-PABEE (JSD, mean) over patience 1..6 and {@link #CALIBRATION_THRESHOLDS}. */
  public static List<ExitPolicy> fpabee() {
    List<ExitPolicy> out = new ArrayList<>();
    for (int patience = 1; patience <= 6; patience++) {
      for (double tau : CALIBRATION_THRESHOLDS) {
        out.add(new FPabee(Divergence.JSD, Reduction.MEAN, tau, patience));
      }
    }
    return out;
  }

  /** PABEE over patience 1..6. */
  public static List<ExitPolicy> pabee() {
    List<ExitPolicy> out = new ArrayList<>();
    for (int patience = 1; patience <= 6; patience++) {
      out.add(new Pabee(patience, 0.5f));
    }
    return out;
  }

  /** Static exit at layers 1..layers-1. */
  public static List<ExitPolicy> staticExits(int layers) {
    List<ExitPolicy> out = new ArrayList<>();
    for (int layer = 1; layer < layers; layer++) {
      out.add(new StaticExit(layer));
    }
    return out;
  }

  /** The family name used in plots and tables: {@code F-PABEE}, {@code PABEE}, {@code static}, {@code full}. */
  public static String family(ExitPolicy policy) {
    if (policy instanceof FPabee) {
      return "F-PABEE";
    }
    if (policy instanceof Pabee) {
      return "PABEE";
    }
    return policy instanceof StaticExit ? "static" : "full";
  }

  /** The policy's parameters as plot and table annotations. */
  public static Map<String, Double> parameters(ExitPolicy policy) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (policy instanceof FPabee f) {
      out.put("patience", (double) f.patience());
      out.put("tau", f.threshold());
    } else if (policy instanceof Pabee p) {
      out.put("patience", (double) p.patience());
    } else if (policy instanceof StaticExit s) {
      out.put("layer", (double) s.exitLayer());
    }
    return out;
  }

  /**
   * The policy a calibration point names: the inverse of {@link #family} and {@link #parameters} for the policies
   * of this grid (F-PABEE here is always JSD with the mean over labels).
   *
   * @throws IllegalArgumentException for a family or parameters this grid does not make
   */
  public static ExitPolicy policyOf(String family, Map<String, Double> parameters) {
    Double patience = parameters.get("patience");
    switch (family) {
      case "full":
        return new dev.exitwise.model.exit.FullDepth();
      case "F-PABEE":
        if (patience != null && parameters.get("tau") != null) {
          return new FPabee(Divergence.JSD, Reduction.MEAN, parameters.get("tau"), patience.intValue());
        }
        break;
      case "PABEE":
        if (patience != null) {
          return new Pabee(patience.intValue(), 0.5f);
        }
        break;
      case "static":
        if (parameters.get("layer") != null) {
          return new StaticExit(parameters.get("layer").intValue());
        }
        break;
      default:
        break;
    }
    throw new IllegalArgumentException("not a calibration point: " + family + " " + parameters);
  }

  /** Scores a policy on cached logits; each row is judged by the thresholds of its exit layer, [layer - 1][label]. */
  public static OperatingPoint score(ExitPolicy policy, LayerLogits cache, boolean[][] gold, float[][] thresholds) {
    LayerLogits.Replay replay = cache.replay(policy);
    boolean[][] predicted = new boolean[gold.length][];
    for (int row = 0; row < gold.length; row++) {
      predicted[row] = ThresholdCalibration.apply(new float[][] {replay.scores()[row]},
          thresholds[replay.exitLayers()[row] - 1])[0];
    }
    MultiLabelMetrics metrics = MultiLabelMetrics.compute(gold, predicted);
    double mean = Speedup.meanExitLayer(replay.exitLayers());
    return new OperatingPoint(family(policy), parameters(policy), Speedup.layerSpeedup(mean, cache.layers()),
        metrics.macroF1(), metrics.microF1(), mean);
  }

  private static double[] logGrid(double from, double to, int perDecade) {
    int steps = (int) Math.round(Math.log10(to / from) * perDecade);
    double[] out = new double[steps + 1];
    for (int i = 0; i <= steps; i++) {
      double value = from * Math.pow(10, (double) i / perDecade);
      out[i] = Double.parseDouble(String.format(java.util.Locale.ROOT, "%.2g", value));
    }
    return out;
  }
}
