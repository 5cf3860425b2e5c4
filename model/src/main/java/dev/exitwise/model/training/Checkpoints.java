package dev.exitwise.model.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exitwise.model.iapt.TenantAdapter;
import dev.exitwise.model.io.SafeTensors;
import dev.exitwise.model.io.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * A training run's checkpoints in {@code <directory>/<tenant>/}: the current weights, the optimiser state, the
 * position in the run, and the best weights so far. Each file is written to a temporary name and moved into place,
 * so a run killed mid-write leaves the previous checkpoint intact.
 */
final class Checkpoints {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path directory;

  Checkpoints(Path root, String tenant) {
    this.directory = root.resolve(tenant);
  }

  /**
   * Where a run stands.
   *
   * @param epoch epochs completed
   * @param stepInEpoch steps completed in the current epoch
   */
  record State(int epoch, int stepInEpoch, long globalStep, double bestScore, int bestEpoch,
      List<TrainingReport.Epoch> epochs) {}

  /**
   * Deletes a tenant's checkpoints when they were made from other data, settings or model shape than {@code
   * fingerprint} describes, so that retraining a tenant on new data starts afresh instead of resuming the old run;
   * then records the fingerprint for the run about to start.
   */
  static void discardIfStale(Path root, String tenant, String fingerprint) {
    Path directory = root.resolve(tenant);
    Path file = directory.resolve("run.txt");
    try {
      if (Files.isDirectory(directory)) {
        String previous = Files.isRegularFile(file) ? Files.readString(file) : null;
        if (!fingerprint.equals(previous)) {
          org.slf4j.LoggerFactory.getLogger(Checkpoints.class).info("checkpoints in {} are from another run of tenant"
              + " '{}' (other data or settings); starting afresh", directory, tenant);
          delete(root, tenant);
        }
      }
      Files.createDirectories(directory);
      Files.writeString(file, fingerprint);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare checkpoints in " + directory, e);
    }
  }

  /** Deletes a tenant's checkpoints, if it has any. */
  static void delete(Path root, String tenant) throws IOException {
    Path directory = root.resolve(tenant);
    if (!Files.exists(directory)) {
      return;
    }
    try (var files = Files.walk(directory)) {
      for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  boolean exists() {
    return Files.isRegularFile(directory.resolve("state.json"));
  }

  void save(TenantAdapter adapter, AdamW optimizer, State state, Map<String, Tensor> best) {
    try {
      Files.createDirectories(directory);
      write("adapter.safetensors", adapter.toTensors());
      write("optimizer.safetensors", optimizer.state());
      if (best != null) {
        write("best.safetensors", best);
      }
      Path tmp = directory.resolve("state.json.tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), state);
      Files.move(tmp, directory.resolve("state.json"), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint in " + directory, e);
    }
  }

  State restore(TenantAdapter adapter, AdamW optimizer) {
    try {
      Map<String, Tensor> weights = SafeTensors.read(directory.resolve("adapter.safetensors"));
      adapter.parameters().forEach((name, parameter) -> {
        Tensor tensor = weights.get(name);
        if (tensor == null) {
          throw new IllegalStateException("checkpoint " + directory + " lacks " + name);
        }
        Trainer.overwrite(parameter, tensor.floats());
      });
      optimizer.restore(SafeTensors.read(directory.resolve("optimizer.safetensors")));
      return JSON.readValue(directory.resolve("state.json").toFile(), State.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint in " + directory, e);
    }
  }

  Map<String, Tensor> best() {
    Path file = directory.resolve("best.safetensors");
    return Files.isRegularFile(file) ? SafeTensors.read(file) : null;
  }

  private void write(String name, Map<String, Tensor> tensors) throws IOException {
    Path tmp = directory.resolve(name + ".tmp");
    SafeTensors.write(tmp, tensors, Map.of());
    Files.move(tmp, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
