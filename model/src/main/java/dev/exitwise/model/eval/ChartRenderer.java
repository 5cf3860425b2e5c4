package dev.exitwise.model.eval;

import java.nio.file.Path;
import java.util.List;

/**
 * Draws the PNG charts of {@link Plots}. The implementation lives in the bench module (XChart) and is found with
 * {@link java.util.ServiceLoader}, so the service jar carries no plotting library.
 */
public interface ChartRenderer {
  /** See {@link Plots#speedQuality}. */
  void speedQuality(List<OperatingPoint> points, OperatingPoint chosen, String title, Path png);

  /** See {@link Plots#exitHistogram}. */
  void exitHistogram(List<ExitHistogram> histograms, String title, Path png);

  /** See {@link Plots#lines}. */
  void lines(String title, String xAxisTitle, String yAxisTitle, List<PlotSeries> series, Path png);
}
