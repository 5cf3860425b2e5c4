package dev.exitwise.model.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LengthBucketsTest {
  private static final int[] LENGTHS = new Random(7).ints(1_003, 3, 128).toArray();

  @Test
  void everyRowExactlyOnceInFullBatchesExceptTheLast() {
    List<int[]> batches = LengthBuckets.shuffled(LENGTHS, 16, 50, 1L);
    int[] seen = new int[LENGTHS.length];
    int shortBatches = 0;
    for (int[] batch : batches) {
      for (int row : batch) {
        seen[row]++;
      }
      if (batch.length != 16) {
        shortBatches++;
        assertEquals(1_003 % 16, batch.length);
      }
    }
    int[] once = new int[LENGTHS.length];
    Arrays.fill(once, 1);
    assertArrayEquals(once, seen);
    assertEquals(1, shortBatches);
    assertEquals((1_003 + 15) / 16, batches.size());
  }

  @Test
  void bucketingPadsFarLessThanRandomBatches() {
    long bucketed = padded(LengthBuckets.shuffled(LENGTHS, 16, 50, 1L));
    long unsorted = padded(LengthBuckets.shuffled(LENGTHS, 16, 1, 1L));
    long real = Arrays.stream(LENGTHS).asLongStream().sum();
    // chunks of 800 rows sorted by length: padding overhead of a few percent, against about 100 % unsorted
    assertTrue(bucketed < real * 1.10, bucketed + " vs " + real);
    assertTrue(unsorted > real * 1.4, unsorted + " vs " + real);
  }

  @Test
  void sameSeedSameBatchesOtherSeedOtherBatches() {
    List<int[]> first = LengthBuckets.shuffled(LENGTHS, 16, 50, 42L);
    List<int[]> again = LengthBuckets.shuffled(LENGTHS, 16, 50, 42L);
    List<int[]> other = LengthBuckets.shuffled(LENGTHS, 16, 50, 43L);
    assertEquals(first.size(), again.size());
    for (int i = 0; i < first.size(); i++) {
      assertArrayEquals(first.get(i), again.get(i));
    }
    assertFalse(Arrays.equals(first.get(0), other.get(0)));
  }

  @Test
  void batchOrderIsShuffledNotSortedByLength() {
    List<int[]> batches = LengthBuckets.shuffled(LENGTHS, 16, 63, 5L);
    boolean ascending = true;
    for (int i = 1; i < batches.size(); i++) {
      ascending &= LENGTHS[batches.get(i)[0]] >= LENGTHS[batches.get(i - 1)[0]];
    }
    assertFalse(ascending);
  }

  @Test
  void sortedBatchesForInferenceAreShortestFirst() {
    int[] lengths = {5, 1, 5, 3, 2};
    List<int[]> batches = LengthBuckets.sorted(lengths, 2);
    assertEquals(3, batches.size());
    assertArrayEquals(new int[] {1, 4}, batches.get(0));
    assertArrayEquals(new int[] {3, 0}, batches.get(1));
    assertArrayEquals(new int[] {2}, batches.get(2));
    assertEquals(10, LengthBuckets.paddedTokens(lengths, new int[] {0, 1}));
  }

  @Test
  void emptyInputAndBadArguments() {
    assertTrue(LengthBuckets.shuffled(new int[0], 8, 50, 1L).isEmpty());
    assertTrue(LengthBuckets.sorted(new int[0], 8).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> LengthBuckets.shuffled(LENGTHS, 0, 50, 1L));
    assertThrows(IllegalArgumentException.class, () -> LengthBuckets.shuffled(LENGTHS, 8, 0, 1L));
    assertThrows(IllegalArgumentException.class, () -> LengthBuckets.sorted(LENGTHS, 0));
  }

  private static long padded(List<int[]> batches) {
    return batches.stream().mapToLong(batch -> LengthBuckets.paddedTokens(LENGTHS, batch)).sum();
  }
}
