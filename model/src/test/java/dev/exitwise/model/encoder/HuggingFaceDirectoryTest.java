package dev.exitwise.model.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.exitwise.model.io.SafeTensors;
import dev.exitwise.model.io.Tensor;
import dev.exitwise.model.runtime.DjlRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny BERT written out as a Hugging Face directory, loaded through {@link Backbones#load}. */
class HuggingFaceDirectoryTest {

  private static final EncoderConfig TINY = new EncoderConfig(30522, 32, 2, 4, 64, 64, 2, 1e-12f);

  @TempDir Path dir;

  @BeforeAll
  static void offline() {
    DjlRuntime.configure(null);
  }

  @Test
  void tinyBertFromSafetensorsMatchesADoublePrecisionReference() throws IOException {
    Map<String, Tensor> weights = tinyWeights(5);
    writeDirectory(dir, "bert", weights, "bert.", Map.of("cls.predictions.bias", randomTensor(new Random(1), 4)));
    List<String> texts = List.of("tiny models check big code", "ok", "padding, truncation and a [CLS] state");

    try (Backbone backbone = Backbones.load(dir.toString(), Device.cpu(), 16);
        NDManager m = backbone.encoder().manager().newSubManager()) {
      assertEquals(TINY, backbone.encoder().config());
      assertEquals(dir.toString(), backbone.id());
      TokenBatch batch = backbone.tokenizer().encode(texts, null);
      float[] djl =
          backbone
              .encoder()
              .forward(batch.idsArray(m), batch.typeIdsArray(m), batch.maskArray(m), TINY.layerCount())
              .toFloatArray(); // [rows, columns, hidden]
      double[][][] expected =
          new ReferenceBert(TINY, weights).forward(batch.inputIds(), batch.typeIds(), batch.attentionMask());
      double maxDiff = 0;
      int d = TINY.hiddenSize();
      for (int r = 0; r < batch.size(); r++) {
        for (int t = 0; t < batch.lengths()[r]; t++) {
          for (int j = 0; j < d; j++) {
            maxDiff = Math.max(maxDiff, Math.abs(djl[(r * batch.paddedLength() + t) * d + j] - expected[r][t][j]));
          }
        }
      }
      assertTrue(maxDiff < 1e-4, "max |DJL - double reference| = " + maxDiff);
    }
  }

  @Test
  void unprefixedCheckpointsWithLegacyLayerNormNamesLoadToo() throws IOException {
    Map<String, Tensor> weights = tinyWeights(6);
    Map<String, Tensor> legacy = new LinkedHashMap<>();
    weights.forEach(
        (name, tensor) ->
            legacy.put(name.replace("LayerNorm.weight", "LayerNorm.gamma").replace("LayerNorm.bias", "LayerNorm.beta"),
                tensor));
    writeDirectory(dir, "bert", legacy, "", Map.of());
    try (Backbone fromLegacy = Backbones.load(dir.toString(), Device.cpu(), 16);
        BertEncoder direct = BertEncoder.fromTensors(TINY, weights, Device.cpu());
        NDManager m = direct.manager().newSubManager()) {
      TokenBatch batch = fromLegacy.tokenizer().encode(List.of("same weights, old names"), null);
      assertArrayEquals(
          direct.forward(batch.idsArray(m), batch.typeIdsArray(m), batch.maskArray(m), 2).toFloatArray(),
          fromLegacy.encoder().forward(batch.idsArray(m), batch.typeIdsArray(m), batch.maskArray(m), 2)
              .toFloatArray());
    }
  }

  @Test
  void unsupportedArchitectureIsRejectedByName() throws IOException {
    writeDirectory(dir, "roberta", tinyWeights(7), "", Map.of());
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> Backbones.load(dir.toString(), Device.cpu(), 16));
    assertTrue(error.getMessage().contains("unsupported architecture model_type='roberta'"), error.getMessage());
  }

  @Test
  void missingTensorIsNamed() throws IOException {
    Map<String, Tensor> weights = tinyWeights(8);
    weights.remove("encoder.layer.1.intermediate.dense.weight");
    writeDirectory(dir, "bert", weights, "bert.", Map.of());
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> Backbones.load(dir.toString(), Device.cpu(), 16));
    assertTrue(error.getMessage().contains("missing encoder.layer.1.intermediate.dense.weight"), error.getMessage());
  }

  @Test
  void wrongShapeIsNamed() {
    Map<String, Tensor> weights = tinyWeights(9);
    weights.put("embeddings.LayerNorm.bias", randomTensor(new Random(2), 31));
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> BertEncoder.fromTensors(TINY, weights, Device.cpu()));
    assertTrue(error.getMessage().contains("embeddings.LayerNorm.bias is F32[31], expected F32[32]"),
        error.getMessage());
  }

  @Test
  void missingFilesAndUnknownReferencesAreClearErrors() throws IOException {
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> Backbones.load("no-such-model", Device.cpu(), 16));
    assertTrue(unknown.getMessage().contains("neither bge-small-en-v1.5 nor a directory"), unknown.getMessage());
    Files.writeString(dir.resolve("config.json"), "{}");
    IllegalArgumentException incomplete =
        assertThrows(IllegalArgumentException.class, () -> Backbones.load(dir.toString(), Device.cpu(), 16));
    assertTrue(incomplete.getMessage().contains("lacks model.safetensors"), incomplete.getMessage());
  }

  @Test
  void randomBackbonesPairRandomWeightsWithTheBgeTokenizer() {
    try (Backbone random = Backbones.random(TINY, 4, Device.cpu(), 16);
        NDManager m = random.encoder().manager().newSubManager()) {
      assertEquals("random-4", random.id());
      TokenBatch batch = random.tokenizer().encode(List.of("random weights, real tokens"), null);
      float[] out =
          random.encoder().forward(batch.idsArray(m), batch.typeIdsArray(m), batch.maskArray(m), 2).toFloatArray();
      assertEquals(batch.paddedLength() * TINY.hiddenSize(), out.length);
    }
    EncoderConfig smallVocab = new EncoderConfig(100, 32, 2, 4, 64, 64, 2, 1e-12f);
    assertThrows(IllegalArgumentException.class, () -> Backbones.random(smallVocab, 4, Device.cpu(), 16));
  }

  @Test
  void maxLengthBeyondThePositionsIsRejected() throws IOException {
    writeDirectory(dir, "bert", tinyWeights(10), "", Map.of());
    assertThrows(IllegalArgumentException.class, () -> Backbones.load(dir.toString(), Device.cpu(), 65));
  }

  /** HF names without prefix, random values (biases and LayerNorm parameters too, so that every one matters). */
  static Map<String, Tensor> tinyWeights(long seed) {
    Random random = new Random(seed);
    Map<String, Tensor> weights = new LinkedHashMap<>();
    BertEncoder.randomTensors(TINY, seed)
        .forEach((name, tensor) -> weights.put(name, randomTensor(random, tensor.shape())));
    // LayerNorm scales near 1 keep the states well conditioned
    weights.replaceAll(
        (name, tensor) -> {
          if (!name.endsWith("LayerNorm.weight")) {
            return tensor;
          }
          float[] scale = tensor.floats().clone();
          for (int i = 0; i < scale.length; i++) {
            scale[i] = 1 + scale[i];
          }
          return Tensor.f32(tensor.shape(), scale);
        });
    return weights;
  }

  static Tensor randomTensor(Random random, long... shape) {
    float[] values = new float[Math.toIntExact(java.util.Arrays.stream(shape).reduce(1, Math::multiplyExact))];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * 0.1);
    }
    return Tensor.f32(shape, values);
  }

  static void writeDirectory(
      Path dir, String modelType, Map<String, Tensor> weights, String prefix, Map<String, Tensor> extra)
      throws IOException {
    Files.writeString(
        dir.resolve("config.json"),
        """
        {"architectures": ["BertModel"], "model_type": "%s", "vocab_size": %d, "hidden_size": %d,
         "num_hidden_layers": %d, "num_attention_heads": %d, "intermediate_size": %d,
         "max_position_embeddings": %d, "type_vocab_size": %d, "layer_norm_eps": 1e-12, "hidden_act": "gelu",
         "position_embedding_type": "absolute"}
        """
            .formatted(
                modelType, TINY.vocabSize(), TINY.hiddenSize(), TINY.layerCount(), TINY.headCount(),
                TINY.intermediateSize(), TINY.maxPositions(), TINY.typeVocabSize()));
    Map<String, Tensor> file = new LinkedHashMap<>();
    weights.forEach((name, tensor) -> file.put(prefix + name, tensor));
    file.putAll(extra);
    SafeTensors.write(dir.resolve("model.safetensors"), file, Map.of("format", "pt"));
    try (InputStream tokenizer = Backbones.openResource(Backbones.DEFAULT_TOKENIZER_RESOURCE)) {
      Files.copy(tokenizer, dir.resolve("tokenizer.json"));
    }
  }
}
