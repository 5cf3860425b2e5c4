package dev.exitwise.model.inference;

/**
 * The rows of a working batch that go on to the next layer (docs/algorithms.md §1.5): their positions in the
 * working tensors, which compaction gathers, and their original row numbers in the caller's batch.
 *
 * @param positions positions in the working batch, ascending
 * @param rows the original row numbers of the same rows
 */
record Survivors(int[] positions, int[] rows) {

  /**
   * The rows that did not exit.
   *
   * @param alive the original row number of each position in the working batch
   * @param exited per position, whether the row left at this layer
   */
  static Survivors of(int[] alive, boolean[] exited) {
    if (alive.length != exited.length) {
      throw new IllegalArgumentException(alive.length + " rows, " + exited.length + " exit decisions");
    }
    int count = 0;
    for (boolean left : exited) {
      count += left ? 0 : 1;
    }
    int[] positions = new int[count];
    int[] rows = new int[count];
    int next = 0;
    for (int i = 0; i < alive.length; i++) {
      if (!exited[i]) {
        positions[next] = i;
        rows[next++] = alive[i];
      }
    }
    return new Survivors(positions, rows);
  }

  /** How many rows go on. */
  int count() {
    return rows.length;
  }

  /** Whether every row of a working batch of {@code size} rows goes on, so nothing needs compacting. */
  boolean all(int size) {
    return rows.length == size;
  }

  /** {@link #positions()} as longs, for an index array. */
  long[] positionsAsLongs() {
    long[] out = new long[positions.length];
    for (int i = 0; i < positions.length; i++) {
      out[i] = positions[i];
    }
    return out;
  }
}
