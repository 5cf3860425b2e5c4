package dev.exitwise.model.encoder;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.exitwise.model.io.Tensor;
import dev.exitwise.model.runtime.DjlRuntime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The frozen weights of a {@link BertEncoder}, read from host tensors named as in a Hugging Face {@code BertModel}
 * state dict (no {@code bert.} prefix; Linear weights {@code [out, in]}; LayerNorm {@code weight}/{@code bias} or the
 * legacy {@code gamma}/{@code beta}), checked against the config and moved into a manager of their own on the
 * device. The forward passes are {@link BertEncoder}'s; this class only loads and owns.
 *
 * <p>One change of form, not of function: the query projection (weight and bias) is stored already divided by
 * sqrt(head size), the scale that attention applies to its scores. (x Wq + bq) / s = x (Wq / s) + bq / s, so the
 * scores come out of the matrix product scaled, and no layer spends a pass over its scores dividing them.
 */
final class EncoderWeights implements AutoCloseable {
  final NDManager manager;
  final NDArray wordEmbeddings; // [vocab, d]
  final NDArray positionEmbeddings; // [maxPositions, d]
  final NDArray typeEmbeddings; // [typeVocab, d]
  final NDArray embeddingNormWeight; // [d]
  final NDArray embeddingNormBias; // [d]
  final List<Layer> layers;

  /** One layer's weights; Linear weights are {@code [out, in]}. */
  record Layer(
      NDArray qkvWeight, // [3d, d]: query (divided by sqrt(head size)), key, value stacked
      NDArray qkvBias, // [3d]: the same
      NDArray kvWeight, // [2d, d]: key, value (for soft prompts), a view of qkvWeight's rows
      NDArray kvBias, // [2d]
      NDArray attentionOutWeight, // [d, d]
      NDArray attentionOutBias,
      NDArray attentionNormWeight,
      NDArray attentionNormBias,
      NDArray intermediateWeight, // [i, d]
      NDArray intermediateBias,
      NDArray outputWeight, // [d, i]
      NDArray outputBias,
      NDArray outputNormWeight,
      NDArray outputNormBias) {}

  /**
   * Reads and checks the weights.
   *
   * @throws IllegalArgumentException naming every missing tensor and every tensor of the wrong shape
   */
  static EncoderWeights load(EncoderConfig config, Map<String, Tensor> tensors, Device device) {
    return new EncoderWeights(config, tensors, device);
  }

  private EncoderWeights(EncoderConfig config, Map<String, Tensor> tensors, Device device) {
    this.manager = DjlRuntime.engine().newBaseManager(device);
    try {
      WeightSource source = new WeightSource(tensors, manager);
      int d = config.hiddenSize();
      int inter = config.intermediateSize();
      wordEmbeddings = source.take("embeddings.word_embeddings.weight", config.vocabSize(), d);
      positionEmbeddings = source.take("embeddings.position_embeddings.weight", config.maxPositions(), d);
      typeEmbeddings = source.take("embeddings.token_type_embeddings.weight", config.typeVocabSize(), d);
      embeddingNormWeight = source.takeNorm("embeddings.LayerNorm", "weight", "gamma", d);
      embeddingNormBias = source.takeNorm("embeddings.LayerNorm", "bias", "beta", d);
      float queryScale = (float) (1 / Math.sqrt(config.headSize()));
      List<Layer> built = new ArrayList<>();
      for (int l = 0; l < config.layerCount(); l++) {
        String p = "encoder.layer." + l + ".";
        NDArray qkvWeight = source.fuse(p + "attention.self.query.weight", p + "attention.self.key.weight",
            p + "attention.self.value.weight", queryScale, d, d);
        NDArray qkvBias = source.fuse(p + "attention.self.query.bias", p + "attention.self.key.bias",
            p + "attention.self.value.bias", queryScale, d);
        built.add(
            new Layer(
                qkvWeight,
                qkvBias,
                qkvWeight == null ? null : qkvWeight.get(new NDIndex("{}:", d)), // rows of key, value
                qkvBias == null ? null : qkvBias.get(new NDIndex("{}:", d)),
                source.take(p + "attention.output.dense.weight", d, d),
                source.take(p + "attention.output.dense.bias", d),
                source.takeNorm(p + "attention.output.LayerNorm", "weight", "gamma", d),
                source.takeNorm(p + "attention.output.LayerNorm", "bias", "beta", d),
                source.take(p + "intermediate.dense.weight", inter, d),
                source.take(p + "intermediate.dense.bias", inter),
                source.take(p + "output.dense.weight", d, inter),
                source.take(p + "output.dense.bias", d),
                source.takeNorm(p + "output.LayerNorm", "weight", "gamma", d),
                source.takeNorm(p + "output.LayerNorm", "bias", "beta", d)));
      }
      source.failIfIncomplete();
      layers = List.copyOf(built);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * Random host tensors, deterministic per seed: every embedding, Linear weight and Linear bias drawn from N(0,
   * 0.02²), LayerNorm gamma 1 and beta 0; HF names, Linear weights {@code [out, in]}.
   */
  static Map<String, Tensor> randomTensors(EncoderConfig config, long seed) {
    Random random = new Random(seed);
    int d = config.hiddenSize();
    int inter = config.intermediateSize();
    Map<String, Tensor> t = new LinkedHashMap<>();
    t.put("embeddings.word_embeddings.weight", normal(random, config.vocabSize(), d));
    t.put("embeddings.position_embeddings.weight", normal(random, config.maxPositions(), d));
    t.put("embeddings.token_type_embeddings.weight", normal(random, config.typeVocabSize(), d));
    putNorm(t, "embeddings.LayerNorm", d);
    for (int l = 0; l < config.layerCount(); l++) {
      String p = "encoder.layer." + l + ".";
      for (String name : List.of("query", "key", "value")) {
        t.put(p + "attention.self." + name + ".weight", normal(random, d, d));
        t.put(p + "attention.self." + name + ".bias", normal(random, d));
      }
      t.put(p + "attention.output.dense.weight", normal(random, d, d));
      t.put(p + "attention.output.dense.bias", normal(random, d));
      putNorm(t, p + "attention.output.LayerNorm", d);
      t.put(p + "intermediate.dense.weight", normal(random, inter, d));
      t.put(p + "intermediate.dense.bias", normal(random, inter));
      t.put(p + "output.dense.weight", normal(random, d, inter));
      t.put(p + "output.dense.bias", normal(random, d));
      putNorm(t, p + "output.LayerNorm", d);
    }
    return t;
  }

  /** Frees the weights. */
  @Override
  public void close() {
    manager.close();
  }

  private static Tensor normal(Random random, long... shape) {
    float[] values = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact))];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * 0.02);
    }
    return Tensor.f32(shape, values);
  }

  private static void putNorm(Map<String, Tensor> t, String prefix, int d) {
    float[] ones = new float[d];
    Arrays.fill(ones, 1f);
    t.put(prefix + ".weight", Tensor.f32(new long[] {d}, ones));
    t.put(prefix + ".bias", Tensor.f32(new long[] {d}, new float[d]));
  }

  /** Moves named host tensors into the weight manager, collecting every problem before failing. */
  private static final class WeightSource {
    private final Map<String, Tensor> tensors;
    private final NDManager manager;
    private final List<String> problems = new ArrayList<>();

    WeightSource(Map<String, Tensor> tensors, NDManager manager) {
      this.tensors = tensors;
      this.manager = manager;
    }

    NDArray take(String name, long... expectedShape) {
      Tensor tensor = tensors.get(name);
      if (tensor == null) {
        problems.add("missing " + name);
        return null;
      }
      if (!Arrays.equals(tensor.shape(), expectedShape) || tensor.dtype() != Tensor.Dtype.F32) {
        problems.add(name + " is " + tensor.describe() + ", expected F32" + Arrays.toString(expectedShape));
        return null;
      }
      return tensor.toNDArray(manager);
    }

    NDArray takeNorm(String prefix, String name, String legacyName, long size) {
      String legacy = prefix + "." + legacyName;
      return tensors.containsKey(legacy) && !tensors.containsKey(prefix + "." + name)
          ? take(legacy, size)
          : take(prefix + "." + name, size);
    }

    /**
     * Stacks the query (times {@code queryScale}), key and value tensors along the output axis: {@code [3 * rows,
     * ...]}, or null.
     */
    NDArray fuse(String query, String key, String value, float queryScale, long... expectedShape) {
      NDArray q = take(query, expectedShape);
      NDArray k = take(key, expectedShape);
      NDArray v = take(value, expectedShape);
      if (q == null || k == null || v == null) {
        return null;
      }
      NDArray scaled = q.mul(queryScale);
      NDArray fused = NDArrays.concat(new NDList(scaled, k, v), 0);
      for (NDArray part : List.of(q, scaled, k, v)) {
        part.close();
      }
      return fused;
    }

    void failIfIncomplete() {
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            "encoder weights do not match the config (" + problems.size() + " problems): "
                + String.join("; ", problems));
      }
    }
  }
}
