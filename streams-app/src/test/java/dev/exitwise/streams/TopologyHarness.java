package dev.exitwise.streams;

import dev.exitwise.avro.Classification;
import dev.exitwise.avro.ExitDepthStats;
import dev.exitwise.avro.ExitTelemetry;
import dev.exitwise.avro.TextEvent;
import dev.exitwise.model.inference.TextClassifier;
import dev.exitwise.streams.deadletter.DeadLetterListener;
import dev.exitwise.streams.inference.ClassifierPool;
import dev.exitwise.streams.testing.TestModels;
import dev.exitwise.streams.testing.TestSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * {@link ClassifierTopology} in a {@link TopologyTestDriver}, with typed input and output topics, the tiny real
 * model (unless told otherwise) called on the driver's thread (unless told otherwise), and the real serdes over a
 * {@code mock://} scope of its own, dropped on close.
 */
final class TopologyHarness implements AutoCloseable {
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  final TopologySettings settings;
  final String registryScope = TestSerdes.newScope("topology-test");
  final TopologySerdes serdes = TestSerdes.mock(registryScope);
  final ClassifierPool classifiers;
  final TopologyTestDriver driver;
  final TestInputTopic<String, TextEvent> events;
  final TestInputTopic<String, byte[]> rawEvents;
  final TestOutputTopic<String, Classification> labels;
  final TestOutputTopic<String, ExitTelemetry> telemetry;
  final TestOutputTopic<String, ExitDepthStats> stats;
  final TestOutputTopic<byte[], byte[]> deadLetters;

  TopologyHarness(TopologySettings settings) {
    this(settings, DeadLetterListener.NONE);
  }

  TopologyHarness(TopologySettings settings, DeadLetterListener listener) {
    this(settings, listener, TestModels.classifier());
  }

  TopologyHarness(TopologySettings settings, DeadLetterListener listener,
      Supplier<? extends TextClassifier> classifier) {
    this(settings, listener, classifier, ClassifierPool.ModelCalls.ON_STREAM_THREAD);
  }

  /**
   * @param modelCalls {@code ON_STREAM_THREAD} (the other constructors) for outputs that follow their inputs at
   *     once; {@code ON_MODEL_THREAD} for the service's model thread, whose outputs are forwarded when the
   *     batcher next looks (a later input or a punctuation)
   */
  TopologyHarness(TopologySettings settings, DeadLetterListener listener,
      Supplier<? extends TextClassifier> classifier, ClassifierPool.ModelCalls modelCalls) {
    this.settings = settings;
    this.classifiers = new ClassifierPool(classifier, modelCalls);
    Properties properties = new Properties();
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
    properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    properties.putAll(ClassifierTopology.deadLetterConfig(settings, listener));
    driver = new TopologyTestDriver(ClassifierTopology.build(settings, serdes, classifiers), properties, START);
    Topics topics = settings.topics();
    events = driver.createInputTopic(topics.textEvents(), new StringSerializer(), serdes.textEvent().serializer(),
        START, Duration.ZERO);
    rawEvents = driver.createInputTopic(topics.textEvents(), new StringSerializer(), new ByteArraySerializer(),
        START, Duration.ZERO);
    labels = driver.createOutputTopic(topics.textLabels(), new StringDeserializer(),
        serdes.classification().deserializer());
    telemetry = driver.createOutputTopic(topics.exitTelemetry(), new StringDeserializer(),
        serdes.telemetry().deserializer());
    stats = driver.createOutputTopic(topics.exitDepthStats(), new StringDeserializer(),
        serdes.stats().deserializer());
    deadLetters = driver.createOutputTopic(topics.deadLetters(), new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  void advance(Duration duration) {
    driver.advanceWallClockTime(duration);
  }

  @Override
  public void close() {
    driver.close();
    classifiers.close();
    TestSerdes.dropScope(registryScope);
  }
}
