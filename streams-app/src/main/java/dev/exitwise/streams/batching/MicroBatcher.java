package dev.exitwise.streams.batching;

import dev.exitwise.avro.TextEvent;
import dev.exitwise.model.inference.ClassifyRequest;
import dev.exitwise.model.inference.ClassifyResult;
import dev.exitwise.streams.deadletter.DeadLetterException;
import dev.exitwise.streams.deadletter.DeadLetterReason;
import dev.exitwise.streams.deadletter.DeadLetterSource;
import dev.exitwise.streams.inference.BatchClassifier;
import dev.exitwise.streams.inference.OutputRecords;
import dev.exitwise.streams.inference.RowResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Collects valid events into batches for the model and forwards, per event and in arrival order, a {@code
 * Classification} to {@link Children#labels()} and an {@code ExitTelemetry} to {@link Children#telemetry()}, both
 * with the input key and timestamp; a row the model fails on goes to {@link Children#deadLetters()}.
 *
 * <p>Waiting events live in a changelogged key-value store keyed by an arrival sequence number, never only in
 * memory: Kafka Streams commits the offsets of records handed to {@code process()} whether or not they were
 * forwarded, so a crash with an in-memory buffer would lose them; with the store, the buffer is committed with the
 * offsets and a new owner of the task restores it and classifies it. The store may be cached (the topology caches
 * it): Kafka Streams flushes a store's cache to its changelog before it commits the task's offsets, so a commit
 * covers the same buffer either way, and an event put and deleted between two commits never reaches the changelog
 * whole. A batch is classified when it reaches the batch size (in {@code process()}) or when its oldest event has
 * waited the maximum wait (a wall-clock punctuator), so the batch size and the wait bound the time between polls. A
 * batch holds the events of one task (one input partition) and may mix tenants. See {@link DrainSignal} for why
 * nothing is flushed in {@link #close()}.
 */
public final class MicroBatcher extends ContextualProcessor<String, TextEvent, String, Object> {

  /**
   * The names of the child nodes the batcher forwards to.
   *
   * @param labels receives {@code Classification} values
   * @param telemetry receives {@code ExitTelemetry} values
   * @param deadLetters receives {@link DeadLetterException} values (a {@code DeadLetterRelay})
   */
  public record Children(String labels, String telemetry, String deadLetters) {}

  private final String storeName;
  private final BatchingSettings settings;
  private final BatchClassifier classifier;
  private final BatchObserver observer;
  private final DrainSignal drain;
  private final Serializer<String> keySerializer;
  private final Serializer<TextEvent> eventSerializer;
  private final Children children;

  private KeyValueStore<Long, PendingEvent> store;
  private Cancellable punctuation;
  private long nextSequence;
  private int pending;
  private long oldestEnqueuedAtMillis;
  /**
   * When the last model call ended, on the task's clock. Kafka Streams reads the wall clock once per pass over a
   * poll's records, so an event handed to {@code process()} right after a model call would carry the time from
   * before that call: it would look a whole model call old, and the max-wait punctuator would classify it at once in
   * a small batch. Its wait counts from the end of the call instead.
   */
  private long modelIdleSinceMillis;

  /**
   * @param storeName the buffer store, a {@code KeyValueStore<Long, PendingEvent>} connected to this node
   * @param keySerializer and {@code eventSerializer}: give a failed row's dead letter the bytes of its input record
   */
  public MicroBatcher(String storeName, BatchingSettings settings, BatchClassifier classifier,
      BatchObserver observer, DrainSignal drain, Serializer<String> keySerializer,
      Serializer<TextEvent> eventSerializer, Children children) {
    this.storeName = storeName;
    this.settings = settings;
    this.classifier = classifier;
    this.observer = observer;
    this.drain = drain;
    this.keySerializer = keySerializer;
    this.eventSerializer = eventSerializer;
    this.children = children;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    super.init(context);
    store = context.getStateStore(storeName);
    // events restored from the changelog were pending when the previous owner stopped: count them, and classify
    // them at the first punctuation (their wait has long passed)
    nextSequence = 0;
    pending = 0;
    try (KeyValueIterator<Long, PendingEvent> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<Long, PendingEvent> entry = all.next();
        if (pending == 0) {
          oldestEnqueuedAtMillis = entry.value.enqueuedAtMillis();
        }
        pending++;
        nextSequence = Math.max(nextSequence, entry.key + 1);
      }
    }
    changePending(pending);
    punctuation = context.schedule(Duration.ofMillis(settings.punctuationIntervalMillis()),
        PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
  }

  @Override
  public void process(Record<String, TextEvent> record) {
    RecordMetadata source = context().recordMetadata().orElseThrow();
    long now = Math.max(context().currentSystemTimeMs(), modelIdleSinceMillis);
    store.put(nextSequence++, new PendingEvent(record.key(), record.value(), source.topic(), source.partition(),
        source.offset(), record.timestamp(), now));
    if (pending == 0) {
      oldestEnqueuedAtMillis = now;
    }
    changePending(1);
    pending++;
    if (pending >= settings.batchSize() || drain.isDraining()) {
      flushAll();
    }
  }

  private void onWallClock(long timestamp) {
    if (pending == 0) {
      return;
    }
    if (drain.isDraining() || context().currentSystemTimeMs() - oldestEnqueuedAtMillis >= settings.maxWaitMillis()) {
      flushAll();
    }
  }

  private void flushAll() {
    while (pending > 0) {
      flushBatch(Math.min(pending, settings.batchSize()));
    }
  }

  private void flushBatch(int size) {
    List<KeyValue<Long, PendingEvent>> batch = new ArrayList<>(size);
    try (KeyValueIterator<Long, PendingEvent> all = store.all()) {
      while (all.hasNext() && batch.size() < size) {
        batch.add(all.next());
      }
    }
    List<ClassifyRequest> requests = new ArrayList<>(batch.size());
    for (KeyValue<Long, PendingEvent> entry : batch) {
      TextEvent event = entry.value.event();
      requests.add(new ClassifyRequest(event.getTenant(), event.getText(), event.getInstruction()));
    }
    long flushStartMillis = context().currentSystemTimeMs();
    BatchClassifier.ClassifiedBatch classified = classifier.classify(requests);
    modelIdleSinceMillis = Math.max(flushStartMillis, modelIdleSinceMillis) + classified.inferenceMicros() / 1_000;
    long processedMillis = context().currentSystemTimeMs();
    String modelVersion = classifier.modelVersion();
    for (int i = 0; i < batch.size(); i++) {
      PendingEvent row = batch.get(i).value;
      RowResult result = classified.rows().get(i);
      if (result instanceof RowResult.Classified ok) {
        forwardClassified(row, ok, modelVersion, flushStartMillis, processedMillis);
      } else {
        RuntimeException error = ((RowResult.Failed) result).error();
        DeadLetterException deadLetter = new DeadLetterException(DeadLetterReason.CLASSIFIER_FAILURE,
            "the model failed on this row alone: " + error, row.event().getTenant(), deadLetterSource(row), error);
        context().forward(new Record<>(row.key(), deadLetter, row.timestamp()), children.deadLetters());
      }
      store.delete(batch.get(i).key);
    }
    pending -= batch.size();
    changePending(-batch.size());
    observer.onBatch(batch.size(), classified.inferenceMicros());
    if (pending > 0) {
      try (KeyValueIterator<Long, PendingEvent> all = store.all()) {
        oldestEnqueuedAtMillis = all.next().value.enqueuedAtMillis();
      }
    }
  }

  private void forwardClassified(PendingEvent row, RowResult.Classified ok, String modelVersion,
      long flushStartMillis, long processedMillis) {
    ClassifyResult result = ok.result();
    long queueMicros = Math.max(0, flushStartMillis - row.enqueuedAtMillis()) * 1_000;
    context().forward(new Record<>(row.key(),
        OutputRecords.classification(row.event(), result, modelVersion, processedMillis), row.timestamp()),
        children.labels());
    context().forward(new Record<>(row.key(), OutputRecords.telemetry(row.event(), result, ok.batchSize(),
        queueMicros, ok.inferenceMicros(), processedMillis), row.timestamp()), children.telemetry());
    observer.onClassified(result.tenant(), result.exitLayer(), queueMicros, result.truncated());
  }

  private DeadLetterSource deadLetterSource(PendingEvent row) {
    return new DeadLetterSource(row.topic(), row.partition(), row.offset(), row.timestamp(),
        keySerializer.serialize(row.topic(), row.key()), eventSerializer.serialize(row.topic(), row.event()));
  }

  private void changePending(int delta) {
    if (delta != 0) {
      observer.onPendingChange(delta);
      drain.onPendingChange(delta);
    }
  }

  @Override
  public void close() {
    if (punctuation != null) {
      punctuation.cancel();
    }
    // the events still here stay in the store (and its changelog) for the task's next owner
    changePending(-pending);
    pending = 0;
  }
}
