package dev.exitwise.demo;

import dev.exitwise.streams.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker inside this JVM: one combined KRaft broker and controller from Kafka's own {@link
 * KafkaClusterTestKit}, in a folder of the caller's that goes when it closes. Ready in a few seconds, about 300 MB of heap.
 * Replication factors are 1 because there is one node; transactions (exactly-once) work.
 */
public final class EmbeddedBroker implements AutoCloseable {
  private final KafkaClusterTestKit cluster;
  private final Admin admin;

  private EmbeddedBroker(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
    this.admin = cluster.admin();
  }

  /**
   * Formats and starts the broker and waits until it serves.
   *
   * @param baseDirectory an empty folder for the broker's logs and metadata, deleted on {@link #close()}. The
   *     caller chooses it because the test kit's own temporary folders are deleted by a JVM shutdown hook, which
   *     on Ctrl-C would pull the logs from under a broker that is still serving the demo's last events (and Kafka
   *     halts the JVM when its log folder disappears)
   * @throws Exception if it does not start
   */
  public static EmbeddedBroker start(Path baseDirectory) throws Exception {
    return start(baseDirectory, Map.of());
  }

  /**
   * Formats and starts the broker with extra broker settings (an authorizer, for tests of denied access).
   *
   * @param brokerConfig broker keys and values, applied after the defaults above
   * @throws Exception if it does not start
   */
  public static EmbeddedBroker start(Path baseDirectory, Map<String, String> brokerConfig) throws Exception {
    KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
            .setBaseDirectory(baseDirectory)
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
        .setDeleteOnClose(true);
    brokerConfig.forEach(builder::setConfigProp);
    KafkaClusterTestKit cluster = builder.build();
    try {
      formatQuietly(cluster);
      cluster.startup();
      cluster.waitForReadyBrokers();
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
    return new EmbeddedBroker(cluster);
  }

  /**
   * Formats the metadata folders. Kafka's formatter prints what it does to {@code System.out}; the demo owns the
   * terminal, so that goes to a buffer, which reaches {@code System.err} only if formatting fails.
   */
  private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
    PrintStream terminal = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      cluster.format();
    } catch (Exception e) {
      System.err.print(captured.toString(StandardCharsets.UTF_8));
      throw e;
    } finally {
      System.setOut(terminal);
    }
  }

  /** The bootstrap servers, {@code host:port}. */
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /**
   * Creates the service's topics.
   *
   * @param inputPartitions partitions of the input, labels and telemetry topics; statistics and dead letters get one
   * @throws Exception if the broker refuses
   */
  public void createTopics(Topics topics, int inputPartitions) throws Exception {
    admin.createTopics(topics.newTopics(inputPartitions, (short) 1)).all().get();
    awaitLeaders(topics.all(), Duration.ofSeconds(30));
  }

  /**
   * Waits until every partition of {@code names} has a leader. Creation returns before that on a busy machine, and
   * a producer that writes at once then sees {@code NOT_LEADER_OR_FOLLOWER} and, when it is idempotent, can stall
   * in sequence errors.
   */
  private void awaitLeaders(List<String> names, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        boolean led = admin.describeTopics(names).allTopicNames().get().values().stream()
            .flatMap(description -> description.partitions().stream())
            .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
        if (led) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topics " + names + " have no leader after " + timeout);
      }
      Thread.sleep(100);
    }
  }

  /** Stops the broker and deletes its folders. */
  @Override
  public void close() throws Exception {
    admin.close(Duration.ofSeconds(5));
    cluster.close();
  }
}
