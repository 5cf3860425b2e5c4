package dev.exitwise.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.exitwise.avro.TextEvent;
import dev.exitwise.streams.config.ServiceSettings;
import dev.exitwise.streams.inference.ClassifierPool;
import dev.exitwise.streams.testing.EmbeddedKafka;
import dev.exitwise.streams.testing.ServiceTestSettings;
import dev.exitwise.streams.testing.TcpProxy;
import dev.exitwise.streams.testing.TestModels;
import dev.exitwise.streams.testing.TestSerdes;
import dev.exitwise.streams.testing.TextEvents;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos: the broker goes away for 20 s in the middle of a stream, as every client sees it (it advertises
 * a proxy that is cut), longer than the transaction timeout, so the broker aborts the service's open transaction.
 * Afterwards every event is labelled exactly once, none is a dead letter, and the service is still running.
 */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BrokerOutageIntegrationTest {
  private static final int EVENTS = 1_500;
  private static final Duration OUTAGE = Duration.ofSeconds(20);

  private static int proxyPort;
  private static EmbeddedKafka kafka;
  private static TcpProxy proxy;

  private final String name = "broker-away-" + Long.toHexString(System.nanoTime());

  @TempDir
  Path stateDir;

  @BeforeAll
  static void startBroker() throws Exception {
    proxyPort = TcpProxy.freePort();
    kafka = EmbeddedKafka.start(Map.of("advertised.listeners", "EXTERNAL://localhost:" + proxyPort));
    String actual = kafka.bootstrapServers();
    proxy = TcpProxy.start(proxyPort, "localhost", Integer.parseInt(actual.substring(actual.lastIndexOf(':') + 1)));
  }

  @AfterAll
  static void stopBroker() throws Exception {
    proxy.restore();
    kafka.close();
    proxy.close();
  }

  @Test
  void aTwentySecondBrokerOutageMidStreamLosesAndDuplicatesNothing() throws Exception {
    Topics topics = kafka.createTopics(name, 2);
    TopologySerdes serdes = TestSerdes.mock(name);
    List<TextEvent> events = TextEvents.mixed("away", EVENTS, Instant.now());
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (ClassifierPool pool = ClassifierPool.of(TestModels.classifier().get());
        ExitwiseService service = ExitwiseService.start(settings(topics), serdes, pool, meters)) {
      try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
        for (TextEvent event : events) {
          producer.send(new ProducerRecord<>(topics.textEvents(), event.getId(),
              serdes.textEvent().serializer().serialize(topics.textEvents(), event)));
        }
      }
      kafka.readCommitted(topics.textLabels(), 300, Duration.ofSeconds(30), Duration.ZERO);
      proxy.cut();
      Thread.sleep(OUTAGE.toMillis());
      proxy.restore();

      List<ConsumerRecord<String, byte[]>> labels =
          kafka.readCommitted(topics.textLabels(), EVENTS, Duration.ofSeconds(60), Duration.ofSeconds(1));
      Set<String> expected = events.stream().map(TextEvent::getId).collect(Collectors.toCollection(TreeSet::new));
      assertEquals(expected, labels.stream().map(ConsumerRecord::key).collect(Collectors.toCollection(TreeSet::new)));
      assertEquals(EVENTS, labels.size(), "every event exactly once");
      assertEquals(0, kafka.readCommitted(topics.deadLetters(), 0, Duration.ZERO, Duration.ofMillis(500)).size());
      assertNotEquals(KafkaStreams.State.ERROR, service.state());
    } finally {
      meters.close();
      TestSerdes.dropScope(name);
    }
  }

  private ServiceSettings settings(Topics topics) {
    return ServiceTestSettings.load(ServiceTestSettings.service("localhost:" + proxyPort, name,
        TestSerdes.mockUrl(name), stateDir, topics));
  }
}
