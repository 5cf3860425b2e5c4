package dev.exitwise.streams.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exitwise.streams.deadletter.DeadLetterReason;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PipelineMetricsTest {
  @Test
  void servesTheServiceMetricsHealthAndReadiness() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PipelineMetrics metrics = new PipelineMetrics(registry, 12, 32, java.util.Set.of("emotions"));
    metrics.onBatch(20, 15_000);
    metrics.onClassified("emotions", 3, 40_000, true);
    metrics.onClassified("emotions", 12, 10_000, false);
    metrics.onDeadLetter(DeadLetterReason.UNKNOWN_TENANT, null);
    metrics.onPendingChange(5);
    metrics.onModelAnswer(0);
    metrics.onModelAnswer(250_000);
    AtomicBoolean ready = new AtomicBoolean(false);
    try (HttpEndpoints http = HttpEndpoints.start("127.0.0.1", 0, registry, ready::get, () -> "")) {
      HttpClient client = HttpClient.newHttpClient();
      String metricsText = get(client, http, "/metrics").body();
      for (String expected : new String[] {
          "exitwise_events_classified_total{tenant=\"emotions\"} 2.0",
          "exitwise_events_truncated_total{tenant=\"emotions\"} 1.0",
          "exitwise_exit_layer_bucket{tenant=\"emotions\",le=\"3.0\"} 1",
          "exitwise_batch_size_count 1",
          "exitwise_inference_time_seconds_bucket",
          "exitwise_queue_time_seconds_bucket{tenant=\"emotions\"",
          "exitwise_dead_letters_total{reason=\"unknown-tenant\",tenant=\"unknown\"} 1.0",
          "exitwise_batcher_pending 5.0",
          "exitwise_model_wait_seconds_count 2",
          "exitwise_model_wait_seconds_sum 0.25",
          "exitwise_model_layers 12.0",
          "exitwise_dead_letters_total{reason=\"empty-text\",tenant=\"emotions\"} 0.0"}) {
        assertTrue(metricsText.contains(expected), expected + " in\n" + metricsText);
      }
      assertEquals(200, get(client, http, "/health").statusCode());
      assertEquals(503, get(client, http, "/ready").statusCode());
      ready.set(true);
      assertEquals(200, get(client, http, "/ready").statusCode());
    }
  }

  private static HttpResponse<String> get(HttpClient client, HttpEndpoints http, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
