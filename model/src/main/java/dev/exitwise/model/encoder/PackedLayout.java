package dev.exitwise.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Where a batch's real tokens sit when they are stored back to back ("packed", {@code [tokens, hidden]}) instead of
 * in a padded grid ({@code [rows, columns, hidden]}). The linear layers, layer norms and GELU of a BERT layer treat
 * every token alone, so they run on the packed tokens and skip the padding; only self-attention, which mixes the
 * tokens of a row, runs on the grid. On GoEmotions batches of 32 almost half of the grid is padding.
 *
 * <p>Row {@code r} holds {@code lengths[r]} tokens; packed token {@code offsets[r] + j} is the row's token {@code j}
 * (its [CLS] at {@code j = 0}) and sits at grid slot {@code r * columns + j}.
 */
public final class PackedLayout {
  private final int[] lengths;
  private final int columns;
  private final int[] offsets;
  private final int tokens;

  private PackedLayout(int[] lengths) {
    this.lengths = lengths.clone();
    int longest = 0;
    int total = 0;
    offsets = new int[lengths.length];
    for (int row = 0; row < lengths.length; row++) {
      if (lengths[row] < 1) {
        throw new IllegalArgumentException("row " + row + " has " + lengths[row] + " tokens; every row needs one");
      }
      offsets[row] = total;
      total += lengths[row];
      longest = Math.max(longest, lengths[row]);
    }
    this.columns = longest;
    this.tokens = total;
  }

  /** The layout of rows with these token counts, padded to the longest. */
  public static PackedLayout of(int[] lengths) {
    return new PackedLayout(lengths);
  }

  public int rows() {
    return lengths.length;
  }

  /** Columns of the grid: the longest row. */
  public int columns() {
    return columns;
  }

  /** Real tokens in all rows. */
  public int tokens() {
    return tokens;
  }

  /** Whether some row is shorter than the grid. */
  public boolean hasPadding() {
    return tokens < rows() * columns;
  }

  /** The grid slot ({@code row * columns + column}) of every packed token: int64 {@code [tokens]}. */
  public NDArray gridSlots(NDManager manager) {
    long[] slots = new long[tokens];
    for (int row = 0; row < rows(); row++) {
      for (int j = 0; j < lengths[row]; j++) {
        slots[offsets[row] + j] = (long) row * columns + j;
      }
    }
    return manager.create(slots);
  }

  /**
   * For every grid slot, the packed token that fills it: int64 {@code [rows * columns]}. A padding slot takes its
   * row's [CLS] token; the attention bias hides it as a key, and what it computes as a query is never read.
   */
  public NDArray gridSources(NDManager manager) {
    long[] sources = new long[rows() * columns];
    for (int row = 0; row < rows(); row++) {
      for (int j = 0; j < columns; j++) {
        sources[row * columns + j] = offsets[row] + (j < lengths[row] ? j : 0);
      }
    }
    return manager.create(sources);
  }

  /** The packed index of every row's [CLS] token: int64 {@code [rows]}. */
  public NDArray firstTokens(NDManager manager) {
    long[] first = new long[rows()];
    for (int row = 0; row < rows(); row++) {
      first[row] = offsets[row];
    }
    return manager.create(first);
  }

  /**
   * The additive attention bias of the grid: float {@code [rows, 1, 1, columns]}, 0 for a token and {@link
   * BertEncoder#PAD_ATTENTION_BIAS} for padding; null when there is no padding.
   */
  public NDArray attentionBias(NDManager manager) {
    if (!hasPadding()) {
      return null;
    }
    float[] bias = new float[rows() * columns];
    for (int row = 0; row < rows(); row++) {
      Arrays.fill(bias, row * columns + lengths[row], (row + 1) * columns, BertEncoder.PAD_ATTENTION_BIAS);
    }
    return manager.create(bias, new Shape(rows(), 1, 1, columns));
  }

  /** The index arrays of this layout on {@code manager}, made once and used by every layer. */
  public Indexes indexes(NDManager manager) {
    return new Indexes(this, gridSlots(manager), gridSources(manager), firstTokens(manager), attentionBias(manager));
  }

  /**
   * A layout's index arrays on a device.
   *
   * @param gridSlots {@link #gridSlots}
   * @param gridSources {@link #gridSources}
   * @param firstTokens {@link #firstTokens}
   * @param attentionBias {@link #attentionBias}, null when there is no padding
   */
  public record Indexes(
      PackedLayout layout, NDArray gridSlots, NDArray gridSources, NDArray firstTokens, NDArray attentionBias) {

    /** Moves the arrays to {@code manager}, which frees them when it closes. */
    public void attach(NDManager manager) {
      gridSlots.attach(manager);
      gridSources.attach(manager);
      firstTokens.attach(manager);
      if (attentionBias != null) {
        attentionBias.attach(manager);
      }
    }
  }

  /** The layout of some of the rows, in the order given (their grid is as wide as the longest of them). */
  public PackedLayout select(int[] rows) {
    int[] kept = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      kept[i] = lengths[rows[i]];
    }
    return new PackedLayout(kept);
  }

  /** The packed tokens of some of the rows, in the order given: int64 {@code [select(rows).tokens()]}. */
  public NDArray tokensOf(int[] rows, NDManager manager) {
    int count = 0;
    for (int row : rows) {
      count += lengths[row];
    }
    long[] picked = new long[count];
    int next = 0;
    for (int row : rows) {
      for (int j = 0; j < lengths[row]; j++) {
        picked[next++] = offsets[row] + j;
      }
    }
    return manager.create(picked);
  }
}
