package dev.exitwise.model.eval;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

/**
 * PNG charts for results and benchmarks, drawn by the {@link ChartRenderer} on the class path: the bench jar
 * ({@code bench/target/exitwise-bench.jar}) has one, the service jar has none, and there a chart is an {@link
 * IllegalStateException} that says which jar to run.
 */
public final class Plots {
  private Plots() {}

  /** Whether a renderer is on the class path, so that a command can refuse {@code --plots} before it works. */
  public static boolean available() {
    return Holder.RENDERER != null;
  }

  /**
   * Macro-F1 against layer speed-up, one colour per policy: every operating point as a marker, the policy's own
   * Pareto front as a line through its best points.
   *
   * @param points the operating points of all policies; {@link OperatingPoint#policy()} groups them
   * @param chosen the shipped point, drawn as a large diamond, or {@code null}
   * @param title the chart title, for example {@code "emotions, dev: macro-F1 against speed-up"}
   * @param png the file to write; parent folders are created
   * @throws UncheckedIOException when the file cannot be written
   * @throws IllegalStateException when no renderer is on the class path
   */
  public static void speedQuality(List<OperatingPoint> points, OperatingPoint chosen, String title, Path png) {
    renderer().speedQuality(points, chosen, title, png);
  }

  /**
   * Grouped bars of the fraction of rows that exit at each layer, one bar colour per policy.
   *
   * @param histograms one per policy, all with the same number of layers
   * @throws IllegalArgumentException when the histograms disagree on the layer count or there are none
   * @throws UncheckedIOException when the file cannot be written
   * @throws IllegalStateException when no renderer is on the class path
   */
  public static void exitHistogram(List<ExitHistogram> histograms, String title, Path png) {
    renderer().exitHistogram(histograms, title, png);
  }

  /**
   * A line chart with markers, one line per series, for benchmark curves such as events per second against mean
   * exit layer.
   *
   * @throws IllegalArgumentException when there are no series
   * @throws UncheckedIOException when the file cannot be written
   * @throws IllegalStateException when no renderer is on the class path
   */
  public static void lines(String title, String xAxisTitle, String yAxisTitle, List<PlotSeries> series, Path png) {
    renderer().lines(title, xAxisTitle, yAxisTitle, series, png);
  }

  private static ChartRenderer renderer() {
    if (Holder.RENDERER == null) {
      throw new IllegalStateException("this jar draws no charts (the service jar carries no plotting library);"
          + " run the same command from bench/target/exitwise-bench.jar for --plots");
    }
    return Holder.RENDERER;
  }

  /** The first renderer on the class path, looked up once, on first use. */
  private static final class Holder {
    static final ChartRenderer RENDERER =
        ServiceLoader.load(ChartRenderer.class).findFirst().orElse(null);
  }
}
