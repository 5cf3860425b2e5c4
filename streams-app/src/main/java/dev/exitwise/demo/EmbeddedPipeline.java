package dev.exitwise.demo;

import dev.exitwise.streams.Topics;
import dev.exitwise.streams.config.ConfigSources;
import dev.exitwise.streams.config.ExitwiseConfig;
import dev.exitwise.streams.config.ServiceSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the demo and the pipeline benchmark both need to run the real service inside this JVM: a work folder, an
 * {@link EmbeddedBroker} in it, the service settings that point at that broker, the properties of a producer of
 * input events, a reader of the output topics, and clean-up of all of it on {@link #close()}.
 */
public final class EmbeddedPipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPipeline.class);
  /** Kafka Streams' state folder, inside the work folder. */
  private static final String STATE_FOLDER = "streams";

  /** Where a reader of output topics starts. */
  public enum From {
    /** Every record the topics hold. */
    BEGINNING,
    /** Only records written after the reader was made. */
    END
  }

  /** Holds the broker's folder and the Streams state folder; deleted on close. */
  private final Path workDir;
  private final EmbeddedBroker broker;

  private EmbeddedPipeline(Path workDir, EmbeddedBroker broker) {
    this.workDir = workDir;
    this.broker = broker;
  }

  /**
   * Makes a work folder and starts a broker in it.
   *
   * @param name part of the folder's name ({@code exitwise-<name>-...} in the temporary folder)
   * @throws Exception if the folder cannot be made or the broker does not start (the folder is then deleted)
   */
  public static EmbeddedPipeline start(String name) throws Exception {
    Path workDir = Files.createTempDirectory("exitwise-" + name + "-");
    try {
      Files.createDirectory(workDir.resolve(STATE_FOLDER));
      return new EmbeddedPipeline(workDir, EmbeddedBroker.start(workDir.resolve("broker")));
    } catch (Exception e) {
      deleteQuietly(workDir);
      throw e;
    }
  }

  /** The broker's bootstrap servers, {@code host:port}. */
  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /**
   * Creates the service's topics on the broker.
   *
   * @param inputPartitions partitions of the input, labels and telemetry topics; statistics and dead letters get one
   * @throws Exception if the broker refuses
   */
  public void createTopics(Topics topics, int inputPartitions) throws Exception {
    broker.createTopics(topics, inputPartitions);
  }

  /**
   * Service settings for this broker: its bootstrap servers, a state folder inside the work folder and the HTTP
   * endpoints on a free loopback port, then {@code values}, which win.
   *
   * @param values the caller's settings: at least {@code application.id} and {@code schema.registry.url}
   * @throws org.apache.kafka.common.config.ConfigException for a bad setting, naming it
   */
  public ServiceSettings serviceSettings(Map<String, String> values) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("bootstrap.servers", broker.bootstrapServers());
    all.put("state.dir", workDir.resolve(STATE_FOLDER).toString());
    all.put(ExitwiseConfig.HTTP_HOST, "127.0.0.1");
    all.put(ExitwiseConfig.HTTP_PORT, "0");
    all.putAll(values);
    return ServiceSettings.from(ConfigSources.load(null, Map.of(), all));
  }

  /**
   * Properties of a producer of input events: every write acknowledged by the broker.
   *
   * @param clientId the producer's client id, or null for Kafka's own
   * @param lingerMillis how long the producer waits to fill a batch
   */
  public Properties producerProperties(String clientId, int lingerMillis) {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.LINGER_MS_CONFIG, lingerMillis);
    if (clientId != null) {
      properties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    }
    return properties;
  }

  /**
   * A reader of every partition of {@code topics}, assigned (no consumer group, nothing committed) and positioned
   * before it is returned. {@code read_committed} sees what a downstream consumer sees; {@code read_uncommitted}
   * sees outputs as the Streams thread writes them.
   *
   * @param clientId the consumer's client id, or null for Kafka's own
   * @param isolation {@code read_committed} or {@code read_uncommitted}
   */
  public KafkaConsumer<String, byte[]> reader(String clientId, String isolation, From from, List<String> topics) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    if (clientId != null) {
      properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    }
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
    }
    consumer.assign(partitions);
    if (from == From.BEGINNING) {
      consumer.seekToBeginning(partitions);
    } else {
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // resolves the end now, not at the first poll
    }
    return consumer;
  }

  /** Stops the broker and deletes the work folder (the broker's logs and the service's state). */
  @Override
  public void close() throws Exception {
    try {
      broker.close();
    } finally {
      deleteQuietly(workDir);
    }
  }

  private static void deleteQuietly(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      LOG.debug("Could not delete the temporary folder {}; the OS cleans it eventually", folder, e);
    }
  }
}
