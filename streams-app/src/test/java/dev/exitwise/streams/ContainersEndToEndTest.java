package dev.exitwise.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.exitwise.avro.TextEvent;
import dev.exitwise.streams.deadletter.DeadLetterListener;
import dev.exitwise.streams.inference.ClassifierPool;
import dev.exitwise.streams.testing.TestModels;
import dev.exitwise.streams.testing.TestSerdes;
import dev.exitwise.streams.testing.TextEvents;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * End to end against the real thing in containers: {@code apache/kafka} (KRaft) and Confluent's schema registry.
 * Skipped where Docker does not run (the build machines). The serdes are the production ones, pointed at the
 * registry container ({@link #registryUrl()}); the model is the tiny one.
 */
@Tag("containers")
@Testcontainers(disabledWithoutDocker = true)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ContainersEndToEndTest {
  private static final Network NETWORK = Network.newNetwork();

  @Container
  private static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1")
      .withNetwork(NETWORK)
      .withListener("kafka:19092");

  @Container
  private static final GenericContainer<?> REGISTRY =
      new GenericContainer<>("confluentinc/cp-schema-registry:7.9.1")
          .withNetwork(NETWORK)
          .dependsOn(KAFKA)
          .withExposedPorts(8081)
          .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
          .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
          .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
          .waitingFor(Wait.forHttp("/subjects").forStatusCode(200));

  static String registryUrl() {
    return "http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(8081);
  }

  @Test
  void labelsEveryEventThroughARealBrokerAndRegistry() throws Exception {
    Topics topics = Topics.DEFAULTS;
    try (Admin admin = Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        KAFKA.getBootstrapServers()))) {
      List<NewTopic> newTopics = new ArrayList<>();
      for (String topic : topics.all()) {
        newTopics.add(new NewTopic(topic, 2, (short) 1));
      }
      admin.createTopics(newTopics).all().get();
    }
    TopologySettings settings = TopologySettings.DEFAULTS;
    TopologySerdes serdes = TopologySerdes.from(TestSerdes.factory(registryUrl()));
    Properties properties = new Properties();
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "containers-" + UUID.randomUUID());
    properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers());
    properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    properties.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("exitwise-containers").toString());
    properties.put("schema.registry.url", registryUrl());
    properties.putAll(ClassifierTopology.deadLetterConfig(settings, DeadLetterListener.NONE));

    List<TextEvent> events = TextEvents.mixed("containers", 500, Instant.now());
    try (ClassifierPool pool = new ClassifierPool(TestModels.classifier());
        KafkaStreams streams = new KafkaStreams(ClassifierTopology.build(settings, serdes, pool), properties)) {
      streams.start();
      Properties producerProperties = new Properties();
      producerProperties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers());
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(producerProperties, new StringSerializer(), new ByteArraySerializer())) {
        for (TextEvent event : events) {
          producer.send(new ProducerRecord<>(topics.textEvents(), event.getId(),
              serdes.textEvent().serializer().serialize(topics.textEvents(), event)));
        }
      }
      Properties consumerProperties = new Properties();
      consumerProperties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers());
      consumerProperties.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
      consumerProperties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      consumerProperties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      Set<String> labelled = new HashSet<>();
      try (KafkaConsumer<String, byte[]> consumer =
          new KafkaConsumer<>(consumerProperties, new StringDeserializer(), new ByteArrayDeserializer())) {
        consumer.subscribe(List.of(topics.textLabels()));
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (labelled.size() < events.size() && System.nanoTime() < deadline) {
          for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            labelled.add(record.key());
          }
        }
      }
      assertEquals(events.size(), labelled.size());
    }
  }
}
