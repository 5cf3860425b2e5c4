package dev.exitwise.model.testing;

import ai.djl.Device;
import dev.exitwise.model.encoder.Backbone;
import dev.exitwise.model.encoder.Backbones;
import dev.exitwise.model.encoder.EncoderConfig;
import dev.exitwise.model.iapt.IaptConfig;
import dev.exitwise.model.inference.ExitwiseModel;
import dev.exitwise.model.inference.ModelManifest;
import dev.exitwise.model.inference.RandomModels;
import dev.exitwise.model.runtime.DjlRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real, tiny, random-weight exitwise models for tests: a 4-layer BERT of width 32 with the real BGE tokenizer
 * (layer weights scaled by {@link #LAYER_WEIGHT_SCALE}), and random IAPT adapters whose heads are scaled up, so
 * that labels and exit layers vary from text to text. Every part is the production code; only the weights are
 * random. Deterministic per seed.
 */
public final class TinyModels {
  /** 4 layers, hidden 32, 4 heads, intermediate 64, BGE's vocabulary. */
  public static final EncoderConfig TINY_ENCODER = new EncoderConfig(30522, 32, 4, 4, 64, 512, 2, 1e-12f);

  /**
   * Factor on the layers' Linear weights: BERT's N(0, 0.02²) becomes N(0, 0.18²), about 1/sqrt(hidden). At 0.02 a
   * layer of width 32 adds about 1 % to the residual stream, so [CLS] is the same for every text and so are the
   * labels and exit layers; at 0.18 the tokens reach [CLS] and answers vary from text to text.
   */
  public static final float LAYER_WEIGHT_SCALE = 9f;

  /** Factor on each adapter's head and prompt up-projection: N(0, 1.2²), decisive, input-dependent scores. */
  public static final float HEAD_SCALE = 60f;

  /** A small adapter shape for the tiny encoder. */
  public static final IaptConfig TINY_IAPT = new IaptConfig(8, 4, 6, 5);

  /** The recipe: the tiny encoder and adapters, their weights scaled so that answers vary from text to text. */
  public static final RandomModels.Recipe TINY =
      new RandomModels.Recipe("tiny-random", TINY_ENCODER, TINY_IAPT, LAYER_WEIGHT_SCALE, HEAD_SCALE, 128);

  private TinyModels() {}

  /** A tiny random backbone with the real tokenizer. */
  public static Backbone backbone(long seed, int maxTokens) {
    DjlRuntime.configure(null);
    return RandomModels.backbone(withMaxTokens(maxTokens), seed, Device.cpu());
  }

  private static RandomModels.Recipe withMaxTokens(int maxTokens) {
    return new RandomModels.Recipe(TINY.name(), TINY.encoder(), TINY.iapt(), TINY.layerWeightScale(),
        TINY.headScale(), maxTokens);
  }

  /**
   * Writes the tiny random backbone as a Hugging Face model directory ({@code config.json}, {@code
   * model.safetensors}, {@code tokenizer.json}), which {@code train --backbone DIR} and model manifests reference
   * like any user's encoder.
   */
  public static void writeBackboneDirectory(java.nio.file.Path dir, long seed) {
    EncoderConfig c = TINY_ENCODER;
    try {
      java.nio.file.Files.createDirectories(dir);
      java.nio.file.Files.writeString(dir.resolve("config.json"), """
          {"architectures": ["BertModel"], "model_type": "bert", "vocab_size": %d, "hidden_size": %d,
           "num_hidden_layers": %d, "num_attention_heads": %d, "intermediate_size": %d,
           "max_position_embeddings": %d, "type_vocab_size": %d, "layer_norm_eps": 1e-12, "hidden_act": "gelu",
           "position_embedding_type": "absolute"}
          """.formatted(c.vocabSize(), c.hiddenSize(), c.layerCount(), c.headCount(), c.intermediateSize(),
          c.maxPositions(), c.typeVocabSize()));
      dev.exitwise.model.io.SafeTensors.write(dir.resolve("model.safetensors"), RandomModels.encoderTensors(TINY, seed),
          Map.of("format", "pt"));
      try (InputStream tokenizer = Backbones.openResource(Backbones.DEFAULT_TOKENIZER_RESOURCE)) {
        java.nio.file.Files.copy(tokenizer, dir.resolve("tokenizer.json"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A model serving the given tenants, each with its labels and exit policy.
   *
   * @param tenants tenant name to labels
   * @param policies tenant name to exit policy description (missing: {@code fpabee(jsd,mean,0.02,1)})
   */
  public static ExitwiseModel model(long seed, Map<String, List<String>> tenants, Map<String, String> policies) {
    DjlRuntime.configure(null);
    return RandomModels.model(TINY, seed, tenants, policies, Device.cpu());
  }

  /** Two tenants like the default model's: {@code emotions} (5 labels) and {@code moderation} (2 labels, as the packaged data set). */
  public static ExitwiseModel twoTenants(long seed) {
    Map<String, List<String>> tenants = new LinkedHashMap<>();
    tenants.put("emotions", List.of("admiration", "anger", "joy", "sadness", "neutral"));
    tenants.put("moderation", List.of("hateful", "offensive"));
    return model(seed, tenants, Map.of());
  }

  /**
   * Publishes the tenants' random adapters (as {@link #model} makes them) into a model directory by the publish
   * protocol, beside the tenants already there; a directory without a model gets a manifest whose backbone is {@code
   * backboneDir} (write it first with {@link #writeBackboneDirectory} and the same seed).
   *
   * @return the version published
   */
  public static dev.exitwise.model.publish.ModelDirectory.Published publish(java.nio.file.Path modelDir,
      java.nio.file.Path backboneDir, long seed, Map<String, List<String>> tenants) {
    try (ExitwiseModel made = model(seed, tenants, Map.of())) {
      return dev.exitwise.model.publish.ModelDirectory.publish(modelDir, (served, staging) -> {
        ModelManifest manifest = served != null ? served : new ModelManifest(1, "tiny-random-" + seed,
            backboneDir.toAbsolutePath().toString(), 128, TINY_IAPT, List.of());
        for (String tenant : tenants.keySet()) {
          int index = made.tenantIndex(tenant);
          dev.exitwise.model.io.SafeTensors.write(staging.resolve(tenant + ".safetensors"),
              made.engine().adapter(index).toTensors(), Map.of("tenant", tenant));
          manifest = manifest.withTenant(made.manifest().tenant(tenant));
        }
        return manifest;
      });
    }
  }
}
