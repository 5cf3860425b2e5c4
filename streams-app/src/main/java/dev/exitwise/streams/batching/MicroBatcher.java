package dev.exitwise.streams.batching;

import dev.exitwise.avro.TextEvent;
import dev.exitwise.model.inference.ClassifyRequest;
import dev.exitwise.model.inference.ClassifyResult;
import dev.exitwise.model.inference.UnknownTenantException;
import dev.exitwise.streams.deadletter.DeadLetterException;
import dev.exitwise.streams.deadletter.DeadLetterReason;
import dev.exitwise.streams.deadletter.DeadLetterSource;
import dev.exitwise.streams.inference.BatchClassifier;
import dev.exitwise.streams.inference.ModelVersionInfo;
import dev.exitwise.streams.inference.OutputRecords;
import dev.exitwise.streams.inference.RowResult;
import dev.exitwise.streams.telemetry.ExitSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
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
 * with the input key, timestamp and headers (so correlation ids and {@code traceparent} travel on); a row the model
 * fails on goes to {@link Children#deadLetters()}, with the same headers.
 *
 * <p>Waiting events live in a changelogged key-value store keyed by an arrival sequence number, never only in
 * memory: Kafka Streams commits the offsets of records handed to {@code process()} whether or not they were
 * forwarded, so a crash with an in-memory buffer would lose them; with the store, the buffer is committed with the
 * offsets and a new owner of the task restores it and classifies it. The store may be cached (the topology caches
 * it): Kafka Streams flushes a store's cache to its changelog before it commits the task's offsets, so a commit
 * covers the same buffer either way, and an event put and deleted between two commits never reaches the changelog
 * whole.
 *
 * <p>A batch is sent to the model when it reaches the batch size (in {@code process()}) or when its oldest event
 * has waited the maximum wait (a wall-clock punctuator). A full batch is classified on the stream thread's model
 * thread (see {@link ClassifierPool}) while the stream thread goes on reading the next batch and committing, so
 * under load the model does not stand idle through a commit; at most one batch per task is with the model, and
 * {@code process()} waits for it once the next batch is full, so the buffer holds at most two batches. A batch
 * that the maximum wait sends to an idle model is waited for at once: input is sparse, and its outputs should not
 * wait for the next poll as well. An event stays in the store until its outputs are forwarded, so a commit while
 * its batch is with the model still covers it. A batch holds the events of one task (one input partition) and may
 * mix tenants. See {@link DrainSignal} for why nothing is flushed in {@link #close()}.
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

  /** A batch with the model: its store entries, when it was sent, and the model's answer to come. */
  private record InFlight(List<KeyValue<Long, PendingEvent>> rows, long sentAtMillis,
      CompletableFuture<BatchClassifier.ClassifiedBatch> result) {}

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
  private PendingQueue queue = new PendingQueue();
  private InFlight inFlight;
  /**
   * The task's clock as far as this batcher has seen it move. Kafka Streams reads the wall clock once per pass over
   * a poll's records, so an event handed to {@code process()} after the stream thread waited for the model would
   * carry the time from before that wait: it would look that much older, and the max-wait punctuator would send it
   * at once in a small batch. The time the stream thread spends in model calls and waits is added here instead.
   */
  private long clockFloorMillis;

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
    queue = new PendingQueue();
    inFlight = null;
    try (KeyValueIterator<Long, PendingEvent> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<Long, PendingEvent> entry = all.next();
        queue.restore(entry.key, entry.value.enqueuedAtMillis());
      }
    }
    changePending(queue.restored());
    punctuation = context.schedule(Duration.ofMillis(settings.punctuationIntervalMillis()),
        PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
  }

  @Override
  public void process(Record<String, TextEvent> record) {
    RecordMetadata source = context().recordMetadata().orElseThrow();
    long now = now();
    store.put(queue.add(now), new PendingEvent(record.key(), record.value(), source.topic(), source.partition(),
        source.offset(), record.timestamp(), now, record.headers()));
    changePending(1);
    advance(false);
    while (queue.waiting() >= settings.batchSize()) {
      advance(true); // a full batch waits while another is with the model: take that one's answer, send this one
    }
    drainIfAsked();
  }

  private void onWallClock(long timestamp) {
    advance(false);
    drainIfAsked();
  }

  private void drainIfAsked() {
    while (drain.isDraining() && !queue.isEmpty()) {
      advance(true);
    }
  }

  /**
   * Forwards the batch that is with the model once it is answered ({@code await}: waiting for the answer), and
   * sends the next batch when one is due, before forwarding, so the model starts on it at once.
   */
  private void advance(boolean await) {
    while (true) {
      if (inFlight != null) {
        if (!await && !inFlight.result().isDone()) {
          return;
        }
        await = false;
        InFlight answered = inFlight;
        inFlight = null;
        long waitStart = System.nanoTime();
        BatchClassifier.ClassifiedBatch classified = streamThreadWaits(() -> answer(answered));
        observer.onModelAnswer((System.nanoTime() - waitStart) / 1_000);
        if (due()) {
          send();
        }
        forward(answered, classified);
      } else if (due()) {
        boolean byMaxWait = queue.waiting() < settings.batchSize() && !drain.isDraining();
        send();
        if (byMaxWait) {
          await = true; // nothing else is at hand: wait for it rather than for the next poll
        }
      } else {
        return;
      }
    }
  }

  private boolean due() {
    return queue.due(settings.batchSize(), drain.isDraining(), settings.maxWaitMillis(), now());
  }

  /** Sends the oldest waiting events, up to a batch, to the model; nothing may be with it. */
  private void send() {
    List<KeyValue<Long, PendingEvent>> rows = new ArrayList<>(Math.min(queue.waiting(), settings.batchSize()));
    try (KeyValueIterator<Long, PendingEvent> next = store.range(queue.firstWaitingSequence(), Long.MAX_VALUE)) {
      while (next.hasNext() && rows.size() < settings.batchSize()) {
        rows.add(next.next());
      }
      if (next.hasNext()) {
        KeyValue<Long, PendingEvent> oldest = next.next();
        queue.sent(rows.size(), oldest.key, oldest.value.enqueuedAtMillis());
      } else {
        queue.sentAll(rows.size());
      }
    }
    List<ClassifyRequest> requests = new ArrayList<>(rows.size());
    for (KeyValue<Long, PendingEvent> entry : rows) {
      TextEvent event = entry.value.event();
      requests.add(new ClassifyRequest(event.getTenant(), event.getText(), event.getInstruction()));
    }
    long sentAtMillis = now();
    inFlight = new InFlight(rows, sentAtMillis, streamThreadWaits(() -> classifier.submit(requests)));
  }

  private static BatchClassifier.ClassifiedBatch answer(InFlight batch) {
    try {
      return batch.result().join();
    } catch (CompletionException failed) {
      // the batch classifier turns a model's exceptions into failed rows; what is left is an Error, which must stop
      // the stream thread
      if (failed.getCause() instanceof Error error) {
        throw error;
      }
      throw failed;
    }
  }

  private void forward(InFlight batch, BatchClassifier.ClassifiedBatch classified) {
    long processedMillis = context().currentSystemTimeMs();
    for (int i = 0; i < batch.rows().size(); i++) {
      PendingEvent row = batch.rows().get(i).value;
      RowResult result = classified.rows().get(i);
      if (result instanceof RowResult.Classified ok) {
        forwardClassified(row, ok, classified.version(), batch.sentAtMillis(), processedMillis);
      } else {
        RuntimeException error = ((RowResult.Failed) result).error();
        // a tenant removed from the model after its event was checked is an unknown tenant, not a model failure
        DeadLetterException deadLetter = error instanceof UnknownTenantException
            ? new DeadLetterException(DeadLetterReason.UNKNOWN_TENANT, error.getMessage(), null, deadLetterSource(row),
                error)
            : new DeadLetterException(DeadLetterReason.CLASSIFIER_FAILURE, "the model failed on this row alone: "
                + error, row.event().getTenant(), deadLetterSource(row), error);
        context().forward(new Record<>(row.key(), deadLetter, row.timestamp(), row.headers()),
            children.deadLetters());
      }
      store.delete(batch.rows().get(i).key);
    }
    queue.forwarded(batch.rows().size());
    changePending(-batch.rows().size());
    observer.onBatch(batch.rows().size(), classified.inferenceMicros());
  }

  private void forwardClassified(PendingEvent row, RowResult.Classified ok, ModelVersionInfo version,
      long sentAtMillis, long processedMillis) {
    ClassifyResult result = ok.result();
    long queueMicros = Math.max(0, sentAtMillis - row.enqueuedAtMillis()) * 1_000;
    context().forward(new Record<>(row.key(),
        OutputRecords.classification(row.event(), result, version, processedMillis), row.timestamp(),
        row.headers()), children.labels());
    context().forward(new Record<>(row.key(), OutputRecords.telemetry(row.event(), result, version, ok.batchSize(),
        queueMicros, ok.inferenceMicros(), processedMillis), row.timestamp(), row.headers()), children.telemetry());
    observer.onClassified(result.tenant(), result.exitLayer(), queueMicros, result.truncated());
    observer.onOutput(result.tenant(),
        ExitSample.latencyMillis(row.event().getEventTime().toEpochMilli(), processedMillis));
  }

  private long now() {
    return Math.max(context().currentSystemTimeMs(), clockFloorMillis);
  }

  /** Runs what holds up the stream thread (a model call on it, or a wait for one) and moves the clock floor on. */
  private <T> T streamThreadWaits(Supplier<T> work) {
    long start = System.nanoTime();
    try {
      return work.get();
    } finally {
      clockFloorMillis = now() + (System.nanoTime() - start) / 1_000_000;
    }
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
    if (inFlight != null) {
      // its answer is dropped: the task has committed, and its events are in the store for the next owner; waiting
      // keeps the model thread free for that owner and the pool from closing the model under the call
      inFlight.result().handle((answer, failure) -> null).join();
      inFlight = null;
    }
    // the events still here stay in the store (and its changelog) for the task's next owner
    changePending(-queue.release());
  }
}
