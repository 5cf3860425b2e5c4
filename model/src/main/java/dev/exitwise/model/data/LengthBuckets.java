package dev.exitwise.model.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Groups rows of similar token length into batches, so that dynamic padding (pad each batch to its own longest
 * row) wastes little compute. Pure functions over token lengths; a batch is an {@code int[]} of row indices.
 */
public final class LengthBuckets {
  private LengthBuckets() {}

  /**
   * Training batches: random, but each made of rows of similar length.
   *
   * <ol>
   *   <li>shuffle all row indices (Fisher-Yates with {@code new Random(seed)});
   *   <li>cut the shuffled indices into chunks of {@code batchSize * chunkBatches} rows, and sort each chunk by
   *       token length (stable, so equal lengths keep their shuffled order);
   *   <li>cut each chunk into batches of {@code batchSize}; only the very last batch can be smaller;
   *   <li>shuffle the order of the batches with the same generator.
   * </ol>
   *
   * <p>Larger chunks pad less but make batches less random; 50 batches a chunk is a good default. Pass a
   * different seed each epoch (for example {@code seed + epoch}) to see new batches.
   *
   * @param tokenLengths the token count of each row, indexed by row
   * @param batchSize rows per batch, at least 1
   * @param chunkBatches batches per sorted chunk, at least 1
   * @param seed the seed of the generator
   * @return every row index exactly once, in batches
   * @throws IllegalArgumentException when {@code batchSize} or {@code chunkBatches} is below 1
   */
  public static List<int[]> shuffled(int[] tokenLengths, int batchSize, int chunkBatches, long seed) {
    requirePositive(batchSize, "batchSize");
    requirePositive(chunkBatches, "chunkBatches");
    Random random = new Random(seed);
    Integer[] order = new Integer[tokenLengths.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    shuffle(order, random);
    int chunkSize = Math.multiplyExact(batchSize, chunkBatches);
    List<int[]> batches = new ArrayList<>();
    for (int chunkStart = 0; chunkStart < order.length; chunkStart += chunkSize) {
      int chunkEnd = Math.min(order.length, chunkStart + chunkSize);
      Arrays.sort(order, chunkStart, chunkEnd, (a, b) -> Integer.compare(tokenLengths[a], tokenLengths[b]));
      cut(order, chunkStart, chunkEnd, batchSize, batches);
    }
    shuffle(batches, random);
    return batches;
  }

  /**
   * Inference batches: all rows sorted by token length (ties in row order) and cut into batches of {@code
   * batchSize}, shortest first. Callers put results back in row order by the indices.
   *
   * @throws IllegalArgumentException when {@code batchSize} is below 1
   */
  public static List<int[]> sorted(int[] tokenLengths, int batchSize) {
    requirePositive(batchSize, "batchSize");
    Integer[] order = new Integer[tokenLengths.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(tokenLengths[a], tokenLengths[b]));
    List<int[]> batches = new ArrayList<>();
    cut(order, 0, order.length, batchSize, batches);
    return batches;
  }

  /** The padded token count of a batch: its size times its longest row, what the encoder computes on. */
  public static long paddedTokens(int[] tokenLengths, int[] batch) {
    int longest = 0;
    for (int row : batch) {
      longest = Math.max(longest, tokenLengths[row]);
    }
    return (long) longest * batch.length;
  }

  private static void cut(Integer[] order, int from, int to, int batchSize, List<int[]> batches) {
    for (int start = from; start < to; start += batchSize) {
      int end = Math.min(to, start + batchSize);
      int[] batch = new int[end - start];
      for (int i = start; i < end; i++) {
        batch[i - start] = order[i];
      }
      batches.add(batch);
    }
  }

  private static <T> void shuffle(T[] items, Random random) {
    for (int i = items.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T swap = items[i];
      items[i] = items[j];
      items[j] = swap;
    }
  }

  private static <T> void shuffle(List<T> items, Random random) {
    for (int i = items.size() - 1; i > 0; i--) {
      Collections.swap(items, i, random.nextInt(i + 1));
    }
  }

  private static void requirePositive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, was " + value);
    }
  }
}
