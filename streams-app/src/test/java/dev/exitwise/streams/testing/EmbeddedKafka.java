package dev.exitwise.streams.testing;

import dev.exitwise.demo.EmbeddedBroker;
import dev.exitwise.streams.Topics;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real KRaft broker (one combined broker + controller) inside the test JVM: the demo's {@link EmbeddedBroker}
 * (Kafka's own {@code KafkaClusterTestKit}) in a temporary folder, plus the clients tests need. Start one per test
 * class: {@link #start} by hand, or {@link #perClass} as a JUnit extension,
 * {@code @RegisterExtension static final EmbeddedKafka kafka = EmbeddedKafka.perClass("run");}, which starts the
 * broker before the class's first test (and before its {@code @BeforeAll} methods) and closes it after the last, and
 * gives each test a {@link TestScope} of its own ({@link #test()}), named after the prefix.
 */
public final class EmbeddedKafka implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback {
  private final String testPrefix;
  private final Map<String, String> brokerConfig;
  private EmbeddedBroker broker;
  private Admin admin;
  private TestScope test;

  private EmbeddedKafka(String testPrefix, Map<String, String> brokerConfig) {
    this.testPrefix = testPrefix;
    this.brokerConfig = brokerConfig;
  }

  private EmbeddedKafka(EmbeddedBroker broker) {
    this("test", Map.of());
    open(broker);
  }

  private void open(EmbeddedBroker started) {
    this.broker = started;
    this.admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        started.bootstrapServers()));
  }

  /** A broker for one test class, started and closed by JUnit: register it with {@code @RegisterExtension}. */
  public static EmbeddedKafka perClass() {
    return perClass("test");
  }

  /** Like {@link #perClass()}, naming each test's {@link TestScope} {@code <testPrefix>-<unique suffix>}. */
  public static EmbeddedKafka perClass(String testPrefix) {
    return perClass(testPrefix, Map.of());
  }

  /** Like {@link #perClass(String)}, with extra broker settings. */
  public static EmbeddedKafka perClass(String testPrefix, Map<String, String> brokerConfig) {
    return new EmbeddedKafka(testPrefix, Map.copyOf(brokerConfig));
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    open(EmbeddedBroker.start(Files.createTempDirectory("exitwise-test-kafka-"), brokerConfig));
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    close();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    test = new TestScope(testPrefix, bootstrapServers());
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (test != null) { // null where its beforeEach failed
      TestScope finished = test;
      test = null;
      finished.close();
    }
  }

  /** The running test's name, registry scope and folder; only for a broker registered with {@link #perClass}. */
  public TestScope test() {
    if (test == null) {
      throw new IllegalStateException("no test is running on this broker, or it was not registered per class");
    }
    return test;
  }

  /** Formats and starts the broker and waits until it serves. */
  public static EmbeddedKafka start() throws Exception {
    return start(Map.of());
  }

  /** Formats and starts the broker with extra broker settings and waits until it serves. */
  public static EmbeddedKafka start(Map<String, String> brokerConfig) throws Exception {
    return new EmbeddedKafka(EmbeddedBroker.start(Files.createTempDirectory("exitwise-test-kafka-"), brokerConfig));
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /** Creates the service's five topics for the running test, named after its {@link TestScope#name()}. */
  public Topics createTopics(int inputPartitions) throws Exception {
    return createTopics(test().name(), inputPartitions);
  }

  /**
   * Creates the service's five topics named {@code <prefix>-<default name>}.
   *
   * @param inputPartitions partitions of the input, labels and telemetry topics; stats and dead letters get one
   */
  public Topics createTopics(String prefix, int inputPartitions) throws Exception {
    Topics defaults = Topics.DEFAULTS;
    Topics topics = new Topics(prefix + "-" + defaults.textEvents(), prefix + "-" + defaults.textLabels(),
        prefix + "-" + defaults.exitTelemetry(), prefix + "-" + defaults.exitDepthStats(),
        prefix + "-" + defaults.deadLetters());
    broker.createTopics(topics, inputPartitions);
    return topics;
  }

  /** A producer of raw values, acks=all, idempotent. */
  public KafkaProducer<String, byte[]> producer() {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * Reads a topic from the beginning with {@code read_committed} until it holds at least {@code atLeast} records
   * or the timeout passes, then keeps reading for {@code quiet} to catch records beyond that (duplicates).
   */
  public List<ConsumerRecord<String, byte[]>> readCommitted(String topic, int atLeast, Duration timeout,
      Duration quiet) {
    return read(topic, "read_committed", atLeast, timeout, quiet);
  }

  /** Like {@link #readCommitted} with the given isolation level. */
  public List<ConsumerRecord<String, byte[]>> read(String topic, String isolation, int atLeast, Duration timeout,
      Duration quiet) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(info -> new TopicPartition(topic, info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (records.size() < atLeast && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
      long quietEnd = System.nanoTime() + quiet.toNanos();
      while (System.nanoTime() < quietEnd) {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
    }
    return records;
  }

  /** The admin client (closed with the broker). */
  public Admin admin() {
    return admin;
  }

  @Override
  public void close() throws Exception {
    if (broker == null) {
      return; // a per-class broker that never started
    }
    admin.close(Duration.ofSeconds(5));
    broker.close();
    broker = null;
  }
}
