package dev.exitwise.streams;

import dev.exitwise.streams.batching.BatchObserver;
import dev.exitwise.streams.batching.DrainSignal;
import dev.exitwise.streams.batching.MicroBatcher;
import dev.exitwise.streams.batching.PendingEvent;
import dev.exitwise.streams.batching.PendingEventSerde;
import dev.exitwise.streams.deadletter.DeadLetterConfig;
import dev.exitwise.streams.deadletter.DeadLetterListener;
import dev.exitwise.streams.deadletter.DeadLetterRelay;
import dev.exitwise.streams.inference.BatchClassifier;
import dev.exitwise.streams.inference.ClassifierPool;
import dev.exitwise.streams.telemetry.ExitDepthWindows;
import dev.exitwise.streams.validation.EventValidator;
import dev.exitwise.streams.validation.ValidationProcessor;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the exitwise topology: the one definition used by {@code exitwise run}, the demo and every test.
 *
 * <pre>
 * text-events ─ decode ─ validate ─ micro-batcher ─┬─ text-labels     (Classification)
 *    │ bad bytes          │ bad event    │ row the  ├─ exit-telemetry  (ExitTelemetry)
 *    └────────────────────┴──────────────┴─ model   └─ dead letters    (via the processing exception handler)
 *                                            fails on
 * exit-telemetry ─ by tenant ─ tumbling window ─ exit-depth-stats (ExitDepthStats, one record per closed window)
 * </pre>
 *
 * <p>Building has no side effects: nothing connects, nothing starts. To run it:
 *
 * <ol>
 *   <li>Build it with {@link #build}.
 *   <li>Put {@link #deadLetterConfig} into the Streams properties, so bad records reach the dead-letter topic.
 *   <li>{@code new KafkaStreams(topology, properties).start()}, or let {@link ExitwiseService} do it.
 * </ol>
 */
public final class ClassifierTopology {
  /** The micro-batcher's buffer store (changelog {@code <application.id>-micro-batcher-buffer-changelog}). */
  public static final String BATCH_STORE = "micro-batcher-buffer";

  static final String SOURCE = "text-events-source";
  static final String VALIDATE = "validate";
  static final String BATCHER = "micro-batcher";
  static final String LABELS_SINK = "text-labels-sink";
  static final String TELEMETRY_SINK = "exit-telemetry-sink";
  static final String CLASSIFIER_FAILURES = "classifier-failures";

  private ClassifierTopology() {}

  /**
   * Builds the topology with no metrics and a drain signal nobody pulls (tests).
   *
   * @see #build(TopologySettings, TopologySerdes, ClassifierPool, BatchObserver, DrainSignal)
   */
  public static Topology build(TopologySettings settings, TopologySerdes serdes, ClassifierPool classifiers) {
    return build(settings, serdes, classifiers, BatchObserver.NONE, new DrainSignal());
  }

  /**
   * Builds the topology.
   *
   * @param settings topics, batching, windows, the text size limit and the default tenant
   * @param serdes configured value serdes of the four topics, in their formats
   * @param classifiers gives each stream thread its classifier; the tenants it serves at the time are the valid ones
   * @param observer told about batches and classified events (metrics)
   * @param drain lets the service empty the micro-batchers before it closes
   * @return the topology; nothing has been started
   * @throws org.apache.kafka.common.config.ConfigException if the default tenant is not one the model serves
   */
  public static Topology build(TopologySettings settings, TopologySerdes serdes, ClassifierPool classifiers,
      BatchObserver observer, DrainSignal drain) {
    StreamsBuilder builder = new StreamsBuilder();
    Topics topics = settings.topics();
    ExitDepthWindows.addTo(builder, topics.exitTelemetry(), topics.exitDepthStats(), settings.stats(),
        serdes.telemetry(), serdes.stats());
    Topology topology = builder.build();

    EventValidator validator = new EventValidator(classifiers::tenants, settings.maxTextBytes(),
        settings.defaultTenant());
    BatchClassifier batchClassifier = new BatchClassifier(classifiers);
    MicroBatcher.Children children = new MicroBatcher.Children(LABELS_SINK, TELEMETRY_SINK, CLASSIFIER_FAILURES);
    // In memory and changelogged: the buffer holds at most a batch, is rebuilt from its changelog by whoever owns
    // the task next, and (unlike a local RocksDB store with a checkpoint) can never disagree with the changelog
    // after an exactly-once transaction is aborted. Cached: writes reach the changelog when the task commits (the
    // cache is flushed before the offsets are), so an event classified within the commit interval it arrived in
    // costs the changelog one small tombstone instead of its whole serialized self and then a tombstone, while an
    // event still waiting at a commit is in the changelog as before.
    StoreBuilder<KeyValueStore<Long, PendingEvent>> buffer = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(BATCH_STORE), Serdes.Long(), new PendingEventSerde())
        .withLoggingEnabled(Map.of())
        .withCachingEnabled();

    topology
        .addSource(SOURCE, Serdes.String().deserializer(), serdes.textEvent().deserializer(), topics.textEvents())
        .addProcessor(VALIDATE, () -> new ValidationProcessor(validator), SOURCE)
        .addProcessor(BATCHER, () -> new MicroBatcher(BATCH_STORE, settings.batching(), batchClassifier, observer,
            drain, Serdes.String().serializer(), serdes.textEvent().serializer(), children), VALIDATE)
        .addStateStore(buffer, BATCHER)
        .addSink(LABELS_SINK, topics.textLabels(), Serdes.String().serializer(),
            serdes.classification().serializer(), BATCHER)
        .addSink(TELEMETRY_SINK, topics.exitTelemetry(), Serdes.String().serializer(),
            serdes.telemetry().serializer(), BATCHER)
        .addProcessor(CLASSIFIER_FAILURES, DeadLetterRelay::new, BATCHER);
    return topology;
  }

  /**
   * The Streams settings that send bad records to {@code settings.topics().deadLetters()}: the deserialization
   * and processing exception handlers, {@code errors.dead.letter.queue.topic.name} and the listener.
   */
  public static Map<String, Object> deadLetterConfig(TopologySettings settings, DeadLetterListener listener) {
    return DeadLetterConfig.streamsConfig(settings.topics().deadLetters(), listener);
  }
}
