package dev.exitwise.model.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The DJL forward pass of BGE-small against ONNX Runtime running the same ONNX file on the same ids. */
class OnnxParityTest {

  @Test
  void lastHiddenStateMatchesOnnxRuntimeOnEveryRealToken() throws Exception {
    Backbone backbone = SharedBackbone.bge();
    List<String> texts =
        List.of(
            "Hi.",
            "The quarterly report shows revenue grew by twelve percent while costs stayed flat.",
            "Streaming classifiers must answer within milliseconds, even when the encoder is deep and the"
                + " batch is mixed: short greetings, long complaints, and everything in between.",
            "Refund please");
    TokenBatch batch = backbone.tokenizer().encode(texts, null);
    int columns = batch.paddedLength();
    int hidden = backbone.encoder().config().hiddenSize();
    assertTrue(batch.lengths()[0] < columns, "the batch must hold padding");

    float[][][] ort = runOnnxRuntime(batch);
    try (NDManager manager = backbone.encoder().manager().newSubManager()) {
      NDArray out =
          backbone
              .encoder()
              .forward(
                  batch.idsArray(manager),
                  batch.typeIdsArray(manager),
                  batch.maskArray(manager),
                  backbone.encoder().config().layerCount());
      float[] djl = out.toFloatArray(); // [rows, columns, hidden]
      double maxDiff = 0;
      for (int r = 0; r < batch.size(); r++) {
        for (int t = 0; t < batch.lengths()[r]; t++) {
          for (int h = 0; h < hidden; h++) {
            maxDiff = Math.max(maxDiff, Math.abs(djl[(r * columns + t) * hidden + h] - ort[r][t][h]));
          }
        }
      }
      LoggerFactory.getLogger(OnnxParityTest.class).info("max |DJL - ORT| over real tokens = {}", maxDiff);
      assertTrue(maxDiff <= 1e-4, "max |DJL - ORT| over real tokens = " + maxDiff);
    }
  }

  private static float[][][] runOnnxRuntime(TokenBatch batch) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    byte[] model;
    try (InputStream in = Backbones.openResource(Backbones.DEFAULT_ONNX_RESOURCE)) {
      model = in.readAllBytes();
    }
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(model, options)) {
      assertEquals(
          List.of("input_ids", "attention_mask", "token_type_ids"), List.copyOf(session.getInputNames()));
      try (OnnxTensor ids = OnnxTensor.createTensor(env, batch.inputIds());
          OnnxTensor mask = OnnxTensor.createTensor(env, batch.attentionMask());
          OnnxTensor types = OnnxTensor.createTensor(env, batch.typeIds());
          OrtSession.Result result =
              session.run(Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types))) {
        return (float[][][]) result.get(0).getValue();
      }
    }
  }
}
