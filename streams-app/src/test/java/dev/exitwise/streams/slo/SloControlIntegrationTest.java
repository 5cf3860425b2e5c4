package dev.exitwise.streams.slo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.avro.Classification;
import dev.exitwise.avro.ExitTelemetry;
import dev.exitwise.avro.TextEvent;
import dev.exitwise.model.eval.ServingFront;
import dev.exitwise.model.inference.ForwardingTextClassifier;
import dev.exitwise.streams.ExitwiseService;
import dev.exitwise.streams.Topics;
import dev.exitwise.streams.TopologySerdes;
import dev.exitwise.streams.config.ExitwiseConfig;
import dev.exitwise.streams.inference.ClassifierPool;
import dev.exitwise.streams.testing.EmbeddedKafka;
import dev.exitwise.streams.testing.ServiceTestSettings;
import dev.exitwise.streams.testing.TestModels;
import dev.exitwise.streams.testing.TextEvents;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SLO controller in a running service on a real broker, with the tiny model and a synthetic front for {@code
 * emotions} (full depth; static(2), 0.5 points below it; static(1), 1.5 points below, past the floor of 1.0):
 * a burst that the service cannot label within the 300 ms target moves {@code emotions} to static(2), which its
 * labels and telemetry name; a quiet trickle after it brings it back to full depth; static(1) is never served; and
 * {@code moderation}, with no front, keeps its own policy.
 */
@Tag("integration")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SloControlIntegrationTest {
  private static final String EMOTIONS = TestModels.EMOTIONS;
  private static final List<ServingFront.Point> FRONT = List.of(
      new ServingFront.Point("full", 0.50, 0.0, 1.0),
      new ServingFront.Point("static(2)", 0.495, 0.5, 2.0),
      new ServingFront.Point("static(1)", 0.485, 1.5, 4.0));

  @RegisterExtension
  static final EmbeddedKafka kafka = EmbeddedKafka.perClass("slo");

  @Test
  void aBurstMovesATenantShallowerAndQuietBringsItBackWithinItsFloor() throws Exception {
    Topics topics = kafka.createTopics(2);
    TopologySerdes serdes = kafka.test().serdes();
    Map<String, String> values = kafka.test().service(topics);
    values.put(ExitwiseConfig.SLO_LATENCY_P99_MS, "300");
    values.put(ExitwiseConfig.SLO_WINDOW_MS, "500");
    values.put(ExitwiseConfig.SLO_DEEPER_AFTER_MS, "3000");
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    List<TextEvent> sent = new ArrayList<>();
    try (ClassifierPool pool = ClassifierPool.of(new ForwardingTextClassifier(TestModels.classifier().get()) {
          @Override
          public List<ServingFront.Point> servingFront(String tenant) {
            return EMOTIONS.equals(tenant) ? FRONT : List.of();
          }
        });
        ExitwiseService service = ExitwiseService.start(ServiceTestSettings.load(values), serdes, pool, meters);
        KafkaProducer<String, byte[]> producer = kafka.producer()) {
      assertTrue(service.awaitRunning(Duration.ofSeconds(30)));
      send(producer, topics, serdes, sent, TextEvents.mixed("before", 20, Instant.now()));
      assertEquals("full", labels(topics, serdes, 20).get(0).getPolicy().toString(), "quiet: full depth");

      send(producer, topics, serdes, sent, TextEvents.goEmotions("burst", 5_000, Instant.now()));
      List<Classification> burst = labels(topics, serdes, sent.size());
      assertTrue(burst.stream().anyMatch(label -> label.getPolicy().toString().equals("static(2)")),
          "the burst moved emotions shallower");

      String last = "";
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      for (int round = 0; !last.equals("full") && System.nanoTime() < deadline; round++) {
        send(producer, topics, serdes, sent, TextEvents.goEmotions("quiet-" + round, 2, Instant.now()));
        Thread.sleep(250);
        List<Classification> all = labels(topics, serdes, sent.size());
        last = latestEmotions(all);
      }
      assertEquals("full", last, "quiet again: back to full depth");

      List<Classification> all = labels(topics, serdes, sent.size());
      assertEquals(sent.size(), all.size(), "every event labelled once");
      assertFalse(all.stream().anyMatch(label -> label.getPolicy().toString().equals("static(1)")),
          "static(1) is past the floor");
      assertEquals(List.of(ownPolicy(TestModels.MODERATION)), all.stream()
          .filter(label -> label.getTenant().toString().equals(TestModels.MODERATION))
          .map(label -> label.getPolicy().toString()).distinct().toList(), "a tenant without a front keeps its policy");
      List<String> telemetryPolicies = kafka.readCommitted(topics.exitTelemetry(), sent.size(), Duration.ofSeconds(20),
          Duration.ZERO).stream().map(record -> serdes.telemetry().deserializer()
              .deserialize(topics.exitTelemetry(), record.value())).map(ExitTelemetry::getPolicy)
          .map(String::valueOf).distinct().toList();
      assertTrue(telemetryPolicies.contains("static(2)") && telemetryPolicies.contains("full"),
          "telemetry names the point in use: " + telemetryPolicies);
      String scrape = meters.scrape();
      assertTrue(scrape.contains("exitwise_slo_point_speedup{tenant=\"emotions\"} 1.0"), scrape);
      assertTrue(scrape.contains("exitwise_slo_changes_total{direction=\"shallower\",tenant=\"emotions\"}"), scrape);
    } finally {
      meters.close();
    }
  }

  private static void send(KafkaProducer<String, byte[]> producer, Topics topics, TopologySerdes serdes,
      List<TextEvent> sent, List<TextEvent> events) {
    for (TextEvent event : events) {
      producer.send(new ProducerRecord<>(topics.textEvents(), event.getId(),
          serdes.textEvent().serializer().serialize(topics.textEvents(), event)));
    }
    producer.flush();
    sent.addAll(events);
  }

  private static List<Classification> labels(Topics topics, TopologySerdes serdes, int atLeast) {
    List<Classification> out = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : kafka.readCommitted(topics.textLabels(), atLeast,
        Duration.ofSeconds(40), Duration.ZERO)) {
      out.add(serdes.classification().deserializer().deserialize(topics.textLabels(), record.value()));
    }
    return out;
  }

  private static String ownPolicy(String tenant) {
    try (var model = TestModels.classifier().get()) {
      return model.classify(List.of(dev.exitwise.model.inference.ClassifyRequest.of(tenant, "a text"))).get(0).policy();
    }
  }

  private static String latestEmotions(List<Classification> labels) {
    return labels.stream().filter(label -> label.getTenant().toString().equals(EMOTIONS))
        .max(java.util.Comparator.comparing(Classification::getProcessedTime))
        .map(label -> label.getPolicy().toString()).orElse("");
  }
}
