package dev.exitwise.bench;

import dev.exitwise.streams.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * The pipeline benchmark's Kafka: one combined KRaft broker and controller from Kafka's own {@link
 * KafkaClusterTestKit} inside this JVM (ARCHITECTURE.md 7), in temporary folders that go when it closes. It shares
 * the CPU with the service, which a deployed service would not: the benchmark says so.
 */
final class BenchBroker implements AutoCloseable {
  private final KafkaClusterTestKit cluster;
  private final Admin admin;

  private BenchBroker(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
    this.admin = cluster.admin();
  }

  /**
   * Formats and starts the broker, waiting until it serves.
   *
   * @throws Exception if it does not start
   */
  static BenchBroker start() throws Exception {
    KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
            .setCombined(true)
            .setNumBrokerNodes(1)
            .setNumControllerNodes(1)
            .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
            .build())
        .setConfigProp("offsets.topic.replication.factor", "1")
        .setConfigProp("offsets.topic.num.partitions", "1")
        .setConfigProp("transaction.state.log.replication.factor", "1")
        .setConfigProp("transaction.state.log.min.isr", "1")
        .setConfigProp("transaction.state.log.num.partitions", "1")
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        .build();
    try {
      // the formatter prints to System.out, which carries the benchmark's tables
      PrintStream out = System.out;
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try {
        cluster.format();
      } finally {
        System.setOut(out);
      }
      cluster.startup();
      cluster.waitForReadyBrokers();
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
    return new BenchBroker(cluster);
  }

  String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** Creates the service's five topics, named {@code <prefix>-<default name>}, each with {@code partitions}. */
  Topics createTopics(String prefix, int partitions) throws Exception {
    Topics defaults = Topics.DEFAULTS;
    Topics topics = new Topics(prefix + "-" + defaults.textEvents(), prefix + "-" + defaults.textLabels(),
        prefix + "-" + defaults.exitTelemetry(), prefix + "-" + defaults.exitDepthStats(),
        prefix + "-" + defaults.deadLetters());
    List<NewTopic> created = new ArrayList<>();
    for (String topic : topics.all()) {
      created.add(new NewTopic(topic, partitions, (short) 1));
    }
    admin.createTopics(created).all().get();
    return topics;
  }

  @Override
  public void close() throws Exception {
    admin.close(Duration.ofSeconds(5));
    cluster.close();
  }
}
