package dev.exitwise.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observes a running service: its consumer group's lag on the input topic (admin client) and its memory and
 * counters ({@code /metrics}).
 */
public final class SoakSampler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SoakSampler.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Admin admin;
  private final String groupId;
  private final String inputTopic;
  private final URI metricsUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  /**
   * @param adminConfig the admin client's settings (bootstrap servers, security)
   * @param groupId the service's consumer group: its {@code application.id}
   */
  public SoakSampler(Properties adminConfig, String groupId, String inputTopic, URI metricsUrl) {
    this.admin = Admin.create(adminConfig);
    this.groupId = groupId;
    this.inputTopic = inputTopic;
    this.metricsUrl = metricsUrl;
  }

  /**
   * Takes one sample. A sample is never lost to a slow or absent service or broker: what cannot be read within
   * the timeout is unknown in it ({@link SoakSample#UNKNOWN_LAG}, NaN for the scraped values), and the run goes on.
   */
  public SoakSample sample(double elapsedSeconds, long sent) throws InterruptedException {
    String scrape;
    try {
      scrape = http.send(HttpRequest.newBuilder(metricsUrl).timeout(TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      LOG.warn("No scrape of {} at {} s: {}", metricsUrl, elapsedSeconds, e.toString());
      scrape = "";
    }
    long lag;
    try {
      lag = lag();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("No lag of group {} at {} s: {}", groupId, elapsedSeconds, e.toString());
      lag = SoakSample.UNKNOWN_LAG;
    }
    return new SoakSample(elapsedSeconds, sent, lag,
        PrometheusText.sum(scrape, "exitwise_process_resident_memory_bytes", ""),
        PrometheusText.sum(scrape, "jvm_memory_used_bytes", "area=\"heap\""),
        PrometheusText.sum(scrape, "jvm_memory_used_bytes", "area=\"nonheap\""),
        counter(scrape, "exitwise_events_classified_total"), counter(scrape, "exitwise_dead_letters_total"),
        PrometheusText.sum(scrape, "jvm_memory_committed_bytes", "area=\"heap\""));
  }

  /** A counter's total: 0 when the scrape has no sample of it yet, NaN when there is no scrape. */
  private static double counter(String scrape, String name) {
    double total = PrometheusText.sum(scrape, name, "");
    return Double.isNaN(total) && !scrape.isEmpty() ? 0 : total;
  }

  /** Records on the input topic that the group has not committed yet. */
  long lag() throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
        .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    admin.describeTopics(List.of(inputTopic)).allTopicNames().get(TIMEOUT.toMillis(),
            TimeUnit.MILLISECONDS).get(inputTopic).partitions()
        .forEach(partition -> latest.put(new TopicPartition(inputTopic, partition.partition()), OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResultInfo> ends =
        admin.listOffsets(latest).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    long lag = 0;
    for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : ends.entrySet()) {
      OffsetAndMetadata position = committed.get(end.getKey());
      lag += Math.max(0, end.getValue().offset() - (position == null ? 0 : position.offset()));
    }
    return lag;
  }

  @Override
  public void close() {
    admin.close(TIMEOUT);
  }
}
