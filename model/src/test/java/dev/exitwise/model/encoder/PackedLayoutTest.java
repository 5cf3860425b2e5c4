package dev.exitwise.model.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.exitwise.model.runtime.DjlRuntime;
import org.junit.jupiter.api.Test;

/** The index arithmetic of {@link PackedLayout}. */
class PackedLayoutTest {

  @Test
  void indexesMapPackedTokensToGridSlotsAndBack() {
    DjlRuntime.configure(null);
    PackedLayout layout = PackedLayout.of(new int[] {3, 1, 2});
    assertEquals(3, layout.columns());
    assertEquals(6, layout.tokens());
    assertTrue(layout.hasPadding());
    try (NDManager m = DjlRuntime.engine().newBaseManager(Device.cpu())) {
      assertArrayEquals(new long[] {0, 1, 2, 3, 6, 7}, layout.gridSlots(m).toLongArray());
      // padding slots take their row's first token
      assertArrayEquals(new long[] {0, 1, 2, 3, 3, 3, 4, 5, 4}, layout.gridSources(m).toLongArray());
      assertArrayEquals(new long[] {0, 3, 4}, layout.firstTokens(m).toLongArray());
      float pad = BertEncoder.PAD_ATTENTION_BIAS;
      assertArrayEquals(new float[] {0, 0, 0, 0, pad, pad, 0, 0, pad}, layout.attentionBias(m).toFloatArray());
      assertArrayEquals(new long[] {4, 5, 3}, layout.tokensOf(new int[] {2, 1}, m).toLongArray());
    }
  }

  @Test
  void selectingRowsNarrowsTheGridToTheLongestSurvivor() {
    PackedLayout kept = PackedLayout.of(new int[] {3, 1, 2}).select(new int[] {2, 1});
    assertEquals(2, kept.rows());
    assertEquals(2, kept.columns());
    assertEquals(3, kept.tokens());
    PackedLayout single = kept.select(new int[] {0});
    assertFalse(single.hasPadding());
    try (NDManager m = DjlRuntime.engine().newBaseManager(Device.cpu())) {
      assertNull(single.attentionBias(m));
    }
  }

  @Test
  void rowsWithoutTokensAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> PackedLayout.of(new int[] {2, 0}));
  }
}
