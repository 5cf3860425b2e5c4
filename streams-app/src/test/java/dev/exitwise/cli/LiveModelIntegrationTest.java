package dev.exitwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.avro.Classification;
import dev.exitwise.avro.ExitTelemetry;
import dev.exitwise.avro.TextEvent;
import dev.exitwise.model.publish.ModelDirectory;
import dev.exitwise.model.testing.TinyModels;
import dev.exitwise.streams.Topics;
import dev.exitwise.streams.TopologySerdes;
import dev.exitwise.streams.config.ExitwiseConfig;
import dev.exitwise.streams.deadletter.DeadLetterHeaders;
import dev.exitwise.streams.deadletter.DeadLetterReason;
import dev.exitwise.streams.testing.EmbeddedKafka;
import dev.exitwise.streams.testing.PublishedModels;
import dev.exitwise.streams.testing.ServiceTestSettings;
import dev.exitwise.streams.testing.TestModels;
import dev.exitwise.streams.testing.TestSerdes;
import dev.exitwise.streams.testing.TextEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exitwise run} takes up a new model version while events flow, on a KRaft broker in this JVM with real model
 * directories of the tiny random-weight model: it starts serving one tenant (the other's events are dead letters),
 * the second tenant is published into the model directory, and from the swap on its events are labelled; every input
 * id comes out exactly once across text-labels and the dead letters (read_committed), the version fields change at
 * the swap, the consumer group does not rebalance, and a corrupt version published later is refused while the
 * service keeps serving.
 */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LiveModelIntegrationTest {
  @RegisterExtension
  static final EmbeddedKafka kafka = EmbeddedKafka.perClass();

  private static final List<String> EMOTIONS = List.of("admiration", "anger", "joy", "sadness", "neutral");
  private static final List<String> MODERATION = List.of("hateful", "offensive");

  private final String name = "live-" + Long.toHexString(System.nanoTime());
  private final HttpClient http = HttpClient.newHttpClient();
  private int port;

  @TempDir
  Path dir;

  @AfterEach
  void dropRegistryScope() {
    TestSerdes.dropScope(name);
  }

  @Test
  void addsATenantWhileEventsFlowWithoutLossDuplicatesOrRebalance() throws Exception {
    Topics topics = kafka.createTopics(name, 2);
    Path backbone = dir.resolve("backbone");
    TinyModels.writeBackboneDirectory(backbone, TestModels.SEED);
    Path model = dir.resolve("model");
    ModelDirectory.Published first = TinyModels.publish(model, backbone, TestModels.SEED,
        Map.of(TestModels.EMOTIONS, EMOTIONS));

    Map<String, String> environment = ServiceTestSettings.runEnvironment(kafka.bootstrapServers(), name,
        TestSerdes.mockUrl(name), dir.resolve("state"), 100);
    environment.put("EXITWISE_BATCH_SIZE", "8");
    environment.put("EXITWISE_BATCH_MAX_WAIT_MS", "50");
    List<String> arguments = new ArrayList<>(List.of("--model-dir", model.toString(),
        "--set", ExitwiseConfig.MODEL_RELOAD_INTERVAL_MS + "=200",
        "--set", ExitwiseConfig.MODEL_THREADS + "=1", "--set", "num.stream.threads=2"));
    arguments.addAll(ServiceTestSettings.setArguments(topics));
    RunCommand run = new RunCommand(Wiring.production().withEnvironment(environment));
    InProcessRun running = InProcessRun.start(run, Duration.ofSeconds(60), arguments);
    try {
      checkSwapAndOutputs(running, topics, backbone, model, first);
    } finally {
      run.requestStop(); // a no-op after the test's own stop; after a failure, no service outlives the test
    }
  }

  private void checkSwapAndOutputs(InProcessRun running, Topics topics, Path backbone, Path model,
      ModelDirectory.Published first) throws Exception {
    port = running.service().httpPort();
    awaitReady(Duration.ofSeconds(40)); // the first rebalance is over: any later one would be the swap's
    String v1 = "tiny-random-" + TestModels.SEED + "@" + first.id();
    assertTrue(get("/health").contains("model " + v1), get("/health"));

    Flow flow = Flow.start(kafka.producer(), topics.textEvents(), TestSerdes.mock(name).textEvent().serializer());
    String v2;
    int firstAfterSwap;
    try {
      awaitCount(topics.deadLetters(), 5);
      double rebalancesBefore = rebalances();

      ModelDirectory.Published second = TinyModels.publish(model, backbone, TestModels.SEED,
          Map.of(TestModels.MODERATION, MODERATION));
      v2 = "tiny-random-" + TestModels.SEED + "@" + second.id();
      awaitBody("/health", "model " + v2, Duration.ofSeconds(20));
      firstAfterSwap = flow.nextSequence(); // every event from here on is checked against the new tenants
      awaitBody("/metrics", "exitwise_model_swaps_total 1.0", Duration.ofSeconds(5));
      String metrics = get("/metrics");
      assertTrue(metrics.lines().anyMatch(line -> line.startsWith("exitwise_model_tenant_info{")
          && line.contains("tenant=\"moderation\"") && line.contains("model_version=\"" + v2 + "\"")),
          "the served tenants' gauge names the new version");

      String corrupt = PublishedModels.corruptCopy(model, "000900-corrupt");
      awaitBody("/health", "model refused: version " + corrupt, Duration.ofSeconds(20));
      assertTrue(get("/health").contains("model " + v2), "the served version keeps serving");
      awaitBody("/metrics", "exitwise_model_rejected_total 1.0", Duration.ofSeconds(5));
      int beforeWait = flow.nextSequence();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (flow.nextSequence() < beforeWait + 50) {
        assertTrue(System.nanoTime() < deadline, "the producer stalled");
        Thread.sleep(50);
      }
      assertEquals(rebalancesBefore, rebalances(), "the swap and the refusal cost no rebalance");
    } finally {
      flow.stop();
    }
    Map<String, String> produced = flow.produced();
    // every event sent has come out (committed) before the stop, so the counts below are the whole story
    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    while (kafka.readCommitted(topics.textLabels(), 0, Duration.ZERO, Duration.ofMillis(200)).size()
        + kafka.readCommitted(topics.deadLetters(), 0, Duration.ZERO, Duration.ofMillis(200)).size()
        < produced.size()) {
      assertTrue(System.nanoTime() < deadline, "not every event came out");
    }
    running.stop();

    TopologySerdes serdes = TestSerdes.mock(name);
    Map<String, Classification> labelled = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : kafka.readCommitted(topics.textLabels(), 0, Duration.ZERO,
        Duration.ofSeconds(2))) {
      Classification value = serdes.classification().deserializer().deserialize(record.topic(), record.value());
      assertEquals(null, labelled.put(record.key(), value), "labelled twice: " + record.key());
    }
    Set<String> deadLettered = new HashSet<>();
    for (ConsumerRecord<String, byte[]> record : kafka.readCommitted(topics.deadLetters(), 0, Duration.ZERO,
        Duration.ofSeconds(2))) {
      assertTrue(deadLettered.add(record.key()), "dead-lettered twice: " + record.key());
      assertEquals(DeadLetterReason.UNKNOWN_TENANT.code(), header(record, DeadLetterHeaders.REASON));
      assertEquals(TestModels.MODERATION, produced.get(record.key()), "only the unserved tenant is refused");
      assertTrue(Flow.sequence(record.key()) < firstAfterSwap, "dead-lettered after the swap: " + record.key());
    }
    Set<String> out = new HashSet<>(labelled.keySet());
    out.addAll(deadLettered);
    assertEquals(labelled.size() + deadLettered.size(), out.size(), "an id both labelled and dead-lettered");
    assertEquals(produced.keySet(), out, "every input id comes out exactly once");

    Set<String> versions = new HashSet<>();
    Set<String> emotionsAdapters = new HashSet<>();
    int moderationLabelled = 0;
    for (Classification value : labelled.values()) {
      versions.add(value.getModelVersion());
      if (TestModels.MODERATION.equals(value.getTenant())) {
        moderationLabelled++;
        assertEquals(v2, value.getModelVersion(), "only the new version serves the new tenant");
      } else {
        emotionsAdapters.add(value.getAdapterVersion());
      }
    }
    assertEquals(Set.of(v1, v2), versions, "the version changes at the swap, once");
    assertEquals(1, emotionsAdapters.size(), "emotions' weights did not change: " + emotionsAdapters);
    assertTrue(moderationLabelled > 0 && !deadLettered.isEmpty(), moderationLabelled + " " + deadLettered.size());
    ExitTelemetry telemetry = serdes.telemetry().deserializer().deserialize(topics.exitTelemetry(),
        kafka.readCommitted(topics.exitTelemetry(), 1, Duration.ofSeconds(5), Duration.ZERO).get(0).value());
    assertTrue(versions.contains(telemetry.getModelVersion()), "telemetry names the model version");
    assertNotNull(telemetry.getAdapterVersion());
  }

  /** The sum of the consumers' rebalance counters on /metrics. */
  private double rebalances() throws Exception {
    List<String> lines = get("/metrics").lines()
        .filter(line -> line.startsWith("kafka_consumer_coordinator_rebalance_total")).toList();
    assertTrue(!lines.isEmpty(), "no rebalance counter on /metrics");
    return lines.stream().mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  private void awaitCount(String topic, int count) {
    assertTrue(kafka.readCommitted(topic, count, Duration.ofSeconds(30), Duration.ZERO).size() >= count,
        "fewer than " + count + " records on " + topic);
  }

  private void awaitReady(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
      assertTrue(System.nanoTime() < deadline, "never ready");
      Thread.sleep(50);
    }
  }

  private void awaitBody(String path, String expected, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String body = "";
    while (System.nanoTime() < deadline) {
      body = get(path);
      if (body.contains(expected)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(path + " never said '" + expected + "'; last: " + body);
  }

  private String get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static String header(ConsumerRecord<?, ?> record, String key) {
    Header header = record.headers().lastHeader(key);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** A producer thread sending an event every few milliseconds, the tenants alternating, ids in sequence. */
  private static final class Flow {
    private final Map<String, String> produced = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private CompletableFuture<Void> sending;

    static Flow start(KafkaProducer<String, byte[]> producer, String topic, Serializer<TextEvent> serializer) {
      Flow flow = new Flow();
      flow.sending = CompletableFuture.runAsync(() -> {
        try (producer) {
          while (!flow.stopping.get()) {
            int sequence = flow.next.get();
            String id = String.format("live-%06d", sequence);
            String tenant = sequence % 2 == 0 ? TestModels.EMOTIONS : TestModels.MODERATION;
            TextEvent event = TextEvents.event(id, tenant, "event number " + sequence + " of the flow",
                Instant.now());
            producer.send(new ProducerRecord<>(topic, id, serializer.serialize(topic, event)));
            flow.produced.put(id, tenant);
            flow.next.incrementAndGet();
            Thread.sleep(10);
          }
          producer.flush();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      return flow;
    }

    /** The sequence number of the next event to be sent. */
    int nextSequence() {
      return next.get();
    }

    static int sequence(String id) {
      return Integer.parseInt(id.substring(id.indexOf('-') + 1));
    }

    void stop() throws Exception {
      stopping.set(true);
      sending.get(30, TimeUnit.SECONDS);
    }

    Map<String, String> produced() {
      return Map.copyOf(produced);
    }
  }
}
