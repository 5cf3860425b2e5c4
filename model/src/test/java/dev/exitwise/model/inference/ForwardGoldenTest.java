package dev.exitwise.model.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.exitwise.model.data.Davidson;
import dev.exitwise.model.data.GoEmotions;
import dev.exitwise.model.data.Split;
import dev.exitwise.model.exit.FullDepth;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed default model's exit-head logits at every layer, for three batches that take every branch of the
 * forward pass (one row without padding; eight rows of one tenant with padding; eight rows mixing both tenants,
 * some with an instruction, so that every row gathers its own generator and head weights), must equal those in
 * {@code golden/forward-logits.json} to float tolerance. The file was recorded with the forward pass as it was
 * before its operators were fused (separate matrix product and bias addition in the generators, the attention
 * scale applied to the scores, prompt keys and values concatenated after the split, constants made per call), so
 * this test holds every later change of the forward pass to the function it computed then.
 *
 * <p>To record the file again (only when the function is meant to change, for example a new default model): run
 * this test with {@code -Dexitwise.golden.record=model/src/test/resources/golden/forward-logits.json}.
 */
class ForwardGoldenTest {
  private static final String RESOURCE = "/golden/forward-logits.json";
  private static final String RECORD_PROPERTY = "exitwise.golden.record";
  /**
   * Logits are O(1 to 10); float32 through twelve layers in a different operator order moves them by about 1e-5.
   * A real change of the function moves them by far more than this bound.
   */
  private static final double TOLERANCE = 2e-4;

  private static ExitwiseModel model;

  /** What was run and what came out: per batch, per layer (0-based), per row, per label. */
  record Golden(List<List<String>> texts, List<List<String>> tenants, List<List<String>> instructions,
      List<float[][][]> logits) {}

  @BeforeAll
  static void load() {
    model = ExitwiseModel.load(null, Device.cpu());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void everyLayersLogitsEqualTheRecordedOnes() throws IOException {
    Golden input = batches();
    List<float[][][]> computed = new ArrayList<>();
    for (int b = 0; b < input.texts().size(); b++) {
      computed.add(allLayers(input.texts().get(b), input.tenants().get(b), input.instructions().get(b)));
    }
    String record = System.getProperty(RECORD_PROPERTY);
    if (record != null && !record.isBlank()) {
      Golden golden = new Golden(input.texts(), input.tenants(), input.instructions(), computed);
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(Path.of(record).toFile(), golden);
      assertTrue(Files.size(Path.of(record)) > 0);
      return;
    }
    Golden golden;
    try (InputStream in = ForwardGoldenTest.class.getResourceAsStream(RESOURCE)) {
      assertNotNull(in, RESOURCE + " is missing");
      golden = new ObjectMapper().readValue(in, Golden.class);
    }
    assertEquals(golden.texts(), input.texts(), "the recorded batches are not the ones this test runs");
    assertEquals(golden.tenants(), input.tenants());
    for (int b = 0; b < computed.size(); b++) {
      float[][][] expected = golden.logits().get(b);
      float[][][] actual = computed.get(b);
      assertEquals(expected.length, actual.length, "layers of batch " + b);
      for (int layer = 0; layer < expected.length; layer++) {
        for (int row = 0; row < expected[layer].length; row++) {
          for (int label = 0; label < expected[layer][row].length; label++) {
            double difference = Math.abs(expected[layer][row][label] - actual[layer][row][label]);
            assertTrue(difference <= TOLERANCE, "batch " + b + ", layer " + (layer + 1) + ", row " + row
                + ", label " + label + ": recorded " + expected[layer][row][label] + ", now "
                + actual[layer][row][label]);
          }
        }
      }
    }
    assertEquals(golden.logits().size(), computed.size());
  }

  /** The three batches: real test texts of both tenants. */
  private static Golden batches() {
    List<String> emotions = GoEmotions.load(Split.TEST).texts();
    List<String> moderation = Davidson.load(Split.TEST).texts();
    List<List<String>> texts = new ArrayList<>();
    List<List<String>> tenants = new ArrayList<>();
    List<List<String>> instructions = new ArrayList<>();
    texts.add(List.of(emotions.get(0)));
    tenants.add(List.of(GoEmotions.TENANT));
    instructions.add(Arrays.asList((String) null));
    texts.add(emotions.subList(1, 9));
    tenants.add(Collections.nCopies(8, GoEmotions.TENANT));
    instructions.add(Arrays.asList(new String[8]));
    List<String> mixedTexts = new ArrayList<>();
    List<String> mixedTenants = new ArrayList<>();
    List<String> mixedInstructions = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      boolean even = i % 2 == 0;
      mixedTexts.add(even ? emotions.get(9 + i) : moderation.get(i));
      mixedTenants.add(even ? GoEmotions.TENANT : Davidson.TENANT);
      mixedInstructions.add(i % 3 == 0 ? "tag what this post expresses" : null);
    }
    texts.add(mixedTexts);
    tenants.add(mixedTenants);
    instructions.add(mixedInstructions);
    return new Golden(texts, tenants, instructions, List.of());
  }

  /** [layer][row][label] logits of every exit head, every row running every layer. */
  private static float[][][] allLayers(List<String> texts, List<String> tenants, List<String> instructions) {
    int[] tenantIndexes = tenants.stream().mapToInt(model::tenantIndex).toArray();
    float[][][] logits = new float[model.layerCount()][][];
    FullDepth full = new FullDepth();
    model.engine().run(texts, instructions, tenantIndexes, t -> full,
        (layer, rows, layerLogits) -> logits[layer - 1] = layerLogits);
    return logits;
  }
}
