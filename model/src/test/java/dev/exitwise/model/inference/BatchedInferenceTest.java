package dev.exitwise.model.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.model.data.GoEmotions;
import dev.exitwise.model.data.Split;
import dev.exitwise.model.testing.TinyModels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The property that makes per-row exit usable in a stream: a row's answer does not depend on the batch it rides
 * in. Random real texts, random adapters, mixed tenants, batch sizes 1 to 64.
 */
class BatchedInferenceTest {
  private static ExitwiseModel model;
  private static List<String> texts;

  @BeforeAll
  static void setUp() {
    Map<String, List<String>> tenants = new LinkedHashMap<>();
    tenants.put("a", List.of("l0", "l1", "l2", "l3", "l4"));
    tenants.put("b", List.of("m0", "m1", "m2"));
    tenants.put("c", List.of("n0", "n1", "n2", "n3", "n4", "n5", "n6"));
    model = TinyModels.model(7, tenants,
        Map.of("a", "fpabee(jsd,mean,0.25,1)", "b", "static(2)", "c", "pabee(1)"));
    texts = GoEmotions.load(Split.TEST).texts().subList(0, 400);
  }

  @AfterAll
  static void tearDown() {
    model.close();
  }

  @Test
  void batchedResultsEqualOneAtATimeResults() {
    Random random = new Random(42);
    List<String> tenantNames = List.of("a", "b", "c");
    Set<Integer> exitLayersSeen = new HashSet<>();
    for (int batchSize : new int[] {1, 2, 5, 13, 32, 64}) {
      List<ClassifyRequest> batch = new ArrayList<>();
      for (int i = 0; i < batchSize; i++) {
        String text = texts.get(random.nextInt(texts.size()));
        String instruction = random.nextInt(4) == 0 ? "tag the emotions of this comment" : null;
        batch.add(new ClassifyRequest(tenantNames.get(random.nextInt(3)), text, instruction));
      }
      List<ClassifyResult> batched = model.classify(batch);
      for (int i = 0; i < batchSize; i++) {
        ClassifyResult alone = model.classify(List.of(batch.get(i))).get(0);
        ClassifyResult inBatch = batched.get(i);
        String where = "batch " + batchSize + " row " + i;
        assertEquals(alone.tenant(), inBatch.tenant(), where);
        assertEquals(alone.exitLayer(), inBatch.exitLayer(), where);
        assertEquals(alone.labels().stream().map(LabelScore::label).toList(),
            inBatch.labels().stream().map(LabelScore::label).toList(), where);
        assertEquals(alone.scores().length, inBatch.scores().length, where);
        for (int j = 0; j < alone.scores().length; j++) {
          assertEquals(alone.scores()[j], inBatch.scores()[j], 1e-4, where + " label " + j);
        }
        exitLayersSeen.add(inBatch.exitLayer());
      }
    }
    assertTrue(exitLayersSeen.size() >= 2, "rows should leave at different layers, saw " + exitLayersSeen);
  }

  @Test
  void resultsCarryExitTelemetry() {
    // tenant b leaves at layer 2 while a and c may go on: every mixed batch above compacts
    List<ClassifyResult> results = model.classify(List.of(ClassifyRequest.of("a", texts.get(0)),
        ClassifyRequest.of("c", "x ".repeat(400))));
    for (ClassifyResult result : results) {
      assertEquals(4, result.layerCount());
      assertEquals(result.exitLayer(), result.divergences().length);
      assertTrue(result.exitLayer() >= 1 && result.exitLayer() <= 4);
    }
    assertTrue(results.get(1).truncated(), "an over-long text is truncated and says so");
    assertEquals("pabee(1)", results.get(1).policy());
  }

  @Test
  void aChosenPolicyReplacesOnlyItsTenantsPolicyForThatCall() {
    List<ClassifyRequest> batch = List.of(ClassifyRequest.of("a", texts.get(1)), ClassifyRequest.of("b", texts.get(2)),
        ClassifyRequest.of("c", texts.get(3)));
    List<ClassifyResult> chosen = model.classify(batch,
        Map.of("b", dev.exitwise.model.exit.ExitPolicies.parse("static(1)"),
            "c", dev.exitwise.model.exit.ExitPolicies.parse("full")));
    List<ClassifyResult> served = model.classify(batch);

    assertEquals(List.of(served.get(0).policy(), "static(1)", "full"),
        chosen.stream().map(ClassifyResult::policy).toList());
    assertEquals(served.get(0).exitLayer(), chosen.get(0).exitLayer());
    assertEquals(1, chosen.get(1).exitLayer());
    assertEquals(4, chosen.get(2).exitLayer());
    assertEquals(2, served.get(1).exitLayer(), "the next call serves the tenant's own policy again");
  }

  @Test
  void unknownTenantIsRejectedWithItsName() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> model.classify(List.of(ClassifyRequest.of("nobody", "hi"))));
    assertTrue(e.getMessage().contains("unknown tenant 'nobody'"), e.getMessage());
  }
}
