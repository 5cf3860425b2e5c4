package dev.exitwise.cli;

import ai.djl.Device;
import dev.exitwise.model.data.Split;
import dev.exitwise.model.eval.EvaluationRun;
import dev.exitwise.model.inference.ExitwiseModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code exitwise evaluate}: quality, exit depth and measured speed-up of each exit policy on a split. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Evaluates each tenant on a split under full depth, static exits at 3/6/9 layers, PABEE at its",
        "calibrated patience and F-PABEE at the calibrated point, one real run each in this process: micro/macro-F1,",
        "per-label F1, subset accuracy, Hamming loss, mean exit layer, layer speed-up and wall-clock speed-up, and",
        "each policy's macro-F1 drop from full depth with a 95 % paired-bootstrap interval over the split's rows;",
        "and the baseline of predicting every label on every row, naming the labels full depth does no better on."})
public final class EvaluateCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private ModelCommandOptions model;

  @Option(names = "--model-dir", paramLabel = "DIR", description = "A model directory (default: the committed model).")
  private Path modelDir;

  @Option(names = "--tenants", split = ",", paramLabel = "TENANT", description = "Tenants (default: all).")
  private List<String> tenants = List.of();

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

  @Override
  public Integer call() {
    Device device = model.start();
    List<EvaluationRun.Report> reports = new ArrayList<>();
    try (ExitwiseModel loaded = ExitwiseModel.load(modelDir, device)) {
      for (String tenant : tenants.isEmpty() ? List.copyOf(loaded.tenants()) : tenants) {
        EvaluationRun.Report report = EvaluationRun.run(loaded, tenant, split,
            EvaluationRun.comparedPolicies(loaded, tenant), batchSize, plots != null);
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
