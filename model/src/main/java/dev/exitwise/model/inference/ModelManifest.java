package dev.exitwise.model.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.exitwise.model.data.DataRecord;
import dev.exitwise.model.iapt.IaptConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The JSON manifest of a model directory: which backbone, the IAPT shape, and per tenant its labels, adapter
 * weights file, decision thresholds, exit policy and the record of how it was trained and calibrated.
 *
 * @param formatVersion manifest format, currently 1
 * @param modelVersion identifier carried in every output record
 * @param backbone the frozen encoder: {@code bge-small-en-v1.5} or a Hugging Face directory path
 * @param maxTokens maximum tokens per text, special tokens included
 * @param iapt the adapters' shape
 * @param tenants the tasks this model serves
 * @param revision the id of the published version this manifest belongs to (see {@code ModelDirectory}), or null in
 *     a directory that was never published
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelManifest(int formatVersion, String modelVersion, String backbone, int maxTokens, IaptConfig iapt,
    List<Tenant> tenants, String revision) {

  /** A manifest that belongs to no published version. */
  public ModelManifest(int formatVersion, String modelVersion, String backbone, int maxTokens, IaptConfig iapt,
      List<Tenant> tenants) {
    this(formatVersion, modelVersion, backbone, maxTokens, iapt, tenants, null);
  }

  /** File name of the manifest inside a model directory. */
  public static final String FILE_NAME = "manifest.json";
  /** The calibration record's key for the labels no better than predicting them on every row. */
  public static final String UNINFORMATIVE_LABELS = "uninformativeLabels";

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * One tenant.
   *
   * @param name the tenant name events carry
   * @param labels label names in score order
   * @param weights the adapter's safetensors file, relative to the model directory
   * @param thresholds per-label decision thresholds on the sigmoid score (null: 0.5 for all)
   * @param layerThresholds per exit layer, per-label thresholds ([layer][label]); when present they replace
   *     {@code thresholds}, each row judged by the thresholds of the layer it exits at
   * @param exitPolicy the policy description, see {@code ExitPolicies.parse}
   * @param training how the adapter was trained (data, settings, time, final losses)
   * @param calibration the calibration record (grid, Pareto front, chosen point, dev metrics)
   * @param data where the tenant's training, dev and test rows came from (null in models older than the record)
   * @param evaluation the latest {@code evaluate} scores by split name ({@code test}, {@code dev}), or null
   * @param override an operator's override of the exit policy or thresholds, kept across calibrations, or null
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Tenant(String name, List<String> labels, String weights, float[] thresholds,
      float[][] layerThresholds, String exitPolicy, Map<String, Object> training, Map<String, Object> calibration,
      DataRecord data, Map<String, Object> evaluation, PolicyOverride override) {

    /** A tenant without an override. */
    public Tenant(String name, List<String> labels, String weights, float[] thresholds, float[][] layerThresholds,
        String exitPolicy, Map<String, Object> training, Map<String, Object> calibration, DataRecord data,
        Map<String, Object> evaluation) {
      this(name, labels, weights, thresholds, layerThresholds, exitPolicy, training, calibration, data, evaluation,
          null);
    }

    /** A tenant without a data record, evaluation scores or override. */
    public Tenant(String name, List<String> labels, String weights, float[] thresholds, float[][] layerThresholds,
        String exitPolicy, Map<String, Object> training, Map<String, Object> calibration) {
      this(name, labels, weights, thresholds, layerThresholds, exitPolicy, training, calibration, null, null);
    }

    /** The exit policy served: the override's when it sets one, else the calibrated one. */
    public String servedExitPolicy() {
      return override != null && override.exitPolicy() != null ? override.exitPolicy() : exitPolicy;
    }

    /**
     * The labels calibration found no better on dev than predicting them on every row (the calibration record's
     * {@value ModelManifest#UNINFORMATIVE_LABELS}); empty when it found none, or the model predates the check.
     */
    public List<String> uninformativeLabels() {
      Object names = calibration == null ? null : calibration.get(UNINFORMATIVE_LABELS);
      return names instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    /**
     * A copy with new thresholds, policy and calibration record. When every layer has the same thresholds they are
     * kept once, as {@code thresholds}, with no {@code layerThresholds}.
     */
    public Tenant calibrated(float[][] newLayerThresholds, String newPolicy, Map<String, Object> newCalibration) {
      float[] last = newLayerThresholds[newLayerThresholds.length - 1];
      boolean shared = Arrays.stream(newLayerThresholds).allMatch(t -> Arrays.equals(t, last));
      return new Tenant(name, labels, weights, last, shared ? null : newLayerThresholds, newPolicy, training,
          newCalibration, data, evaluation, override);
    }

    /** A copy with one split's evaluation scores set, the other splits' kept. */
    public Tenant evaluated(String split, Map<String, Object> scores) {
      Map<String, Object> updated = new java.util.TreeMap<>(evaluation == null ? Map.of() : evaluation);
      updated.put(split, scores);
      return new Tenant(name, labels, weights, thresholds, layerThresholds, exitPolicy, training, calibration, data,
          updated, override);
    }

    /** A copy with another override (null: none). */
    public Tenant overridden(PolicyOverride newOverride) {
      return new Tenant(name, labels, weights, thresholds, layerThresholds, exitPolicy, training, calibration, data,
          evaluation, newOverride);
    }
  }

  /** The tenant of that name, or an exception naming the tenants there are. */
  public Tenant tenant(String name) {
    return tenants.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("no tenant '" + name + "' in model " + modelVersion + "; tenants: "
            + tenants.stream().map(Tenant::name).toList()));
  }

  /** A copy with one tenant replaced (matched by name) or added. */
  public ModelManifest withTenant(Tenant tenant) {
    List<Tenant> updated = new java.util.ArrayList<>(tenants.stream()
        .filter(t -> !t.name().equals(tenant.name())).toList());
    updated.add(tenant);
    updated.sort(java.util.Comparator.comparing(Tenant::name));
    return new ModelManifest(formatVersion, modelVersion, backbone, maxTokens, iapt, List.copyOf(updated), revision);
  }

  /**
   * A copy without the named tenant.
   *
   * @throws IllegalArgumentException naming the tenants there are when there is no such tenant
   */
  public ModelManifest withoutTenant(String name) {
    tenant(name);
    return new ModelManifest(formatVersion, modelVersion, backbone, maxTokens, iapt,
        tenants.stream().filter(t -> !t.name().equals(name)).toList(), revision);
  }

  /** A copy that belongs to the published version {@code id}. */
  public ModelManifest withRevision(String id) {
    return new ModelManifest(formatVersion, modelVersion, backbone, maxTokens, iapt, tenants, id);
  }

  /**
   * A copy whose backbone reference, when it is a relative path, is relative to {@code to} instead of {@code from}
   * (a manifest moved to another directory still finds its backbone).
   */
  public ModelManifest withBackboneMoved(Path from, Path to) {
    if (dev.exitwise.model.encoder.Backbones.DEFAULT_ID.equals(backbone) || Path.of(backbone).isAbsolute()) {
      return this;
    }
    Path target = from.toAbsolutePath().resolve(backbone).normalize();
    String moved = to.toAbsolutePath().normalize().relativize(target).toString();
    return new ModelManifest(formatVersion, modelVersion, backbone.equals(moved) ? backbone : moved, maxTokens, iapt,
        tenants, revision);
  }

  /**
   * The version carried in output records: {@code modelVersion}, and {@code @revision} after it for a published
   * version, so that every publish (a new tenant, a new threshold) is told apart.
   */
  public String servedVersion() {
    return revision == null ? modelVersion : modelVersion + "@" + revision;
  }

  /** Whether this manifest serves a tenant of that name. */
  public boolean hasTenant(String name) {
    return tenants.stream().anyMatch(t -> t.name().equals(name));
  }

  /**
   * The backbone reference resolved against the model directory: the default backbone's id as it is; a path,
   * relative to {@code directory} when it is not absolute (a model directory can then move with its backbone
   * beside it). A relative path that is not there is tried from the working directory, as manifests written
   * before relative paths were stored that way.
   */
  public String backboneIn(Path directory) {
    if (dev.exitwise.model.encoder.Backbones.DEFAULT_ID.equals(backbone) || Path.of(backbone).isAbsolute()) {
      return backbone;
    }
    Path resolved = directory.resolve(backbone).normalize();
    return Files.isDirectory(resolved) || !Files.isDirectory(Path.of(backbone)) ? resolved.toString() : backbone;
  }

  /** Reads a manifest; an exception names the file and what is wrong. */
  public static ModelManifest read(InputStream in, String source) {
    try {
      ModelManifest manifest = JSON.readValue(in, ModelManifest.class);
      if (manifest.formatVersion() != 1) {
        throw new IllegalArgumentException(source + ": unsupported manifest formatVersion "
            + manifest.formatVersion() + " (this exitwise reads 1)");
      }
      if (manifest.tenants() == null) {
        throw new IllegalArgumentException(source + ": the manifest has no tenants list");
      }
      return manifest;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model manifest " + source + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes this manifest to {@code directory/manifest.json}, atomically: a reader sees the old manifest or the new
   * one, never half of one.
   */
  public void write(Path directory) {
    try {
      Files.createDirectories(directory);
      Path temporary = Files.createTempFile(directory, FILE_NAME, ".tmp");
      JSON.writeValue(temporary.toFile(), this);
      Files.move(temporary, directory.resolve(FILE_NAME), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write model manifest in " + directory, e);
    }
  }
}
