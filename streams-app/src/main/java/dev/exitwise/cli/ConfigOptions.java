package dev.exitwise.cli;

import dev.exitwise.streams.config.ConfigSources;
import dev.exitwise.streams.config.ServiceSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options that configure the service and its Kafka clients, shared by every command that talks to Kafka
 * ({@code @Mixin ConfigOptions config;}): a properties file and {@code --set KEY=VALUE}. Lowest precedence first:
 * the file, the {@code EXITWISE_*} environment, {@code --set}, then the model options.
 */
public final class ConfigOptions {
  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "A properties file.")
  private Path file;

  @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
      description = "A setting (e.g. exitwise.batch.size=16); overrides the file and the environment. Repeatable.")
  private Map<String, String> overrides = new LinkedHashMap<>();

  /**
   * The merged sources.
   *
   * @param environment the environment variables to read ({@code EXITWISE_*} ones count)
   * @param model the model options, which win over everything else; null for a command without them
   * @throws org.apache.kafka.common.config.ConfigException if the file cannot be read or a variable is unknown
   */
  public ConfigSources sources(Map<String, String> environment, ModelOptions model) {
    Map<String, String> settings = new LinkedHashMap<>(overrides);
    if (model != null) {
      model.applyTo(settings);
    }
    return ConfigSources.load(file, environment, settings);
  }

  /**
   * The service settings from {@link #sources}.
   *
   * @throws org.apache.kafka.common.config.ConfigException for a bad key or value, naming it
   */
  public ServiceSettings settings(Map<String, String> environment, ModelOptions model) {
    return ServiceSettings.from(sources(environment, model));
  }
}
