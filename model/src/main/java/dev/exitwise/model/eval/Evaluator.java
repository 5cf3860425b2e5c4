package dev.exitwise.model.eval;

import dev.exitwise.model.data.Dataset;
import dev.exitwise.model.exit.ExitPolicy;
import dev.exitwise.model.inference.ClassifyRequest;
import dev.exitwise.model.inference.ClassifyResult;
import dev.exitwise.model.inference.ExitwiseModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a tenant on a split under several exit policies, one real run each in the same process: quality
 * (micro/macro/per-label F1, subset accuracy, Hamming loss), exit depth, layer speed-up and the wall-clock
 * speed-up against the first policy measured (full depth). Rows are fed in their data set order in batches, as a
 * stream would deliver them.
 */
public final class Evaluator {
  private Evaluator() {}

  /**
   * One policy's evaluation.
   *
   * @param policy the policy description
   * @param family F-PABEE, PABEE, static or full
   * @param metrics quality against the gold labels
   * @param meanExitLayer mean 1-based exit layer
   * @param layerSpeedup layers / mean exit layer
   * @param wallSeconds wall-clock time of the run
   * @param wallSpeedup the reference policy's time divided by this one's
   * @param exitLayers per-row exit layer
   * @param predicted per-row predicted labels, {@code [rows][labels]} in the tenant's label order
   * @param batchNanos the wall time of each classify call, in order
   */
  public record PolicyEvaluation(String policy, String family, MultiLabelMetrics metrics, double meanExitLayer,
      double layerSpeedup, double wallSeconds, double wallSpeedup, int[] exitLayers, boolean[][] predicted,
      long[] batchNanos) {

    /** Rows per second of the run. */
    public double rowsPerSecond() {
      return metrics.count() / wallSeconds;
    }
  }

  /**
   * Runs each policy over the rows; the first policy is the wall-clock reference.
   *
   * @param batchSize rows per classify call
   */
  public static List<PolicyEvaluation> evaluate(ExitwiseModel model, String tenant, Dataset rows,
      List<ExitPolicy> policies, int batchSize) {
    int tenantIndex = model.tenantIndex(tenant);
    int layers = model.layerCount();
    boolean[][] gold = rows.goldMatrix();
    List<String> labels = model.labels(tenant);
    List<ClassifyRequest> requests = rows.texts().stream().map(t -> ClassifyRequest.of(tenant, t)).toList();
    warmUp(model, requests, batchSize);
    List<PolicyEvaluation> out = new ArrayList<>();
    double referenceNanos = Double.NaN;
    for (ExitPolicy policy : policies) {
      boolean[][] predicted = new boolean[requests.size()][];
      int[] exits = new int[requests.size()];
      long[] batchNanos = new long[(requests.size() + batchSize - 1) / batchSize];
      long started = System.nanoTime();
      for (int start = 0; start < requests.size(); start += batchSize) {
        long batchStarted = System.nanoTime();
        List<ClassifyResult> results = model.classify(
            requests.subList(start, Math.min(requests.size(), start + batchSize)),
            t -> policy);
        batchNanos[start / batchSize] = System.nanoTime() - batchStarted;
        for (int i = 0; i < results.size(); i++) {
          predicted[start + i] = new boolean[labels.size()];
          for (var label : results.get(i).labels()) {
            predicted[start + i][labels.indexOf(label.label())] = true;
          }
          exits[start + i] = results.get(i).exitLayer();
        }
      }
      long nanos = System.nanoTime() - started;
      if (out.isEmpty()) {
        referenceNanos = nanos;
      }
      MultiLabelMetrics metrics = MultiLabelMetrics.compute(gold, predicted);
      double mean = Speedup.meanExitLayer(exits);
      out.add(new PolicyEvaluation(policy.describe(), PolicyGrid.family(policy), metrics, mean,
          Speedup.layerSpeedup(mean, layers), nanos / 1e9, Speedup.wallSpeedup(referenceNanos, nanos), exits,
          predicted, batchNanos));
    }
    return out;
  }

  private static void warmUp(ExitwiseModel model, List<ClassifyRequest> requests, int batchSize) {
    for (int i = 0; i < 3; i++) {
      model.classify(requests.subList(0, Math.min(requests.size(), batchSize)));
    }
  }
}
