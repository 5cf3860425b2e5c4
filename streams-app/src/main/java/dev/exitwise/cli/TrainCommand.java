package dev.exitwise.cli;

import dev.exitwise.model.data.Datasets;
import dev.exitwise.model.eval.TextTable;
import dev.exitwise.model.iapt.IaptConfig;
import dev.exitwise.model.training.ProgressReporter;
import dev.exitwise.model.training.TrainingReport;
import dev.exitwise.model.training.TrainingRun;
import dev.exitwise.model.training.TrainingSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code exitwise train}: trains IAPT adapters and exit heads over the frozen backbone, one per tenant, on the
 * packaged data sets, and writes a model directory. Resumes from {@code <output>/checkpoints} when present.
 *
 * <ol>
 *   <li>{@code java -jar streams-app/target/exitwise.jar train --output runs/model}
 *   <li>{@code java -jar streams-app/target/exitwise.jar calibrate --model-dir runs/model}
 *   <li>{@code java -jar streams-app/target/exitwise.jar evaluate --model-dir runs/model --split test}
 * </ol>
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Trains one IAPT adapter (prompt generators + exit heads) per tenant over the frozen backbone.",
        "Writes DIR/manifest.json and DIR/<tenant>.safetensors; checkpoints in DIR/checkpoints, resumed from there.",
        "The model runs at full depth until 'calibrate' sets its thresholds and exit policy."})
public final class TrainCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private ModelCommandOptions model;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true, description = "The model directory to write.")
  private Path output;

  @Option(names = "--tenants", split = ",", paramLabel = "TENANT",
      description = "Packaged data sets to train (default: all: ${DEFAULT-VALUE}).", defaultValue = "emotions,hostility")
  private List<String> tenants;

  @Option(names = "--backbone", defaultValue = "bge-small-en-v1.5",
      description = "bge-small-en-v1.5 (from Maven Central) or a Hugging Face BERT directory (default: ${DEFAULT-VALUE}).")
  private String backbone;

  @Option(names = "--max-tokens", defaultValue = "128", description = "Tokens per text (default: ${DEFAULT-VALUE}).")
  private int maxTokens;

  @Option(names = "--bottleneck", defaultValue = "32", description = "IAPT bottleneck width (default: ${DEFAULT-VALUE}).")
  private int bottleneck;

  @Option(names = "--epochs", defaultValue = "4", description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
  private int epochs;

  @Option(names = "--batch-size", defaultValue = "32", description = "Rows per step (default: ${DEFAULT-VALUE}).")
  private int batchSize;

  @Option(names = "--lr", defaultValue = "3e-3", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
  private float learningRate;

  @Option(names = "--rational-lr", description = "Peak learning rate of the rational coefficients "
      + "(default: lr / 10).")
  private Float rationalLearningRate;

  @Option(names = "--rational-mode", defaultValue = "JOINT",
      description = "How the rational coefficients learn: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  private TrainingSettings.RationalMode rationalMode;

  @Option(names = "--layer-weighting", defaultValue = "UNIFORM",
      description = "Weights of the exits' losses: LINEAR (exit l weighs l, as in PABEE and F-PABEE) or UNIFORM "
          + "(every exit the same; better early exits) (default: ${DEFAULT-VALUE}).")
  private TrainingSettings.LayerWeighting layerWeighting;

  @Option(names = "--distillation", defaultValue = "0.9", paramLabel = "ALPHA",
      description = "Self-distillation: every exit but the last learns from (1 - ALPHA) * gold + ALPHA * the last "
          + "exit's probabilities, 0 = off (default: ${DEFAULT-VALUE}).")
  private float distillation;

  @Option(names = "--patience", defaultValue = "2",
      description = "Early stopping: epochs without a better dev macro-F1 (default: ${DEFAULT-VALUE}).")
  private int patience;

  @Option(names = "--max-train-rows", defaultValue = "0", description = "Train on at most this many rows, 0 = all.")
  private int maxTrainRows;

  @Option(names = "--max-dev-rows", defaultValue = "2000",
      description = "Dev rows used for model selection, 0 = all (default: ${DEFAULT-VALUE}).")
  private int maxDevRows;

  @Option(names = "--seed", defaultValue = "20261126", description = "Seed (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--threads", defaultValue = "2",
      description = "PyTorch intra-op threads for training (default: ${DEFAULT-VALUE}). On a machine shared with other "
          + "work, 1 avoids OpenMP barrier stalls; so does OMP_WAIT_POLICY=PASSIVE.")
  private int threads;

  @Override
  public Integer call() {
    for (String tenant : tenants) {
      if (!Datasets.tenants().contains(tenant)) {
        throw new ParameterException(spec.commandLine(), "unknown tenant '" + tenant + "' for --tenants; packaged: "
            + Datasets.tenants());
      }
    }
    if (!(distillation >= 0 && distillation <= 1)) {
      throw new ParameterException(spec.commandLine(), "--distillation must be between 0 and 1, got " + distillation);
    }
    TrainingSettings defaults = TrainingSettings.defaults();
    TrainingSettings settings = new TrainingSettings(epochs, batchSize, learningRate,
        rationalLearningRate == null ? learningRate / 10 : rationalLearningRate, rationalMode,
        defaults.weightDecay(), defaults.warmupFraction(), defaults.dropout(), defaults.gradientClipNorm(),
        layerWeighting, distillation, patience, seed, maxTrainRows, maxDevRows, null, defaults.checkpointEverySteps());
    IaptConfig iapt = new IaptConfig(bottleneck, IaptConfig.DEFAULT.softPromptCount(),
        IaptConfig.DEFAULT.numeratorDegree(), IaptConfig.DEFAULT.denominatorDegree());
    dev.exitwise.model.runtime.DjlRuntime.setThreads(threads, 1);
    List<TrainingReport> reports = TrainingRun.run(new TrainingRun.Request(tenants, output, backbone, maxTokens, iapt,
        settings, model.start()), ProgressReporter.console());
    TextTable.Builder table = TextTable.builder("tenant", "train rows", "best epoch", "dev macro-F1", "minutes");
    for (TrainingReport report : reports) {
      table.row(report.tenant(), report.trainRows(), report.bestEpoch(), TextTable.fixed(report.bestDevMacroF1(), 4),
          TextTable.fixed(report.seconds() / 60, 1));
    }
    spec.commandLine().getOut().println(table.build().terminal());
    spec.commandLine().getOut().println("wrote " + output.resolve("manifest.json") + "; next: exitwise calibrate "
        + "--model-dir " + output);
    return 0;
  }
}
