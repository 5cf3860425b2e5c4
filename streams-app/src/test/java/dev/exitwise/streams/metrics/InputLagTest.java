package dev.exitwise.streams.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

/** The input lag the SLO controller reads: the consumers' records-lag on the input topic's partitions, summed. */
class InputLagTest {

  @Test
  void sumsTheLagOfTheInputTopicsPartitionsOnly() {
    Map<MetricName, Metric> metrics = new LinkedHashMap<>();
    put(metrics, "records-lag", "text-events", 0, 3.0);
    put(metrics, "records-lag", "text-events", 1, 4.0);
    put(metrics, "records-lag", "exitwise-micro-batcher-buffer-changelog", 0, 100.0); // the restore consumer's
    put(metrics, "records-lag-max", "text-events", 0, 50.0);
    put(metrics, "records-lag", "text-events", 2, Double.NaN); // a partition not fetched yet

    assertEquals(7, InputLag.of(metrics, "text-events"));
    assertEquals(-1, InputLag.of(Map.of(), "text-events"), "no fetch yet: unknown");
  }

  @Test
  void findsATopicWhoseDotsTheTagsReplaced() {
    Map<MetricName, Metric> metrics = new LinkedHashMap<>();
    put(metrics, "records-lag", "team_a_events", 0, 5.0);
    assertEquals(5, InputLag.of(metrics, "team.a.events"));
  }

  private static void put(Map<MetricName, Metric> metrics, String name, String topic, int partition, double value) {
    MetricName metricName = new MetricName(name, "consumer-fetch-manager-metrics", "",
        Map.of("client-id", "app-StreamThread-1-consumer", "topic", topic, "partition", String.valueOf(partition)));
    metrics.put(metricName, new Metric() {
      @Override
      public MetricName metricName() {
        return metricName;
      }

      @Override
      public Object metricValue() {
        return value;
      }
    });
  }
}
