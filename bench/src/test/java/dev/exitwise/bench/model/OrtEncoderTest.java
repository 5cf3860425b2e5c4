package dev.exitwise.bench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.model.encoder.Backbones;
import dev.exitwise.model.encoder.TextTokenizer;
import dev.exitwise.model.encoder.TokenBatch;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Both ONNX Runtime peers load from the class path and compute the same encoder: the int8 file's [CLS] states point
 * where the fp32 file's do, without being equal to them (it is the quantised file, not the fp32 one again).
 */
class OrtEncoderTest {
  private static final List<String> TEXTS = List.of(
      "I am so happy for you, congratulations!",
      "This is the worst service I have ever had.",
      "ok",
      "Wait, what did he mean by that? I'm confused.");

  @Test
  void theInt8FileAgreesWithTheFp32FileAtCosineNearOne() throws Exception {
    TokenBatch batch;
    try (InputStream json = Backbones.openResource(Backbones.DEFAULT_TOKENIZER_RESOURCE)) {
      batch = TextTokenizer.fromStream(json, TextTokenizer.DEFAULT_MAX_LENGTH).encode(TEXTS, null);
    }
    float[][] fp32;
    float[][] int8;
    try (OrtEncoder full = new OrtEncoder(OrtEncoder.Precision.FP32, 1);
        OrtEncoder quantised = new OrtEncoder(OrtEncoder.Precision.INT8, 1)) {
      fp32 = full.clsStates(batch);
      int8 = quantised.clsStates(batch);
    }
    assertEquals(TEXTS.size(), int8.length);
    double largestDifference = 0;
    for (int row = 0; row < TEXTS.size(); row++) {
      assertEquals(384, int8[row].length);
      double cosine = cosine(fp32[row], int8[row]);
      assertTrue(cosine > 0.98, "row " + row + ": cosine " + cosine);
      for (int j = 0; j < fp32[row].length; j++) {
        largestDifference = Math.max(largestDifference, Math.abs(fp32[row][j] - int8[row][j]));
      }
    }
    assertTrue(largestDifference > 1e-3, "the int8 file computed the fp32 states exactly: " + largestDifference);
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int j = 0; j < a.length; j++) {
      dot += a[j] * b[j];
      na += a[j] * a[j];
      nb += b[j] * b[j];
    }
    return dot / Math.sqrt(na * nb);
  }
}
