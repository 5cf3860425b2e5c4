package dev.exitwise.bench;

import dev.exitwise.bench.model.BenchRow;
import dev.exitwise.bench.model.BenchTenants;
import dev.exitwise.bench.model.ClassifierBench;
import dev.exitwise.model.eval.PlotSeries;
import dev.exitwise.model.eval.Plots;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The benchmark's two charts at batch 32, one line per policy: events/s against mean exit layer, and macro-F1
 * against events/s. Static exits share a line with full depth (layer 12); the F-PABEE line is its threshold sweep;
 * PABEE and ONNX Runtime (fp32 and int8) are single points.
 */
final class BenchPlots {
  static final String THROUGHPUT_PNG = "bench-events-per-second-vs-exit-layer.png";
  static final String QUALITY_PNG = "bench-macro-f1-vs-events-per-second.png";

  private BenchPlots() {}

  /** Draws both charts into {@code directory}; returns the files. */
  static List<Path> write(ClassifierBench.Result result, int batchSize, Path directory) {
    Map<String, List<BenchRow>> lines = lines(result, batchSize);
    List<PlotSeries> throughput = series(lines, BenchRow::meanExitLayer, BenchRow::eventsPerSecond);
    Map<String, List<BenchRow>> withQuality = new LinkedHashMap<>(lines);
    withQuality.values().removeIf(rows -> rows.stream().anyMatch(r -> r.macroF1() == null));
    List<PlotSeries> quality = series(withQuality, BenchRow::eventsPerSecond, BenchRow::macroF1);
    Path first = directory.resolve(THROUGHPUT_PNG);
    Path second = directory.resolve(QUALITY_PNG);
    Plots.lines("events/s against mean exit layer (batch " + batchSize + ")", "mean exit layer",
        "events per second", throughput, first);
    Plots.lines("macro-F1 against events/s (batch " + batchSize + ", GoEmotions test)", "events per second",
        "macro-F1", quality, second);
    return List.of(first, second);
  }

  /** The rows of each line, by policy family. */
  static Map<String, List<BenchRow>> lines(ClassifierBench.Result result, int batchSize) {
    Map<String, List<BenchRow>> lines = new LinkedHashMap<>();
    for (BenchRow row : result.rows()) {
      if (row.batchSize() != batchSize || !row.workload().equals(BenchTenants.PRIMARY)) {
        continue;
      }
      String line = switch (row.family()) {
        case "full", "static" -> "static exit (12 = full depth)";
        case "F-PABEE" -> "F-PABEE threshold sweep";
        case "ORT" -> "ONNX Runtime fp32, full depth";
        case "ORT-int8" -> "ONNX Runtime int8, full depth";
        default -> row.family();
      };
      lines.computeIfAbsent(line, k -> new ArrayList<>()).add(row);
    }
    // last, so that it is drawn over the sweep line it sits on
    result.rows().stream()
        .filter(row -> row.batchSize() == batchSize && row.workload().equals(BenchTenants.PRIMARY)
            && row.family().equals("F-PABEE") && row.policy().equals(result.fpabeePolicy()))
        .forEach(row -> lines.computeIfAbsent("F-PABEE, calibrated point", k -> new ArrayList<>()).add(row));
    return lines;
  }

  private static List<PlotSeries> series(Map<String, List<BenchRow>> lines, ToDoubleFunction<BenchRow> x,
      ToDoubleFunction<BenchRow> y) {
    List<PlotSeries> out = new ArrayList<>();
    for (Map.Entry<String, List<BenchRow>> line : lines.entrySet()) {
      List<BenchRow> rows = new ArrayList<>(line.getValue());
      rows.sort(Comparator.comparingDouble(x));
      out.add(new PlotSeries(line.getKey(), rows.stream().mapToDouble(x).toArray(),
          rows.stream().mapToDouble(y).toArray()));
    }
    return out;
  }
}
