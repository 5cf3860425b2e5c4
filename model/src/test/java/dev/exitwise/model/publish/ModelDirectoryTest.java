package dev.exitwise.model.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.model.iapt.IaptConfig;
import dev.exitwise.model.inference.ModelManifest;
import dev.exitwise.model.io.SafeTensors;
import dev.exitwise.model.io.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publish protocol: whole versions behind a pointer, refused changes leave the served version alone. */
class ModelDirectoryTest {
  @TempDir
  Path dir;

  private static ModelManifest.Tenant tenant(String name) {
    return new ModelManifest.Tenant(name, List.of("x", "y"), name + ".safetensors", null, null, "full", null, null);
  }

  private static void weights(Path file) {
    SafeTensors.write(file, Map.of("w", Tensor.f32(new long[] {2}, new float[] {1f, 2f})), Map.of());
  }

  private static ModelDirectory.Change adding(String name) {
    return (served, staging) -> {
      weights(staging.resolve(name + ".safetensors"));
      ModelManifest base = served != null ? served
          : new ModelManifest(1, "m", "bge-small-en-v1.5", 128, IaptConfig.DEFAULT, List.of());
      return base.withTenant(tenant(name));
    };
  }

  @Test
  void eachPublishIsAWholeVersionBehindThePointer() {
    ModelDirectory.Published first = ModelDirectory.publish(dir, adding("a"));
    ModelDirectory.Published second = ModelDirectory.publish(dir, adding("b"));

    assertNotEquals(first.id(), second.id());
    assertEquals(second.id(), ModelDirectory.servedVersion(dir).orElseThrow());
    assertEquals(dir.resolve("versions").resolve(second.id()), ModelDirectory.served(dir));
    ModelManifest served = ModelDirectory.servedManifest(dir).orElseThrow();
    assertEquals(List.of("a", "b"), served.tenants().stream().map(ModelManifest.Tenant::name).toList());
    assertEquals(second.id(), served.revision());
    assertEquals("m@" + second.id(), served.servedVersion());
    // the older version is untouched and still complete: a service loading it meanwhile is not disturbed
    ModelManifest older = ModelDirectory.check(first.directory());
    assertEquals(List.of("a"), older.tenants().stream().map(ModelManifest.Tenant::name).toList());
    assertTrue(Files.isRegularFile(second.directory().resolve("a.safetensors")), "a's weights are copied along");
  }

  @Test
  void aFailedOrIncompleteChangeLeavesTheServedVersionAndNoStagingBehind() throws IOException {
    ModelDirectory.Published served = ModelDirectory.publish(dir, adding("a"));

    assertThrows(IllegalStateException.class, () -> ModelDirectory.publish(dir, (manifest, staging) -> {
      throw new IllegalStateException("the writer died");
    }));
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> ModelDirectory.publish(dir, (manifest, staging) -> manifest.withTenant(tenant("ghost"))));
    assertTrue(missing.getMessage().contains("tenant 'ghost': weights file"), missing.getMessage());
    IllegalArgumentException corrupt = assertThrows(IllegalArgumentException.class,
        () -> ModelDirectory.publish(dir, (manifest, staging) -> {
          Files.writeString(staging.resolve("bad.safetensors"), "not tensors");
          return manifest.withTenant(tenant("bad"));
        }));
    assertTrue(corrupt.getMessage().contains("tenant 'bad': weights file"), corrupt.getMessage());

    assertEquals(served.id(), ModelDirectory.servedVersion(dir).orElseThrow());
    try (Stream<Path> versions = Files.list(dir.resolve("versions"))) {
      assertEquals(List.of(served.id()), versions.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void anUnpublishedDirectoryIsReadInPlaceAndMovedIntoVersionsByItsFirstPublish() throws IOException {
    Files.createDirectories(dir.resolve("backbone"));
    Path model = dir.resolve("model");
    new ModelManifest(1, "m", "../backbone", 128, IaptConfig.DEFAULT, List.of(tenant("a"))).write(model);
    weights(model.resolve("a.safetensors"));
    assertNull(ModelDirectory.current(model).id());
    assertEquals(model, ModelDirectory.served(model));

    ModelDirectory.Published published = ModelDirectory.publish(model, adding("b"));

    assertFalse(Files.exists(model.resolve(ModelManifest.FILE_NAME)), "the old layout is moved, not left stale");
    assertFalse(Files.exists(model.resolve("a.safetensors")));
    ModelManifest served = ModelDirectory.servedManifest(model).orElseThrow();
    assertEquals(List.of("a", "b"), served.tenants().stream().map(ModelManifest.Tenant::name).toList());
    assertEquals(dir.resolve("backbone").toAbsolutePath().normalize().toString(),
        Path.of(served.backboneIn(published.directory())).toAbsolutePath().normalize().toString(),
        "a relative backbone path still finds the backbone from the version directory");
  }

  @Test
  void onlyTheNewestVersionsAreKept() throws IOException {
    for (int i = 0; i < ModelDirectory.KEPT_VERSIONS + 2; i++) {
      ModelDirectory.publish(dir, adding("t" + i));
    }
    try (Stream<Path> versions = Files.list(dir.resolve("versions"))) {
      assertEquals(ModelDirectory.KEPT_VERSIONS, versions.count());
    }
    assertEquals(ModelDirectory.KEPT_VERSIONS + 2, ModelDirectory.servedManifest(dir).orElseThrow().tenants().size());
  }

  @Test
  void aMalformedPointerOrAMissingVersionIsNamed() throws IOException {
    Files.writeString(dir.resolve("current"), "../../etc\n");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelDirectory.current(dir)).getMessage()
        .contains("must hold one version id"));
    Files.writeString(dir.resolve("current"), "20260101T000000.000Z-abcd\n");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelDirectory.current(dir)).getMessage()
        .contains("is not there"));
  }
}
