package dev.exitwise.model.exit;

/**
 * Replays an exit policy over per-layer logits computed in advance (every layer of every row), exactly as the
 * batched inference loop would decide. Calibration evaluates a whole grid of policies this way without running
 * the encoder again.
 */
public final class ExitReplay {
  private ExitReplay() {}

  /**
   * The 1-based exit layer of each row.
   *
   * @param logits [row][layer][label] logits of every exit head; all rows have the same layer count
   * @param labelCount labels to read from each logits vector
   */
  public static int[] exitLayers(ExitPolicy policy, float[][][] logits, int labelCount) {
    int[] exits = new int[logits.length];
    for (int row = 0; row < logits.length; row++) {
      exits[row] = exitLayer(policy, logits[row], labelCount);
    }
    return exits;
  }

  /** The 1-based exit layer of one row whose logits are [layer][label]; the last layer if none exits earlier. */
  public static int exitLayer(ExitPolicy policy, float[][] rowLogits, int labelCount) {
    ExitPolicy.RowState state = policy.start();
    int layers = rowLogits.length;
    for (int layer = 1; layer <= layers; layer++) {
      if (state.offer(layer, rowLogits[layer - 1], labelCount)) {
        return layer;
      }
    }
    return layers;
  }
}
