package dev.exitwise.bench.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.exitwise.model.encoder.Backbones;
import dev.exitwise.model.encoder.TokenBatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * ONNX Runtime running the default backbone's fp32 ONNX file (the one exitwise reads its weights from) at full
 * depth: the peer a user would pick for CPU inference. It takes our tokenizer's padded batches with their real
 * attention mask, so both engines see the same ids. It has no exit heads and no soft prompts: its time is the bare
 * encoder's, which a fine-tuned classifier in ONNX Runtime would add a negligible linear head to.
 */
public final class OrtEncoder implements AutoCloseable {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession.SessionOptions options = new OrtSession.SessionOptions();
  private final OrtSession session;

  /**
   * Loads the ONNX file from the class path.
   *
   * @param threads intra-op threads (the same count DJL gets)
   * @throws IllegalStateException when ONNX Runtime cannot load it
   */
  public OrtEncoder(int threads) {
    try (InputStream in = Backbones.openResource(Backbones.DEFAULT_ONNX_RESOURCE)) {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      session = env.createSession(in.readAllBytes(), options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + Backbones.DEFAULT_ONNX_RESOURCE, e);
    } catch (OrtException e) {
      options.close();
      throw new IllegalStateException("ONNX Runtime cannot load " + Backbones.DEFAULT_ONNX_RESOURCE, e);
    }
  }

  /** Runs the encoder over a tokenized batch; the outputs are computed when this returns and then freed. */
  public void forward(TokenBatch batch) {
    try (OnnxTensor ids = OnnxTensor.createTensor(env, batch.inputIds());
        OnnxTensor mask = OnnxTensor.createTensor(env, batch.attentionMask());
        OnnxTensor types = OnnxTensor.createTensor(env, batch.typeIds());
        OrtSession.Result result =
            session.run(Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types))) {
      // nothing to read: the time is the product
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on a batch of " + batch.size(), e);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close the ONNX Runtime session", e);
    } finally {
      options.close();
    }
  }
}
