package dev.exitwise.cli;

import dev.exitwise.model.data.DataFileException;
import dev.exitwise.model.data.Split;
import dev.exitwise.model.eval.CalibrationRun;
import dev.exitwise.model.eval.TenantSplits;
import dev.exitwise.model.runtime.DeviceChoice;
import dev.exitwise.model.eval.TextTable;
import dev.exitwise.model.publish.ModelDirectory;
import dev.exitwise.model.eval.ThresholdScheme;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/** {@code exitwise calibrate}: per-label thresholds and the exit operating point, from the dev split. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
    description = {"Sets each tenant's decision thresholds and early-exit operating point from its dev rows.",
        "The dev rows are those the tenant was trained with, or --dev FILE. Per-label decision thresholds",
        "(one per label for all exits, or one per label and exit: --thresholds),",
        "then F-PABEE (patience x threshold), PABEE (patience) and static exits replayed over cached per-layer logits;",
        "prints the Pareto front and writes the chosen point (largest speed-up within --max-drop macro-F1 points",
        "of full depth) into a new published version of the model directory. Warns about labels whose full-depth",
        "dev F1 is no better than predicting them on every row: their labels carry no information."})
public final class CalibrateCommand extends ModelTenantsCommand implements Callable<Integer> {
  @Option(names = "--max-drop", defaultValue = "1.0",
      description = "Largest macro-F1 loss on dev, in points, the chosen point may cost (default: ${DEFAULT-VALUE}).")
  private double maxDropPoints;

  @Option(names = "--thresholds", paramLabel = "SCHEME", defaultValue = "per-exit",
      converter = SchemeConverter.class,
      description = {"per-exit: one threshold per label and exit, each fitted on that exit's dev scores (default).",
          "shared: one per label for every exit, fitted on all exits' dev scores together: less fitted to dev's",
          "noise, higher macro-F1 at full depth, wider gap between early exits and full depth (docs/results.md)."})
  private ThresholdScheme scheme;

  @Option(names = "--plots", paramLabel = "DIR", description = "Draw each tenant's dev Pareto plot here.")
  private Path plots;

  @Option(names = "--dev", paramLabel = "FILE", description = "Calibrate on this file's rows instead of the dev rows"
      + " the tenant was trained with (one tenant at a time; layout as in 'train').")
  private Path devFile;

  @Mixin
  private DataFileOptions layout;

  @Override
  public Integer call() {
    Path modelDir = model.modelDir();
    if (modelDir == null) {
      throw new ParameterException(spec.commandLine(), "name the model directory to calibrate with --model-dir");
    }
    PlotsCheck.requireRenderer(spec, plots);
    if (devFile != null) {
      tenants.requireOne("--dev FILE calibrates one tenant");
    }
    TenantSplits splits = TenantSplits.recorded();
    if (devFile != null) {
      splits = splits.with(Split.DEV, devFile, layout.given() ? layout.format() : null);
    }
    model.requireFp32(spec.commandLine());
    List<CalibrationRun.TenantCalibration> results;
    try {
      results = CalibrationRun.run(modelDir, tenants.named(), splits, maxDropPoints, scheme,
          model.start(DeviceChoice.CPU), plots);
    } catch (DataFileException e) {
      throw new ParameterException(spec.commandLine(), "bad data: " + e.getMessage());
    }
    for (CalibrationRun.TenantCalibration calibration : results) {
      spec.commandLine().getOut().printf("%n%s: Pareto front on dev (layer speed-up against macro-F1)%n%s%n"
              + "chosen: %s (macro-F1 %s, %sx)%n", calibration.tenant(),
          CalibrationRun.frontTable(calibration.result()).terminal(), calibration.result().chosenPolicy().describe(),
          TextTable.fixed(calibration.result().chosen().macroF1(), 4),
          TextTable.fixed(calibration.result().chosen().speedup(), 2));
    }
    spec.commandLine().getOut().println("published " + modelDir + " version "
        + ModelDirectory.servedVersion(modelDir).orElse("?"));
    return 0;
  }

  /** Reads {@code shared} or {@code per-exit}. */
  static final class SchemeConverter implements ITypeConverter<ThresholdScheme> {
    @Override
    public ThresholdScheme convert(String value) {
      for (ThresholdScheme scheme : ThresholdScheme.values()) {
        if (scheme.label().equals(value)) {
          return scheme;
        }
      }
      throw new TypeConversionException("'" + value + "' is not a threshold scheme: shared or per-exit");
    }
  }
}
