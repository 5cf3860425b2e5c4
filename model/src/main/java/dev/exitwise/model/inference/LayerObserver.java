package dev.exitwise.model.inference;

/**
 * Sees every exit head's logits as the batch runs, for calibration (which caches all layers of every row) and
 * for tests. Called once per layer for the rows still in the batch.
 */
@FunctionalInterface
public interface LayerObserver {
  /**
   * @param layer 1-based layer
   * @param rows the original batch positions of the rows still running, in the order of {@code logits}
   * @param logits [rows.length][labels] logits (padded to the batch's largest label count)
   */
  void onLayer(int layer, int[] rows, float[][] logits);
}
