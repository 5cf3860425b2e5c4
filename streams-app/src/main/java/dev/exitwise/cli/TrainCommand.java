package dev.exitwise.cli;

import dev.exitwise.model.data.DataFileException;
import dev.exitwise.model.data.Datasets;
import dev.exitwise.model.data.TenantData;
import dev.exitwise.model.data.TenantFiles;
import dev.exitwise.model.eval.TextTable;
import dev.exitwise.model.iapt.IaptConfig;
import dev.exitwise.model.inference.ModelManifest;
import dev.exitwise.model.publish.ModelDirectory;
import dev.exitwise.model.runtime.DeviceChoice;
import dev.exitwise.model.runtime.DjlRuntime;
import dev.exitwise.model.training.ProgressReporter;
import dev.exitwise.model.training.TrainingReport;
import dev.exitwise.model.training.TrainingRun;
import dev.exitwise.model.training.TrainingSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code exitwise train}: trains a tenant's IAPT adapter and exit heads over the frozen backbone, from the user's
 * labelled files or a packaged data set, into a model directory (new, or holding other tenants, which are kept).
 * Resumes from {@code <output>/checkpoints/<tenant>} when a killed run of the same data and settings left one.
 *
 * <ol>
 *   <li>{@code java -jar streams-app/target/exitwise.jar train --output my-model --tenant tickets --train
 *       tickets.csv --test tickets-test.csv}
 *   <li>{@code java -jar streams-app/target/exitwise.jar calibrate --model-dir my-model}
 *   <li>{@code java -jar streams-app/target/exitwise.jar evaluate --model-dir my-model --split test}
 *   <li>{@code java -jar streams-app/target/exitwise.jar run --model-dir my-model ...}
 * </ol>
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Trains a tenant from your labelled JSONL, CSV or TSV files, or from a packaged data set.",
        "Trains the tenant's IAPT adapter (prompt generators and exit heads) over the frozen backbone into a model",
        "directory, published as a new version of DIR (DIR/versions/<id>/, DIR/current), which a running",
        "'exitwise run --model-dir DIR' takes up without a restart. Other tenants in DIR are kept.",
        "Bad data fails before training starts, naming file, line and problem. With no --dev file a stratified dev",
        "split is cut from the training file. The tenant runs at full depth until 'calibrate' sets its thresholds",
        "and exit policy. Checkpoints go to DIR/checkpoints; a killed run resumes from there."})
public final class TrainCommand implements Callable<Integer> {
  private static final Pattern TENANT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  @Spec
  private CommandSpec spec;

  @Mixin
  private ModelOptions model;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR",
      description = "The same as --model-dir: the model directory to write, a new one or one whose other tenants"
          + " are kept.")
  private Path outputOption;

  /** The model directory to write, from --model-dir or --output. */
  private Path output;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private DataChoice data;

  static final class DataChoice {
    @ArgGroup(exclusive = false)
    FilesChoice files;

    @Option(names = "--tenants", split = ",", paramLabel = "TENANT", required = true,
        description = "Packaged data sets to train instead: emotions (GoEmotions), moderation (Davidson et al.).")
    List<String> packaged;
  }

  static final class FilesChoice {
    @Option(names = "--tenant", paramLabel = "NAME", required = true,
        description = "The tenant to train: the name events carry (letters, digits, '.', '_', '-').")
    String tenant;

    @Option(names = "--train", paramLabel = "FILE", required = true,
        description = "Training rows: .jsonl, .csv or .tsv (format by extension).")
    Path train;

    @Option(names = "--dev", paramLabel = "FILE",
        description = "Dev rows for model selection and calibration (default: a stratified share of --train).")
    Path dev;

    @Option(names = "--test", paramLabel = "FILE", description = "Test rows, recorded for 'evaluate --split test'.")
    Path test;
  }

  @Mixin
  private DataFileOptions layout;

  @Option(names = "--labels", split = ",", paramLabel = "LABEL",
      description = "The label set, in order (default: the labels of the training file, sorted; with"
          + " --label-columns, those columns). A label outside it in any file is an error.")
  private List<String> labels;

  @Option(names = "--dev-fraction", defaultValue = "0.1",
      description = "Share of the training rows cut for dev when there is no --dev file (default: ${DEFAULT-VALUE}).")
  private double devFraction;

  @Option(names = "--replace", description = "Retrain a tenant the model directory already has.")
  private boolean replace;

  @Option(names = "--backbone", description = "bge-small-en-v1.5 (from Maven Central) or a Hugging Face BERT directory"
      + " (default: the directory's backbone, or bge-small-en-v1.5).")
  private String backbone;

  @Option(names = "--max-tokens", description = "Tokens per text (default: the directory's, or 128).")
  private Integer maxTokens;

  @Option(names = "--bottleneck", description = "IAPT bottleneck width (default: the directory's, or 32).")
  private Integer bottleneck;

  @Option(names = "--epochs", description = "Maximum epochs (default: 4, more for small data sets: enough for "
      + TrainingSettings.MIN_STEPS + " steps, at most " + TrainingSettings.MAX_EPOCHS + ").")
  private Integer epochs;

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

  @Option(names = "--max-train-rows", defaultValue = "0",
      description = "Train on a seeded random sample of at most this many rows, 0 = all (default: ${DEFAULT-VALUE}).")
  private int maxTrainRows;

  @Option(names = "--max-dev-rows", defaultValue = "0",
      description = "Select the best epoch on the first N dev rows only, 0 = all (default: ${DEFAULT-VALUE}).")
  private int maxDevRows;

  @Option(names = "--seed", defaultValue = "20261126",
      description = "Seed of initialisation, batches and the dev cut (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--threads", defaultValue = "2",
      description = "PyTorch intra-op threads for training (default: ${DEFAULT-VALUE}). On a machine shared with other "
          + "work, 1 avoids OpenMP barrier stalls; so does OMP_WAIT_POLICY=PASSIVE.")
  private int threads;

  @Override
  public Integer call() {
    validateOptions();
    PrintWriter out = spec.commandLine().getOut();
    List<TenantData> tenants = loadData(out);
    ModelManifest existing = startingManifest();
    for (TenantData tenant : tenants) {
      if (existing.hasTenant(tenant.tenant()) && !replace) {
        throw new ParameterException(spec.commandLine(), output + " already has tenant '" + tenant.tenant()
            + "'; pass --replace to retrain it, or remove it first with 'exitwise tenants remove'");
      }
    }
    TrainingSettings defaults = TrainingSettings.defaults();
    TrainingSettings settings = new TrainingSettings(epochs == null ? TrainingSettings.MIN_EPOCHS : epochs, batchSize,
        learningRate, rationalLearningRate == null ? learningRate / 10 : rationalLearningRate, rationalMode,
        defaults.weightDecay(), defaults.warmupFraction(), defaults.dropout(), defaults.gradientClipNorm(),
        layerWeighting, distillation, patience, seed, maxTrainRows, maxDevRows, null, defaults.checkpointEverySteps());
    IaptConfig iapt = iapt();
    model.requireFp32(spec.commandLine());
    var device = model.start(DeviceChoice.CPU);
    DjlRuntime.setThreads(threads, 1);
    List<TrainingReport> reports = TrainingRun.run(new TrainingRun.Request(tenants, output, backbone, maxTokens, iapt,
        settings, epochs == null, device), ProgressReporter.console());
    TextTable.Builder table = TextTable.builder("tenant", "labels", "train rows", "dev rows", "best epoch",
        "dev macro-F1", "minutes");
    for (TrainingReport report : reports) {
      TenantData tenant = tenants.stream().filter(t -> t.tenant().equals(report.tenant())).findFirst().orElseThrow();
      table.row(report.tenant(), tenant.labels().size(), report.trainRows(), report.devRows(), report.bestEpoch(),
          TextTable.fixed(report.bestDevMacroF1(), 4), TextTable.fixed(report.seconds() / 60, 1));
    }
    out.println(table.build().terminal());
    out.println("published " + output + " version " + ModelDirectory.servedVersion(output).orElse("?")
        + "; next: exitwise calibrate --model-dir " + output
        + " --tenants " + String.join(",", tenants.stream().map(TenantData::tenant).toList()));
    return 0;
  }

  private void validateOptions() {
    if (outputOption != null && model.modelDir() != null && !outputOption.equals(model.modelDir())) {
      throw new ParameterException(spec.commandLine(), "--output and --model-dir name the same directory; give one");
    }
    output = outputOption != null ? outputOption : model.modelDir();
    if (output == null) {
      throw new ParameterException(spec.commandLine(), "name the model directory to write with --model-dir DIR");
    }
    if (!(distillation >= 0 && distillation <= 1)) {
      throw new ParameterException(spec.commandLine(), "--distillation must be between 0 and 1, got " + distillation);
    }
    if (!(devFraction > 0 && devFraction <= 0.5)) {
      throw new ParameterException(spec.commandLine(), "--dev-fraction must be above 0 and at most 0.5, got "
          + devFraction);
    }
    if (epochs != null && epochs < 1) {
      throw new ParameterException(spec.commandLine(), "--epochs must be at least 1, got " + epochs);
    }
    if (data.files == null && (layout.given() || labels != null)) {
      throw new ParameterException(spec.commandLine(), "--labels and the file layout options go with --train FILE,"
          + " not with the packaged --tenants");
    }
    if (data.files != null && !TENANT_NAME.matcher(data.files.tenant).matches()) {
      throw new ParameterException(spec.commandLine(), "tenant name '" + data.files.tenant + "' is not allowed: use"
          + " up to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    if (data.packaged != null) {
      for (String tenant : data.packaged) {
        if (!Datasets.tenants().contains(tenant)) {
          throw new ParameterException(spec.commandLine(), "unknown tenant '" + tenant + "' for --tenants; packaged: "
              + Datasets.tenants() + " (your own data: --tenant NAME --train FILE)");
        }
      }
    }
  }

  private List<TenantData> loadData(PrintWriter out) {
    List<TenantData> tenants = new ArrayList<>();
    if (data.packaged != null) {
      data.packaged.forEach(tenant -> tenants.add(TenantData.packaged(tenant)));
      return tenants;
    }
    FilesChoice files = data.files;
    TenantData tenant;
    try {
      tenant = TenantData.fromFiles(new TenantFiles(files.tenant, files.train, files.dev, files.test, layout.format(),
          labels, devFraction, seed));
    } catch (DataFileException e) {
      throw new ParameterException(spec.commandLine(), "bad data: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    out.printf("tenant '%s': %d labels %s%n", tenant.tenant(), tenant.labels().size(), abbreviate(tenant.labels()));
    out.printf("  train  %s: %d rows%n", files.train, tenant.train().size());
    if (tenant.record().devCut() != null) {
      out.printf("  dev    no --dev file: cut a dev split stratified by label, %s of %s (%d rows, seed %d)%n",
          percent(devFraction), files.train, tenant.dev().size(), seed);
    } else {
      out.printf("  dev    %s: %d rows%n", files.dev, tenant.dev().size());
    }
    if (tenant.test() != null) {
      out.printf("  test   %s: %d rows%n", files.test, tenant.test().size());
    }
    for (String warning : tenant.warnings()) {
      out.println("  warning: " + warning);
    }
    out.flush();
    tenants.add(tenant);
    return tenants;
  }

  private ModelManifest startingManifest() {
    try {
      return TrainingRun.startingManifest(output, backbone, maxTokens, iapt());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** The adapter shape --bottleneck asks for, or null to keep the model directory's (or the default). */
  private IaptConfig iapt() {
    return bottleneck == null ? null : new IaptConfig(bottleneck, IaptConfig.DEFAULT.softPromptCount(),
        IaptConfig.DEFAULT.numeratorDegree(), IaptConfig.DEFAULT.denominatorDegree());
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.0f %%", fraction * 100);
  }

  private static String abbreviate(List<String> labels) {
    return labels.size() <= 12 ? labels.toString()
        : labels.subList(0, 12).toString().replace("]", ", ... " + (labels.size() - 12) + " more]");
  }
}
