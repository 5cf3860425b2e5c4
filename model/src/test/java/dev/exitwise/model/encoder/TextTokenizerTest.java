package dev.exitwise.model.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.exitwise.model.runtime.DjlRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Truncation, dynamic padding and instruction pairs with the BGE tokenizer. */
class TextTokenizerTest {

  private static final long CLS = 101;
  private static final long SEP = 102;
  private static final int MAX = 16;

  private static TextTokenizer tokenizer;

  @BeforeAll
  static void load() throws IOException {
    DjlRuntime.configure(null);
    try (InputStream in = Backbones.openResource(Backbones.DEFAULT_TOKENIZER_RESOURCE)) {
      tokenizer = TextTokenizer.fromStream(in, MAX);
    }
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  @Test
  void padsEachBatchToItsOwnLongestRow() {
    TokenBatch batch = tokenizer.encode(List.of("hello world", "hi"), null);
    assertEquals(2, batch.size());
    assertEquals(4, batch.paddedLength(), "[CLS] hello world [SEP]");
    assertArrayEquals(new int[] {4, 3}, batch.lengths());
    assertArrayEquals(new long[] {1, 1, 1, 1}, batch.attentionMask()[0]);
    assertArrayEquals(new long[] {1, 1, 1, 0}, batch.attentionMask()[1]);
    assertEquals(CLS, batch.inputIds()[1][0]);
    assertEquals(SEP, batch.inputIds()[1][2]);
    assertEquals(0, batch.inputIds()[1][3], "padding id");
    assertArrayEquals(new boolean[] {false, false}, batch.truncated());

    TokenBatch shorter = tokenizer.encode(List.of("hi"), null);
    assertEquals(3, shorter.paddedLength(), "padding is per batch, not to the max length");
  }

  @Test
  void truncatesLongTextsToMaxLengthKeepingTheClosingSeparator() {
    String longText = "word ".repeat(100);
    TokenBatch batch = tokenizer.encode(List.of(longText, "short"), null);
    assertEquals(MAX, batch.paddedLength());
    assertEquals(MAX, batch.lengths()[0]);
    assertTrue(batch.truncated()[0]);
    assertFalse(batch.truncated()[1]);
    assertEquals(CLS, batch.inputIds()[0][0]);
    assertEquals(SEP, batch.inputIds()[0][MAX - 1]);
    TokenBatch exact = tokenizer.encode(List.of("word ".repeat(MAX - 2)), null);
    assertEquals(MAX, exact.lengths()[0]);
    assertFalse(exact.truncated()[0], "a row that fits exactly is not cut");
  }

  @Test
  void instructionsAreEncodedAsTheFirstSegmentOfAPair() {
    TokenBatch batch = tokenizer.encode(List.of("hello world", "hello world"), Arrays.asList("tag it", null));
    // [CLS] tag it [SEP] hello world [SEP]
    assertEquals(7, batch.lengths()[0]);
    assertEquals(4, batch.lengths()[1]);
    assertArrayEquals(new long[] {0, 0, 0, 0, 1, 1, 1}, batch.typeIds()[0]);
    assertEquals(SEP, batch.inputIds()[0][3]);
    assertEquals(SEP, batch.inputIds()[0][6]);
    assertArrayEquals(
        Arrays.copyOfRange(batch.inputIds()[1], 1, 3), Arrays.copyOfRange(batch.inputIds()[0], 4, 6),
        "the text tokens are the same in both rows");
    assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0, 0}, batch.typeIds()[1]);
  }

  @Test
  void pairsCutTheTextBeforeTheInstruction() {
    TokenBatch batch = tokenizer.encode(List.of("word ".repeat(50)), List.of("classify this"));
    long[] row = batch.inputIds()[0];
    assertEquals(MAX, row.length);
    assertTrue(batch.truncated()[0]);
    TokenBatch instructionAlone = tokenizer.encode(List.of("classify this"), null);
    // [CLS] classify this [SEP] word ... word [SEP]
    assertArrayEquals(Arrays.copyOf(instructionAlone.inputIds()[0], 4), Arrays.copyOf(row, 4));
    assertEquals(SEP, row[MAX - 1]);
    assertEquals(1, batch.typeIds()[0][MAX - 1]);

    TokenBatch hugeInstruction = tokenizer.encode(List.of("text"), List.of("rule ".repeat(40)));
    assertEquals(MAX, hugeInstruction.lengths()[0]);
    assertTrue(hugeInstruction.truncated()[0]);
    long[] types = hugeInstruction.typeIds()[0];
    // the text goes first, entirely, then the instruction is cut: [CLS] rule ... rule [SEP] [SEP]
    assertEquals(1, types[MAX - 1]);
    assertEquals(0, types[MAX - 2]);
    assertEquals(SEP, hugeInstruction.inputIds()[0][MAX - 2]);
  }

  @Test
  void truncateDropsSecondSegmentFirst() {
    long[] ids = {CLS, 5, 6, SEP, 7, 8, 9, SEP};
    long[] types = {0, 0, 0, 0, 1, 1, 1, 1};
    long[] special = {1, 0, 0, 1, 0, 0, 0, 1};
    long[][] cut = TextTokenizer.truncate(ids, types, special, 6);
    assertArrayEquals(new long[] {CLS, 5, 6, SEP, 7, SEP}, cut[0]);
    long[][] deeper = TextTokenizer.truncate(ids, types, special, 4);
    assertArrayEquals(new long[] {CLS, 5, SEP, SEP}, deeper[0]);
    assertArrayEquals(new long[] {0, 0, 0, 1}, deeper[1]);
    assertThrows(IllegalArgumentException.class, () -> TextTokenizer.truncate(ids, types, special, 2));
  }

  @Test
  void arraysHaveTheBatchShape() {
    TokenBatch batch = tokenizer.encode(List.of("one two three", "four"), null);
    try (NDManager m = DjlRuntime.engine().newBaseManager(ai.djl.Device.cpu())) {
      assertEquals(new Shape(2, 5), batch.idsArray(m).getShape());
      assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 0, 0}, batch.maskArray(m).toLongArray());
      assertArrayEquals(new long[10], batch.typeIdsArray(m).toLongArray());
    }
  }

  @Test
  void rejectsTooSmallMaxLengthAndMismatchedInstructions() {
    assertThrows(IllegalArgumentException.class, () -> TextTokenizer.fromStream(InputStream.nullInputStream(), 3));
    assertThrows(IllegalArgumentException.class, () -> tokenizer.encode(List.of("a", "b"), List.of("x")));
  }
}
