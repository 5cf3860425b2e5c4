package dev.exitwise.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Where a {@link BenchRun} goes: the JSON file, the charts, the documents, the terminal. */
public final class BenchReport {
  /** The file {@code bench all} writes in the docs folder. */
  public static final String BENCHMARKS_MD = "benchmarks.md";
  /** The shared performance page; this benchmark owns its "Compaction" and "Pipeline" sections. */
  public static final String PERFORMANCE_MD = "performance.md";
  /** The chart folder inside the docs folder. */
  public static final String IMAGES = "img";

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private BenchReport() {}

  /**
   * Writes what was asked for.
   *
   * @param json the JSON file, or null
   * @param plots the chart folder, or null ({@code docs/img} when {@code docs} is given)
   * @param docs the documents' folder, or null for none
   * @return the files written
   */
  public static List<Path> write(BenchRun run, Path json, Path plots, Path docs) {
    List<Path> written = new ArrayList<>();
    if (json != null) {
      run.writeJson(json);
      written.add(json);
    }
    Path images = plots != null ? plots : docs != null ? docs.resolve(IMAGES) : null;
    if (images != null && run.classifier() != null) {
      written.addAll(BenchPlots.write(run.classifier(), BenchMarkdown.TARGET_BATCH, images));
    }
    if (docs != null) {
      String imageLink = images == null ? null
          : docs.toAbsolutePath().normalize().relativize(images.toAbsolutePath().normalize()).toString();
      Path benchmarks = docs.resolve(BENCHMARKS_MD);
      write(benchmarks, BenchMarkdown.benchmarks(run, imageLink));
      written.add(benchmarks);
      Path performance = docs.resolve(PERFORMANCE_MD);
      String header = provenance(run);
      if (run.compaction() != null) {
        MarkdownSections.replaceInFile(performance, "Performance", "Compaction",
            header + BenchMarkdown.compactionBody(run.compaction(), run.classifier()));
      }
      if (run.pipeline() != null) {
        MarkdownSections.replaceInFile(performance, "Performance", "Pipeline",
            header + BenchMarkdown.pipelineBody(run.pipeline(), run.pipelineVariants()));
      }
      if (run.compaction() != null || run.pipeline() != null) {
        written.add(performance);
      }
    }
    return written;
  }

  /** The report for a terminal (markdown reads well there too). */
  public static String terminal(BenchRun run) {
    return BenchMarkdown.benchmarks(run, null);
  }

  /** Who measured what, where: the first lines of a performance section. */
  static String provenance(BenchRun run) {
    return String.format(Locale.ROOT, "Measured %s with `%s` (model `%s`, DJL on %s, %d intra-op threads) on %s;"
        + " load average %s at the start. Details and the other benchmarks: [benchmarks.md](%s).%n%n",
        DATE.format(run.atStart().at()), run.command(), run.modelVersion(), run.device(), run.threads(),
        run.atStart().describe(), run.atStart().loadAverage(), BENCHMARKS_MD);
  }

  private static void write(Path file, String text) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
