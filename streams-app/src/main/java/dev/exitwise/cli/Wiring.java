package dev.exitwise.cli;

import dev.exitwise.model.inference.ExitwiseModel;
import dev.exitwise.model.inference.TextClassifier;
import dev.exitwise.model.runtime.DjlRuntime;
import dev.exitwise.registry.ExitwiseSerdes;
import dev.exitwise.streams.TopologySerdes;
import dev.exitwise.streams.config.ServiceSettings;
import dev.exitwise.model.runtime.ExecutionChoice;
import java.nio.file.Path;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * What the commands take from outside: the model, the registry serdes and the environment variables. One seam, so
 * tests (and the demo) can run the real commands with other parts.
 *
 * @param models loads the classifier
 * @param serdes makes the Avro value serdes from the Kafka/registry settings
 * @param environment the environment variables the commands read ({@code EXITWISE_*} settings among them)
 */
public record Wiring(ModelLoader models, RegistrySerdes serdes, Map<String, String> environment) {

  /** This model loader and these serdes, with the process's environment. */
  public Wiring(ModelLoader models, RegistrySerdes serdes) {
    this(models, serdes, System.getenv());
  }

  /** The same parts, reading {@code replacement} instead of this wiring's environment. */
  public Wiring withEnvironment(Map<String, String> replacement) {
    return new Wiring(models, serdes, Map.copyOf(replacement));
  }

  /** Loads a classifier. */
  @FunctionalInterface
  public interface ModelLoader {
    /**
     * Loads the model.
     *
     * @param modelDir a model directory, or {@code null} for the committed default model
     * @param execution the device and precision to run it in
     * @throws RuntimeException if it cannot be loaded
     */
    TextClassifier load(Path modelDir, ExecutionChoice execution);
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
   * The value serdes of the topics as {@code settings} encode them: JSON serdes for JSON topics, this wiring's
   * registry serdes (over {@code settings.kafka()}) for Avro ones.
   */
  public TopologySerdes.Factory topicSerdes(ServiceSettings settings) {
    return settings.formats().over(serdes.factory(settings.kafka()));
  }

  /**
   * The production wiring: the model from {@link ExitwiseModel#load} (the committed default model when no
   * directory is given), the serdes from {@link ExitwiseSerdes#specific} over the configured registry.
   */
  public static Wiring production() {
    return new Wiring(Wiring::loadModel, Wiring::registrySerdes);
  }

  /**
   * Starts DJL offline, resolves the device and loads the model.
   *
   * @throws IllegalArgumentException if the directory holds no model or a broken one, or int8 is asked for off the
   *     CPU
   * @throws IllegalStateException if the default model is not on the class path or the GPU asked for is missing
   */
  static TextClassifier loadModel(Path modelDir, ExecutionChoice execution) {
    DjlRuntime.configure(null);
    return ExitwiseModel.load(modelDir, DjlRuntime.selectDevice(execution.device()), execution.precision());
  }

  /**
   * A factory of value serdes for the generated Avro classes, each configured with {@code config} (the registry
   * URL, credentials and serde keys; other keys are ignored).
   *
   * @throws org.apache.kafka.common.config.ConfigException from the first serde made, if a registry key is bad
   */
  static TopologySerdes.Factory registrySerdes(Map<String, Object> config) {
    Map<String, Object> serdeConfig = Map.copyOf(config);
    return new TopologySerdes.Factory() {
      @Override
      public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
        return ExitwiseSerdes.specific(type, serdeConfig, false);
      }
    };
  }
}
