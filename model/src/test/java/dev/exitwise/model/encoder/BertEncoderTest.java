package dev.exitwise.model.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.exitwise.model.runtime.DjlRuntime;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Layer semantics of {@link BertEncoder}: soft prompts, autograd, batching, masks, shapes. */
class BertEncoderTest {

  private static final EncoderConfig TINY = new EncoderConfig(50, 32, 3, 4, 64, 40, 2, 1e-12f);
  private static final int PROMPTS = 4;

  private static BertEncoder encoder;

  @BeforeAll
  static void build() {
    DjlRuntime.configure(null);
    encoder = BertEncoder.random(TINY, 7, Device.cpu());
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  @Test
  void packedLayersComputeTheRealTokensOfThePaddedLayers() {
    int[] lengths = {5, 2, 7, 1};
    try (NDManager m = encoder.manager().newSubManager()) {
      long[] ids = new long[4 * 7];
      long[] mask = new long[4 * 7];
      Random random = new Random(3);
      for (int row = 0; row < lengths.length; row++) {
        for (int j = 0; j < lengths[row]; j++) {
          ids[row * 7 + j] = 1 + random.nextInt(TINY.vocabSize() - 1);
          mask[row * 7 + j] = 1;
        }
      }
      NDArray idArray = m.create(ids, new Shape(4, 7));
      NDArray types = m.zeros(new Shape(4, 7), idArray.getDataType());
      NDArray maskArray = m.create(mask, new Shape(4, 7));
      NDArray prompts = randomArray(m, 13, 4, PROMPTS, 32);
      PackedLayout.Indexes grid = PackedLayout.of(lengths).indexes(m);

      NDArray padded = encoder.embed(idArray, types);
      NDArray packed = encoder.embedPacked(idArray, types, grid);
      NDArray bias = BertEncoder.attentionBias(maskArray);
      for (int l = 0; l < TINY.layerCount(); l++) {
        NDArray promptsOrNone = l == 1 ? null : prompts;
        padded = encoder.layer(l, padded, bias, promptsOrNone);
        packed = encoder.packedLayer(l, packed, grid, promptsOrNone);
        assertEquals(new Shape(15, 32), packed.getShape());
        for (int row = 0; row < lengths.length; row++) {
          int offset = java.util.Arrays.stream(lengths, 0, row).sum();
          assertClose(padded.get(new NDIndex("{}, :{}, :", row, lengths[row])).toFloatArray(),
              packed.get(new NDIndex("{}:{}, :", offset, offset + lengths[row])).toFloatArray(), 1e-5,
              "layer " + l + ", row " + row);
        }
      }
      assertClose(BertEncoder.cls(padded).toFloatArray(), BertEncoder.packedCls(packed, grid).toFloatArray(), 1e-5,
          "[CLS] states");
      float[] unpacked = BertEncoder.unpack(packed, grid).toFloatArray();
      float[] reference = padded.toFloatArray();
      for (int row = 0; row < lengths.length; row++) { // real slots agree; padding slots repeat the row's [CLS]
        for (int j = 0; j < 7; j++) {
          int source = row * 7 + (j < lengths[row] ? j : 0);
          assertClose(java.util.Arrays.copyOfRange(reference, source * 32, source * 32 + 32),
              java.util.Arrays.copyOfRange(unpacked, (row * 7 + j) * 32, (row * 7 + j) * 32 + 32), 1e-5,
              "grid slot " + row + "," + j);
        }
      }
      assertClose(encoder.forward(idArray, types, maskArray, 3).get(new NDIndex("2, :7, :")).toFloatArray(),
          encoder.forwardPacked(idArray, types, lengths, 3).get(new NDIndex("7:14, :")).toFloatArray(), 1e-5,
          "forwardPacked");
    }
  }

  @Test
  void promptKeysAndValuesEqualRunningTheLayerOnTheConcatenationAndDiscardingPromptOutputs() {
    try (NDManager m = encoder.manager().newSubManager()) {
      long[][] mask = {{1, 1, 1, 1, 1, 1}, {1, 1, 1, 0, 0, 0}};
      NDArray maskArray = m.create(flatten(mask), new Shape(2, 6));
      NDArray hidden = randomArray(m, 11, 2, 6, 32);
      NDArray prompts = randomArray(m, 12, 2, PROMPTS, 32);
      for (int l = 0; l < TINY.layerCount(); l++) {
        NDArray viaPrefix = encoder.layer(l, hidden, BertEncoder.attentionBias(maskArray), prompts);

        // reference: the literal definition (docs/algorithms.md §2.3): X = [H ; P], mask [mask ; 1], drop P outputs
        NDArray concatenated = hidden.concat(prompts, 1);
        NDArray extendedMask = maskArray.concat(m.ones(new Shape(2, PROMPTS), maskArray.getDataType()), 1);
        NDArray full = encoder.layer(l, concatenated, BertEncoder.attentionBias(extendedMask), null);
        NDArray reference = full.get(new NDIndex(":, :6, :"));

        assertEquals(new Shape(2, 6, 32), viaPrefix.getShape());
        assertClose(reference.toFloatArray(), viaPrefix.toFloatArray(), 1e-5, "layer " + l);
      }
    }
  }

  @Test
  void promptsChangeTheOutput() {
    try (NDManager m = encoder.manager().newSubManager()) {
      NDArray hidden = randomArray(m, 21, 1, 5, 32);
      NDArray bias = BertEncoder.attentionBias(m.ones(new Shape(1, 5)));
      float[] without = encoder.layer(0, hidden, bias, null).toFloatArray();
      float[] with = encoder.layer(0, hidden, bias, randomArray(m, 22, 1, PROMPTS, 32)).toFloatArray();
      assertTrue(maxAbsDiff(without, with) > 1e-3, "prompts must take part in attention");
    }
  }

  @Test
  void nullBiasMeansEveryPositionIsVisible() {
    try (NDManager m = encoder.manager().newSubManager()) {
      NDArray hidden = randomArray(m, 23, 2, 5, 32);
      NDArray prompts = randomArray(m, 24, 2, PROMPTS, 32);
      NDArray noPadding = BertEncoder.attentionBias(m.ones(new Shape(2, 5)));
      assertClose(
          encoder.layer(1, hidden, noPadding, prompts).toFloatArray(),
          encoder.layer(1, hidden, null, prompts).toFloatArray(),
          0,
          "null bias");
    }
  }

  @Test
  void gradientReachesPromptStatesThroughFrozenLayersAndMatchesFiniteDifference() {
    try (NDManager m = encoder.manager().newSubManager()) {
      NDArray hidden = randomArray(m, 31, 2, 5, 32);
      NDArray bias = BertEncoder.attentionBias(m.create(flatten(new long[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}}),
          new Shape(2, 5)));
      NDArray prompts = randomArray(m, 32, 2, PROMPTS, 32);
      NDArray readout = randomArray(m, 33, 2, 5, 32);
      NDArray direction = randomArray(m, 34, 2, PROMPTS, 32);

      prompts.setRequiresGradient(true);
      float analytic;
      try (GradientCollector collector = DjlRuntime.engine().newGradientCollector()) {
        NDArray loss = loss(hidden, bias, prompts, readout);
        collector.backward(loss);
        analytic = prompts.getGradient().mul(direction).sum().getFloat();
      }
      assertTrue(Math.abs(analytic) > 1e-4, "gradient must reach the prompts, got " + analytic);

      NDArray frozenPrompts = prompts.stopGradient();
      float step = 1e-2f;
      float plus = loss(hidden, bias, frozenPrompts.add(direction.mul(step)), readout).getFloat();
      float minus = loss(hidden, bias, frozenPrompts.sub(direction.mul(step)), readout).getFloat();
      double numeric = (plus - minus) / (2.0 * step);
      double relative = Math.abs(numeric - analytic) / Math.max(Math.abs(numeric), 1e-6);
      assertTrue(relative < 2e-2, "analytic " + analytic + " vs finite difference " + numeric);
    }
  }

  /** Two frozen layers with prompts at both, read out through a fixed random projection. */
  private static NDArray loss(NDArray hidden, NDArray bias, NDArray prompts, NDArray readout) {
    NDArray h1 = encoder.layer(0, hidden, bias, prompts);
    NDArray h2 = encoder.layer(1, h1, bias, prompts.mul(0.5f));
    return h2.mul(readout).sum();
  }

  @Test
  void batchedRowsEqualSingleRowsOnTheRealEncoder() {
    Backbone bge = SharedBackbone.bge();
    BertEncoder real = bge.encoder();
    List<String> texts =
        List.of(
            "short",
            "a somewhat longer sentence about invoices and refunds",
            "the longest of the three rows, which forces the others to carry padding at the end of the batch");
    TokenBatch batch = bge.tokenizer().encode(texts, null);
    int d = real.config().hiddenSize();
    try (NDManager m = real.manager().newSubManager()) {
      NDArray prompts = randomArray(m, 41, texts.size(), PROMPTS, d);
      float[] batched = runWithPrompts(real, m, batch, prompts).toFloatArray();
      for (int r = 0; r < texts.size(); r++) {
        TokenBatch single = bge.tokenizer().encode(List.of(texts.get(r)), null);
        NDArray rowPrompts = prompts.get(new NDIndex("{}:{}", r, r + 1));
        float[] alone = runWithPrompts(real, m, single, rowPrompts).toFloatArray();
        int n = batch.lengths()[r];
        float[] rowOfBatch = new float[n * d];
        System.arraycopy(batched, r * batch.paddedLength() * d, rowOfBatch, 0, n * d);
        assertClose(alone, rowOfBatch, 1e-5, "row " + r);
      }
    }
  }

  private static NDArray runWithPrompts(BertEncoder real, NDManager m, TokenBatch batch, NDArray prompts) {
    NDArray bias = BertEncoder.attentionBias(batch.maskArray(m));
    NDArray hidden = real.embed(batch.idsArray(m), batch.typeIdsArray(m));
    for (int l = 0; l < real.config().layerCount(); l++) {
      hidden = real.layer(l, hidden, bias, prompts);
    }
    return hidden;
  }

  @Test
  void attentionBiasIsZeroForTokensAndLargeFiniteNegativeForPadding() {
    try (NDManager m = encoder.manager().newSubManager()) {
      NDArray bias = BertEncoder.attentionBias(m.create(new long[] {1, 1, 0}, new Shape(1, 3)));
      assertEquals(new Shape(1, 1, 1, 3), bias.getShape());
      float[] values = bias.toFloatArray();
      assertEquals(0f, values[0]);
      assertEquals(0f, values[1]);
      assertTrue(Float.isFinite(values[2]) && values[2] <= -1e8f);
    }
  }

  @Test
  void shapesAndClsAndScopedResults() {
    try (NDManager m = encoder.manager().newSubManager()) {
      NDArray ids = m.create(new long[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
      NDArray types = m.zeros(new Shape(2, 3), ids.getDataType());
      NDArray embedded = encoder.embed(ids, types);
      assertEquals(new Shape(2, 3, 32), embedded.getShape());
      assertEquals(m, embedded.getManager(), "results are attached to the caller's manager");
      NDArray cls = BertEncoder.cls(embedded);
      assertEquals(new Shape(2, 32), cls.getShape());
      assertArrayEquals(embedded.get(new NDIndex("1, 0, :")).toFloatArray(), cls.get(1).toFloatArray());
      assertThrows(IndexOutOfBoundsException.class, () -> encoder.layer(3, embedded, null, null));
      NDArray tooLong = m.zeros(new Shape(1, 41), ids.getDataType());
      assertThrows(IllegalArgumentException.class, () -> encoder.embed(tooLong, tooLong));
    }
  }

  @Test
  void randomEncodersAreDeterministicPerSeed() {
    try (BertEncoder again = BertEncoder.random(TINY, 7, Device.cpu());
        BertEncoder other = BertEncoder.random(TINY, 8, Device.cpu());
        NDManager m = encoder.manager().newSubManager()) {
      NDArray ids = m.create(new long[] {3, 9, 27}, new Shape(1, 3));
      NDArray types = m.zeros(new Shape(1, 3), ids.getDataType());
      NDArray mask = m.ones(new Shape(1, 3), ids.getDataType());
      float[] a = encoder.forward(ids, types, mask, 3).toFloatArray();
      assertArrayEquals(a, again.forward(ids, types, mask, 3).toFloatArray());
      assertTrue(maxAbsDiff(a, other.forward(ids, types, mask, 3).toFloatArray()) > 1e-3);
    }
  }

  static NDArray randomArray(NDManager m, long seed, long... shape) {
    Random random = new Random(seed);
    float[] values = new float[(int) new Shape(shape).size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return m.create(values, new Shape(shape));
  }

  static long[] flatten(long[][] rows) {
    return java.util.Arrays.stream(rows).flatMapToLong(java.util.Arrays::stream).toArray();
  }

  static double maxAbsDiff(float[] a, float[] b) {
    assertEquals(a.length, b.length);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
    double diff = maxAbsDiff(expected, actual);
    assertTrue(diff <= tolerance, what + ": max abs diff " + diff + " > " + tolerance);
  }
}
