package dev.exitwise.model.iapt;

import ai.djl.ndarray.NDArray;

/**
 * One layer's exit-head weights (LayerNorm then Linear on the [CLS] state), one tenant's or gathered per row.
 *
 * @param normGain [d] or [b, d]
 * @param normBias [d] or [b, d]
 * @param weight [d, C] or [b, d, C]
 * @param bias [C] or [b, C]
 */
public record HeadWeights(NDArray normGain, NDArray normBias, NDArray weight, NDArray bias) {}
