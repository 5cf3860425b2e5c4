package dev.exitwise.model.training;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Shows training progress: a one-line bar with loss and ETA redrawn in place on a terminal, or a plain line every
 * few percent when the output is a file or pipe (background runs, CI).
 */
public class ProgressReporter {
  private final PrintStream out;
  private final boolean interactive;
  private int epoch;
  private int epochs;
  private int steps;
  private int firstStep;
  private long epochStart;
  private double smoothedLoss = Double.NaN;
  private long lastStepNanos;
  private double recentSecondsPerStep = Double.NaN;
  private int lastReportedPercent = -1;

  public ProgressReporter(PrintStream out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  /** A reporter on standard error, redrawing in place when a console is attached. */
  public static ProgressReporter console() {
    return new ProgressReporter(System.err, System.console() != null);
  }

  /** A reporter that prints nothing (tests). */
  public static ProgressReporter silent() {
    return new ProgressReporter(null, false) {
      @Override
      public void startEpoch(int epoch, int epochs, int steps, int firstStep) {}

      @Override
      public void step(int step, double loss) {}

      @Override
      public void endEpoch(int epoch, double trainLoss, double devLoss, double devMacroF1, double devMicroF1,
          boolean improved) {}
    };
  }

  public void startEpoch(int epoch, int epochs, int steps, int firstStep) {
    this.epoch = epoch;
    this.epochs = epochs;
    this.steps = steps;
    this.firstStep = firstStep;
    this.epochStart = System.nanoTime();
    this.lastReportedPercent = Integer.MIN_VALUE;
    this.lastStepNanos = epochStart;
  }

  public void step(int step, double loss) {
    if (Double.isFinite(loss)) {
      smoothedLoss = Double.isNaN(smoothedLoss) ? loss : 0.98 * smoothedLoss + 0.02 * loss;
    }
    long now = System.nanoTime();
    double seconds = (now - lastStepNanos) / 1e9;
    lastStepNanos = now;
    recentSecondsPerStep = Double.isNaN(recentSecondsPerStep) ? seconds : 0.9 * recentSecondsPerStep + 0.1 * seconds;
    int percent = (int) (100L * step / steps);
    if (!interactive && percent < lastReportedPercent + 2 && step != steps) {
      return;
    }
    lastReportedPercent = percent;
    long eta = Math.round(recentSecondsPerStep * (steps - step));
    int width = 30;
    int filled = (int) ((long) width * step / steps);
    String bar = "=".repeat(filled) + (filled < width ? ">" : "") + " ".repeat(Math.max(0, width - filled - 1));
    String line = String.format("epoch %d/%d [%s] %d/%d loss %.4f %.2f s/step ETA %s", epoch, epochs, bar, step, steps,
        smoothedLoss, recentSecondsPerStep, format(Duration.ofSeconds(eta)));
    if (interactive) {
      out.print("\r" + line);
      out.flush();
    } else {
      out.println(line);
    }
  }

  public void endEpoch(int epoch, double trainLoss, double devLoss, double devMacroF1, double devMicroF1,
      boolean improved) {
    if (interactive) {
      out.println();
    }
    out.printf("epoch %d done: train loss %.4f, dev loss %.4f, dev macro-F1 %.4f, micro-F1 %.4f%s%n", epoch,
        trainLoss, devLoss, devMacroF1, devMicroF1, improved ? " (best so far)" : "");
  }

  private static String format(Duration d) {
    return d.toHours() > 0
        ? String.format("%dh%02dm", d.toHours(), d.toMinutesPart())
        : String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
  }
}
