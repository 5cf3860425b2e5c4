package dev.exitwise.model.training;

import ai.djl.Device;
import dev.exitwise.model.data.Dataset;
import dev.exitwise.model.data.Datasets;
import dev.exitwise.model.data.Split;
import dev.exitwise.model.encoder.Backbone;
import dev.exitwise.model.encoder.Backbones;
import dev.exitwise.model.iapt.IaptConfig;
import dev.exitwise.model.iapt.TenantAdapter;
import dev.exitwise.model.inference.ModelManifest;
import dev.exitwise.model.io.SafeTensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one adapter per tenant on its packaged data set and writes a model directory: {@code manifest.json} and
 * {@code <tenant>.safetensors} per tenant. Tenants already in an existing manifest there are kept, so tenants can
 * be trained one at a time. The result runs at full depth with 0.5 thresholds until {@code calibrate} sets its
 * thresholds and exit policy.
 */
public final class TrainingRun {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

  private TrainingRun() {}

  /**
   * What to train.
   *
   * @param tenants packaged data sets to train (see {@code Datasets.tenants()})
   * @param output the model directory to write
   * @param backbone backbone reference ({@code bge-small-en-v1.5} or a Hugging Face directory)
   * @param maxTokens maximum tokens per text
   * @param iapt adapter shape
   * @param settings optimisation settings
   * @param device where to run
   */
  public record Request(List<String> tenants, Path output, String backbone, int maxTokens, IaptConfig iapt,
      TrainingSettings settings, Device device) {}

  /** Runs the request; returns each tenant's report. */
  public static List<TrainingReport> run(Request request, ProgressReporter progress) {
    List<TrainingReport> reports = new ArrayList<>();
    try (Backbone backbone = Backbones.load(request.backbone(), request.device(), request.maxTokens())) {
      ModelManifest manifest = existingOrNew(request);
      for (String tenant : request.tenants()) {
        Dataset train = Datasets.load(tenant, Split.TRAIN);
        Dataset dev = Datasets.load(tenant, Split.DEV);
        var config = backbone.encoder().config();
        try (TenantAdapter adapter = TenantAdapter.initialize(tenant, train.labels(), config.layerCount(),
            config.hiddenSize(), request.iapt(), priors(train), request.settings().seed(),
            backbone.encoder().manager())) {
          LOG.info("tenant '{}': {} generator parameters (without heads), {} head parameters", tenant,
              adapter.generatorParameterCount(), adapter.headParameterCount());
          TrainingSettings settings = request.settings().checkpointDirectory() == null
              ? request.settings().withCheckpoints(request.output().resolve("checkpoints"))
              : request.settings();
          TrainingReport report = new Trainer(backbone, adapter, settings, progress).train(train, dev);
          reports.add(report);
          String weights = tenant + ".safetensors";
          Files.createDirectories(request.output());
          SafeTensors.write(request.output().resolve(weights), adapter.toTensors(),
              Map.of("tenant", tenant, "format", "exitwise-adapter-1"));
          manifest = manifest.withTenant(new ModelManifest.Tenant(tenant, train.labels(), weights, null, null, "full",
              trainingRecord(report, settings, request), null));
          manifest.write(request.output());
          LOG.info("tenant '{}' trained in {} s: best epoch {}, dev macro-F1 {}", tenant,
              Math.round(report.seconds()), report.bestEpoch(), String.format("%.4f", report.bestDevMacroF1()));
        }
      }
      return reports;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static ModelManifest existingOrNew(Request request) throws java.io.IOException {
    Path file = request.output().resolve(ModelManifest.FILE_NAME);
    if (Files.isRegularFile(file)) {
      try (var in = Files.newInputStream(file)) {
        ModelManifest existing = ModelManifest.read(in, file.toString());
        if (existing.backbone().equals(request.backbone()) && existing.iapt().equals(request.iapt())) {
          return existing;
        }
        LOG.warn("{} was made for another backbone or adapter shape; replacing it", file);
      }
    }
    String version = "exitwise-" + request.backbone().replaceAll("[^A-Za-z0-9.-]", "_") + "-iapt"
        + request.iapt().bottleneck() + "-" + Instant.now().toString().substring(0, 10);
    return new ModelManifest(1, version, request.backbone(), request.maxTokens(), request.iapt(), List.of());
  }

  private static float[] priors(Dataset train) {
    int[] counts = train.labelFrequencies();
    float[] priors = new float[counts.length];
    for (int j = 0; j < counts.length; j++) {
      priors[j] = (float) counts[j] / train.size();
    }
    return priors;
  }

  private static Map<String, Object> trainingRecord(TrainingReport report, TrainingSettings settings,
      Request request) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("data", report.tenant() + " train split (" + report.trainRows() + " rows), model selection on dev ("
        + report.devRows() + " rows)");
    record.put("settings", settings.withCheckpoints(null));
    record.put("maxTokens", request.maxTokens());
    record.put("epochs", report.epochs());
    record.put("bestEpoch", report.bestEpoch());
    record.put("bestDevMacroF1", report.bestDevMacroF1());
    record.put("seconds", Math.round(report.seconds()));
    record.put("finishedAt", Instant.now().toString());
    return record;
  }
}
