package dev.exitwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.avro.TextEvent;
import dev.exitwise.streams.ExitwiseService;
import dev.exitwise.streams.Topics;
import dev.exitwise.streams.testing.EmbeddedKafka;
import dev.exitwise.streams.testing.ServiceTestSettings;
import dev.exitwise.streams.testing.TextEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code exitwise run} end to end on a KRaft broker in this JVM, configured through the environment and {@code
 * --set} like a deployment, with the model and serdes of the tests: it becomes ready, serves metrics, labels
 * events, and on a stop request drains its micro-batcher before it closes.
 */
@Tag("integration")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RunCommandIntegrationTest {
  @RegisterExtension
  static final EmbeddedKafka kafka = EmbeddedKafka.perClass("run");

  @Test
  void runsServesMetricsAndDrainsTheBatcherOnStop() throws Exception {
    Topics topics = kafka.createTopics(2);
    // the production serdes (on the mock:// scope the environment names); the tiny model, as no default is committed
    Map<String, String> environment = kafka.test().runEnvironment(100);
    // batches never fill and never time out here: only the drain on stop can flush them
    environment.put("EXITWISE_BATCH_SIZE", "4096");
    environment.put("EXITWISE_BATCH_MAX_WAIT_MS", "60000");
    InProcessRun running =
        InProcessRun.startTestModel(environment, Duration.ofSeconds(30), ServiceTestSettings.setArguments(topics));
    ExitwiseService service = running.service();
    HttpClient http = HttpClient.newHttpClient();
    awaitReady(http, service.httpPort());

    List<TextEvent> events = TextEvents.mixed("run", 50, Instant.now());
    Serializer<TextEvent> serializer = kafka.test().serdes().textEvent().serializer();
    try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
      for (TextEvent event : events) {
        producer.send(new ProducerRecord<>(topics.textEvents(), event.getId(),
            serializer.serialize(topics.textEvents(), event)));
      }
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!get(http, service.httpPort(), "/metrics").body().contains("exitwise_batcher_pending 50.0")) {
      assertTrue(System.nanoTime() < deadline, "the 50 events never reached the batcher");
      Thread.sleep(50);
    }
    assertEquals(0, kafka.readCommitted(topics.textLabels(), 0, Duration.ZERO, Duration.ofMillis(300)).size());

    running.stop();
    assertEquals(KafkaStreams.State.NOT_RUNNING, service.state());
    assertEquals(50, kafka.readCommitted(topics.textLabels(), 50, Duration.ofSeconds(10), Duration.ofMillis(500))
        .size(), "the drain flushed every waiting event before the final commit");
  }

  private static void awaitReady(HttpClient http, int port) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (get(http, port, "/ready").statusCode() != 200) {
      assertTrue(System.nanoTime() < deadline, "never ready");
      Thread.sleep(50);
    }
    assertEquals(200, get(http, port, "/health").statusCode());
    String metrics = get(http, port, "/metrics").body();
    assertTrue(metrics.contains("kafka_stream_"), "Kafka Streams metrics are bound");
  }

  private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
