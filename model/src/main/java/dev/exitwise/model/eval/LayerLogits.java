package dev.exitwise.model.eval;

import dev.exitwise.model.data.Dataset;
import dev.exitwise.model.data.LengthBuckets;
import dev.exitwise.model.exit.ExitPolicy;
import dev.exitwise.model.exit.ExitReplay;
import dev.exitwise.model.exit.FullDepth;
import dev.exitwise.model.inference.ExitwiseModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every exit head's logits for every row of a data set, computed once at full depth. Exit policies are then
 * replayed over them ({@link ExitReplay}) with exactly the decisions the batched engine would make, so a whole
 * grid of policies costs one forward pass.
 *
 * @param logits [row][layer][label]
 * @param labelCount labels of the tenant
 */
public record LayerLogits(float[][][] logits, int labelCount) {

  /** Runs the model over the rows at full depth, recording every layer. */
  public static LayerLogits collect(ExitwiseModel model, String tenant, Dataset rows, int batchSize) {
    int tenantIndex = model.tenantIndex(tenant);
    int layers = model.layerCount();
    float[][][] logits = new float[rows.size()][layers][];
    int[] lengths = new int[rows.size()];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = rows.rows().get(i).text().length(); // characters: a cheap proxy to group similar lengths
    }
    ExitPolicy full = new FullDepth();
    for (int[] batch : LengthBuckets.sorted(lengths, batchSize)) {
      List<String> texts = new ArrayList<>(batch.length);
      for (int row : batch) {
        texts.add(rows.rows().get(row).text());
      }
      int[] tenants = new int[batch.length];
      Arrays.fill(tenants, tenantIndex);
      model.engine().run(texts, null, tenants, t -> full, (layer, alive, layerLogits) -> {
        for (int i = 0; i < alive.length; i++) {
          logits[batch[alive[i]]][layer - 1] = layerLogits[i];
        }
      });
    }
    return new LayerLogits(logits, model.labels(tenant).size());
  }

  public int rows() {
    return logits.length;
  }

  public int layers() {
    return logits[0].length;
  }

  /** Sigmoid scores of one layer (1-based), [row][label]. */
  public float[][] scores(int layer) {
    float[][] out = new float[logits.length][];
    for (int row = 0; row < logits.length; row++) {
      out[row] = sigmoid(logits[row][layer - 1]);
    }
    return out;
  }

  /** What a policy would do: each row's exit layer and its scores there. */
  public Replay replay(ExitPolicy policy) {
    int[] exits = ExitReplay.exitLayers(policy, logits, labelCount);
    float[][] scores = new float[logits.length][];
    for (int row = 0; row < logits.length; row++) {
      scores[row] = sigmoid(logits[row][exits[row] - 1]);
    }
    return new Replay(exits, scores);
  }

  /**
   * A replayed policy.
   *
   * @param exitLayers 1-based exit layer per row
   * @param scores [row][label] sigmoid scores at the exit
   */
  public record Replay(int[] exitLayers, float[][] scores) {}

  private float[] sigmoid(float[] z) {
    float[] out = new float[labelCount];
    for (int j = 0; j < labelCount; j++) {
      out[j] = (float) (1 / (1 + Math.exp(-z[j])));
    }
    return out;
  }
}
