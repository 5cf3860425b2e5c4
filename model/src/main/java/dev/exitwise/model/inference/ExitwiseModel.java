package dev.exitwise.model.inference;

import ai.djl.Device;
import dev.exitwise.model.encoder.Backbone;
import dev.exitwise.model.encoder.Backbones;
import dev.exitwise.model.eval.ServingFront;
import dev.exitwise.model.exit.ExitPolicies;
import dev.exitwise.model.exit.ExitPolicy;
import dev.exitwise.model.iapt.TenantAdapter;
import dev.exitwise.model.io.SafeTensors;
import dev.exitwise.model.publish.ModelDirectory;
import dev.exitwise.model.runtime.Precision;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded exitwise model: one frozen backbone, one adapter per tenant, each tenant's thresholds and exit
 * policy. The {@link TextClassifier} the service runs.
 *
 * <p>Usage: {@code try (ExitwiseModel model = ExitwiseModel.load(null, Device.cpu())) { model.classify(...); }}
 * loads the default model committed with exitwise; pass a directory for another.
 */
public final class ExitwiseModel implements TextClassifier {
  /** Classpath folder of the default model that ships inside the model jar. */
  public static final String DEFAULT_RESOURCE = "/exitwise-default-model/";

  private static final Logger LOG = LoggerFactory.getLogger(ExitwiseModel.class);

  private final ModelManifest manifest;
  private final Backbone backbone;
  private final boolean ownsBackbone;
  private final List<TenantAdapter> adapters;
  private final EarlyExitEngine engine;
  private final List<String> tenantOrder;
  private final Map<String, Integer> tenantIndex = new LinkedHashMap<>();
  private final List<float[][]> thresholds = new ArrayList<>(); // per tenant: [exit layer][label]
  private final List<ExitPolicy> policies = new ArrayList<>();
  private final List<List<ServingFront.Point>> fronts = new ArrayList<>();
  private final Map<String, String> adapterVersions = new LinkedHashMap<>(); // filled by load

  /**
   * Assembles a model from parts (training and tests use this; {@link #load} reads a directory).
   *
   * @param ownsBackbone whether {@link #close()} closes the backbone too
   */
  public ExitwiseModel(ModelManifest manifest, Backbone backbone, boolean ownsBackbone,
      List<TenantAdapter> adapters) {
    this.manifest = manifest;
    this.backbone = backbone;
    this.ownsBackbone = ownsBackbone;
    this.adapters = List.copyOf(adapters);
    this.tenantOrder = adapters.stream().map(TenantAdapter::tenant).toList();
    for (TenantAdapter adapter : adapters) {
      ModelManifest.Tenant tenant = manifest.tenant(adapter.tenant());
      tenantIndex.put(adapter.tenant(), tenantIndex.size());
      thresholds.add(overridden(layerThresholds(tenant, adapter.labels().size(), adapter.layerCount()), tenant));
      String policy = tenant.servedExitPolicy();
      policies.add(ExitPolicies.parse(policy == null ? "full" : policy));
      fronts.add(ServingFront.of(tenant));
    }
    this.engine = new EarlyExitEngine(backbone, adapters);
  }

  /** The tenant's thresholds per exit layer: its per-layer ones, else its one set for every layer, else 0.5. */
  private static float[][] layerThresholds(ModelManifest.Tenant tenant, int labels, int layers) {
    float[][] out = tenant.layerThresholds();
    if (out == null) {
      float[] shared = tenant.thresholds();
      if (shared == null) {
        shared = new float[labels];
        Arrays.fill(shared, 0.5f);
      }
      out = new float[layers][];
      Arrays.fill(out, shared);
    }
    if (out.length != layers) {
      throw new IllegalArgumentException("tenant '" + tenant.name() + "' has thresholds for " + out.length
          + " layers; the backbone has " + layers);
    }
    for (float[] layer : out) {
      if (layer.length != labels) {
        throw new IllegalArgumentException("tenant '" + tenant.name() + "' has " + labels + " labels but "
            + layer.length + " thresholds");
      }
    }
    return out;
  }

  /**
   * The thresholds with the tenant's override applied: an overridden label's threshold at every layer.
   *
   * @throws IllegalArgumentException when the override names a label the tenant does not have
   */
  private static float[][] overridden(float[][] layers, ModelManifest.Tenant tenant) {
    PolicyOverride override = tenant.override();
    if (override == null || override.thresholds() == null || override.thresholds().isEmpty()) {
      return layers;
    }
    float[][] out = new float[layers.length][];
    for (int layer = 0; layer < layers.length; layer++) {
      out[layer] = layers[layer].clone();
    }
    for (Map.Entry<String, Float> entry : override.thresholds().entrySet()) {
      int label = tenant.labels().indexOf(entry.getKey());
      if (label < 0) {
        throw new IllegalArgumentException("tenant '" + tenant.name() + "': its override sets a threshold for label '"
            + entry.getKey() + "', which it does not have; its labels: " + tenant.labels());
      }
      for (float[] layer : out) {
        layer[label] = entry.getValue();
      }
    }
    return out;
  }

  /**
   * Loads a model directory (manifest.json plus one safetensors file per tenant), or the default model when
   * {@code directory} is null. A published directory is read at the version its {@code current} pointer names (see
   * {@link ModelDirectory}).
   *
   * @throws IllegalArgumentException for a missing file, an unknown backbone or weights of the wrong shape
   */
  public static ExitwiseModel load(Path directory, Device device) {
    return load(directory, device, Precision.FP32);
  }

  /**
   * {@link #load(Path, Device)} with the encoder's linear layers in {@code precision} (the adapters, prompts and
   * heads stay float32).
   *
   * @throws IllegalArgumentException as there, and for int8 on a device other than the CPU
   */
  public static ExitwiseModel load(Path directory, Device device, Precision precision) {
    Path dir = directory == null ? extractDefault() : ModelDirectory.served(directory);
    Path manifestFile = dir.resolve(ModelManifest.FILE_NAME);
    if (!Files.isRegularFile(manifestFile)) {
      throw new IllegalArgumentException("no " + ModelManifest.FILE_NAME + " in model directory " + dir);
    }
    ModelManifest manifest;
    try (InputStream in = Files.newInputStream(manifestFile)) {
      manifest = ModelManifest.read(in, manifestFile.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (manifest.tenants().isEmpty()) {
      throw new IllegalArgumentException("model directory " + dir + " serves no tenants; train one into it with"
          + " exitwise train --output " + dir);
    }
    long started = System.nanoTime();
    Backbone backbone = Backbones.load(manifest.backboneIn(dir), device, manifest.maxTokens(), precision);
    List<TenantAdapter> adapters = new ArrayList<>();
    Map<String, String> adapterVersions = new LinkedHashMap<>();
    try {
      var encoder = backbone.encoder().config();
      for (ModelManifest.Tenant tenant : manifest.tenants()) {
        Path weights = dir.resolve(tenant.weights());
        if (!Files.isRegularFile(weights)) {
          throw new IllegalArgumentException("tenant '" + tenant.name() + "': weights file " + weights + " is missing");
        }
        adapters.add(TenantAdapter.fromTensors(tenant.name(), tenant.labels(), manifest.iapt(),
            encoder.layerCount(), encoder.hiddenSize(), SafeTensors.read(weights), backbone.encoder().manager()));
        adapterVersions.put(tenant.name(), AdapterVersions.of(weights));
      }
      ExitwiseModel model = new ExitwiseModel(manifest, backbone, true, adapters);
      model.adapterVersions.putAll(adapterVersions);
      LOG.info("loaded model {} ({} tenants: {}) on {} in {} ms", manifest.servedVersion(), adapters.size(),
          model.tenantOrder, device, (System.nanoTime() - started) / 1_000_000);
      for (ModelManifest.Tenant tenant : manifest.tenants()) {
        if (!tenant.uninformativeLabels().isEmpty()) {
          LOG.warn("tenant '{}': calibration found {} of its {} labels no better on dev than predicting them on"
              + " every row, so its labels say little; its scores may still rank: {}", tenant.name(),
              tenant.uninformativeLabels().size(), tenant.labels().size(), tenant.uninformativeLabels());
        }
      }
      return model;
    } catch (RuntimeException e) {
      adapters.forEach(TenantAdapter::close);
      backbone.close();
      throw e;
    }
  }

  /** Copies the default model's files from the classpath into a temporary directory. */
  private static Path extractDefault() {
    try {
      Path dir = Files.createTempDirectory("exitwise-model-");
      dir.toFile().deleteOnExit();
      for (Path file : copyDefault(dir)) {
        file.toFile().deleteOnExit();
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the default model", e);
    }
  }

  /**
   * Copies the committed default model (manifest and adapter weights) into a directory, which then trains, serves
   * and evaluates like any other model directory.
   *
   * @return the files written
   * @throws IllegalStateException when the default model is not on the class path
   * @throws UncheckedIOException when a file cannot be written
   */
  public static List<Path> copyDefault(Path dir) {
    try (InputStream manifestIn = ExitwiseModel.class.getResourceAsStream(DEFAULT_RESOURCE + ModelManifest.FILE_NAME)) {
      if (manifestIn == null) {
        throw new IllegalStateException("the default model is not on the class path (" + DEFAULT_RESOURCE
            + "); pass a model directory");
      }
      ModelManifest manifest = ModelManifest.read(manifestIn, DEFAULT_RESOURCE + ModelManifest.FILE_NAME);
      Files.createDirectories(dir);
      List<String> files = new ArrayList<>();
      files.add(ModelManifest.FILE_NAME);
      manifest.tenants().forEach(t -> files.add(t.weights()));
      List<Path> written = new ArrayList<>();
      for (String file : files) {
        try (InputStream in = ExitwiseModel.class.getResourceAsStream(DEFAULT_RESOURCE + file)) {
          if (in == null) {
            throw new IllegalStateException("default model file " + file + " is missing from the class path");
          }
          Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
          written.add(dir.resolve(file));
        }
      }
      return written;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the default model to " + dir, e);
    }
  }

  /**
   * Publishes the committed default model as a new version of a model directory (see {@link ModelDirectory}).
   *
   * @return the version published
   */
  public static ModelDirectory.Published publishDefault(Path dir) {
    return ModelDirectory.publish(dir, (served, staging) -> {
      copyDefault(staging);
      return ModelDirectory.check(staging);
    });
  }

  @Override
  public List<ClassifyResult> classify(List<ClassifyRequest> batch) {
    return classify(batch, policies::get);
  }

  @Override
  public List<ClassifyResult> classify(List<ClassifyRequest> batch, Map<String, ExitPolicy> chosen) {
    if (chosen.isEmpty()) {
      return classify(batch);
    }
    return classify(batch, index -> chosen.getOrDefault(tenantOrder.get(index), policies.get(index)));
  }

  @Override
  public List<ServingFront.Point> servingFront(String tenant) {
    return fronts.get(tenantIndex(tenant));
  }

  /** Classifies with another exit policy per tenant index (evaluation and benchmarks compare policies). */
  public List<ClassifyResult> classify(List<ClassifyRequest> batch, IntFunction<ExitPolicy> policyOf) {
    List<String> texts = new ArrayList<>(batch.size());
    List<String> instructions = new ArrayList<>(batch.size());
    int[] tenants = new int[batch.size()];
    for (int i = 0; i < batch.size(); i++) {
      ClassifyRequest request = batch.get(i);
      Integer index = tenantIndex.get(request.tenant());
      if (index == null) {
        throw new UnknownTenantException(request.tenant(), tenantOrder);
      }
      tenants[i] = index;
      texts.add(request.text());
      instructions.add(request.instruction());
    }
    List<RowOutcome> outcomes = engine.run(texts, instructions, tenants, policyOf, null);
    List<ClassifyResult> results = new ArrayList<>(outcomes.size());
    for (RowOutcome outcome : outcomes) {
      results.add(toResult(outcome, policyOf.apply(outcome.tenantIndex()).describe()));
    }
    return results;
  }

  private ClassifyResult toResult(RowOutcome outcome, String policy) {
    int t = outcome.tenantIndex();
    List<String> labelNames = adapters.get(t).labels();
    float[] cut = thresholds.get(t)[outcome.exitLayer() - 1];
    float[] scores = new float[labelNames.size()];
    List<LabelScore> positive = new ArrayList<>();
    for (int j = 0; j < scores.length; j++) {
      scores[j] = (float) (1 / (1 + Math.exp(-outcome.logits()[j])));
      if (scores[j] >= cut[j]) {
        positive.add(new LabelScore(labelNames.get(j), scores[j]));
      }
    }
    positive.sort(Comparator.comparingDouble(LabelScore::score).reversed());
    return new ClassifyResult(tenantOrder.get(t), List.copyOf(positive), scores, outcome.exitLayer(),
        layerCount(), outcome.trace(), policy, outcome.truncated());
  }

  /** The engine, for calibration and benchmarks that need per-layer access. */
  public EarlyExitEngine engine() {
    return engine;
  }

  public ModelManifest manifest() {
    return manifest;
  }

  /** The tenant index used by {@link #classify(List, IntFunction)}. */
  public int tenantIndex(String tenant) {
    Integer index = tenantIndex.get(tenant);
    if (index == null) {
      throw new UnknownTenantException(tenant, tenantOrder);
    }
    return index;
  }

  /** The configured exit policy of a tenant. */
  public ExitPolicy policy(String tenant) {
    return policies.get(tenantIndex(tenant));
  }

  /** The decision thresholds of a tenant per exit layer, [layer - 1][label]. */
  public float[][] thresholds(String tenant) {
    return thresholds.get(tenantIndex(tenant)).clone();
  }

  @Override
  public Set<String> tenants() {
    return new LinkedHashSet<>(tenantOrder);
  }

  @Override
  public List<String> labels(String tenant) {
    return adapters.get(tenantIndex(tenant)).labels();
  }

  @Override
  public int layerCount() {
    return engine.layerCount();
  }

  @Override
  public int maxTokens() {
    return backbone.tokenizer().maxLength();
  }

  @Override
  public String modelVersion() {
    return manifest.servedVersion();
  }

  /** The version of a tenant's adapter weights as loaded from a directory (see {@link AdapterVersions}), or null. */
  @Override
  public String adapterVersion(String tenant) {
    return adapterVersions.get(tenant);
  }

  @Override
  public void close() {
    engine.close();
    adapters.forEach(TenantAdapter::close);
    if (ownsBackbone) {
      backbone.close();
    }
  }
}
