package dev.exitwise.model.training;

import java.util.List;

/**
 * What a training run did.
 *
 * @param tenant the tenant trained
 * @param trainRows rows trained on
 * @param devRows rows selected on
 * @param epochs per-epoch losses and dev scores
 * @param bestEpoch the epoch whose weights were kept (1-based)
 * @param bestDevMacroF1 its dev macro-F1 (last exit, per-label thresholds tuned on dev)
 * @param seconds wall-clock time of the run (this session's part, when resumed)
 */
public record TrainingReport(String tenant, int trainRows, int devRows, List<Epoch> epochs, int bestEpoch,
    double bestDevMacroF1, double seconds) {

  /**
   * One epoch.
   *
   * @param epoch 1-based
   * @param trainLoss mean layer-weighted training loss
   * @param devLoss layer-weighted dev loss
   * @param devMacroF1 last exit, tuned thresholds
   * @param devMicroF1 last exit, tuned thresholds
   */
  public record Epoch(int epoch, double trainLoss, double devLoss, double devMacroF1, double devMicroF1) {}
}
