package dev.exitwise.bench.charts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.model.eval.ExitHistogram;
import dev.exitwise.model.eval.OperatingPoint;
import dev.exitwise.model.eval.ParetoFront;
import dev.exitwise.model.eval.PlotSeries;
import dev.exitwise.model.eval.Plots;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every chart kind, drawn through {@link Plots}, which finds this module's {@link XChartRenderer}. */
class PlotsTest {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @TempDir Path folder;

  @Test
  void theRendererIsFoundOnTheClassPath() {
    assertTrue(Plots.available());
  }

  @Test
  void speedQualityChart() throws Exception {
    List<OperatingPoint> points = new ArrayList<>();
    points.add(new OperatingPoint("full", Map.of(), 1.0, 0.47, 0.58, 12));
    for (int depth = 3; depth <= 12; depth += 3) {
      double speedup = 12.0 / depth;
      double macroF1 = 0.47 - 0.05 * (speedup - 1);
      points.add(new OperatingPoint("static", Map.of("depth", (double) depth), speedup, macroF1, 0.5, depth));
    }
    for (int patience = 1; patience <= 4; patience++) {
      for (double tau : new double[] {1e-3, 1e-2, 1e-1}) {
        double speedup = 1 + (5 - patience) * 0.4 + tau * 3;
        points.add(
            new OperatingPoint(
                "f-pabee",
                Map.of("patience", (double) patience, "tau", tau),
                speedup,
                0.47 - 0.02 * (speedup - 1),
                0.55,
                12 / speedup));
      }
    }
    List<OperatingPoint> fpabee = points.stream().filter(p -> p.policy().equals("f-pabee")).toList();
    OperatingPoint chosen = ParetoFront.choose(fpabee, points.get(0));
    Path png = folder.resolve("charts/speed-quality.png");
    Plots.speedQuality(points, chosen, "emotions, dev: macro-F1 against speed-up", png);
    assertPng(png);
  }

  @Test
  void exitHistogramChart() throws Exception {
    int[] pabee = new int[500];
    int[] fpabee = new int[500];
    java.util.Random random = new java.util.Random(1);
    for (int row = 0; row < 500; row++) {
      pabee[row] = Math.min(12, 4 + random.nextInt(9));
      fpabee[row] = Math.min(12, 3 + random.nextInt(7));
    }
    Path png = folder.resolve("exits.png");
    Plots.exitHistogram(
        List.of(
            ExitHistogram.fromExitLayers("pabee P=4", pabee, 12),
            ExitHistogram.fromExitLayers("f-pabee P=3 tau=0.01", fpabee, 12)),
        "emotions, test: exit layers",
        png);
    assertPng(png);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Plots.exitHistogram(
                List.of(ExitHistogram.fromExitLayers("a", pabee, 12), ExitHistogram.fromExitLayers("b", pabee, 13)),
                "t",
                folder.resolve("bad.png")));
  }

  @Test
  void lineChart() throws Exception {
    Path png = folder.resolve("bench.png");
    Plots.lines(
        "throughput against depth",
        "mean exit layer",
        "events per second",
        List.of(
            new PlotSeries("batch 32", new double[] {3, 6, 9, 12}, new double[] {900, 520, 380, 290}),
            new PlotSeries("batch 1", new double[] {3, 6, 9, 12}, new double[] {210, 120, 85, 66})),
        png);
    assertPng(png);
    assertThrows(IllegalArgumentException.class, () -> Plots.lines("t", "x", "y", List.of(), png));
    assertThrows(IllegalArgumentException.class, () -> new PlotSeries("s", new double[2], new double[3]));
  }

  private static void assertPng(Path png) throws Exception {
    assertTrue(Files.size(png) > 5_000, png + " is only " + Files.size(png) + " bytes");
    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(Files.readAllBytes(png), 8));
    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image, png + " does not decode");
    assertEquals(XChartRenderer.WIDTH_PIXELS, image.getWidth());
    assertEquals(XChartRenderer.HEIGHT_PIXELS, image.getHeight());
  }
}
