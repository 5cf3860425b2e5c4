package dev.exitwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.model.iapt.IaptConfig;
import dev.exitwise.model.inference.ModelManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code exitwise tenants}: init copies the committed model, list shows it, remove takes a tenant out cleanly. */
class TenantsCommandTest {
  @TempDir
  Path dir;

  private CapturedCommandLine cli = new CapturedCommandLine(Wiring.production());

  private ModelManifest manifest(Path model) throws IOException {
    try (InputStream in = Files.newInputStream(model.resolve(ModelManifest.FILE_NAME))) {
      return ModelManifest.read(in, "test");
    }
  }

  @Test
  void initCopiesTheCommittedModelAndListShowsItsTenants() throws IOException {
    Path model = dir.resolve("model");
    assertEquals(0, cli.execute("tenants", "init", "--model-dir", model.toString()), cli.err());
    ModelManifest manifest = manifest(model);
    assertTrue(manifest.hasTenant("emotions"), manifest.tenants().toString());
    for (ModelManifest.Tenant tenant : manifest.tenants()) {
      assertTrue(Files.isRegularFile(model.resolve(tenant.weights())), tenant.weights());
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
    Files.writeString(model.resolve("a.safetensors"), "weights");
    Files.writeString(model.resolve("b.safetensors"), "weights");
    Files.createDirectories(model.resolve("checkpoints/a"));
    Files.writeString(model.resolve("checkpoints/a/state.json"), "{}");

    assertEquals(0, cli.execute("tenants", "remove", "--model-dir", model.toString(), "a"), cli.err());
    assertEquals(List.of("b"), manifest(model).tenants().stream().map(ModelManifest.Tenant::name).toList());
    assertFalse(Files.exists(model.resolve("a.safetensors")));
    assertFalse(Files.exists(model.resolve("checkpoints/a")));
    assertTrue(Files.exists(model.resolve("b.safetensors")));

    assertEquals(2, cli.execute("tenants", "remove", "--model-dir", model.toString(), "zebra"));
    assertTrue(cli.err().contains("has no tenant 'zebra'; it has [b]"), cli.err());
  }
}
