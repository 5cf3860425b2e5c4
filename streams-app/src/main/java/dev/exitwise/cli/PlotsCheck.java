package dev.exitwise.cli;

import dev.exitwise.model.eval.Plots;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The check every command with {@code --plots} makes before it works: the chart library is on the class path. */
final class PlotsCheck {
  private PlotsCheck() {}

  /**
   * @param plots the folder asked for, or {@code null} when no plots are asked for
   * @throws ParameterException naming the jar to run instead when plots are asked for and cannot be drawn
   */
  static void requireRenderer(CommandSpec spec, Path plots) {
    if (plots != null && !Plots.available()) {
      throw new ParameterException(spec.commandLine(), "--plots draws with the bench jar's chart library: run"
          + " java -jar bench/target/exitwise-bench.jar " + spec.name() + " ...");
    }
  }
}
