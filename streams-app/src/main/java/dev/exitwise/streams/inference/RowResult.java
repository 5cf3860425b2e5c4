package dev.exitwise.streams.inference;

import dev.exitwise.model.inference.ClassifyResult;

/** The outcome of one row of a batch: classified, or failed even when classified alone. */
public sealed interface RowResult {

  /**
   * The model's answer.
   *
   * @param result what the model said
   * @param inferenceMicros wall-clock time of the forward pass this row rode in
   * @param batchSize rows in that forward pass
   */
  record Classified(ClassifyResult result, long inferenceMicros, int batchSize) implements RowResult {}

  /**
   * The model failed on this row alone.
   *
   * @param error what it threw
   */
  record Failed(RuntimeException error) implements RowResult {}
}
