package dev.exitwise.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exitwise.model.inference.ExitwiseModel;
import dev.exitwise.model.inference.ModelManifest;
import dev.exitwise.model.inference.PolicyOverride;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The front a service may move a tenant along: what calibrate records, and what older manifests give. */
class ServingFrontTest {

  @Test
  void aCalibrationRecordsItsFrontWithEachPointsDropAndSpeedup() throws IOException {
    Calibrator.Result result = calibrateSynthetic();
    Map<String, Object> record = result.record(1000, 1.0, List.of("a", "b"));
    // through JSON, as the manifest stores it
    @SuppressWarnings("unchecked")
    Map<String, Object> stored = new ObjectMapper().readValue(new ObjectMapper().writeValueAsString(record), Map.class);
    List<ServingFront.Point> front = ServingFront.of(tenant(stored, null));

    assertEquals("full", front.get(0).policy());
    assertEquals(0.0, front.get(0).macroF1DropPoints(), 1e-12);
    assertEquals(1.0, front.get(0).layerSpeedup(), 1e-12);
    assertTrue(front.size() > 1, "the synthetic exits make faster points: " + front);
    for (int i = 1; i < front.size(); i++) {
      ServingFront.Point point = front.get(i);
      assertTrue(point.layerSpeedup() > front.get(i - 1).layerSpeedup(), "ascending speed-up: " + front);
      assertEquals((result.fullDepth().macroF1() - point.macroF1()) * 100, point.macroF1DropPoints(), 1e-9);
    }
    // an older record (no servingFront key) derives the same front from its Pareto front
    stored.remove(ServingFront.RECORD_KEY);
    assertEquals(front, ServingFront.of(tenant(stored, null)));
  }

  @Test
  void theCommittedModelsTenantsHaveAFrontThroughTheirCalibratedPoint() throws IOException {
    String resource = ExitwiseModel.DEFAULT_RESOURCE + ModelManifest.FILE_NAME;
    try (InputStream in = ServingFrontTest.class.getResourceAsStream(resource)) {
      ModelManifest manifest = ModelManifest.read(in, resource);
      for (ModelManifest.Tenant tenant : manifest.tenants()) {
        List<String> policies = ServingFront.of(tenant).stream().map(ServingFront.Point::policy).toList();
        assertEquals("full", policies.get(0));
        assertTrue(policies.contains(tenant.exitPolicy()), tenant.name() + ": " + policies);
      }
    }
  }

  @Test
  void aTenantPinnedByAnOperatorHasNoFront() throws IOException {
    Map<String, Object> record = calibrateSynthetic().record(1000, 1.0, List.of("a", "b"));
    PolicyOverride pinned = new PolicyOverride("full", null, "incident", "2026-12-07T14:00:00Z");
    PolicyOverride thresholdsOnly = new PolicyOverride(null, Map.of("a", 0.4f), null, "2026-12-07T14:00:00Z");

    assertEquals(List.of(), ServingFront.of(tenant(record, pinned)));
    assertEquals(ServingFront.of(tenant(record, null)), ServingFront.of(tenant(record, thresholdsOnly)));
  }

  private static ModelManifest.Tenant tenant(Map<String, Object> calibration, PolicyOverride override) {
    return new ModelManifest.Tenant("t", List.of("a", "b"), "t.safetensors", null, null, "full", null, calibration,
        null, null, override);
  }

  /** Two labels whose later exits are better than the earlier ones, so that early exit trades quality for speed. */
  private static Calibrator.Result calibrateSynthetic() {
    int rows = 1000;
    int layers = 4;
    Random random = new Random(11);
    boolean[][] gold = new boolean[rows][2];
    float[][][] logits = new float[rows][layers][2];
    for (int row = 0; row < rows; row++) {
      for (int label = 0; label < 2; label++) {
        gold[row][label] = random.nextDouble() < 0.4;
        for (int layer = 0; layer < layers; layer++) {
          double noise = random.nextGaussian() * (2.5 - 0.5 * layer);
          logits[row][layer][label] = (float) ((gold[row][label] ? 1.5 : -1.5) + noise);
        }
      }
    }
    return Calibrator.calibrate(new LayerLogits(logits, 2), gold, 1.0, ThresholdScheme.PER_EXIT);
  }
}
