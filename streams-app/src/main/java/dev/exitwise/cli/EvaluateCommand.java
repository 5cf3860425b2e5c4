package dev.exitwise.cli;

import ai.djl.Device;
import dev.exitwise.model.data.DataFileException;
import dev.exitwise.model.data.Split;
import dev.exitwise.model.eval.TenantSplits;
import dev.exitwise.model.runtime.DeviceChoice;
import dev.exitwise.model.runtime.Precision;
import dev.exitwise.model.inference.ModelManifest;
import dev.exitwise.model.publish.ModelDirectory;
import dev.exitwise.model.eval.EvaluationRun;
import dev.exitwise.model.inference.ExitwiseModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code exitwise evaluate}: quality, exit depth and measured speed-up of each exit policy on a split. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Measures each tenant's quality and speed on a split, under every exit policy, against baselines.",
        "Full depth, static exits at 3/6/9 layers, PABEE at its calibrated patience and F-PABEE at the calibrated",
        "point, one real run each in this process: micro/macro-F1, per-label F1, subset accuracy, Hamming loss,",
        "mean exit layer, layer speed-up and wall-clock speed-up, and each policy's macro-F1 drop from full depth",
        "with a 95 %% paired-bootstrap interval over the split's rows; and two baselines (every label on every row,",
        "the most frequent label set on every row) with full depth's lead over each. Records the scores in the",
        "model directory's manifest."})
public final class EvaluateCommand extends ModelTenantsCommand implements Callable<Integer> {
  @Option(names = "--split", defaultValue = "test",
      description = "train, dev or test (default: ${DEFAULT-VALUE}).", converter = SplitConverter.class)
  private Split split;

  @Option(names = "--batch-size", defaultValue = "32", description = "Rows per batch (default: ${DEFAULT-VALUE}).")
  private int batchSize;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON.")
  private Path json;

  @Option(names = "--plots", paramLabel = "DIR",
      description = "Draw macro-F1 against speed-up and exit-layer histograms here (adds one replayed sweep).")
  private Path plots;

  @Option(names = "--file", paramLabel = "FILE", description = "Evaluate this file's rows as the split instead of"
      + " the ones the tenant was trained with (one tenant at a time; layout as in 'train').")
  private Path file;

  @Mixin
  private DataFileOptions layout;

  @Option(names = "--predictions", paramLabel = "FILE",
      description = "Write each row's gold labels, predicted labels and exit layer as JSONL (one tenant at a time).")
  private Path predictions;

  @Option(names = "--no-record", description = "Do not record the scores in the model directory's manifest.")
  private boolean noRecord;

  @Override
  public Integer call() {
    PlotsCheck.requireRenderer(spec, plots);
    if (file != null || predictions != null) {
      tenants.requireOne("--file and --predictions evaluate one tenant");
    }
    TenantSplits splits = file == null ? TenantSplits.recorded()
        : TenantSplits.recorded().with(split, file, layout.given() ? layout.format() : null);
    Path modelDir = model.modelDir();
    Device device = model.start(DeviceChoice.CPU);
    List<EvaluationRun.Report> reports = new ArrayList<>();
    try (ExitwiseModel loaded = ExitwiseModel.load(modelDir, device, model.precision())) {
      ModelManifest manifest = loaded.manifest();
      for (String tenant : tenants.or(loaded.tenants())) {
        if (!manifest.hasTenant(tenant)) {
          throw new ParameterException(spec.commandLine(), "the model has no tenant '" + tenant + "'; it serves "
              + loaded.tenants());
        }
        EvaluationRun.Report report;
        try {
          report = EvaluationRun.run(loaded, tenant, split, splits, EvaluationRun.comparedPolicies(loaded, tenant),
              batchSize, plots != null);
        } catch (DataFileException e) {
          throw new ParameterException(spec.commandLine(), "bad data: " + e.getMessage());
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        reports.add(report);
        spec.commandLine().getOut().printf("%n%s, %s split (%d rows), model %s%n%s%n", tenant,
            split.name().toLowerCase(), report.policies().get(0).metrics().count(), loaded.modelVersion(),
            EvaluationRun.table(report).terminal());
        List<String> uninformative = EvaluationRun.uninformativeLabels(report);
        if (!uninformative.isEmpty()) {
          spec.commandLine().getOut().printf("At full depth %d of %d labels score no better than predicting them on"
              + " every row: %s.%n", uninformative.size(), loaded.labels(tenant).size(), uninformative);
        }
        if (plots != null) {
          EvaluationRun.writePlots(report, loaded.layerCount(), plots);
        }
        if (predictions != null) {
          EvaluationRun.writePredictions(report, predictions);
          spec.commandLine().getOut().println("wrote " + predictions);
        }
      }
      boolean record = modelDir != null && !noRecord && file == null;
      if (record && model.precision() != Precision.FP32) {
        spec.commandLine().getOut().println("not recorded in the manifest: its scores are fp32's, and this run was "
            + model.precision().configValue());
      } else if (record) {
        String version = ModelDirectory.publishManifest(modelDir, served -> {
          ModelManifest edited = served;
          for (EvaluationRun.Report report : reports) {
            edited = edited.withTenant(edited.tenant(report.tenant()).evaluated(split.fileName(),
                EvaluationRun.scores(report)));
          }
          return edited;
        }).id();
        spec.commandLine().getOut().println("recorded the " + split.fileName() + " scores in " + modelDir
            + " (version " + version + ")");
      }
    }
    if (json != null) {
      EvaluationRun.writeJson(reports, json);
      spec.commandLine().getOut().println("wrote " + json);
    }
    return 0;
  }

  /** Parses a split name with a clear error. */
  static final class SplitConverter implements picocli.CommandLine.ITypeConverter<Split> {
    @Override
    public Split convert(String value) {
      return Split.parse(value);
    }
  }
}
