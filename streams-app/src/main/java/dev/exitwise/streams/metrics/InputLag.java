package dev.exitwise.streams.metrics;

import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/** The consumer lag of this instance on a topic, from Kafka Streams' own consumer metrics. */
public final class InputLag {
  private InputLag() {}

  /**
   * The sum over this instance's partitions of {@code topic} of the consumer's {@code records-lag}: records between
   * the committed (read_committed: the last stable) end of each partition and the consumer's position.
   *
   * @return the lag, or -1 before the consumers have fetched from any partition of the topic
   */
  public static long of(KafkaStreams streams, String topic) {
    return of(streams.metrics(), topic);
  }

  static long of(Map<MetricName, ? extends Metric> metrics, String topic) {
    double total = 0;
    boolean seen = false;
    for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
      MetricName name = entry.getKey();
      String tagged = name.tags().get("topic");
      if ("records-lag".equals(name.name()) && "consumer-fetch-manager-metrics".equals(name.group())
          && (topic.equals(tagged) || topic.replace('.', '_').equals(tagged))
          && entry.getValue().metricValue() instanceof Double lag && !lag.isNaN()) {
        total += lag;
        seen = true;
      }
    }
    return seen ? Math.round(total) : -1;
  }
}
