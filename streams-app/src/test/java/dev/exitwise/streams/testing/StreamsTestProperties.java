package dev.exitwise.streams.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams settings the topology tests on a real broker share; each test adds its own. */
public final class StreamsTestProperties {
  private StreamsTestProperties() {}

  /**
   * Exactly-once v2 for application {@code applicationId} on the broker, its state in {@code stateDir} (created),
   * commits every 100 ms and polls of 20 ms.
   */
  public static Properties exactlyOnce(String bootstrapServers, String applicationId, Path stateDir)
      throws Exception {
    Properties properties = new Properties();
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    properties.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(stateDir).toString());
    properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    properties.put(StreamsConfig.POLL_MS_CONFIG, 20);
    return properties;
  }
}
