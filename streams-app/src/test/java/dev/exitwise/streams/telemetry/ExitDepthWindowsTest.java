package dev.exitwise.streams.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.avro.ExitDepthStats;
import dev.exitwise.avro.ExitTelemetry;
import dev.exitwise.streams.TopologySerdes;
import dev.exitwise.streams.testing.TestSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The statistics windows alone, fed telemetry in the orders a backlog produces. */
class ExitDepthWindowsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final String scope = TestSerdes.newScope("windows-test");
  private final TopologySerdes serdes = TestSerdes.mock(scope);

  @AfterEach
  void dropScope() {
    TestSerdes.dropScope(scope);
  }

  private TopologyTestDriver driver(StatsSettings settings) {
    StreamsBuilder builder = new StreamsBuilder();
    ExitDepthWindows.addTo(builder, "telemetry", "stats", settings, serdes.telemetry(), serdes.stats());
    Properties properties = new Properties();
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "windows-test");
    properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    return new TopologyTestDriver(builder.build(), properties);
  }

  private static ExitTelemetry telemetry(String id, String tenant, long eventMillis, Instant processed) {
    return ExitTelemetry.newBuilder().setId(id).setTenant(tenant).setExitLayer(3).setLayerCount(4)
        .setDivergences(List.of()).setBatchSize(1).setQueueMicros(0).setInferenceMicros(0)
        .setEventTime(Instant.ofEpochMilli(eventMillis)).setProcessedTime(processed).build();
  }

  @Test
  void aSampleBehindTheClosedWindowsStillCountsInTheOldestOpenOne() {
    try (TopologyTestDriver driver = driver(new StatsSettings(Duration.ofSeconds(1), Duration.ZERO))) {
      TestInputTopic<String, ExitTelemetry> in = driver.createInputTopic("telemetry", new StringSerializer(),
          serdes.telemetry().serializer());
      TestOutputTopic<String, ExitDepthStats> out = driver.createOutputTopic("stats", new StringDeserializer(),
          serdes.stats().deserializer());
      long event = T0.toEpochMilli();
      in.pipeInput("a", telemetry("a", "t", event, T0.plusMillis(100)));
      in.pipeInput("b", telemetry("b", "t", event, T0.plusMillis(2_500)));     // closes [0 s, 1 s)
      in.pipeInput("late", telemetry("late", "t", event, T0.plusMillis(900))); // its window is gone
      in.pipeInput("c", telemetry("c", "t", event, T0.plusMillis(3_100)));     // closes [2 s, 3 s)

      List<KeyValue<String, ExitDepthStats>> stats = out.readKeyValuesToList();
      assertEquals(2, stats.size(), String.valueOf(stats));
      assertEquals(T0, stats.get(0).value.getWindowStart());
      assertEquals(1, stats.get(0).value.getCount());
      assertEquals(T0.plusSeconds(2), stats.get(1).value.getWindowStart());
      assertEquals(2, stats.get(1).value.getCount(), "b, and the late sample in the oldest open window");
    }
  }

  @Test
  void absurdEventTimesAreClampedNotAFailure() {
    try (TopologyTestDriver driver = driver(new StatsSettings(Duration.ofSeconds(1), Duration.ZERO))) {
      TestInputTopic<String, ExitTelemetry> in = driver.createInputTopic("telemetry", new StringSerializer(),
          serdes.telemetry().serializer());
      TestOutputTopic<String, ExitDepthStats> out = driver.createOutputTopic("stats", new StringDeserializer(),
          serdes.stats().deserializer());
      long[] absurd = {Long.MIN_VALUE, Long.MAX_VALUE, -10_000_000_000_000_000L, Long.MIN_VALUE / 1000, 0};
      for (int i = 0; i < absurd.length; i++) {
        in.pipeInput("x" + i, telemetry("x" + i, "t", absurd[i], T0.plusMillis(10 + i)));
      }
      in.pipeInput("next", telemetry("next", "t", T0.toEpochMilli(), T0.plusMillis(1_500)));
      ExitDepthStats stats = out.readValue();
      assertEquals(absurd.length, stats.getCount());
      assertEquals(ExitSample.MAX_LATENCY_MILLIS * 1000, stats.getLatencyP99Micros(),
          ExitSample.MAX_LATENCY_MILLIS * 10.0, "far-past event times count as the longest latency");
      assertTrue(stats.getLatencyP50Micros() >= 0);
    }
  }

  @Test
  void latencyNeverOverflows() {
    assertEquals(0, ExitSample.latencyMillis(Long.MAX_VALUE, 1_000));
    assertEquals(ExitSample.MAX_LATENCY_MILLIS, ExitSample.latencyMillis(Long.MIN_VALUE, Long.MAX_VALUE));
    assertEquals(ExitSample.MAX_LATENCY_MILLIS, ExitSample.latencyMillis(Long.MIN_VALUE, 1_000));
    assertEquals(250, ExitSample.latencyMillis(1_000, 1_250));
  }

  @Test
  void windowKeysSortByStartThenTenant() {
    String early = ExitDepthWindowProcessor.key(-5_000, "b");
    String late = ExitDepthWindowProcessor.key(1_700_000_000_000L, "a");
    assertTrue(early.compareTo(late) < 0);
    assertEquals(1_700_000_000_000L, ExitDepthWindowProcessor.startOf(late));
    assertEquals(-5_000, ExitDepthWindowProcessor.startOf(early));
    assertEquals("a|b", ExitDepthWindowProcessor.tenantOf(ExitDepthWindowProcessor.key(0, "a|b")));
  }
}
