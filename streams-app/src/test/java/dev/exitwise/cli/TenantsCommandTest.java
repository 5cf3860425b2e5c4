package dev.exitwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.model.iapt.IaptConfig;
import dev.exitwise.model.inference.ModelManifest;
import dev.exitwise.model.io.SafeTensors;
import dev.exitwise.model.io.Tensor;
import dev.exitwise.model.publish.ModelDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exitwise tenants}: init copies the committed model, list shows it, remove takes a tenant out cleanly, policy
 * shows the calibrated front and sets and clears overrides; every change is a published version.
 */
class TenantsCommandTest {
  @TempDir
  Path dir;

  private CapturedCommandLine cli = new CapturedCommandLine(Wiring.production());

  private static ModelManifest manifest(Path model) {
    return ModelDirectory.servedManifest(model).orElseThrow();
  }

  private static void weights(Path file) {
    SafeTensors.write(file, Map.of("w", Tensor.f32(new long[] {1}, new float[] {1f})), Map.of());
  }

  @Test
  void initCopiesTheCommittedModelAndListShowsItsTenants() throws IOException {
    Path model = dir.resolve("model");
    assertEquals(0, cli.execute("tenants", "init", "--model-dir", model.toString()), cli.err());
    ModelManifest manifest = manifest(model);
    assertTrue(manifest.hasTenant("emotions"), manifest.tenants().toString());
    assertTrue(ModelDirectory.servedVersion(model).isPresent(), "init publishes a version");
    for (ModelManifest.Tenant tenant : manifest.tenants()) {
      assertTrue(Files.isRegularFile(ModelDirectory.served(model).resolve(tenant.weights())), tenant.weights());
    }
    assertEquals(2, cli.execute("tenants", "init", "--model-dir", model.toString()));
    assertTrue(cli.err().contains("already holds a model"), cli.err());

    cli = new CapturedCommandLine(Wiring.production());
    assertEquals(0, cli.execute("tenants", "list", "--model-dir", model.toString()), cli.err());
    assertTrue(cli.out().lines().anyMatch(line -> line.startsWith("emotions") && line.contains("28 (admiration")),
        cli.out());
  }

  @Test
  void removeTakesOutTheEntryTheWeightsAndTheCheckpoints() throws IOException {
    Path model = dir.resolve("model");
    List<ModelManifest.Tenant> tenants = List.of(
        new ModelManifest.Tenant("a", List.of("x"), "a.safetensors", null, null, "full", null, null),
        new ModelManifest.Tenant("b", List.of("y"), "b.safetensors", null, null, "full", null, null));
    new ModelManifest(1, "v", "bge-small-en-v1.5", 128, IaptConfig.DEFAULT, tenants).write(model);
    weights(model.resolve("a.safetensors"));
    weights(model.resolve("b.safetensors"));
    Files.createDirectories(model.resolve("checkpoints/a"));
    Files.writeString(model.resolve("checkpoints/a/state.json"), "{}");

    assertEquals(0, cli.execute("tenants", "remove", "--model-dir", model.toString(), "a"), cli.err());
    assertEquals(List.of("b"), manifest(model).tenants().stream().map(ModelManifest.Tenant::name).toList());
    Path served = ModelDirectory.served(model);
    assertFalse(Files.exists(served.resolve("a.safetensors")));
    assertFalse(Files.exists(model.resolve("checkpoints/a")));
    assertTrue(Files.exists(served.resolve("b.safetensors")));

    assertEquals(2, cli.execute("tenants", "remove", "--model-dir", model.toString(), "zebra"));
    assertTrue(cli.err().contains("has no tenant 'zebra'; it has [b]"), cli.err());
  }

  @Test
  void policyShowsTheFrontAndSetsAndClearsAnOverrideAsNewVersions() {
    Path model = dir.resolve("model");
    assertEquals(0, cli.execute("tenants", "init", "--model-dir", model.toString()), cli.err());
    ModelManifest.Tenant calibrated = manifest(model).tenant("emotions");

    cli = new CapturedCommandLine(Wiring.production());
    assertEquals(0, cli.execute("tenants", "policy", "--model-dir", model.toString(), "--tenant", "emotions"),
        cli.err());
    assertTrue(cli.out().contains("served policy " + calibrated.exitPolicy()), cli.out());
    assertTrue(cli.out().lines().anyMatch(line -> line.trim().startsWith("2 ") && line.contains("fpabee(jsd,mean,")),
        "the front is numbered with policies --point accepts: " + cli.out());

    String before = ModelDirectory.servedVersion(model).orElseThrow();
    assertEquals(0, cli.execute("tenants", "policy", "--model-dir", model.toString(), "--tenant", "emotions",
        "--full", "--threshold", "joy=0.25", "--reason", "incident"), cli.err());
    assertNotEquals(before, ModelDirectory.servedVersion(model).orElseThrow(), "the override is a new version");
    ModelManifest.Tenant pinned = manifest(model).tenant("emotions");
    assertEquals("full", pinned.servedExitPolicy());
    assertEquals(calibrated.exitPolicy(), pinned.exitPolicy(), "the calibrated policy is kept under the override");
    assertEquals(Map.of("joy", 0.25f), pinned.override().thresholds());
    assertEquals("incident", pinned.override().reason());

    assertEquals(0, cli.execute("tenants", "policy", "--model-dir", model.toString(), "--tenant", "emotions",
        "--point", "2"), cli.err());
    assertTrue(manifest(model).tenant("emotions").servedExitPolicy().startsWith("fpabee(jsd,mean,"));

    assertEquals(2, cli.execute("tenants", "policy", "--model-dir", model.toString(), "--tenant", "emotions",
        "--point", "999"));
    assertTrue(cli.err().contains("--point must be 1.."), cli.err());
    assertEquals(2, cli.execute("tenants", "policy", "--model-dir", model.toString(), "--tenant", "emotions",
        "--threshold", "zebra=0.5"));
    assertTrue(cli.err().contains("has no label 'zebra'"), cli.err());
    assertEquals(2, cli.execute("tenants", "policy", "--model-dir", model.toString(), "--tenant", "emotions",
        "--threshold", "1.5"));
    assertTrue(cli.err().contains("a number in [0, 1]"), cli.err());

    assertEquals(0, cli.execute("tenants", "policy", "--model-dir", model.toString(), "--tenant", "emotions",
        "--clear"), cli.err());
    assertEquals(null, manifest(model).tenant("emotions").override());
    assertEquals(calibrated.exitPolicy(), manifest(model).tenant("emotions").servedExitPolicy());
  }
}
