package dev.exitwise.streams.testing;

import dev.exitwise.streams.Topics;
import dev.exitwise.streams.TopologySerdes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What one test owns beside the class's broker: a unique name (the application id, topic prefix and {@code mock://}
 * registry scope of the test) and a temporary folder. {@link EmbeddedKafka} makes one before each test ({@link
 * EmbeddedKafka#test()}) and closes it after, which drops the registry scope and deletes the folder, so that tests
 * never see each other's state.
 */
public final class TestScope implements AutoCloseable {
  private final String name;
  private final String bootstrapServers;
  private final Path folder;

  TestScope(String prefix, String bootstrapServers) throws IOException {
    this.name = prefix + "-" + Long.toHexString(System.nanoTime());
    this.bootstrapServers = bootstrapServers;
    this.folder = Files.createTempDirectory("exitwise-" + name + "-");
  }

  /** The test's application id, topic prefix and registry scope. */
  public String name() {
    return name;
  }

  /** The URL of the test's {@code mock://} registry scope. */
  public String registryUrl() {
    return TestSerdes.mockUrl(name);
  }

  /** The topology's serdes over the test's registry scope. */
  public TopologySerdes serdes() {
    return TestSerdes.mock(name);
  }

  /** A temporary folder of the test's own, deleted after it. */
  public Path folder() {
    return folder;
  }

  /** The Kafka Streams state directory of the test: {@code state} in its folder. */
  public Path stateDir() {
    return folder.resolve("state");
  }

  /**
   * The environment of an {@code exitwise run} of this test (a mutable map, for a test to add to), as {@link
   * ServiceTestSettings#runEnvironment} gives it for the test's broker, name, registry and state directory.
   */
  public Map<String, String> runEnvironment(int commitIntervalMs) {
    return ServiceTestSettings.runEnvironment(bootstrapServers, name, registryUrl(), stateDir(), commitIntervalMs);
  }

  /**
   * The settings of a service of this test in this JVM (a mutable map, for a test to add to), as {@link
   * ServiceTestSettings#service} gives them for the test's broker, name, registry, state directory and topics.
   */
  public Map<String, String> service(Topics topics) {
    return ServiceTestSettings.service(bootstrapServers, name, registryUrl(), stateDir(), topics);
  }

  /** Drops the registry scope and deletes the folder. */
  @Override
  public void close() throws IOException {
    TestSerdes.dropScope(name);
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(folder)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path path : paths) {
      Files.deleteIfExists(path);
    }
  }
}
