package dev.exitwise.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.avro.Classification;
import dev.exitwise.avro.TextEvent;
import dev.exitwise.model.inference.ClassifyRequest;
import dev.exitwise.model.inference.ClassifyResult;
import dev.exitwise.model.inference.ForwardingTextClassifier;
import dev.exitwise.model.inference.TextClassifier;
import dev.exitwise.streams.batching.BatchingSettings;
import dev.exitwise.streams.deadletter.DeadLetterListener;
import dev.exitwise.streams.inference.ClassifierPool;
import dev.exitwise.streams.testing.TestModels;
import dev.exitwise.streams.testing.TextEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The micro-batcher with the service's model thread: a full batch is classified off the stream thread while the
 * stream thread reads on, the next full batch waits for it, outputs keep arrival order, and an event stays in the
 * changelogged buffer while its batch is with the model.
 */
@Timeout(60)
class ModelThreadTest {
  private static final Instant EVENT_TIME = TopologyHarness.START.minusMillis(100);
  /** Long enough that only a full batch sends anything in these tests. */
  private static final long MAX_WAIT_MILLIS = 600_000;

  /** The tiny model, held at a gate before each call until the test opens it; records the calling threads. */
  private final CountDownLatch gate = new CountDownLatch(1);
  private final CountDownLatch firstCallStarted = new CountDownLatch(1);
  private final List<String> callingThreads = new CopyOnWriteArrayList<>();
  private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
  private final Supplier<TextClassifier> gated = () -> new ForwardingTextClassifier(TestModels.classifier().get()) {
    @Override
    public List<ClassifyResult> classify(List<ClassifyRequest> batch) {
      callingThreads.add(Thread.currentThread().getName());
      batchSizes.add(batch.size());
      firstCallStarted.countDown();
      try {
        if (!gate.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never opened the gate");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return super.classify(batch);
    }
  };

  @AfterEach
  void openTheGate() {
    gate.countDown(); // so that a failed test does not leave the model thread waiting
  }

  private TopologyHarness harness() {
    return new TopologyHarness(
        TopologySettings.DEFAULTS.withBatching(new BatchingSettings(2, MAX_WAIT_MILLIS)), DeadLetterListener.NONE,
        gated, ClassifierPool.ModelCalls.ON_MODEL_THREAD);
  }

  private static List<TextEvent> events(int count) {
    return TextEvents.goEmotions("m", count, EVENT_TIME);
  }

  private static List<String> ids(List<TextEvent> events, int from, int to) {
    return events.subList(from, to).stream().map(TextEvent::getId).toList();
  }

  /** Lets punctuations run until {@code count} classifications are out, and returns their ids. */
  private static List<String> awaitLabels(TopologyHarness harness, int count) throws InterruptedException {
    List<String> ids = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (ids.size() < count && System.nanoTime() < deadline) {
      harness.advance(Duration.ofMillis(1));
      harness.labels.readValuesToList().stream().map(Classification::getId).forEach(ids::add);
      Thread.sleep(5);
    }
    return ids;
  }

  @Test
  void aFullBatchIsClassifiedOnTheModelThreadWhileTheStreamThreadReadsOn() throws Exception {
    List<TextEvent> events = events(4);
    try (TopologyHarness harness = harness()) {
      harness.events.pipeInput(events.get(0).getId(), events.get(0));
      harness.events.pipeInput(events.get(1).getId(), events.get(1)); // a full batch: sent, not waited for
      assertTrue(firstCallStarted.await(30, TimeUnit.SECONDS));
      harness.events.pipeInput(events.get(2).getId(), events.get(2)); // read while the model is busy
      assertTrue(harness.labels.isEmpty(), "nothing is forwarded before the model answers");
      assertEquals(List.of(Thread.currentThread().getName() + "-model"), callingThreads);

      gate.countDown();
      assertEquals(ids(events, 0, 2), awaitLabels(harness, 2));
      for (int i = 0; i < 20; i++) { // more punctuations: the one waiting event must not go alone
        harness.advance(Duration.ofMillis(1));
        Thread.sleep(5);
      }
      assertEquals(List.of(2), batchSizes, "the third event waits for a full batch");
      assertTrue(harness.labels.isEmpty());
      harness.events.pipeInput(events.get(3).getId(), events.get(3));
      assertEquals(ids(events, 2, 4), awaitLabels(harness, 2));
      assertEquals(List.of(2, 2), batchSizes);
      assertEquals(4, harness.telemetry.getQueueSize());
    }
  }

  @Test
  void theNextFullBatchWaitsForTheOneWithTheModelAndOrderIsKept() throws Exception {
    List<TextEvent> events = events(4);
    try (TopologyHarness harness = harness()) {
      for (int i = 0; i < 3; i++) {
        harness.events.pipeInput(events.get(i).getId(), events.get(i));
      }
      assertTrue(firstCallStarted.await(30, TimeUnit.SECONDS));
      Thread opener = new Thread(() -> {
        try {
          Thread.sleep(300);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        gate.countDown();
      });
      long start = System.nanoTime();
      opener.start();
      harness.events.pipeInput(events.get(3).getId(), events.get(3)); // fills the second batch: must wait
      long waitedMillis = (System.nanoTime() - start) / 1_000_000;
      opener.join();
      assertTrue(waitedMillis >= 250, "process() returned after " + waitedMillis + " ms, before the model answered");
      List<String> forwarded = new ArrayList<>();
      harness.labels.readValuesToList().stream().map(Classification::getId).forEach(forwarded::add);
      assertTrue(forwarded.size() >= 2, "the answered batch is forwarded when the next one is sent: " + forwarded);
      forwarded.addAll(awaitLabels(harness, 4 - forwarded.size()));
      assertEquals(ids(events, 0, 4), forwarded);
    }
  }

  @Test
  void eventsWithTheModelAreInTheChangelogUntilTheirOutputsAreForwarded() throws Exception {
    List<TextEvent> events = events(2);
    try (TopologyHarness harness = harness()) {
      TestOutputTopic<Long, byte[]> changelog = harness.driver.createOutputTopic(
          "topology-test-" + ClassifierTopology.BATCH_STORE + "-changelog", new LongDeserializer(),
          new ByteArrayDeserializer());
      for (TextEvent event : events) {
        harness.events.pipeInput(event.getId(), event);
      }
      assertTrue(firstCallStarted.await(30, TimeUnit.SECONDS));
      harness.advance(Duration.ofMillis(1)); // a punctuation and a commit while the model is busy
      List<KeyValue<Long, byte[]>> committed = changelog.readKeyValuesToList();
      assertEquals(List.of(0L, 1L), committed.stream().map(kv -> kv.key).toList());
      assertTrue(committed.stream().allMatch(kv -> kv.value != null && kv.value.length > 0),
          "a crash now must find both events in the buffer");

      gate.countDown();
      assertEquals(ids(events, 0, 2), awaitLabels(harness, 2));
      harness.advance(Duration.ofMillis(1));
      List<KeyValue<Long, byte[]>> forwarded = changelog.readKeyValuesToList();
      assertEquals(List.of(0L, 1L), forwarded.stream().map(kv -> kv.key).toList());
      assertTrue(forwarded.stream().allMatch(kv -> kv.value == null), "tombstones once forwarded");
    }
  }
}
