package dev.exitwise.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.exitwise.avro.ExitDepthStats;
import dev.exitwise.avro.TextEvent;
import dev.exitwise.streams.deadletter.DeadLetterListener;
import dev.exitwise.streams.inference.ClassifierPool;
import dev.exitwise.streams.telemetry.StatsSettings;
import dev.exitwise.streams.testing.EmbeddedKafka;
import dev.exitwise.streams.testing.StreamThreadDeaths;
import dev.exitwise.streams.testing.StreamsTestProperties;
import dev.exitwise.streams.testing.TestModels;
import dev.exitwise.streams.testing.TextEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On a real broker under exactly-once: a burst of 5,000 events produced at once over three
 * partitions (short windows, no grace: the samples of a tenant arrive interleaved from three partitions, the case
 * that Kafka Streams' windowed aggregation dropped as "expired"), some with absurd event times. Every event is
 * labelled, none is a dead letter, and the closed windows of exit-depth-stats add up to exactly the burst.
 */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BacklogStatsIntegrationTest {
  private static final int BURST = 5_000;

  @RegisterExtension
  static final EmbeddedKafka kafka = EmbeddedKafka.perClass("backlog");

  @Test
  void aBurstsStatisticsCountEveryEventAndAbsurdEventTimesAreNoFailure() throws Exception {
    TopologySerdes serdes = kafka.test().serdes();
    TopologySettings settings = TopologySettings.DEFAULTS.withTopics(kafka.createTopics(3))
        .withStats(new StatsSettings(Duration.ofMillis(500), Duration.ZERO));
    String input = settings.topics().textEvents();
    Instant now = Instant.now();
    List<TextEvent> burst = new ArrayList<>(TextEvents.mixed("burst", BURST, now));
    long[] absurd = {Long.MIN_VALUE, Long.MAX_VALUE, -10_000_000_000_000_000L, 0};
    for (int i = 0; i < absurd.length; i++) {
      TextEvent event = burst.get(i * 997);
      burst.set(i * 997, TextEvents.event(event.getId(), event.getTenant(), event.getText(),
          Instant.ofEpochMilli(absurd[i])));
    }
    Map<String, Integer> perTenant = new HashMap<>();
    burst.forEach(event -> perTenant.merge(event.getTenant(), 1, Integer::sum));

    try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
      for (TextEvent event : burst) {
        producer.send(new ProducerRecord<>(input, event.getId(), serdes.textEvent().serializer()
            .serialize(input, event)));
      }
    }
    try (ClassifierPool pool = ClassifierPool.of(TestModels.classifier().get());
        KafkaStreams streams = new KafkaStreams(ClassifierTopology.build(settings, serdes, pool),
            properties(settings))) {
      AtomicReference<Throwable> died = StreamThreadDeaths.recordFirst(streams);
      streams.start(); // the whole burst is waiting: a backlog from the first poll
      long start = System.nanoTime();

      assertEquals(BURST, kafka.readCommitted(settings.topics().textLabels(), BURST, Duration.ofSeconds(80),
          Duration.ZERO).size(), "every event labelled");
      long labelled = System.nanoTime();
      // Windows close when later telemetry arrives. A round of one event per tenant, 1.5 s apart (longer than a
      // window), closes the windows before it; telemetry of the burst still in flight when a round arrives counts
      // in that round's window, which the next round closes. After round k the closed windows hold the burst and
      // the k - 1 earlier rounds.
      Map<String, Long> counted = new HashMap<>();
      Map<String, Long> expected = toLong(perTenant);
      for (int round = 1; round <= 10 && !counted.equals(expected); round++) {
        try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
          for (String tenant : perTenant.keySet()) {
            TextEvent closer = TextEvents.event("closer-" + tenant + "-" + round, tenant, "that was quite a burst",
                Instant.now());
            producer.send(new ProducerRecord<>(input, closer.getId(), serdes.textEvent().serializer()
                .serialize(input, closer)));
          }
        }
        Thread.sleep(1_500);
        int earlierRounds = round - 1;
        expected = new HashMap<>();
        for (Map.Entry<String, Integer> entry : perTenant.entrySet()) {
          expected.put(entry.getKey(), (long) entry.getValue() + earlierRounds);
        }
        counted.clear();
        for (ConsumerRecord<String, byte[]> record : kafka.readCommitted(settings.topics().exitDepthStats(), 0,
            Duration.ZERO, Duration.ofMillis(500))) {
          ExitDepthStats stats = serdes.stats().deserializer().deserialize(settings.topics().exitDepthStats(),
              record.value());
          counted.merge(stats.getTenant().toString(), stats.getCount(), Long::sum);
        }
      }
      System.out.printf("backlog: %d events labelled in %d ms; statistics complete %d ms later%n", BURST,
          (labelled - start) / 1_000_000, (System.nanoTime() - labelled) / 1_000_000);
      assertEquals(expected, counted, "the closed windows count every event of the burst (and the earlier rounds)");
      assertEquals(null, died.get(), "no stream thread died");
      assertEquals(0, kafka.readCommitted(settings.topics().deadLetters(), 0, Duration.ZERO, Duration.ofMillis(500))
          .size(), "absurd event times are no dead letters");
    }
  }

  private static Map<String, Long> toLong(Map<String, Integer> counts) {
    Map<String, Long> longs = new HashMap<>();
    counts.forEach((key, value) -> longs.put(key, value.longValue()));
    return longs;
  }

  private Properties properties(TopologySettings settings) throws Exception {
    Properties properties = StreamsTestProperties.exactlyOnce(kafka.bootstrapServers(), kafka.test().name(),
        kafka.test().stateDir());
    properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 200);
    properties.putAll(ClassifierTopology.deadLetterConfig(settings, DeadLetterListener.NONE));
    return properties;
  }
}
