package dev.exitwise.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.avro.TextEvent;
import dev.exitwise.streams.deadletter.DeadLetterHeaders;
import dev.exitwise.streams.deadletter.DeadLetterReason;
import dev.exitwise.streams.inference.ClassifierPool;
import dev.exitwise.streams.testing.EmbeddedKafka;
import dev.exitwise.streams.testing.StreamThreadDeaths;
import dev.exitwise.streams.testing.StreamsTestProperties;
import dev.exitwise.streams.testing.TestModels;
import dev.exitwise.streams.testing.TextEvents;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On a real broker: one record with a 1 MiB text (far over {@code exitwise.text.max.bytes}) used
 * to kill every stream thread that read it with {@code StackOverflowError}s, because its dead letter (the whole
 * value plus headers) was larger than the producer's {@code max.request.size} and Kafka's default production
 * handler answered that refusal with another dead letter of the same bytes. Now it is one bounded dead letter and
 * the events around it are labelled.
 */
@Tag("integration")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PoisonPillIntegrationTest {
  private static final int ONE_MIB = 1 << 20;

  @RegisterExtension
  static final EmbeddedKafka kafka = EmbeddedKafka.perClass("poison");

  @Test
  void aOneMebibyteTextIsOneBoundedDeadLetterAndTheServiceKeepsGoing() throws Exception {
    TopologySerdes serdes = kafka.test().serdes();
    TopologySettings settings = TopologySettings.DEFAULTS.withTopics(kafka.createTopics(1));
    String input = settings.topics().textEvents();
    // the broker takes the 1 MiB event on its input topic, as an operator's broker did when it was measured
    kafka.admin().incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, input), List.of(
        new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(4 * ONE_MIB)),
            AlterConfigOp.OpType.SET)))).all().get();

    Instant now = Instant.now();
    List<TextEvent> before = TextEvents.mixed("before", 20, now);
    List<TextEvent> after = TextEvents.mixed("after", 20, now);
    TextEvent pill = TextEvents.event("pill", TestModels.EMOTIONS, "a".repeat(ONE_MIB), now);
    byte[] pillBytes = serdes.textEvent().serializer().serialize(input, pill);

    try (ClassifierPool pool = ClassifierPool.of(TestModels.classifier().get());
        KafkaStreams streams = new KafkaStreams(ClassifierTopology.build(settings, serdes, pool),
            properties(settings))) {
      AtomicReference<Throwable> died = StreamThreadDeaths.recordFirst(streams);
      streams.start();
      try (KafkaProducer<String, byte[]> producer = largeRecordProducer()) {
        for (TextEvent event : before) {
          producer.send(new ProducerRecord<>(input, event.getId(), serdes.textEvent().serializer()
              .serialize(input, event)));
        }
        producer.send(new ProducerRecord<>(input, pill.getId(), pillBytes)).get();
        for (TextEvent event : after) {
          producer.send(new ProducerRecord<>(input, event.getId(), serdes.textEvent().serializer()
              .serialize(input, event)));
        }
      }

      List<ConsumerRecord<String, byte[]>> labels =
          kafka.readCommitted(settings.topics().textLabels(), 40, Duration.ofSeconds(45), Duration.ofMillis(500));
      assertEquals(null, died.get(), "no stream thread died");
      assertEquals(KafkaStreams.State.RUNNING, streams.state());
      Set<String> expected = new TreeSet<>();
      before.forEach(event -> expected.add(event.getId()));
      after.forEach(event -> expected.add(event.getId()));
      assertEquals(expected, labels.stream().map(ConsumerRecord::key).collect(Collectors.toCollection(TreeSet::new)),
          "the events before and after the pill are labelled, once each");
      assertEquals(40, labels.size());

      List<ConsumerRecord<String, byte[]>> deadLetters = kafka.readCommitted(settings.topics().deadLetters(), 1,
          Duration.ofSeconds(10), Duration.ofMillis(500));
      assertEquals(1, deadLetters.size(), "exactly one dead letter");
      ConsumerRecord<String, byte[]> deadLetter = deadLetters.get(0);
      assertEquals("pill", deadLetter.key());
      assertEquals(DeadLetterReason.OVERSIZE_TEXT.code(), header(deadLetter, DeadLetterHeaders.REASON));
      assertEquals(input, header(deadLetter, DeadLetterHeaders.TOPIC));
      assertEquals("0", header(deadLetter, DeadLetterHeaders.PARTITION));
      assertEquals(String.valueOf(before.size()), header(deadLetter, DeadLetterHeaders.OFFSET));
      assertEquals(String.valueOf(pillBytes.length), header(deadLetter, DeadLetterHeaders.ORIGINAL_SIZE));
      assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pillBytes)),
          header(deadLetter, DeadLetterHeaders.SHA256));
      assertEquals("true", header(deadLetter, DeadLetterHeaders.TRUNCATED));
      assertTrue(header(deadLetter, DeadLetterHeaders.MESSAGE).contains(ONE_MIB + " UTF-8 bytes"),
          header(deadLetter, DeadLetterHeaders.MESSAGE));
      int headerBytes = 0;
      for (Header header : deadLetter.headers()) {
        headerBytes += header.key().length() + (header.value() == null ? 0 : header.value().length);
      }
      int total = deadLetter.serializedKeySize() + deadLetter.serializedValueSize() + headerBytes;
      assertTrue(total < ONE_MIB, "the dead letter fits the producer's default max.request.size: " + total);
      assertTrue(deadLetter.serializedValueSize() > ONE_MIB / 2, "it keeps as much of the value as fits: "
          + deadLetter.serializedValueSize());
      byte[] prefix = new byte[deadLetter.serializedValueSize()];
      System.arraycopy(pillBytes, 0, prefix, 0, prefix.length);
      assertEquals(new String(prefix, StandardCharsets.ISO_8859_1),
          new String(deadLetter.value(), StandardCharsets.ISO_8859_1), "the kept bytes are the value's first bytes");
    }
  }

  private Properties properties(TopologySettings settings) throws Exception {
    Properties properties = StreamsTestProperties.exactlyOnce(kafka.bootstrapServers(), kafka.test().name(),
        kafka.test().stateDir());
    // the consumer must fetch a record over 1 MiB; its default (50 MiB per fetch, 1 MiB per partition) does so
    properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), ONE_MIB);
    properties.putAll(ClassifierTopology.deadLetterConfig(settings, (reason, tenant) -> { }));
    return properties;
  }

  private KafkaProducer<String, byte[]> largeRecordProducer() {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * ONE_MIB);
    return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    assertNotNull(header, name);
    return new String(header.value(), StandardCharsets.UTF_8);
  }
}
