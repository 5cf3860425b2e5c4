package dev.exitwise.bench.charts;

import dev.exitwise.model.eval.ChartRenderer;
import dev.exitwise.model.eval.ExitHistogram;
import dev.exitwise.model.eval.OperatingPoint;
import dev.exitwise.model.eval.ParetoFront;
import dev.exitwise.model.eval.PlotSeries;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The {@link ChartRenderer} of the bench jar: PNG charts drawn with XChart in headless mode (no display needed; the
 * class sets {@code java.awt.headless=true} unless the JVM was started with a value). Registered in {@code
 * META-INF/services}; callers draw through {@link dev.exitwise.model.eval.Plots}.
 */
public final class XChartRenderer implements ChartRenderer {
  /** Chart width in pixels. */
  public static final int WIDTH_PIXELS = 900;

  /** Chart height in pixels. */
  public static final int HEIGHT_PIXELS = 600;

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** For {@link java.util.ServiceLoader}. */
  public XChartRenderer() {}

  /**
   * Macro-F1 against layer speed-up, one colour per policy: every operating point as a marker, the policy's own
   * Pareto front as a line through its best points.
   *
   * @param points the operating points of all policies; {@link OperatingPoint#policy()} groups them
   * @param chosen the shipped point, drawn as a large diamond, or {@code null}
   * @param title the chart title, for example {@code "emotions, dev: macro-F1 against speed-up"}
   * @param png the file to write; parent folders are created
   * @throws UncheckedIOException when the file cannot be written
   */
  @Override
  public void speedQuality(List<OperatingPoint> points, OperatingPoint chosen, String title, Path png) {
    XYChart chart = xyChart(title, "layer speed-up (layers / mean exit layer)", "macro-F1");
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    Map<String, List<OperatingPoint>> byPolicy = new LinkedHashMap<>();
    for (OperatingPoint point : points) {
      byPolicy.computeIfAbsent(point.policy(), policy -> new ArrayList<>()).add(point);
    }
    Color[] palette = chart.getStyler().getSeriesColors();
    int colourIndex = 0;
    for (Map.Entry<String, List<OperatingPoint>> policy : byPolicy.entrySet()) {
      Color colour = palette[colourIndex++ % palette.length];
      List<OperatingPoint> all = new ArrayList<>(policy.getValue());
      all.sort(Comparator.comparingDouble(OperatingPoint::speedup));
      XYSeries markers = chart.addSeries(policy.getKey(), speedups(all), macroF1s(all));
      markers.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      markers.setMarker(SeriesMarkers.CIRCLE);
      markers.setMarkerColor(colour);
      List<OperatingPoint> front = ParetoFront.of(all);
      if (front.size() > 1) {
        XYSeries line = chart.addSeries(policy.getKey() + " front", speedups(front), macroF1s(front));
        line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(colour);
        line.setShowInLegend(false);
      }
    }
    if (chosen != null) {
      XYSeries star =
          chart.addSeries(
              "chosen: " + chosen.describe(), new double[] {chosen.speedup()}, new double[] {chosen.macroF1()});
      star.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      star.setMarker(SeriesMarkers.DIAMOND);
      star.setMarkerColor(Color.BLACK);
    }
    chart.getStyler().setMarkerSize(7);
    write(chart, png);
  }

  /**
   * Grouped bars of the fraction of rows that exit at each layer, one bar colour per policy.
   *
   * @param histograms one per policy, all with the same number of layers
   * @throws IllegalArgumentException when the histograms disagree on the layer count or there are none
   * @throws UncheckedIOException when the file cannot be written
   */
  @Override
  public void exitHistogram(List<ExitHistogram> histograms, String title, Path png) {
    if (histograms.isEmpty()) {
      throw new IllegalArgumentException("no histograms to plot");
    }
    int layers = histograms.get(0).layers();
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH_PIXELS)
            .height(HEIGHT_PIXELS)
            .title(title)
            .xAxisTitle("exit layer")
            .yAxisTitle("fraction of rows")
            .build();
    style(chart.getStyler());
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setOverlapped(false);
    chart.getStyler().setAvailableSpaceFill(0.85);
    chart.getStyler().setYAxisDecimalPattern("0.00");
    List<Integer> layerNumbers = new ArrayList<>();
    for (int layer = 1; layer <= layers; layer++) {
      layerNumbers.add(layer);
    }
    for (ExitHistogram histogram : histograms) {
      if (histogram.layers() != layers) {
        throw new IllegalArgumentException(
            histogram.policy() + " has " + histogram.layers() + " layers, " + histograms.get(0).policy() + " has "
                + layers);
      }
      List<Double> fractions = new ArrayList<>();
      for (int layer = 1; layer <= layers; layer++) {
        fractions.add(histogram.fraction(layer));
      }
      chart.addSeries(histogram.policy(), layerNumbers, fractions);
    }
    write(chart, png);
  }

  /**
   * A generic line chart with markers, one line per series, for benchmark curves such as events per second
   * against mean exit layer, or macro-F1 against events per second.
   *
   * @throws IllegalArgumentException when there are no series or two share a name
   * @throws UncheckedIOException when the file cannot be written
   */
  @Override
  public void lines(String title, String xAxisTitle, String yAxisTitle, List<PlotSeries> series, Path png) {
    if (series.isEmpty()) {
      throw new IllegalArgumentException("no series to plot");
    }
    XYChart chart = xyChart(title, xAxisTitle, yAxisTitle);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setMarkerSize(7);
    for (PlotSeries line : series) {
      chart.addSeries(line.name(), line.x(), line.y()).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    }
    write(chart, png);
  }

  private static XYChart xyChart(String title, String xAxisTitle, String yAxisTitle) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH_PIXELS)
            .height(HEIGHT_PIXELS)
            .title(title)
            .xAxisTitle(xAxisTitle)
            .yAxisTitle(yAxisTitle)
            .build();
    style(chart.getStyler());
    return chart;
  }

  private static void style(Styler styler) {
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setLegendBorderColor(Color.LIGHT_GRAY);
    styler.setAntiAlias(true);
  }

  private static void write(Chart<?, ?> chart, Path png) {
    try {
      Path parent = png.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(png, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write chart " + png, e);
    }
  }

  private static double[] speedups(List<OperatingPoint> points) {
    return points.stream().mapToDouble(OperatingPoint::speedup).toArray();
  }

  private static double[] macroF1s(List<OperatingPoint> points) {
    return points.stream().mapToDouble(OperatingPoint::macroF1).toArray();
  }
}
