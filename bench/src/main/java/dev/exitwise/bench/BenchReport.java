package dev.exitwise.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where a {@link BenchRun} goes: the JSON file, the charts, the tables' document, the terminal. */
public final class BenchReport {
  /** The file {@code bench all} writes in the docs folder: the tables, numbers only (docs/benchmarks.md explains). */
  public static final String RESULTS_MD = "bench-results.md";
  /** The chart folder inside the docs folder. */
  public static final String IMAGES = "img";

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
      written.addAll(BenchPlots.write(run.classifier(), BenchTarget.BATCH, images));
    }
    if (docs != null) {
      String imageLink = images == null ? null
          : docs.toAbsolutePath().normalize().relativize(images.toAbsolutePath().normalize()).toString();
      Path results = docs.resolve(RESULTS_MD);
      write(results, BenchTables.render(run, imageLink));
      written.add(results);
    }
    return written;
  }

  /** The tables for a terminal (markdown reads well there too). */
  public static String terminal(BenchRun run) {
    return BenchTables.render(run, null);
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
