package dev.exitwise.model.iapt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;

/**
 * The forward functions of an IAPT adapter: soft prompts for a layer, and exit-head logits. The same functions
 * run in training (with dropout) and inference (without).
 */
public final class AdapterForward {
  /** Epsilon of the exit heads' LayerNorm. */
  public static final float HEAD_NORM_EPSILON = 1e-5f;

  private AdapterForward() {}

  /**
   * Generates a layer's soft prompts from the hidden states entering it (docs/algorithms.md §2.1).
   *
   * @param hidden [b, n, d] states entering the layer
   * @param attentionBias [b, 1, 1, n] additive mask (0 for tokens, very negative for padding), or null for none
   * @param dropout dropout rate on the pooled summaries, applied only when {@code training}
   * @return [b, k, d] prompts that join the layer's attention as extra keys and values
   */
  public static NDArray prompts(GeneratorWeights w, NDArray hidden, NDArray attentionBias, float dropout,
      boolean training, NDManager manager) {
    long batch = hidden.getShape().get(0);
    long tokens = hidden.getShape().get(1);
    NDArray reduced = hidden.matMul(w.down()).add(w.downBias()); // [b, n, m]
    NDArray scores = reduced.matMul(w.queries()); // [b, n, k]
    if (attentionBias != null) {
      scores = scores.add(attentionBias.reshape(batch, tokens, 1));
    }
    NDArray attention = scores.softmax(1); // over tokens: each query's weights sum to 1
    // [b, k, m]; normalised without learned parameters so the rational activation sees values inside the range
    // its coefficients were fitted on (docs/algorithms.md §2.2): unnormalised summaries drift outside it during
    // training, where the rational grows like x, and the prompts' attention scores overflow.
    NDArray pooled = standardize(attention.transpose(0, 2, 1).matMul(reduced));
    if (training && dropout > 0) {
      pooled = Dropout.dropout(pooled, dropout, true).singletonOrThrow();
    }
    NDArray activated = RationalActivation.apply(pooled, w.numerator(), w.denominator(), manager);
    return activated.matMul(w.up()).add(w.upBias()); // [b, k, d]
  }

  /** Zero mean and unit variance over the last axis (one fused layer-norm kernel, no learned parameters). */
  static NDArray standardize(NDArray x) {
    Shape width = new Shape(x.getShape().get(x.getShape().dimension() - 1));
    NDManager manager = x.getManager();
    return layerNorm(x, manager.ones(width), manager.zeros(width));
  }

  private static NDArray layerNorm(NDArray x, NDArray gain, NDArray bias) {
    Shape width = new Shape(x.getShape().get(x.getShape().dimension() - 1));
    return LayerNorm.layerNorm(x, width, gain, bias, HEAD_NORM_EPSILON).singletonOrThrow();
  }

  /**
   * Exit-head logits from the [CLS] states: LayerNorm, dropout (training only), Linear.
   *
   * @param cls [b, d]
   * @return [b, C]
   */
  public static NDArray logits(HeadWeights h, NDArray cls, float dropout, boolean training) {
    NDArray normalized = h.normGain().getShape().dimension() == 1 // one tenant: the fused kernel applies gain and bias
        ? layerNorm(cls, h.normGain(), h.normBias())
        : standardize(cls).mul(h.normGain()).add(h.normBias()); // per-row [b, d] gains and biases
    if (training && dropout > 0) {
      normalized = Dropout.dropout(normalized, dropout, true).singletonOrThrow();
    }
    return h.weight().getShape().dimension() == 2
        ? normalized.matMul(h.weight()).add(h.bias()) // [b, d] x [d, C]
        : normalized.expandDims(1).matMul(h.weight()).squeeze(1).add(h.bias()); // per row: [b, 1, d] x [b, d, C]
  }
}
