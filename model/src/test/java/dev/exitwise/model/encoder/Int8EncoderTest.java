package dev.exitwise.model.encoder;

import static dev.exitwise.model.encoder.BertEncoderTest.randomArray;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import dev.exitwise.model.runtime.DjlRuntime;
import dev.exitwise.model.runtime.Precision;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** int8 linear layers through the TorchScript module, and an int8 encoder against the float32 one. */
class Int8EncoderTest {

  @BeforeAll
  static void start() {
    DjlRuntime.configure(null);
  }

  @Test
  void int8ProductsAgreeWithFloat32WithinQuantisationError() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu());
        Int8Linears kernels = Int8Linears.create(m)) {
      NDArray weight = randomArray(m, 1, 96, 64).mul(0.05f);
      NDArray bias = randomArray(m, 2, 96);
      Int8Linears.Packed packed = kernels.pack(weight, bias);
      for (Shape inputShape : List.of(new Shape(1, 64), new Shape(17, 64), new Shape(3, 5, 64))) {
        NDArray input = randomArray(m, inputShape.size(), inputShape.getShape());
        NDArray exact = Linear.linear(input, weight, bias).singletonOrThrow();
        NDArray int8 = kernels.apply(packed, input);
        assertEquals(exact.getShape(), int8.getShape(), "shape for input " + inputShape);
        double relative = exact.sub(int8).abs().max().getFloat() / exact.abs().max().getFloat();
        assertTrue(relative < 0.03, "largest error " + relative + " of the largest output, input " + inputShape);
        assertTrue(cosine(exact.toFloatArray(), int8.toFloatArray()) > 0.999, "direction, input " + inputShape);
      }
      IllegalArgumentException wrongWidth =
          assertThrows(IllegalArgumentException.class, () -> kernels.apply(packed, m.ones(new Shape(2, 63))));
      assertTrue(wrongWidth.getMessage().contains("63 features"), wrongWidth.getMessage());
    }
  }

  @Test
  void theArchiveHoldsTheFilesTorchScriptReads() throws IOException {
    byte[] archive = TorchScriptArchive.of("Int8Linear", Int8Linears.code());
    List<String> names = new ArrayList<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        names.add(entry.getName());
        assertEquals(ZipEntry.STORED, entry.getMethod(), entry.getName());
      }
    }
    assertEquals(List.of("module/version", "module/data.pkl", "module/constants.pkl", "module/code/__torch__.py"),
        names);
    assertThrows(IllegalArgumentException.class, () -> TorchScriptArchive.of("not a name", "class X(Module): pass"));
  }

  @Test
  void anInt8EncoderKeepsTheRealEncodersClsStates() {
    Backbone bge = SharedBackbone.bge();
    BertEncoder fp32 = bge.encoder();
    List<String> texts = List.of(
        "thanks, this fixed my problem",
        "I can't believe they cancelled the show, this is awful",
        "the meeting moved to Thursday at three");
    TokenBatch batch = bge.tokenizer().encode(texts, null);
    try (BertEncoder int8 = BertEncoder.fromTensors(
            fp32.config(), Backbones.defaultTensors(), Device.cpu(), Precision.INT8);
        NDManager m = fp32.manager().newSubManager()) {
      assertEquals(Precision.INT8, int8.precision());
      int layers = fp32.config().layerCount();
      float[] exact = BertEncoder.packedCls(
          fp32.forwardPacked(batch.idsArray(m), batch.typeIdsArray(m), batch.lengths(), layers),
          PackedLayout.of(batch.lengths()).indexes(m)).toFloatArray();
      float[] quantised = BertEncoder.packedCls(
          int8.forwardPacked(batch.idsArray(m), batch.typeIdsArray(m), batch.lengths(), layers),
          PackedLayout.of(batch.lengths()).indexes(m)).toFloatArray();
      int d = fp32.config().hiddenSize();
      for (int row = 0; row < texts.size(); row++) {
        float[] a = java.util.Arrays.copyOfRange(exact, row * d, (row + 1) * d);
        float[] b = java.util.Arrays.copyOfRange(quantised, row * d, (row + 1) * d);
        double similarity = cosine(a, b);
        assertTrue(similarity > 0.98, "row " + row + ": cosine " + similarity);
        assertTrue(similarity < 1 - 1e-7, "row " + row + " did not run in int8: cosine " + similarity);
      }
    }
  }

  @Test
  void int8IsRefusedOffTheCpuBeforeAnyWeightMoves() {
    EncoderConfig tiny = new EncoderConfig(50, 32, 3, 4, 64, 40, 2, 1e-12f);
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> BertEncoder.fromTensors(tiny, BertEncoder.randomTensors(tiny, 1), Device.gpu(), Precision.INT8));
    assertTrue(refused.getMessage().contains("CPU only"), refused.getMessage());
  }

  /** The cosine of two vectors, computed by DJL in double precision. */
  private static double cosine(float[] a, float[] b) {
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      NDArray x = m.create(a).toType(ai.djl.ndarray.types.DataType.FLOAT64, false);
      NDArray y = m.create(b).toType(ai.djl.ndarray.types.DataType.FLOAT64, false);
      return x.dot(y).getDouble() / Math.sqrt(x.dot(x).getDouble() * y.dot(y).getDouble());
    }
  }
}
