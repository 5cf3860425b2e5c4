package dev.exitwise.streams.testing;

import dev.exitwise.model.inference.ModelManifest;
import dev.exitwise.model.publish.ModelDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Model directories in states the publish protocol never leaves them in, for the tests of what a reader refuses. */
public final class PublishedModels {
  private PublishedModels() {}

  /**
   * Copies the served version to a new version directory with the first tenant's weights cut in half, and points
   * {@code current} at it: what a writer that ignores the protocol, or a failing disk, leaves behind.
   *
   * @return the corrupt version's id
   */
  public static String corruptCopy(Path modelDir, String id) throws IOException {
    Path served = ModelDirectory.served(modelDir);
    Path corrupt = Files.createDirectories(modelDir.resolve(ModelDirectory.VERSIONS).resolve(id));
    try (var files = Files.list(served)) {
      for (Path file : files.toList()) {
        Files.copy(file, corrupt.resolve(file.getFileName()));
      }
    }
    ModelManifest manifest = ModelDirectory.servedManifest(modelDir).orElseThrow();
    Path weights = corrupt.resolve(manifest.tenants().get(0).weights());
    byte[] bytes = Files.readAllBytes(weights);
    Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Files.writeString(modelDir.resolve(ModelDirectory.CURRENT), id + "\n");
    return id;
  }

  /** The names of a served manifest's tenants. */
  public static List<String> tenants(Path modelDir) {
    return ModelDirectory.servedManifest(modelDir).orElseThrow().tenants().stream().map(ModelManifest.Tenant::name)
        .toList();
  }
}
