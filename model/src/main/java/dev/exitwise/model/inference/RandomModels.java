package dev.exitwise.model.inference;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import dev.exitwise.model.encoder.Backbone;
import dev.exitwise.model.encoder.Backbones;
import dev.exitwise.model.encoder.BertEncoder;
import dev.exitwise.model.encoder.EncoderConfig;
import dev.exitwise.model.iapt.IaptConfig;
import dev.exitwise.model.iapt.TenantAdapter;
import dev.exitwise.model.io.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Random-weight exitwise models of any encoder shape, built by the production code with only the weights random:
 * for tests, and for benchmarks that must run where no weights file can go (a lent GPU machine takes 64 MiB of
 * files; BGE-small's weights alone are 67 MB in fp16). Deterministic per seed and device.
 */
public final class RandomModels {

  /**
   * How a random model is made.
   *
   * @param name the model's id prefix: the model and its backbone are {@code <name>-<seed>}
   * @param encoder the encoder's shape; its vocabulary must hold the BGE tokenizer's ids
   * @param iapt the adapters' shape
   * @param layerWeightScale factor on the encoder layers' Linear weights (1: BERT's own N(0, 0.02²) init)
   * @param headScale factor on each adapter's exit-head and prompt up-projection weights (1: as initialised)
   * @param maxTokens the tokenizer's longest input
   */
  public record Recipe(String name, EncoderConfig encoder, IaptConfig iapt, float layerWeightScale, float headScale,
      int maxTokens) {}

  /** BGE-small's shape (12 layers, hidden 384, 12 heads, intermediate 1536) with the default adapter shape. */
  public static final Recipe BGE_SMALL_SHAPE =
      new Recipe("bge-small-shape-random", EncoderConfig.BGE_SMALL_EN_V15, IaptConfig.DEFAULT, 1f, 1f, 128);

  private RandomModels() {}

  /** The encoder's random weights, the layers' Linear weights scaled by the recipe's factor. */
  public static Map<String, Tensor> encoderTensors(Recipe recipe, long seed) {
    Map<String, Tensor> tensors = BertEncoder.randomTensors(recipe.encoder(), seed);
    if (recipe.layerWeightScale() != 1f) {
      for (Map.Entry<String, Tensor> tensor : tensors.entrySet()) {
        if (tensor.getKey().startsWith("encoder.layer.") && tensor.getKey().endsWith(".weight")
            && !tensor.getKey().contains("LayerNorm")) {
          float[] values = tensor.getValue().floats();
          for (int i = 0; i < values.length; i++) {
            values[i] *= recipe.layerWeightScale();
          }
        }
      }
    }
    return tensors;
  }

  /** A random backbone with the default backbone's tokenizer, on {@code device}. */
  public static Backbone backbone(Recipe recipe, long seed, Device device) {
    return Backbones.random(recipe.encoder(), encoderTensors(recipe, seed), recipe.name() + "-" + seed, device,
        recipe.maxTokens());
  }

  /**
   * A model serving the given tenants, each with a random adapter and its exit policy.
   *
   * @param tenants tenant name to labels, in the model's tenant order
   * @param policies tenant name to exit policy description (missing: {@code fpabee(jsd,mean,0.02,1)})
   */
  public static ExitwiseModel model(Recipe recipe, long seed, Map<String, List<String>> tenants,
      Map<String, String> policies, Device device) {
    Backbone backbone = backbone(recipe, seed, device);
    EncoderConfig shape = recipe.encoder();
    List<TenantAdapter> adapters = new ArrayList<>();
    List<ModelManifest.Tenant> entries = new ArrayList<>();
    long tenantSeed = seed;
    for (Map.Entry<String, List<String>> tenant : tenants.entrySet()) {
      TenantAdapter adapter = TenantAdapter.initialize(tenant.getKey(), tenant.getValue(), shape.layerCount(),
          shape.hiddenSize(), recipe.iapt(), null, ++tenantSeed, backbone.encoder().manager());
      if (recipe.headScale() != 1f) {
        for (Map.Entry<String, NDArray> parameter : adapter.parameters().entrySet()) {
          String name = parameter.getKey();
          if (name.endsWith("head.weight") || name.endsWith("generator.up.weight")) {
            parameter.getValue().muli(recipe.headScale());
          }
        }
      }
      adapters.add(adapter);
      entries.add(new ModelManifest.Tenant(tenant.getKey(), tenant.getValue(), tenant.getKey() + ".safetensors",
          null, null, policies.getOrDefault(tenant.getKey(), "fpabee(jsd,mean,0.02,1)"), null, null));
    }
    ModelManifest manifest = new ModelManifest(1, recipe.name() + "-" + seed, backbone.id(), recipe.maxTokens(),
        recipe.iapt(), entries);
    return new ExitwiseModel(manifest, backbone, true, adapters);
  }
}
