package dev.exitwise.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A tokenized batch, padded to its longest row. Row i holds {@code lengths[i]} real tokens followed by padding
 * (id 0, type 0, mask 0).
 *
 * @param inputIds token ids {@code [batch][paddedLength]}
 * @param typeIds token type ids (0 for the first segment, 1 for the second of a pair) {@code [batch][paddedLength]}
 * @param attentionMask 1 for a token, 0 for padding {@code [batch][paddedLength]}
 * @param lengths real tokens per row, special tokens included
 * @param truncated whether row i was cut to the tokenizer's max length
 */
public record TokenBatch(
    long[][] inputIds, long[][] typeIds, long[][] attentionMask, int[] lengths, boolean[] truncated) {

  /** Rows in the batch. */
  public int size() {
    return inputIds.length;
  }

  /** Columns of every row: the longest row's length. */
  public int paddedLength() {
    return inputIds.length == 0 ? 0 : inputIds[0].length;
  }

  /** The ids as int64 {@code [batch, paddedLength]} on {@code manager}. */
  public NDArray idsArray(NDManager manager) {
    return toArray(manager, inputIds);
  }

  /** The token type ids as int64 {@code [batch, paddedLength]} on {@code manager}. */
  public NDArray typeIdsArray(NDManager manager) {
    return toArray(manager, typeIds);
  }

  /** The mask as int64 {@code [batch, paddedLength]} on {@code manager}. */
  public NDArray maskArray(NDManager manager) {
    return toArray(manager, attentionMask);
  }

  private NDArray toArray(NDManager manager, long[][] rows) {
    int columns = paddedLength();
    long[] flat = new long[rows.length * columns];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, flat, r * columns, columns);
    }
    return manager.create(flat, new Shape(rows.length, columns));
  }
}
