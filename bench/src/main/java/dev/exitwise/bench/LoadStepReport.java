package dev.exitwise.bench;

import dev.exitwise.model.eval.PlotSeries;
import dev.exitwise.model.eval.Plots;
import dev.exitwise.model.eval.TextTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The load step's table, its per-second timeline as CSV, and its charts. */
final class LoadStepReport {
  private LoadStepReport() {}

  /** One row per service: latency, backlog, settling, the return to full depth and the step's quality. */
  static TextTable table(LoadStepBench.Result result) {
    TextTable.Builder table = TextTable.builder("service", "p99 before the step", "highest 5-s p99 in the step",
        "settled under the target after", "backlog at the step's end", "unread after the drain",
        "back at full depth after", "points used (layer speed-up)", "step events", "step macro-F1",
        "full depth on them", "drop (points)", "all events' macro-F1", "full depth on them", "drop (points)");
    for (LoadStepBench.Run run : result.runs()) {
      table.row(run.service().label(), millis(run.steadyP99Millis()), millis(run.stepMaxP99Millis()),
          run.settlingSeconds() < 0 ? "never" : seconds(run.settlingSeconds()), run.backlogAtStepEnd(),
          run.unreadAtEnd(), run.backToDeepSeconds() < 0 ? "-" : seconds(run.backToDeepSeconds()),
          speedups(run.speedupsUsed()), run.stepEvents(), fixed(run.stepMacroF1(), 4),
          fixed(run.stepFullDepthMacroF1(), 4), fixed(100 * (run.stepFullDepthMacroF1() - run.stepMacroF1()), 2),
          fixed(run.allMacroF1(), 4), fixed(run.allFullDepthMacroF1(), 4),
          fixed(100 * (run.allFullDepthMacroF1() - run.allMacroF1()), 2));
    }
    return table.build();
  }

  /** Every second of every service, one CSV line each. */
  static void csv(LoadStepBench.Result result, Path file) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      try (Writer out = Files.newBufferedWriter(file)) {
        out.write("service,seconds,p99_ms,backlog,point_speedup,mean_exit_layer\n");
        for (LoadStepBench.Run run : result.runs()) {
          for (LoadStepBench.Second second : run.timeline()) {
            out.write(String.format(Locale.ROOT, "%s,%.1f,%d,%d,%.3f,%.3f%n", run.service().name(),
                second.seconds(), second.p99Millis(), second.backlog(), second.pointSpeedup(),
                second.meanExitLayer()));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Four charts over time: p99 latency with the target (with and without fixed full depth), the backlog, and the
   * point in use.
   */
  static List<Path> plots(LoadStepBench.Result result, Path directory) {
    String phases = String.format(Locale.ROOT, " (step from %d s to %d s)", result.settings().steadySeconds(),
        result.settings().steadySeconds() + result.settings().stepSeconds());
    Path latency = directory.resolve("load-step-latency.png");
    List<PlotSeries> latencySeries = series(result, second -> second.p99Millis() < 0 ? Double.NaN
        : second.p99Millis() / 1000.0);
    double end = result.runs().stream().mapToDouble(run -> run.timeline().isEmpty() ? 0
        : run.timeline().get(run.timeline().size() - 1).seconds()).max().orElse(0);
    double target = result.settings().targetMillis() / 1000.0;
    latencySeries.add(new PlotSeries("target of the adaptive service", new double[] {0, end},
        new double[] {target, target}));
    Plots.lines("p99 latency, send to read (last 5 s)" + phases, "seconds", "p99 latency (s)", latencySeries,
        latency);
    // full depth's latency grows to tens of seconds and flattens the others: the same chart without it
    Path held = directory.resolve("load-step-latency-held.png");
    Plots.lines("p99 latency without fixed full depth" + phases, "seconds", "p99 latency (s)",
        latencySeries.stream().filter(series -> !series.name().equals(LoadStepBench.Service.FULL_DEPTH.label()))
            .toList(), held);
    Path backlog = directory.resolve("load-step-backlog.png");
    Plots.lines("Backlog: events sent, not yet labelled" + phases, "seconds", "events",
        series(result, second -> second.backlog()), backlog);
    Path depth = directory.resolve("load-step-depth.png");
    Plots.lines("Point in use: dev layer speed-up (1 = full depth)" + phases, "seconds", "layer speed-up",
        series(result, LoadStepBench.Second::pointSpeedup), depth);
    return List.of(latency, held, backlog, depth);
  }

  private static List<PlotSeries> series(LoadStepBench.Result result,
      ToDoubleFunction<LoadStepBench.Second> value) {
    List<PlotSeries> out = new ArrayList<>();
    for (LoadStepBench.Run run : result.runs()) {
      List<LoadStepBench.Second> points = run.timeline().stream()
          .filter(second -> !Double.isNaN(value.applyAsDouble(second))).toList();
      out.add(new PlotSeries(run.service().label(), points.stream().mapToDouble(LoadStepBench.Second::seconds)
          .toArray(), points.stream().mapToDouble(value).toArray()));
    }
    return out;
  }

  private static String millis(long value) {
    return value < 0 ? "-" : value + " ms";
  }

  private static String seconds(double value) {
    return String.format(Locale.ROOT, "%.0f s", value);
  }

  private static String fixed(double value, int digits) {
    return Double.isNaN(value) ? "-" : TextTable.fixed(value, digits);
  }

  private static String speedups(List<Double> values) {
    return String.join(" ", values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList());
  }
}
