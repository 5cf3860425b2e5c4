package dev.exitwise.model.eval;

import ai.djl.Device;
import dev.exitwise.model.data.Dataset;
import dev.exitwise.model.data.Split;
import dev.exitwise.model.inference.ExitwiseModel;
import dev.exitwise.model.inference.ModelManifest;
import dev.exitwise.model.publish.ModelDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code calibrate} command's work: for each tenant of a model directory, calibrate on its dev split and
 * write the thresholds, the chosen exit policy and the calibration record into the directory's manifest.
 */
public final class CalibrationRun {
  private static final Logger LOG = LoggerFactory.getLogger(CalibrationRun.class);

  private CalibrationRun() {}

  /**
   * One tenant's outcome.
   *
   * @param tenant the tenant
   * @param result the calibration
   */
  public record TenantCalibration(String tenant, Calibrator.Result result) {}

  /**
   * Calibrates and publishes the thresholds and chosen policies as a new version of {@code modelDir} (see {@link
   * ModelDirectory}).
   *
   * @param tenants tenants to calibrate (empty: all of the model's)
   * @param maxDropPoints the largest macro-F1 loss (in points) the chosen operating point may cost on dev
   * @param scheme how the per-label thresholds are fitted
   * @param plotDirectory where to draw each tenant's dev Pareto plot, or null
   */
  public static List<TenantCalibration> run(Path modelDir, List<String> tenants, double maxDropPoints,
      ThresholdScheme scheme, Device device, Path plotDirectory) {
    return run(modelDir, tenants, TenantSplits.recorded(), maxDropPoints, scheme, device, plotDirectory);
  }

  /**
   * Calibrates on the dev rows {@code splits} gives and publishes the result in {@code modelDir}.
   *
   * @see #run(Path, List, double, ThresholdScheme, Device, Path)
   */
  public static List<TenantCalibration> run(Path modelDir, List<String> tenants, TenantSplits splits,
      double maxDropPoints, ThresholdScheme scheme, Device device, Path plotDirectory) {
    List<TenantCalibration> out = new ArrayList<>();
    List<ModelManifest.Tenant> calibrated = new ArrayList<>();
    ModelManifest manifest;
    try (ExitwiseModel model = ExitwiseModel.load(modelDir, device)) {
      manifest = model.manifest();
      List<String> chosen = tenants.isEmpty() ? List.copyOf(model.tenants()) : tenants;
      for (String tenant : chosen) {
        Dataset dev = splits.load(manifest.tenant(tenant), Split.DEV);
        long started = System.nanoTime();
        Calibrator.Result result = Calibrator.calibrate(model, tenant, dev, maxDropPoints, scheme);
        LOG.info("calibrated '{}' on {} dev rows ({} thresholds) in {} s: full depth macro-F1 {}, chosen {} at {}x",
            tenant, dev.size(), scheme.label(), (System.nanoTime() - started) / 1_000_000_000,
            fixed(result.fullDepth().macroF1()),
            result.chosenPolicy().describe(), fixed(result.chosen().speedup()));
        List<String> labels = model.labels(tenant);
        if (!result.uninformativeLabels().isEmpty()) {
          LOG.warn("tenant '{}': at full depth, {} of {} labels score no better on dev than predicting them on every"
              + " row: {}. Their labels say only how frequent they are; read their scores with thresholds of your"
              + " own, or train the tenant on data that separates them", tenant, result.uninformativeLabels().size(),
              labels.size(), result.uninformativeLabels().stream().map(labels::get).toList());
        }
        calibrated.add(manifest.tenant(tenant).calibrated(result.thresholds(),
            result.chosenPolicy().describe(), result.record(dev.size(), maxDropPoints, labels)));
        if (plotDirectory != null) {
          Plots.speedQuality(result.points(), result.chosen(), tenant + ": macro-F1 against layer speed-up (dev)",
              plotDirectory.resolve(tenant + "-dev-pareto.png"));
        }
        out.add(new TenantCalibration(tenant, result));
      }
    }
    ModelDirectory.publishManifest(modelDir, served -> {
      ModelManifest edited = served;
      for (ModelManifest.Tenant tenant : calibrated) {
        // the tenant's entry as served now, with the new calibration (an override set meanwhile is kept)
        edited = edited.withTenant(tenant.overridden(edited.tenant(tenant.name()).override()));
      }
      return edited;
    });
    return out;
  }

  /** The Pareto front of a calibration as a table. */
  public static TextTable frontTable(Calibrator.Result result) {
    TextTable.Builder table = TextTable.builder("policy", "parameters", "mean exit layer", "layer speed-up",
        "macro-F1", "micro-F1");
    table.row("full", "", fixed(result.fullDepth().meanExitLayer()), "1.00x", fixed(result.fullDepth().macroF1()),
        fixed(result.fullDepth().microF1()));
    for (OperatingPoint point : ParetoFront.of(result.points())) {
      table.row(point.policy(), point.parametersText(), fixed(point.meanExitLayer()),
          TextTable.fixed(point.speedup(), 2) + "x", fixed(point.macroF1()), fixed(point.microF1()));
    }
    return table.build();
  }

  private static String fixed(double value) {
    return TextTable.fixed(value, 4);
  }
}
