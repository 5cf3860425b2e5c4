package dev.exitwise.cli;

import dev.exitwise.model.inference.TextClassifier;
import dev.exitwise.streams.TopologySerdes;
import dev.exitwise.streams.config.Device;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the commands load from the other modules: the model and the registry serdes. One seam, so tests (and the
 * demo) can run the real commands with other parts.
 *
 * @param models loads the classifier
 * @param serdes makes the Avro value serdes from the Kafka/registry settings
 */
public record Wiring(ModelLoader models, RegistrySerdes serdes) {

  /** Loads a classifier. */
  @FunctionalInterface
  public interface ModelLoader {
    /**
     * Loads the model.
     *
     * @param modelDir a model directory, or {@code null} for the committed default model
     * @throws RuntimeException if it cannot be loaded
     */
    TextClassifier load(Path modelDir, Device device);
  }

  /** Makes the registry serdes. */
  @FunctionalInterface
  public interface RegistrySerdes {
    /**
     * Returns a factory of configured value serdes.
     *
     * @param config every non-exitwise setting: {@code schema.registry.url}, credentials, and the rest
     */
    TopologySerdes.Factory factory(Map<String, Object> config);
  }

  /**
   * The production wiring.
   *
   * <p>Both parts come from modules being written in parallel with this one and are wired in when they land: the
   * model loader ({@code dev.exitwise.model.inference.ExitwiseModel.load(dir, device)}) and the
   * Confluent-wire-format serde ({@code dev.exitwise.registry}). Until then {@code run} fails at start-up with a
   * message saying so.
   */
  public static Wiring production() {
    return new Wiring(
        (modelDir, device) -> {
          throw new IllegalStateException("the model loader is not wired in yet "
              + "(dev.exitwise.model.inference.ExitwiseModel.load lands with the model module)");
        },
        config -> {
          throw new IllegalStateException("the schema registry serde is not wired in yet "
              + "(dev.exitwise.registry lands with the schemas module)");
        });
  }
}
