package dev.exitwise.model.iapt;

import ai.djl.ndarray.NDArray;

/**
 * One layer's prompt-generator weights, either one tenant's (shapes in brackets) or gathered per row (a leading
 * batch axis b on each).
 *
 * @param down [d, m] or [b, d, m]
 * @param downBias [m] or [b, 1, m]
 * @param queries [m, k]: one pooling query per soft prompt, or [b, m, k]
 * @param numerator [M+1] or [b, M+1] rational numerator coefficients
 * @param denominator [N] or [b, N] rational denominator coefficients b1..bN
 * @param up [m, d] or [b, m, d]
 * @param upBias [d] or [b, 1, d]
 */
public record GeneratorWeights(
    NDArray down, NDArray downBias, NDArray queries, NDArray numerator, NDArray denominator, NDArray up,
    NDArray upBias) {}
