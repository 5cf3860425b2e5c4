package dev.exitwise.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.avro.TextEvent;
import dev.exitwise.cli.Wiring;
import dev.exitwise.streams.config.ServiceSettings;
import dev.exitwise.streams.deadletter.InfrastructureFailures;
import dev.exitwise.streams.inference.ClassifierPool;
import dev.exitwise.streams.testing.EmbeddedKafka;
import dev.exitwise.streams.testing.ServiceTestSettings;
import dev.exitwise.streams.testing.StoppableRegistry;
import dev.exitwise.streams.testing.TestModels;
import dev.exitwise.streams.testing.TextEvents;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A registry outage of 30 s in the middle of a stream, met by restarted instances whose schema
 * caches are empty (so they must ask the registry about every schema). Before, each well-formed event became an
 * "undecodable" dead letter after the client's retries, and a SIGTERM during the outage took 15 s. Now the service
 * waits, says so on {@code /ready} and in {@code exitwise_infrastructure_waiting}, stops promptly when asked, and
 * once the registry is back labels every event exactly once, with no dead letter.
 */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RegistryOutageIntegrationTest {
  private static final Duration OUTAGE = Duration.ofSeconds(30);
  private static final String WAITING = "exitwise_infrastructure_waiting{reason=\"registry-unavailable\"}";

  @RegisterExtension
  static final EmbeddedKafka kafka = EmbeddedKafka.perClass("outage");

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aThirtySecondRegistryOutageLosesNothingAndDeadLettersNothing() throws Exception {
    try (StoppableRegistry registry = StoppableRegistry.start()) {
      Topics topics = kafka.createTopics(2);
      Instant now = Instant.now();
      List<TextEvent> before = TextEvents.mixed("before", 50, now);
      List<TextEvent> during = TextEvents.mixed("during", 50, now);
      Serializer<TextEvent> producerSide = serdes(registry).textEvent().serializer();
      produce(topics, before, producerSide);

      ServiceSettings settings = settings(registry, topics);
      try (Instance first = new Instance(settings, serdes(registry))) {
        assertEquals(50, kafka.readCommitted(topics.textLabels(), 50, Duration.ofSeconds(30), Duration.ZERO).size());
      }

      registry.stop();
      long outageStart = System.nanoTime();
      // a restart during the outage: a new instance, whose serdes have never asked the registry anything
      Instance second = new Instance(settings, serdes(registry));
      produce(topics, during, producerSide);
      awaitWaitingForRegistry(second);
      assertEquals(503, get(second, "/ready").statusCode(), "not ready while the registry is away");
      assertTrue(get(second, "/metrics").body().contains(WAITING + " 1.0"), "the metric says why");
      assertEquals(0, kafka.read(topics.deadLetters(), "read_uncommitted", 0, Duration.ZERO,
          Duration.ofMillis(300)).size(), "no dead letter during the outage");

      // a stop during the outage is prompt (it once took 15 s) and leaves the waiting events to the next one
      long stopStart = System.nanoTime();
      second.close();
      Duration stopTook = Duration.ofNanos(System.nanoTime() - stopStart);
      assertTrue(stopTook.compareTo(Duration.ofSeconds(10)) < 0, "stopped in " + stopTook);

      // events are waiting: this one meets the outage in its first poll, before Kafka Streams says RUNNING
      try (Instance third = new Instance(settings, serdes(registry), false)) {
        awaitWaitingForRegistry(third);
        Thread.sleep(Math.max(0, OUTAGE.toMillis() - Duration.ofNanos(System.nanoTime() - outageStart).toMillis()));
        registry.resume();

        List<ConsumerRecord<String, byte[]>> labels =
            kafka.readCommitted(topics.textLabels(), 100, Duration.ofSeconds(45), Duration.ofSeconds(1));
        Set<String> expected = new TreeSet<>();
        before.forEach(event -> expected.add(event.getId()));
        during.forEach(event -> expected.add(event.getId()));
        assertEquals(expected, labels.stream().map(ConsumerRecord::key).collect(Collectors.toCollection(TreeSet::new)));
        assertEquals(100, labels.size(), "every event exactly once");
        assertEquals(0, kafka.readCommitted(topics.deadLetters(), 0, Duration.ZERO, Duration.ofMillis(300)).size(),
            "nothing well formed is a dead letter");
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (get(third, "/ready").statusCode() != 200) {
          assertTrue(System.nanoTime() < deadline, "ready again once the registry is back");
          Thread.sleep(100);
        }
        assertTrue(get(third, "/metrics").body().contains(WAITING + " 0.0"));
        System.out.printf("registry outage: stop during the outage took %d ms%n", stopTook.toMillis());
      }
    }
  }

  private static void awaitWaitingForRegistry(Instance instance) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(25).toNanos();
    while (instance.service.waitingFor().isEmpty()) {
      assertTrue(System.nanoTime() < deadline, "the service never noticed the outage");
      Thread.sleep(100);
    }
    assertEquals(Optional.of(InfrastructureFailures.Kind.REGISTRY_UNAVAILABLE), instance.service.waitingFor());
  }

  /** A service instance as {@code run} starts it, with the tiny model. */
  private static final class Instance implements AutoCloseable {
    final ClassifierPool pool = ClassifierPool.of(TestModels.classifier().get());
    final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final ExitwiseService service;

    Instance(ServiceSettings settings, TopologySerdes serdes) throws InterruptedException {
      this(settings, serdes, true);
    }

    /** @param awaitRunning false for an instance that meets the outage before its first poll ends */
    Instance(ServiceSettings settings, TopologySerdes serdes, boolean awaitRunning) throws InterruptedException {
      service = ExitwiseService.start(settings, serdes, pool, meters);
      if (awaitRunning) {
        assertTrue(service.awaitRunning(Duration.ofSeconds(30)), "running");
      }
    }

    @Override
    public void close() {
      service.close();
      pool.close();
      meters.close();
    }
  }

  private ServiceSettings settings(StoppableRegistry registry, Topics topics) {
    Map<String, String> values = kafka.test().service(topics);
    values.put("schema.registry.url", registry.url());
    // the registry client's own retries, short so that the test is about exitwise's waiting, not the client's
    values.put("max.retries", "1");
    values.put("retries.wait.ms", "200");
    return ServiceTestSettings.load(values);
  }

  private static TopologySerdes serdes(StoppableRegistry registry) {
    return TopologySerdes.from(Wiring.production().serdes().factory(Map.of("schema.registry.url", registry.url(),
        "max.retries", "1", "retries.wait.ms", "200")));
  }

  private static void produce(Topics topics, List<TextEvent> events, Serializer<TextEvent> serializer) {
    try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
      for (TextEvent event : events) {
        producer.send(new ProducerRecord<>(topics.textEvents(), event.getId(),
            serializer.serialize(topics.textEvents(), event)));
      }
    }
  }

  private HttpResponse<String> get(Instance instance, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.service.httpPort() + path))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
