package dev.exitwise.model.training;

import ai.djl.Device;
import dev.exitwise.model.data.Dataset;
import dev.exitwise.model.data.TenantData;
import dev.exitwise.model.encoder.Backbone;
import dev.exitwise.model.encoder.Backbones;
import dev.exitwise.model.encoder.TextTokenizer;
import dev.exitwise.model.iapt.IaptConfig;
import dev.exitwise.model.iapt.TenantAdapter;
import dev.exitwise.model.inference.ModelManifest;
import dev.exitwise.model.io.SafeTensors;
import dev.exitwise.model.publish.ModelDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * Trains one adapter per tenant and writes it into a model directory: {@code <tenant>.safetensors} and the
 * tenant's entry in {@code manifest.json}. The directory's other tenants are kept, so tenants are added, retrained
 * or replaced one at a time; a directory made for another backbone or adapter shape is refused, as its tenants
 * could not share the new one's backbone. The result runs at full depth with 0.5 thresholds until {@code
 * calibrate} sets its thresholds and exit policy.
 */
public final class TrainingRun {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

  /** The folder of a model directory that holds the checkpoints of its tenants' training runs. */
  public static final String CHECKPOINTS = "checkpoints";

  private TrainingRun() {}

  /**
   * Removes tenants from a model directory: publishes a version without them (see {@link ModelDirectory}), then
   * deletes their checkpoints.
   *
   * @return the manifest written
   * @throws IllegalArgumentException naming the tenants there are when one of {@code tenants} is not among them
   * @throws UncheckedIOException when a file cannot be read, written or deleted
   */
  public static ModelManifest removeTenants(Path modelDir, List<String> tenants) {
    ModelManifest manifest = startingManifest(modelDir, null, null, null);
    for (String tenant : tenants) {
      if (!manifest.hasTenant(tenant)) {
        throw new IllegalArgumentException(modelDir + " has no tenant '" + tenant + "'; it has "
            + manifest.tenants().stream().map(ModelManifest.Tenant::name).toList());
      }
    }
    ModelManifest published = ModelDirectory.publish(modelDir, (served, staging) -> {
      ModelManifest edited = served;
      for (String tenant : tenants) {
        Files.deleteIfExists(staging.resolve(edited.tenant(tenant).weights()));
        edited = edited.withoutTenant(tenant);
      }
      return edited;
    }).manifest();
    try {
      for (String tenant : tenants) {
        Checkpoints.delete(modelDir.resolve(CHECKPOINTS), tenant);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return published;
  }

  /**
   * What to train.
   *
   * @param tenants each tenant's data, read and checked
   * @param output the model directory to write (created, or extended when it holds a manifest)
   * @param backbone backbone reference ({@code bge-small-en-v1.5} or a Hugging Face directory); null takes the
   *     existing manifest's, or the default
   * @param maxTokens maximum tokens per text; null takes the existing manifest's, or 128
   * @param iapt adapter shape; null takes the existing manifest's, or the default
   * @param settings optimisation settings
   * @param autoEpochs whether each tenant's epochs follow its data size ({@link TrainingSettings#epochsFor})
   *     instead of {@code settings.epochs()}
   * @param device where to run
   */
  public record Request(List<TenantData> tenants, Path output, String backbone, Integer maxTokens, IaptConfig iapt,
      TrainingSettings settings, boolean autoEpochs, Device device) {}

  /**
   * The manifest training into {@code output} starts from: the one there (checked against the requested backbone and
   * adapter shape), or a new one.
   *
   * @throws IllegalArgumentException when the directory's manifest was made for another backbone or adapter shape
   */
  public static ModelManifest startingManifest(Path output, String backbone, Integer maxTokens, IaptConfig iapt) {
    java.util.Optional<ModelManifest> served = ModelDirectory.servedManifest(output);
    if (served.isPresent()) {
      ModelManifest existing = served.get().withBackboneMoved(ModelDirectory.served(output), output);
      String existingBackbone = existing.backboneIn(output);
      if (backbone != null && !Backbones.sameReference(backbone, existingBackbone)) {
        throw new IllegalArgumentException(output + " holds a model on backbone " + existing.backbone() + ", not "
            + backbone + "; its tenants cannot share another backbone: train into a new directory");
      }
      if (iapt != null && !iapt.equals(existing.iapt())) {
        throw new IllegalArgumentException(output + " holds adapters of shape " + existing.iapt() + ", not " + iapt
            + "; train into a new directory, or leave the adapter options at the directory's values");
      }
      if (maxTokens != null && maxTokens != existing.maxTokens()) {
        throw new IllegalArgumentException(output + " holds a model of " + existing.maxTokens() + " tokens per text,"
            + " not " + maxTokens + "; train into a new directory, or leave --max-tokens out");
      }
      return existing;
    }
    String ref = backbone == null ? Backbones.DEFAULT_ID : backbone;
    IaptConfig shape = iapt == null ? IaptConfig.DEFAULT : iapt;
    String version = "exitwise-" + Path.of(ref).getFileName().toString().replaceAll("[^A-Za-z0-9.-]", "_") + "-iapt"
        + shape.bottleneck() + "-" + Instant.now().toString().substring(0, 10);
    return new ModelManifest(1, version, storedBackbone(ref, output), maxTokens == null
        ? TextTokenizer.DEFAULT_MAX_LENGTH : maxTokens, shape, List.of());
  }

  /** Runs the request; returns each tenant's report. */
  public static List<TrainingReport> run(Request request, ProgressReporter progress) {
    ModelManifest manifest = startingManifest(request.output(), request.backbone(), request.maxTokens(),
        request.iapt());
    List<TrainingReport> reports = new ArrayList<>();
    try (Backbone backbone = Backbones.load(manifest.backboneIn(request.output()), request.device(),
        manifest.maxTokens())) {
      for (TenantData data : request.tenants()) {
        warnAboutLongTexts(backbone, data);
        String tenant = data.tenant();
        var config = backbone.encoder().config();
        try (TenantAdapter adapter = TenantAdapter.initialize(tenant, data.labels(), config.layerCount(),
            config.hiddenSize(), manifest.iapt(), priors(data.train()), request.settings().seed(),
            backbone.encoder().manager())) {
          LOG.info("tenant '{}': {} generator parameters (without heads), {} head parameters", tenant,
              adapter.generatorParameterCount(), adapter.headParameterCount());
          TrainingSettings settings = settingsFor(request, data);
          Checkpoints.discardIfStale(settings.checkpointDirectory(), tenant, fingerprint(data, settings, manifest));
          TrainingReport report = new Trainer(backbone, adapter, settings, progress).train(data.train(), data.dev());
          reports.add(report);
          String weights = tenant + ".safetensors";
          ModelManifest.Tenant entry = new ModelManifest.Tenant(tenant, data.labels(), weights, null, null, "full",
              trainingRecord(report, settings, manifest.maxTokens()), null, data.record(), null);
          ModelManifest starting = manifest;
          ModelDirectory.Published published = ModelDirectory.publish(request.output(), (served, staging) -> {
            SafeTensors.write(staging.resolve(weights), adapter.toTensors(),
                Map.of("tenant", tenant, "format", "exitwise-adapter-1"));
            return (served == null ? starting : served).withTenant(entry);
          });
          manifest = published.manifest().withBackboneMoved(published.directory(), request.output());
          LOG.info("tenant '{}' trained in {} s: best epoch {}, dev macro-F1 {}", tenant,
              Math.round(report.seconds()), report.bestEpoch(), String.format("%.4f", report.bestDevMacroF1()));
        }
      }
      return reports;
    }
  }

  private static TrainingSettings settingsFor(Request request, TenantData data) {
    TrainingSettings settings = request.settings();
    if (settings.checkpointDirectory() == null) {
      settings = settings.withCheckpoints(request.output().resolve(CHECKPOINTS));
    }
    if (request.autoEpochs()) {
      int rows = settings.maxTrainRows() > 0 ? Math.min(settings.maxTrainRows(), data.train().size())
          : data.train().size();
      settings = settings.withEpochs(TrainingSettings.epochsFor(rows, settings.batchSize()));
    }
    return settings;
  }

  /** A backbone directory given relative to the working directory is stored relative to the model directory. */
  static String storedBackbone(String ref, Path output) {
    if (Backbones.DEFAULT_ID.equals(ref) || Path.of(ref).isAbsolute()) {
      return ref;
    }
    return output.toAbsolutePath().normalize().relativize(Path.of(ref).toAbsolutePath().normalize()).toString();
  }

  private static void warnAboutLongTexts(Backbone backbone, TenantData data) {
    int limit = backbone.tokenizer().maxLength();
    List<String> texts = data.train().texts();
    int truncated = 0;
    String first = null;
    for (int start = 0; start < texts.size(); start += 256) {
      List<String> chunk = texts.subList(start, Math.min(texts.size(), start + 256));
      boolean[] cut = backbone.tokenizer().encode(chunk, null).truncated();
      for (int i = 0; i < cut.length; i++) {
        if (cut[i]) {
          truncated++;
          first = first == null ? data.train().rows().get(start + i).id() : first;
        }
      }
    }
    if (truncated > 0) {
      LOG.warn("tenant '{}': {} of {} training texts are longer than {} tokens and are cut to that length (first:"
          + " row {}); the service cuts such texts the same way and marks them truncated", data.tenant(), truncated,
          texts.size(), limit, first);
    }
  }

  /** What a checkpoint must have been made from to be resumed: the data, the settings and the model shape. */
  private static String fingerprint(TenantData data, TrainingSettings settings, ModelManifest manifest) {
    return String.join("|", String.valueOf(data.record()), String.valueOf(settings.withCheckpoints(null)),
        manifest.backbone(), String.valueOf(manifest.iapt()), String.valueOf(manifest.maxTokens()),
        String.valueOf(data.labels()));
  }

  private static float[] priors(Dataset train) {
    int[] counts = train.labelFrequencies();
    float[] priors = new float[counts.length];
    for (int j = 0; j < counts.length; j++) {
      priors[j] = (float) counts[j] / train.size();
    }
    return priors;
  }

  private static Map<String, Object> trainingRecord(TrainingReport report, TrainingSettings settings, int maxTokens) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("data", report.tenant() + ": " + report.trainRows() + " training rows, model selection on "
        + report.devRows() + " dev rows");
    record.put("settings", settings.withCheckpoints(null));
    record.put("maxTokens", maxTokens);
    record.put("epochs", report.epochs());
    record.put("bestEpoch", report.bestEpoch());
    record.put("bestDevMacroF1", report.bestDevMacroF1());
    record.put("seconds", Math.round(report.seconds()));
    record.put("finishedAt", Instant.now().toString());
    return record;
  }
}
