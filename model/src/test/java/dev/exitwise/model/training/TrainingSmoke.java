package dev.exitwise.model.training;

import ai.djl.Device;
import dev.exitwise.model.iapt.IaptConfig;
import dev.exitwise.model.runtime.DjlRuntime;
import java.nio.file.Path;
import java.util.List;

/** Manual timing harness (not a test): java -cp ... dev.exitwise.model.training.TrainingSmoke rows epochs out. */
public final class TrainingSmoke {
  public static void main(String[] args) {
    DjlRuntime.configure(null);
    int rows = Integer.parseInt(args[0]);
    TrainingSettings d = TrainingSettings.defaults();
    TrainingSettings s = new TrainingSettings(Integer.parseInt(args[1]), d.batchSize(), Float.parseFloat(args[5]),
        Float.parseFloat(args[5]) / 10, d.rationalMode(), d.weightDecay(), d.warmupFraction(), d.dropout(),
        d.gradientClipNorm(), 2, d.seed(), rows, Integer.parseInt(args[3]), null, 200);
    TrainingRun.run(new TrainingRun.Request(List.of(args[4].split(",")), Path.of(args[2]),
        "bge-small-en-v1.5", 128, IaptConfig.DEFAULT, s, Device.cpu()), ProgressReporter.console());
  }
}
