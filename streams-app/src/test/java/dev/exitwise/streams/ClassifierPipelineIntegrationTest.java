package dev.exitwise.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.avro.Classification;
import dev.exitwise.avro.TextEvent;
import dev.exitwise.model.inference.ClassifyRequest;
import dev.exitwise.model.inference.ClassifyResult;
import dev.exitwise.model.inference.TextClassifier;
import dev.exitwise.streams.deadletter.DeadLetterHeaders;
import dev.exitwise.streams.deadletter.DeadLetterListener;
import dev.exitwise.streams.deadletter.DeadLetterReason;
import dev.exitwise.streams.inference.ClassifierPool;
import dev.exitwise.model.inference.LabelScore;
import dev.exitwise.registry.MalformedPayloadException;
import dev.exitwise.registry.UnknownSchemaIdException;
import dev.exitwise.streams.testing.EmbeddedKafka;
import dev.exitwise.streams.testing.StreamsTestProperties;
import dev.exitwise.streams.testing.FaultInjectingClassifier;
import dev.exitwise.streams.testing.TestModels;
import dev.exitwise.streams.testing.TestSerdes;
import dev.exitwise.streams.testing.TextEvents;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology on a real KRaft broker in this JVM, under exactly-once: end to end, a crash, a rebalance, bad
 * records. One broker for the class; every test has its own topics and application id.
 */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClassifierPipelineIntegrationTest {
  private static final int EVENTS = 2_000;
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration QUIET = Duration.ofSeconds(1);

  @RegisterExtension
  static final EmbeddedKafka kafka = EmbeddedKafka.perClass();

  private final String registryScope = TestSerdes.newScope("pipeline-it");
  private final TopologySerdes serdes = TestSerdes.mock(registryScope);
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @TempDir
  Path stateRoot;

  @AfterEach
  void closeInstances() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    TestSerdes.dropScope(registryScope);
  }

  private static String uniqueName(TestInfo info) {
    return info.getTestMethod().orElseThrow().getName() + "-" + Long.toHexString(System.nanoTime());
  }

  private Properties streamsProperties(String applicationId, TopologySettings settings, String instance)
      throws Exception {
    Properties properties =
        StreamsTestProperties.exactlyOnce(kafka.bootstrapServers(), applicationId, stateRoot.resolve(instance));
    properties.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 5_000);
    properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 200);
    properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
    properties.putAll(ClassifierTopology.deadLetterConfig(settings, DeadLetterListener.NONE));
    return properties;
  }

  /** Starts an instance and waits until it is RUNNING. */
  private KafkaStreams startInstance(String applicationId, TopologySettings settings, String instance,
      TextClassifier classifier) throws Exception {
    ClassifierPool pool = ClassifierPool.of(classifier);
    KafkaStreams streams = new KafkaStreams(ClassifierTopology.build(settings, serdes, pool),
        streamsProperties(applicationId, settings, instance));
    streams.setUncaughtExceptionHandler(exception -> StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    toClose.add(pool);
    toClose.add(() -> streams.close(Duration.ofSeconds(10)));
    streams.start();
    awaitState(streams, KafkaStreams.State.RUNNING, Duration.ofSeconds(30));
    return streams;
  }

  private static void awaitState(KafkaStreams streams, KafkaStreams.State state, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (streams.state() != state) {
      assertTrue(System.nanoTime() < deadline, "state " + streams.state() + ", expected " + state);
      Thread.sleep(20);
    }
  }

  private void produce(String topic, List<TextEvent> events) {
    try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
      for (TextEvent event : events) {
        producer.send(new ProducerRecord<>(topic, event.getId(),
            serdes.textEvent().serializer().serialize(topic, event)));
      }
      producer.flush();
    }
  }

  private Map<String, Classification> labelsById(List<ConsumerRecord<String, byte[]>> records, String topic) {
    Map<String, Classification> byId = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      Classification classification = serdes.classification().deserializer().deserialize(topic, record.value());
      assertEquals(record.key(), classification.getId(), "keyed by event id");
      Classification previous = byId.put(record.key(), classification);
      assertTrue(previous == null, "event " + record.key() + " labelled twice");
    }
    return byId;
  }

  private static Set<String> ids(List<TextEvent> events) {
    return events.stream().map(TextEvent::getId).collect(Collectors.toCollection(TreeSet::new));
  }

  /** 2,000 real GoEmotions test texts in, exactly 2,000 classifications out, each the model's own. */
  @Test
  void labelsEveryEventExactlyOnceWithTheClassifiersOwnAnswer(TestInfo info) throws Exception {
    String name = uniqueName(info);
    TopologySettings settings = TopologySettings.DEFAULTS.withTopics(kafka.createTopics(name, 3));
    List<TextEvent> events = TextEvents.goEmotions("go", EVENTS, Instant.now());
    startInstance(name, settings, "a", TestModels.classifier().get());

    produce(settings.topics().textEvents(), events);
    List<ConsumerRecord<String, byte[]>> records =
        kafka.readCommitted(settings.topics().textLabels(), EVENTS, READ_TIMEOUT, QUIET);

    assertEquals(EVENTS, records.size(), "exactly one classification per event");
    Map<String, Classification> labels = labelsById(records, settings.topics().textLabels());
    assertEquals(ids(events), labels.keySet());
    Set<Integer> exitLayers = new TreeSet<>();
    try (TextClassifier direct = TestModels.classifier().get()) {
      for (TextEvent event : events) {
        ClassifyResult expected = direct.classify(List.of(ClassifyRequest.of(event.getTenant(), event.getText())))
            .get(0);
        Classification actual = labels.get(event.getId());
        assertEquals(expected.labels().stream().map(LabelScore::label).toList(),
            actual.getLabels().stream().map(dev.exitwise.avro.LabelScore::getLabel).toList(), event.getId());
        assertEquals(expected.exitLayer(), actual.getExitLayer(), event.getId());
        assertEquals(expected.truncated(), actual.getTruncated(), event.getId());
        exitLayers.add(actual.getExitLayer());
      }
    }
    assertTrue(exitLayers.size() > 1, "the texts exit at different layers: " + exitLayers);
    assertTrue(kafka.readCommitted(settings.topics().deadLetters(), 0, Duration.ZERO, Duration.ofMillis(300))
        .isEmpty());
  }

  /**
   * The crash: the classifier throws an {@link Error} in the middle of the run. The service does not catch Errors,
   * so the stream thread dies and Kafka Streams closes its tasks dirty: no final commit, the open transaction (the
   * output of uncommitted batches, the batcher's store updates, the input offsets) is never committed. That is what
   * a killed process leaves behind, without waiting for a session timeout. ({@code close(Duration.ZERO)} would not
   * do: it still commits.) A second instance with an empty state directory then takes over.
   */
  @Test
  void aCrashInTheMiddleOfARunNeitherLosesNorDuplicatesAnEvent(TestInfo info) throws Exception {
    String name = uniqueName(info);
    TopologySettings settings = TopologySettings.DEFAULTS.withTopics(kafka.createTopics(name, 3));
    List<TextEvent> events = new ArrayList<>(TextEvents.mixed("crash", EVENTS, Instant.now()));
    TextEvent trigger = events.get(1_500);
    events.set(1_500, TextEvents.event(trigger.getId(), trigger.getTenant(),
        trigger.getText() + " " + FaultInjectingClassifier.CRASH, trigger.getEventTime()));
    FaultInjectingClassifier crashing = TestModels.faultInjecting().get().armCrash();
    KafkaStreams first = startInstance(name, settings, "first", crashing);

    produce(settings.topics().textEvents(), events.subList(0, 1_000));
    int beforeCrash = kafka.readCommitted(settings.topics().textLabels(), 500, READ_TIMEOUT, Duration.ZERO).size();
    produce(settings.topics().textEvents(), events.subList(1_000, EVENTS));
    awaitState(first, KafkaStreams.State.ERROR, Duration.ofSeconds(30));
    assertTrue(crashing.crashed());
    int afterCrash = kafka.readCommitted(settings.topics().textLabels(), 0, Duration.ZERO, QUIET).size();
    assertTrue(beforeCrash >= 500 && afterCrash < EVENTS, "crashed mid-run: " + afterCrash + " committed");

    FaultInjectingClassifier second = TestModels.faultInjecting().get();
    startInstance(name, settings, "second", second);
    List<ConsumerRecord<String, byte[]>> records =
        kafka.readCommitted(settings.topics().textLabels(), EVENTS, READ_TIMEOUT, QUIET);
    Map<String, Classification> labels = labelsById(records, settings.topics().textLabels());
    assertEquals(ids(events), labels.keySet(), "every event exactly once");
    assertTrue(second.calls() > 0, "the second instance finished the run");
  }

  @Test
  void twoInstancesShareThePartitionsAndSurviveARebalance(TestInfo info) throws Exception {
    String name = uniqueName(info);
    TopologySettings settings = TopologySettings.DEFAULTS.withTopics(kafka.createTopics(name, 4));
    List<TextEvent> events = TextEvents.mixed("rebalance", EVENTS, Instant.now());
    FaultInjectingClassifier firstModel = TestModels.faultInjecting().get();
    FaultInjectingClassifier secondModel = TestModels.faultInjecting().get();
    startInstance(name, settings, "first", firstModel);

    produce(settings.topics().textEvents(), events.subList(0, 1_000));
    kafka.readCommitted(settings.topics().textLabels(), 200, READ_TIMEOUT, Duration.ZERO);
    KafkaStreams second = startInstance(name, settings, "second", secondModel);
    produce(settings.topics().textEvents(), events.subList(1_000, EVENTS));

    List<ConsumerRecord<String, byte[]>> records =
        kafka.readCommitted(settings.topics().textLabels(), EVENTS, READ_TIMEOUT, QUIET);
    Map<String, Classification> labels = labelsById(records, settings.topics().textLabels());
    assertEquals(ids(events), labels.keySet(), "every event exactly once");
    assertTrue(firstModel.calls() > 0 && secondModel.calls() > 0,
        "both instances classified: " + firstModel.calls() + " and " + secondModel.calls() + " batches");
    assertFalse(second.metadataForLocalThreads().stream().allMatch(t -> t.activeTasks().isEmpty()),
        "the second instance owns tasks");
  }

  @Test
  void aMixedStreamEndsAsLabelsAndDeadLettersThatAddUp(TestInfo info) throws Exception {
    String name = uniqueName(info);
    TopologySettings settings = TopologySettings.DEFAULTS.withTopics(kafka.createTopics(name, 2));
    String input = settings.topics().textEvents();
    startInstance(name, settings, "a", TestModels.faultInjecting().get());

    Instant now = Instant.now();
    List<TextEvent> good = TextEvents.mixed("good", 300, now);
    Map<String, DeadLetterReason> bad = new HashMap<>();
    AtomicInteger sent = new AtomicInteger();
    Function<TextEvent, byte[]> encode = event -> serdes.textEvent().serializer().serialize(input, event);
    try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
      for (int i = 0; i < good.size(); i++) {
        producer.send(new ProducerRecord<>(input, good.get(i).getId(), encode.apply(good.get(i))));
        sent.incrementAndGet();
        if (i % 30 != 0) {
          continue;
        }
        int round = i / 30;
        Map<String, byte[]> badOnes = new HashMap<>();
        badOnes.put("garbage-" + round, ("not avro " + round).getBytes(StandardCharsets.UTF_8));
        byte[] unknownId = encode.apply(TextEvents.event("u" + round, TestModels.EMOTIONS, "fine", now));
        ByteBuffer.wrap(unknownId).putInt(1, 4242);
        badOnes.put("unknown-id-" + round, unknownId);
        badOnes.put("short-" + round, new byte[] {0, (byte) round});
        badOnes.put("null-" + round, null);
        badOnes.put("empty-" + round, encode.apply(TextEvents.event("empty-" + round, TestModels.EMOTIONS, "", now)));
        badOnes.put("blank-" + round, encode.apply(TextEvents.event("blank-" + round, TestModels.MODERATION, "  \n",
            now)));
        badOnes.put("stranger-" + round, encode.apply(TextEvents.event("stranger-" + round, "martians",
            good.get(i).getText(), now)));
        badOnes.put("huge-" + round, encode.apply(TextEvents.event("huge-" + round, TestModels.EMOTIONS,
            "é".repeat(40_000), now)));
        badOnes.put("poison-" + round, encode.apply(TextEvents.event("poison-" + round, TestModels.MODERATION,
            good.get(i).getText() + " " + FaultInjectingClassifier.POISON, now)));
        for (Map.Entry<String, byte[]> entry : badOnes.entrySet()) {
          producer.send(new ProducerRecord<>(input, entry.getKey(), entry.getValue()));
          sent.incrementAndGet();
          String kind = entry.getKey().substring(0, entry.getKey().lastIndexOf('-'));
          bad.put(entry.getKey(), switch (kind) {
            case "garbage", "unknown-id", "short" -> DeadLetterReason.UNDECODABLE;
            case "null" -> DeadLetterReason.NULL_VALUE;
            case "empty", "blank" -> DeadLetterReason.EMPTY_TEXT;
            case "stranger" -> DeadLetterReason.UNKNOWN_TENANT;
            case "huge" -> DeadLetterReason.OVERSIZE_TEXT;
            case "poison" -> DeadLetterReason.CLASSIFIER_FAILURE;
            default -> throw new IllegalStateException(kind);
          });
        }
      }
      producer.flush();
    }

    List<ConsumerRecord<String, byte[]>> labels =
        kafka.readCommitted(settings.topics().textLabels(), good.size(), READ_TIMEOUT, QUIET);
    List<ConsumerRecord<String, byte[]>> deadLetters =
        kafka.readCommitted(settings.topics().deadLetters(), bad.size(), READ_TIMEOUT, QUIET);
    assertEquals(ids(good), labelsById(labels, settings.topics().textLabels()).keySet());
    assertEquals(sent.get(), labels.size() + deadLetters.size(), "input = labels + dead letters");
    Map<String, ConsumerRecord<String, byte[]>> deadByKey = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : deadLetters) {
      assertNull(deadByKey.put(record.key(), record), "one dead letter per bad record: " + record.key());
    }
    assertEquals(bad.keySet(), deadByKey.keySet());
    for (Map.Entry<String, DeadLetterReason> entry : bad.entrySet()) {
      ConsumerRecord<String, byte[]> record = deadByKey.get(entry.getKey());
      assertEquals(entry.getValue().code(), header(record, DeadLetterHeaders.REASON), entry.getKey());
      assertEquals(input, header(record, DeadLetterHeaders.TOPIC));
      assertNotNull(header(record, DeadLetterHeaders.PARTITION));
      assertTrue(Long.parseLong(header(record, DeadLetterHeaders.OFFSET)) >= 0, entry.getKey());
      assertFalse(header(record, DeadLetterHeaders.MESSAGE).isBlank());
      String kind = entry.getKey().substring(0, entry.getKey().lastIndexOf('-'));
      String message = header(record, DeadLetterHeaders.MESSAGE);
      String exception = header(record, DeadLetterHeaders.EXCEPTION);
      switch (kind) {
        case "garbage" -> {
          assertEquals(MalformedPayloadException.class.getName(), exception);
          assertEquals("unknown magic byte 0x6e (expected 0x00): not Confluent wire format", message);
        }
        case "short" -> {
          assertEquals(MalformedPayloadException.class.getName(), exception);
          assertTrue(message.startsWith("payload too short: 2 bytes"), message);
        }
        case "unknown-id" -> {
          assertEquals(UnknownSchemaIdException.class.getName(), exception);
          assertEquals("unknown schema id 4242 (not in mock://" + registryScope + ")", message);
        }
        default -> { }
      }
    }
  }

  private static void assertNull(Object value, String message) {
    assertTrue(value == null, message);
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
