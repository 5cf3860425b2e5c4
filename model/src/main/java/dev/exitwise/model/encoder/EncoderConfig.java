package dev.exitwise.model.encoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The shape of a BERT encoder, as in a Hugging Face {@code config.json}.
 *
 * @param vocabSize rows of the word embedding
 * @param hiddenSize width d of every hidden state
 * @param layerCount transformer layers
 * @param headCount attention heads per layer; divides {@code hiddenSize}
 * @param intermediateSize width of the feed-forward layer
 * @param maxPositions rows of the position embedding (the longest input)
 * @param typeVocabSize rows of the token-type embedding
 * @param layerNormEps the epsilon of every LayerNorm (BERT: 1e-12)
 */
public record EncoderConfig(
    int vocabSize,
    int hiddenSize,
    int layerCount,
    int headCount,
    int intermediateSize,
    int maxPositions,
    int typeVocabSize,
    float layerNormEps) {

  /** BAAI/bge-small-en-v1.5: 12 layers, hidden 384, 12 heads. */
  public static final EncoderConfig BGE_SMALL_EN_V15 =
      new EncoderConfig(30522, 384, 12, 12, 1536, 512, 2, 1e-12f);

  /** {@code model_type} values whose checkpoints have BERT's layout and load unchanged. */
  public static final Set<String> SUPPORTED_MODEL_TYPES = Set.of("bert");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Validates the sizes. */
  public EncoderConfig {
    if (vocabSize < 1 || hiddenSize < 1 || layerCount < 1 || headCount < 1 || intermediateSize < 1
        || maxPositions < 1 || typeVocabSize < 1) {
      throw new IllegalArgumentException("every encoder size must be positive: " + this);
    }
    if (hiddenSize % headCount != 0) {
      throw new IllegalArgumentException(
          "hidden size " + hiddenSize + " is not divisible by head count " + headCount);
    }
    if (!(layerNormEps > 0f)) {
      throw new IllegalArgumentException("layer norm epsilon must be positive, got " + layerNormEps);
    }
  }

  /** Width of one attention head: {@code hiddenSize / headCount}. */
  public int headSize() {
    return hiddenSize / headCount;
  }

  /**
   * Reads a Hugging Face {@code config.json} of a BERT-family encoder.
   *
   * @throws IllegalArgumentException if the model is not BERT-family ({@code model_type} not in {@link
   *     #SUPPORTED_MODEL_TYPES}), uses an activation other than exact GELU, relative position embeddings, or
   *     lacks a required size
   * @throws UncheckedIOException if the file cannot be read
   */
  public static EncoderConfig fromHuggingFaceJson(Path configJson) {
    JsonNode root;
    try {
      root = JSON.readTree(configJson.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + configJson, e);
    }
    String modelType = root.path("model_type").asText("");
    if (!SUPPORTED_MODEL_TYPES.contains(modelType)) {
      throw new IllegalArgumentException(
          configJson + ": unsupported architecture model_type='" + modelType + "' (architectures "
              + root.path("architectures") + "); exitwise loads BERT-layout encoders with model_type in "
              + SUPPORTED_MODEL_TYPES);
    }
    String activation = root.path("hidden_act").asText("gelu");
    if (!activation.equals("gelu")) {
      throw new IllegalArgumentException(
          configJson + ": hidden_act='" + activation + "' is not supported; only exact (erf) 'gelu' is");
    }
    String positions = root.path("position_embedding_type").asText("absolute");
    if (!positions.equals("absolute")) {
      throw new IllegalArgumentException(
          configJson + ": position_embedding_type='" + positions + "' is not supported; only 'absolute' is");
    }
    return new EncoderConfig(
        requiredInt(root, "vocab_size", configJson),
        requiredInt(root, "hidden_size", configJson),
        requiredInt(root, "num_hidden_layers", configJson),
        requiredInt(root, "num_attention_heads", configJson),
        requiredInt(root, "intermediate_size", configJson),
        requiredInt(root, "max_position_embeddings", configJson),
        root.path("type_vocab_size").asInt(2),
        (float) root.path("layer_norm_eps").asDouble(1e-12));
  }

  private static int requiredInt(JsonNode root, String key, Path source) {
    JsonNode value = root.get(key);
    if (value == null || !value.canConvertToInt()) {
      throw new IllegalArgumentException(source + ": missing or non-integer '" + key + "'");
    }
    return value.asInt();
  }
}
