package dev.exitwise.model.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.exitwise.model.io.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter): Adam moments with bias correction, and weight decay applied to the weights
 * directly rather than through the gradient. DJL ships an AdamW too, but keeps its moment estimates private, and
 * a resumable checkpoint needs them; this one exports and imports its state.
 */
public final class AdamW implements AutoCloseable {
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;

  private final NDManager manager;
  private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
  private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
  private final Map<String, Integer> updateCounts = new LinkedHashMap<>();

  public AdamW(NDManager parent) {
    this.manager = parent.newSubManager();
  }

  /**
   * Updates {@code weight} in place from {@code gradient}.
   *
   * @param learningRate this step's learning rate
   * @param weightDecay decoupled decay rate, 0 for none
   */
  public void update(String name, NDArray weight, NDArray gradient, float learningRate, float weightDecay) {
    NDArray m = firstMoments.computeIfAbsent(name, k -> manager.zeros(weight.getShape()));
    NDArray v = secondMoments.computeIfAbsent(name, k -> manager.zeros(weight.getShape()));
    int t = updateCounts.merge(name, 1, Integer::sum);
    // Results of an operation live in its first operand's manager: borrowing the moments into a scratch manager
    // keeps this step's temporaries from piling up in the optimiser's long-lived one.
    try (NDManager scratch = manager.newSubManager()) {
      scratch.tempAttachAll(m, v);
      m.muli(BETA1).addi(gradient.mul(1 - BETA1));
      v.muli(BETA2).addi(gradient.square().mul(1 - BETA2));
      double correction1 = 1 - Math.pow(BETA1, t);
      double correction2 = 1 - Math.pow(BETA2, t);
      NDArray step = m.div((float) correction1)
          .div(v.div((float) correction2).sqrt().add(EPSILON))
          .mul(learningRate);
      if (weightDecay > 0) {
        weight.muli(1 - learningRate * weightDecay);
      }
      weight.subi(step);
    }
  }

  /** The moments and step counts, for a checkpoint. */
  public Map<String, Tensor> state() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    firstMoments.forEach((k, m) -> out.put("m." + k, Tensor.of(m)));
    secondMoments.forEach((k, v) -> out.put("v." + k, Tensor.of(v)));
    updateCounts.forEach((k, t) -> out.put("t." + k, Tensor.i64(new long[] {1}, new long[] {t})));
    return out;
  }

  /** Restores {@link #state()}. */
  public void restore(Map<String, Tensor> state) {
    state.forEach((key, tensor) -> {
      String name = key.substring(2);
      switch (key.charAt(0)) {
        case 'm' -> firstMoments.put(name, tensor.toNDArray(manager));
        case 'v' -> secondMoments.put(name, tensor.toNDArray(manager));
        case 't' -> updateCounts.put(name, (int) tensor.longs()[0]);
        default -> throw new IllegalArgumentException("unknown optimizer state entry " + key);
      }
    });
  }

  @Override
  public void close() {
    manager.close();
  }
}
