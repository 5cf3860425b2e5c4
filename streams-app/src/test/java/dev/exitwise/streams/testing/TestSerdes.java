package dev.exitwise.streams.testing;

import dev.exitwise.cli.Wiring;
import dev.exitwise.registry.MockSchemaRegistry;
import dev.exitwise.streams.TopologySerdes;
import java.util.Map;
import java.util.UUID;

/**
 * The serdes every streams-app test uses: the production ones ({@link Wiring#production()}), that is the real
 * Confluent-wire-format serde of {@code dev.exitwise.registry}, over an in-memory {@code mock://} registry scope
 * that the test names and drops in teardown ({@link #dropScope}), or over a real registry's URL.
 */
public final class TestSerdes {
  private TestSerdes() {}

  /** A fresh scope name, {@code <prefix>-<random>}, so that tests never share a registry. */
  public static String newScope(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  /** The registry URL of a mock scope. */
  public static String mockUrl(String scope) {
    return "mock://" + scope;
  }

  /** Forgets a mock scope and the schemas registered in it. */
  public static void dropScope(String scope) {
    MockSchemaRegistry.dropScope(scope);
  }

  /** A serde factory over the registry at {@code registryUrl} ({@code mock://scope} or {@code http://...}). */
  public static TopologySerdes.Factory factory(String registryUrl) {
    return Wiring.production().serdes().factory(Map.of("schema.registry.url", registryUrl));
  }

  /** The topology's serdes over the mock registry of {@code scope}. */
  public static TopologySerdes mock(String scope) {
    return TopologySerdes.from(factory(mockUrl(scope)));
  }
}
