package dev.exitwise.model.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelManifestTest {
  private static final ModelManifest.Tenant TENANT = new ModelManifest.Tenant("t", List.of("a", "b"),
      "t.safetensors", null, null, "full", Map.of(), Map.of());

  @Test
  void thresholdsSharedByEveryLayerAreKeptOnce() {
    float[] shared = {0.3f, 0.6f};
    ModelManifest.Tenant calibrated =
        TENANT.calibrated(new float[][] {shared.clone(), shared.clone(), shared.clone()}, "static(2)", Map.of());
    assertArrayEquals(shared, calibrated.thresholds());
    assertNull(calibrated.layerThresholds());
    assertEquals("static(2)", calibrated.exitPolicy());
  }

  @Test
  void thresholdsThatDifferByLayerAreKeptPerLayer() {
    float[][] perLayer = {{0.3f, 0.6f}, {0.4f, 0.6f}};
    ModelManifest.Tenant calibrated = TENANT.calibrated(perLayer, "full", Map.of());
    assertArrayEquals(perLayer, calibrated.layerThresholds());
    assertArrayEquals(perLayer[1], calibrated.thresholds());
  }

  @Test
  void uninformativeLabelsAreReadFromTheCalibrationRecord() {
    assertEquals(List.of(), TENANT.uninformativeLabels(), "no calibration record, nothing flagged");
    ModelManifest.Tenant calibrated = TENANT.calibrated(new float[][] {{0.3f, 0.6f}}, "full",
        Map.of(ModelManifest.UNINFORMATIVE_LABELS, List.of("b")));
    assertEquals(List.of("b"), calibrated.uninformativeLabels());
  }

  /** The committed model says which of its tenants' labels are no better than always predicting them. */
  @Test
  void theCommittedManifestFlagsNoLabelOfItsTenants() throws Exception {
    String resource = "/exitwise-default-model/" + ModelManifest.FILE_NAME;
    try (InputStream in = ModelManifestTest.class.getResourceAsStream(resource)) {
      ModelManifest manifest = ModelManifest.read(in, resource);
      for (ModelManifest.Tenant tenant : manifest.tenants()) {
        assertEquals(List.of(), tenant.uninformativeLabels(), tenant.name());
      }
    }
  }

  /** An override and a revision survive a write and a read; what is derived from them is not written. */
  @Test
  void overridesAndRevisionsAreWrittenAndReadBackWithoutDerivedValues(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    ModelManifest manifest = new ModelManifest(1, "m", "bge-small-en-v1.5", 128, dev.exitwise.model.iapt.IaptConfig
        .DEFAULT, List.of(TENANT.overridden(new PolicyOverride("static(2)", Map.of("a", 0.7f), "why", "now"))))
        .withRevision("000003-x");
    manifest.write(dir);
    String json = java.nio.file.Files.readString(dir.resolve(ModelManifest.FILE_NAME));
    assertTrue(!json.contains("servedVersion") && !json.contains("servedExitPolicy"), json);
    try (InputStream in = java.nio.file.Files.newInputStream(dir.resolve(ModelManifest.FILE_NAME))) {
      ModelManifest read = ModelManifest.read(in, "test");
      assertEquals("m@000003-x", read.servedVersion());
      assertEquals("static(2)", read.tenant("t").servedExitPolicy());
      assertEquals("full", read.tenant("t").exitPolicy(), "the calibrated policy stays under the override");
      assertEquals(Map.of("a", 0.7f), read.tenant("t").override().thresholds());
    }
  }
}
