package dev.exitwise.model.encoder;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import dev.exitwise.model.io.Tensor;
import dev.exitwise.model.runtime.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * A frozen BERT encoder that mirrors Hugging Face's {@code BertModel} (eval mode) operation for operation:
 * embeddings = LayerNorm(word + token type + position); each layer is post-LayerNorm self-attention with an
 * additive mask and 1/sqrt(head size) scaling, then a GELU (erf) feed-forward block. The caller drives it layer by
 * layer ({@link #embed}, {@link #layer}, {@link #cls}) so that it can exit early and inject soft prompts. Inference
 * uses the packed twins ({@link #embedPacked}, {@link #packedLayer}, {@link #packedCls}), which compute the same
 * function of the real tokens without computing on padding (see {@link PackedLayout}); training uses the padded ones.
 *
 * <p>The weights live in this encoder's own {@link NDManager} on its device and never require gradients; autograd
 * still flows through them to the hidden states and prompt states a caller passes in. Every method runs its
 * intermediates in a sub-manager of the caller's array and returns its result attached to the caller's manager
 * (the manager of {@code inputIds} / {@code hidden} / {@code mask}).
 *
 * <p>Weights are named as in a Hugging Face {@code BertModel} state dict without the {@code bert.} prefix, with
 * Linear weights in PyTorch's {@code [out, in]} layout, e.g. {@code encoder.layer.0.attention.self.query.weight}.
 *
 * <p>{@link Precision#INT8} runs each layer's four large linear layers (query-key-value, attention output,
 * feed-forward up and down) in int8 on the CPU ({@link Int8Linears}); the soft prompts' key and value projection,
 * attention, GELU and the layer norms stay float32. The int8 product has no gradient: train on a float32 encoder.
 */
public final class BertEncoder implements AutoCloseable {

  /** Added to the attention scores of padding positions: exp of it underflows to exactly 0, and it is finite. */
  public static final float PAD_ATTENTION_BIAS = -1e9f;

  private final EncoderConfig config;
  private final NDManager manager;
  private final Device device;
  private final NDArray wordEmbeddings; // [vocab, d]
  private final NDArray positionEmbeddings; // [maxPositions, d]
  private final NDArray typeEmbeddings; // [typeVocab, d]
  private final NDArray embeddingNormWeight; // [d]
  private final NDArray embeddingNormBias; // [d]
  private final List<EncoderWeights.Layer> layers;
  private final EncoderWeights weights;
  private final Int8Linears int8; // null in float32
  private final List<Projections> projections;

  /** The four large linear layers of one encoder layer, each a function of its input. */
  private record Projections(
      UnaryOperator<NDArray> qkv,
      UnaryOperator<NDArray> attentionOut,
      UnaryOperator<NDArray> intermediate,
      UnaryOperator<NDArray> output) {

    static Projections fp32(EncoderWeights.Layer w) {
      return new Projections(
          x -> Linear.linear(x, w.qkvWeight(), w.qkvBias()).singletonOrThrow(),
          x -> Linear.linear(x, w.attentionOutWeight(), w.attentionOutBias()).singletonOrThrow(),
          x -> Linear.linear(x, w.intermediateWeight(), w.intermediateBias()).singletonOrThrow(),
          x -> Linear.linear(x, w.outputWeight(), w.outputBias()).singletonOrThrow());
    }

    static Projections int8(EncoderWeights.Layer w, Int8Linears kernels) {
      Int8Linears.Packed qkv = kernels.pack(w.qkvWeight(), w.qkvBias());
      Int8Linears.Packed attentionOut = kernels.pack(w.attentionOutWeight(), w.attentionOutBias());
      Int8Linears.Packed intermediate = kernels.pack(w.intermediateWeight(), w.intermediateBias());
      Int8Linears.Packed output = kernels.pack(w.outputWeight(), w.outputBias());
      return new Projections(
          x -> kernels.apply(qkv, x),
          x -> kernels.apply(attentionOut, x),
          x -> kernels.apply(intermediate, x),
          x -> kernels.apply(output, x));
    }
  }

  private BertEncoder(EncoderConfig config, EncoderWeights weights, Device device, Precision precision) {
    this.config = config;
    this.device = device;
    this.manager = weights.manager;
    this.weights = weights;
    this.wordEmbeddings = weights.wordEmbeddings;
    this.positionEmbeddings = weights.positionEmbeddings;
    this.typeEmbeddings = weights.typeEmbeddings;
    this.embeddingNormWeight = weights.embeddingNormWeight;
    this.embeddingNormBias = weights.embeddingNormBias;
    this.layers = weights.layers;
    this.int8 = precision == Precision.INT8 ? Int8Linears.create(weights.manager) : null;
    List<Projections> built = new ArrayList<>();
    try {
      for (EncoderWeights.Layer layer : layers) {
        built.add(int8 == null ? Projections.fp32(layer) : Projections.int8(layer, int8));
      }
    } catch (RuntimeException e) {
      if (int8 != null) {
        int8.close(); // frees the weights packed so far; the caller closes the float32 weights
      }
      throw e;
    }
    this.projections = List.copyOf(built);
  }

  /**
   * Builds an encoder from host tensors named as in a Hugging Face {@code BertModel} state dict (no {@code bert.}
   * prefix; Linear weights {@code [out, in]}; LayerNorm {@code weight}/{@code bias} or the legacy
   * {@code gamma}/{@code beta}). Extra tensors (a pooler, position ids) are ignored.
   *
   * @throws IllegalArgumentException naming every missing tensor and every tensor of the wrong shape
   */
  public static BertEncoder fromTensors(EncoderConfig config, Map<String, Tensor> tensors, Device device) {
    return fromTensors(config, tensors, device, Precision.FP32);
  }

  /**
   * {@link #fromTensors(EncoderConfig, Map, Device)} with the linear layers in {@code precision}.
   *
   * @throws IllegalArgumentException as there, and for int8 on a device other than the CPU
   */
  public static BertEncoder fromTensors(
      EncoderConfig config, Map<String, Tensor> tensors, Device device, Precision precision) {
    if (precision == Precision.INT8 && !Device.Type.CPU.equals(device.getDeviceType())) {
      throw new IllegalArgumentException("int8 precision runs on the CPU only; the encoder was asked for on " + device
          + " (use fp32 there)");
    }
    EncoderWeights weights = EncoderWeights.load(config, tensors, device);
    try {
      return new BertEncoder(config, weights, device, precision);
    } catch (RuntimeException e) {
      weights.close();
      throw e;
    }
  }

  /**
   * A random-weight encoder for tests and benchmarks, deterministic per seed (host-side {@link Random}, so the
   * same on every device): every embedding, Linear weight and Linear bias drawn from N(0, 0.02²), LayerNorm
   * gamma 1 and beta 0.
   */
  public static BertEncoder random(EncoderConfig config, long seed, Device device) {
    return fromTensors(config, randomTensors(config, seed), device);
  }

  /** The host tensors behind {@link #random}: HF names, Linear weights {@code [out, in]}. */
  public static Map<String, Tensor> randomTensors(EncoderConfig config, long seed) {
    return EncoderWeights.randomTensors(config, seed);
  }

  /** The encoder's shape. */
  public EncoderConfig config() {
    return config;
  }

  /** The manager that owns the frozen weights (closed by {@link #close()}). */
  public NDManager manager() {
    return manager;
  }

  /** The arithmetic of the large linear layers. */
  public Precision precision() {
    return int8 == null ? Precision.FP32 : Precision.INT8;
  }

  /** The device the weights live on; inputs must be on it too. */
  public Device device() {
    return device;
  }

  /**
   * The embedding output: LayerNorm(word + token type + position) for positions 0..n-1.
   *
   * @param inputIds int64 {@code [batch, tokens]}
   * @param typeIds int64 {@code [batch, tokens]}
   * @return float {@code [batch, tokens, hidden]}, attached to {@code inputIds}' manager
   * @throws IllegalArgumentException if there are more tokens than position embeddings
   */
  public NDArray embed(NDArray inputIds, NDArray typeIds) {
    long tokens = inputIds.getShape().get(1);
    if (tokens > config.maxPositions()) {
      throw new IllegalArgumentException(
          "input has " + tokens + " tokens; this encoder has " + config.maxPositions() + " positions");
    }
    NDManager caller = inputIds.getManager();
    try (NDManager scope = caller.newSubManager()) {
      inputIds.tempAttach(scope);
      typeIds.tempAttach(scope);
      NDArray words = Embedding.embedding(inputIds, wordEmbeddings, SparseFormat.DENSE).singletonOrThrow();
      NDArray types = Embedding.embedding(typeIds, typeEmbeddings, SparseFormat.DENSE).singletonOrThrow();
      // HF order: (inputs_embeds + token_type_embeddings) + position_embeddings
      NDArray positions = positionEmbeddings.get(new NDIndex(":{}", tokens)); // [tokens, d]
      positions.attach(scope);
      NDArray sum = words.add(types).add(positions); // [batch, tokens, d]
      NDArray out = layerNorm(sum, embeddingNormWeight, embeddingNormBias);
      out.attach(caller);
      return out;
    }
  }

  /**
   * The additive attention bias of a padding mask.
   *
   * @param mask int64 or float {@code [batch, tokens]}, 1 for a token and 0 for padding
   * @return float {@code [batch, 1, 1, tokens]}: 0 for tokens, {@link #PAD_ATTENTION_BIAS} for padding, attached
   *     to the mask's manager
   */
  public static NDArray attentionBias(NDArray mask) {
    NDManager caller = mask.getManager();
    Shape shape = mask.getShape();
    try (NDManager scope = caller.newSubManager()) {
      mask.tempAttach(scope);
      NDArray bias =
          mask.toType(DataType.FLOAT32, true)
              .sub(1f)
              .mul(-PAD_ATTENTION_BIAS)
              .reshape(shape.get(0), 1, 1, shape.get(1));
      bias.attach(caller);
      return bias;
    }
  }

  /**
   * Runs layer {@code layerIndex} exactly as Hugging Face's {@code BertLayer} (eval): post-LN self-attention,
   * then GELU(erf) feed-forward.
   *
   * <p>Soft prompts: {@code promptStates} {@code [batch, p, hidden]} join this layer's self-attention as keys and
   * values only (K = [H Wk + bk ; P Wk + bk], V likewise, always visible); queries, the feed-forward block and the
   * LayerNorms run on the real tokens only. This equals running the layer on {@code [H ; P]} with mask
   * {@code [mask ; 1]} and discarding the prompt outputs (docs/algorithms.md §2.3).
   *
   * <p>Differentiable with respect to {@code hidden} and {@code promptStates} inside a gradient collector.
   *
   * @param layerIndex 0-based layer
   * @param hidden float {@code [batch, tokens, hidden]}
   * @param attentionBias float {@code [batch, 1, 1, tokens]} from {@link #attentionBias}, or null when no row has
   *     padding
   * @param promptStates null, or float {@code [batch, prompts, hidden]}
   * @return float {@code [batch, tokens, hidden]}, attached to {@code hidden}'s manager
   */
  public NDArray layer(int layerIndex, NDArray hidden, NDArray attentionBias, NDArray promptStates) {
    EncoderWeights.Layer w = weights(layerIndex);
    Projections p = projections.get(layerIndex);
    NDManager caller = hidden.getManager();
    try (NDManager scope = caller.newSubManager()) {
      hidden.tempAttach(scope);
      NDArray qkv = p.qkv().apply(hidden); // [batch, tokens, 3d]
      NDArray context = attention(w, qkv, attentionBias, promptStates, scope); // [batch, tokens, d]
      NDArray out = feedForward(w, p, context, hidden);
      out.attach(caller);
      return out;
    }
  }

  /**
   * {@link #layer} on packed tokens: the same function of the real tokens, computed without the padding. The
   * linear layers, layer norms and GELU run on {@code [tokens, hidden]}; only the attention scores and their
   * weighted sum run on the padded grid of {@code grid.layout()}. Inference only (it is not used in training, and
   * its gradients are not tested).
   *
   * @param packed float {@code [layout tokens, hidden]}
   * @param grid the layout's index arrays, on {@code packed}'s device
   * @param promptStates null, or float {@code [layout rows, prompts, hidden]}
   * @return float {@code [layout tokens, hidden]}, attached to {@code packed}'s manager
   */
  public NDArray packedLayer(int layerIndex, NDArray packed, PackedLayout.Indexes grid, NDArray promptStates) {
    EncoderWeights.Layer w = weights(layerIndex);
    Projections p = projections.get(layerIndex);
    PackedLayout layout = grid.layout();
    NDManager caller = packed.getManager();
    try (NDManager scope = caller.newSubManager()) {
      packed.tempAttach(scope);
      NDArray qkv = p.qkv().apply(packed); // [tokens, 3d]
      // [rows, columns, d] on the padded grid, then one row per grid slot
      NDArray context = attention(w, unpack(qkv, grid), grid.attentionBias(), promptStates, scope)
          .reshape((long) layout.rows() * layout.columns(), config.hiddenSize());
      if (layout.hasPadding()) {
        context = context.get(new NDIndex("{}", grid.gridSlots())); // [tokens, d]
      }
      NDArray out = feedForward(w, p, context, packed);
      out.attach(caller);
      return out;
    }
  }

  /**
   * The embedding output of the real tokens only, packed.
   *
   * @param inputIds int64 {@code [rows, columns]} of {@code grid.layout()}
   * @param typeIds int64 {@code [rows, columns]}
   * @return float {@code [layout tokens, hidden]}, attached to {@code inputIds}' manager
   */
  public NDArray embedPacked(NDArray inputIds, NDArray typeIds, PackedLayout.Indexes grid) {
    NDManager caller = inputIds.getManager();
    try (NDManager scope = caller.newSubManager()) {
      NDArray embedded = embed(inputIds, typeIds); // [rows, columns, d]
      embedded.attach(scope);
      NDArray packed = embedded.reshape(-1, config.hiddenSize()).get(new NDIndex("{}", grid.gridSlots()));
      packed.attach(caller);
      return packed;
    }
  }

  /**
   * The states of packed tokens on the padded grid, for code that needs a row's tokens side by side; padding slots
   * repeat the row's [CLS] state (hide them with the layout's attention bias).
   *
   * @param packed float {@code [layout tokens, hidden]}
   * @return float {@code [rows, columns, hidden]}, in {@code packed}'s manager
   */
  public static NDArray unpack(NDArray packed, PackedLayout.Indexes grid) {
    PackedLayout layout = grid.layout();
    NDArray slots = layout.hasPadding() ? packed.get(new NDIndex("{}", grid.gridSources())) : packed;
    return slots.reshape(layout.rows(), layout.columns(), packed.getShape().get(1));
  }

  /**
   * The [CLS] states of packed tokens.
   *
   * @param packed float {@code [layout tokens, hidden]}
   * @return {@code [rows, hidden]}, in {@code packed}'s manager
   */
  public static NDArray packedCls(NDArray packed, PackedLayout.Indexes grid) {
    return packed.get(new NDIndex("{}", grid.firstTokens()));
  }

  /**
   * Self-attention over the token grid, soft prompts joining as keys and values only. The query projection comes
   * scaled by 1/sqrt(head size) from {@link EncoderWeights}, so the scores need no division.
   *
   * @param qkv {@code [rows, columns, 3d]}: query, key and value projections side by side
   * @param bias {@code [rows, 1, 1, columns]} or null
   * @return the attention context {@code [rows, columns, d]}, before the output projection
   */
  private NDArray attention(EncoderWeights.Layer w, NDArray qkv, NDArray bias, NDArray promptStates, NDManager scope) {
    long batch = qkv.getShape().get(0);
    long tokens = qkv.getShape().get(1);
    int heads = config.headCount();
    int headSize = config.headSize();
    // [3, batch, heads, tokens, headSize]
    NDArray split = qkv.reshape(batch, tokens, 3, heads, headSize).transpose(2, 0, 3, 1, 4);
    NDArray query = split.get(0); // [batch, heads, tokens, headSize]
    NDArray key = split.get(1);
    NDArray value = split.get(2);
    if (bias != null) {
      bias.tempAttach(scope);
    }
    if (promptStates != null) {
      promptStates.tempAttach(scope);
      long prompts = promptStates.getShape().get(1);
      // [2, batch, heads, prompts, headSize]
      NDArray promptKv =
          Linear.linear(promptStates, w.kvWeight(), w.kvBias())
              .singletonOrThrow()
              .reshape(batch, prompts, 2, heads, headSize)
              .transpose(2, 0, 3, 1, 4);
      key = key.concat(promptKv.get(0), 2); // [batch, heads, tokens + prompts, headSize]
      value = value.concat(promptKv.get(1), 2);
      if (bias != null) {
        NDArray visible = scope.zeros(new Shape(bias.getShape().get(0), 1, 1, prompts));
        bias = bias.concat(visible, 3); // [batch, 1, 1, tokens + prompts]
      }
    }
    // [batch, heads, tokens, tokens (+ prompts)]
    NDArray scores = query.matMul(key.transpose(0, 1, 3, 2));
    if (bias != null) {
      scores = scores.add(bias);
    }
    return scores
        .softmax(-1)
        .matMul(value) // [batch, heads, tokens, headSize]
        .transpose(0, 2, 1, 3)
        .reshape(batch, tokens, (long) heads * headSize);
  }

  /** The rest of a layer after attention: output projection, residual, LayerNorm, GELU feed-forward, LayerNorm. */
  private NDArray feedForward(EncoderWeights.Layer w, Projections p, NDArray context, NDArray residual) {
    NDArray attended =
        layerNorm(p.attentionOut().apply(context).add(residual), w.attentionNormWeight(), w.attentionNormBias());
    NDArray intermediate = Activation.gelu(p.intermediate().apply(attended));
    return layerNorm(p.output().apply(intermediate).add(attended), w.outputNormWeight(), w.outputNormBias());
  }

  private EncoderWeights.Layer weights(int layerIndex) {
    if (layerIndex < 0 || layerIndex >= layers.size()) {
      throw new IndexOutOfBoundsException(
          "layer " + layerIndex + " of an encoder with " + layers.size() + " layers");
    }
    return layers.get(layerIndex);
  }

  /**
   * Embeds and runs the first {@code depth} layers without prompts: the plain encoder.
   *
   * @param inputIds int64 {@code [batch, tokens]}
   * @param typeIds int64 {@code [batch, tokens]}
   * @param mask {@code [batch, tokens]}, 1 for tokens, 0 for padding
   * @param depth how many layers to run, 1..layerCount
   * @return float {@code [batch, tokens, hidden]}, attached to {@code inputIds}' manager
   */
  public NDArray forward(NDArray inputIds, NDArray typeIds, NDArray mask, int depth) {
    checkDepth(depth);
    NDManager caller = inputIds.getManager();
    try (NDManager scope = caller.newSubManager()) {
      inputIds.tempAttach(scope);
      NDArray bias = attentionBias(mask);
      bias.attach(scope);
      NDArray hidden = runLayers(embed(inputIds, typeIds), depth, (l, states) -> layer(l, states, bias, null));
      hidden.attach(caller);
      return hidden;
    }
  }

  /**
   * {@link #forward} on packed tokens: the states of the real tokens after the first {@code depth} layers.
   *
   * @param lengths real tokens per row (the rest of each row of {@code inputIds} is padding)
   * @return float {@code [real tokens, hidden]}, row after row, attached to {@code inputIds}' manager
   */
  public NDArray forwardPacked(NDArray inputIds, NDArray typeIds, int[] lengths, int depth) {
    checkDepth(depth);
    NDManager caller = inputIds.getManager();
    try (NDManager scope = caller.newSubManager()) {
      PackedLayout.Indexes grid = PackedLayout.of(lengths).indexes(scope);
      NDArray embedded = embedPacked(inputIds, typeIds, grid);
      embedded.attach(scope);
      NDArray hidden = runLayers(embedded, depth, (l, states) -> packedLayer(l, states, grid, null));
      hidden.attach(caller);
      return hidden;
    }
  }

  private void checkDepth(int depth) {
    if (depth < 1 || depth > layers.size()) {
      throw new IllegalArgumentException("depth must be in 1.." + layers.size() + ", got " + depth);
    }
  }

  /** Runs layers 0..depth-1 over {@code embedded}, freeing each intermediate state as soon as the next exists. */
  private static NDArray runLayers(NDArray embedded, int depth, BiFunction<Integer, NDArray, NDArray> layer) {
    NDArray hidden = embedded;
    for (int l = 0; l < depth; l++) {
      NDArray next = layer.apply(l, hidden);
      hidden.close();
      hidden = next;
    }
    return hidden;
  }

  /**
   * The [CLS] state.
   *
   * @param hidden {@code [batch, tokens, hidden]}
   * @return {@code [batch, hidden]}, the states at position 0, in {@code hidden}'s manager
   */
  public static NDArray cls(NDArray hidden) {
    return hidden.get(new NDIndex(":, 0, :"));
  }

  /** Frees the weights. */
  @Override
  public void close() {
    try {
      if (int8 != null) {
        int8.close();
      }
    } finally {
      weights.close();
    }
  }

  private NDArray layerNorm(NDArray input, NDArray gamma, NDArray beta) {
    return LayerNorm.layerNorm(input, new Shape(config.hiddenSize()), gamma, beta, config.layerNormEps())
        .singletonOrThrow();
  }
}
