package dev.exitwise.streams.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exitwise.model.eval.ServingFront;
import dev.exitwise.model.inference.ClassifyRequest;
import dev.exitwise.model.inference.ClassifyResult;
import dev.exitwise.model.inference.TextClassifier;
import dev.exitwise.streams.deadletter.DeadLetterReason;
import dev.exitwise.streams.inference.ClassifierPool;
import dev.exitwise.streams.metrics.PromQlSubset.Sample;
import dev.exitwise.streams.slo.SloControl;
import dev.exitwise.streams.slo.SloSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard's queries, evaluated on the scrapes of two instances as Prometheus would evaluate them:
 * what a panel shows must not depend on how many instances serve the events.
 */
class DashboardQueriesTest {
  private static final int LAYERS = 12;
  private static final Set<String> TENANTS = Set.of("emotions", "moderation");
  private static JsonNode dashboard;

  @BeforeAll
  static void readDashboard() throws IOException {
    Path file = Path.of("").toAbsolutePath().getParent().resolve("deploy/grafana/dashboards/exitwise.json");
    dashboard = new ObjectMapper().readTree(file.toFile());
  }

  private static String query(String panelTitle) {
    for (JsonNode panel : dashboard.path("panels")) {
      if (panel.path("title").asText().equals(panelTitle)) {
        return panel.path("targets").get(0).path("expr").asText();
      }
    }
    throw new AssertionError("no panel " + panelTitle);
  }

  /** @return the scrape of one instance that classified {@code emotions} events leaving at these layers */
  private static String instance(int... exitLayers) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PipelineMetrics metrics = new PipelineMetrics(registry, LAYERS, 32, TENANTS);
    for (int layer : exitLayers) {
      metrics.onClassified("emotions", layer, 1_000, false);
    }
    return registry.scrape();
  }

  private static Map<String, Double> byLabel(List<Sample> result, String label) {
    return result.stream().collect(Collectors.toMap(s -> s.labels().getOrDefault(label, ""), Sample::value,
        (a, b) -> a, TreeMap::new));
  }

  @Test
  void layerSpeedUpIsTheSameWithOneInstanceOrTwo() {
    String speedUp = query("Layer speed-up");
    String first = instance(4, 4, 4, 6);
    String second = instance(4, 12);

    double together = byLabel(new PromQlSubset(List.of(first, second)).evaluate(speedUp), "tenant").get("emotions");
    assertEquals(LAYERS / ((4 + 4 + 4 + 6 + 4 + 12) / 6.0), together, 1e-9);
    double alone = byLabel(new PromQlSubset(List.of(first)).evaluate(speedUp), "tenant").get("emotions");
    assertEquals(LAYERS / 4.5, alone, 1e-9);
  }

  @Test
  void theLayerCountOfTheOldQueryGrewWithTheInstances() {
    String countedBuckets = "count by (tenant) (exitwise_exit_layer_bucket{tenant=~\"$tenant\",le!=\"+Inf\"})";
    String layers = "scalar(max(exitwise_model_layers))";
    List<String> twoInstances = List.of(instance(4), instance(6));
    assertEquals(2.0 * LAYERS, byLabel(new PromQlSubset(twoInstances).evaluate(countedBuckets), "tenant")
        .get("emotions"));
    assertEquals(LAYERS, new PromQlSubset(twoInstances).evaluate(layers).get(0).value());
  }

  @Test
  void exitLayerShareShowsSharesThatAddUpToOne() {
    PromQlSubset twoInstances = new PromQlSubset(List.of(instance(4, 4, 4, 6), instance(4, 12)));
    Map<Double, Double> cumulative = new TreeMap<>();
    twoInstances.evaluate(query("Exit-layer share (range)"))
        .forEach(sample -> cumulative.put(Double.parseDouble(sample.labels().get("le")), sample.value()));
    assertEquals(LAYERS, cumulative.size(), "one bucket per layer: " + cumulative);
    // Grafana's heatmap format turns cumulative buckets into one value per bucket: each minus the one below.
    double below = 0;
    Map<Integer, Double> share = new TreeMap<>();
    for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
      share.put(bucket.getKey().intValue(), bucket.getValue() - below);
      below = bucket.getValue();
    }
    assertEquals(4 / 6.0, share.get(4), 1e-9);
    assertEquals(1 / 6.0, share.get(6), 1e-9);
    assertEquals(1 / 6.0, share.get(12), 1e-9);
    assertEquals(1.0, share.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
  }

  @Test
  void deadLettersShowZeroBeforeTheFirstOne() {
    PromQlSubset before = new PromQlSubset(List.of(instance(4)));
    Map<String, Double> byReason = byLabel(before.evaluate(query("Dead letters by reason")), "reason");
    assertEquals(DeadLetterReason.values().length, byReason.size(), byReason.toString());
    assertTrue(byReason.values().stream().allMatch(rate -> rate == 0.0), byReason.toString());

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new PipelineMetrics(registry, LAYERS, 32, TENANTS).onDeadLetter(DeadLetterReason.EMPTY_TEXT, "emotions");
    Map<String, Double> after = byLabel(new PromQlSubset(List.of(registry.scrape()))
        .evaluate(query("Dead letters by reason")), "reason");
    assertEquals(1 / PromQlSubset.WINDOW_SECONDS, after.get(DeadLetterReason.EMPTY_TEXT.code()), 1e-12);
  }

  @Test
  void theSloPanelsShowTheWorstLatencyAgainstTheTargetAndTheFastestPointInUse() {
    String behind = sloInstance(1_200); // its window was over the 300 ms target: emotions one point shallower
    String keepingUp = sloInstance(100);
    PromQlSubset both = new PromQlSubset(List.of(behind, keepingUp));

    List<Sample> latency = both.evaluate(query("p99 latency against the SLO target"));
    assertEquals(Map.of("emotions", 1.2), byLabel(latency, "tenant"), "moderation has no front: no series");
    String target = dashboard.findValues("targets").stream()
        .map(targets -> targets.path(1).path("expr").asText()).filter(expr -> expr.contains("target"))
        .findFirst().orElseThrow();
    assertEquals(0.3, both.evaluate(target).get(0).value(), 1e-12);
    assertEquals(Map.of("emotions", 2.0), byLabel(both.evaluate(query("Operating point in use (SLO controller)")),
        "tenant"));
    assertEquals(Map.of("emotions", 1.0), byLabel(new PromQlSubset(List.of(keepingUp))
        .evaluate(query("Operating point in use (SLO controller)")), "tenant"));
  }

  /** The scrape of an instance whose SLO controller saw one window of {@code latencyMillis} for emotions. */
  private static String sloInstance(long latencyMillis) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    long[] now = {0};
    SloSettings settings = SloSettings.OFF.withLatencyP99Millis(300);
    try (ClassifierPool pool = ClassifierPool.of(new FrontOnly());
        SloControl slo = new SloControl(settings, pool, registry, () -> now[0])) {
      slo.onOutput("emotions", latencyMillis);
      now[0] += settings.window().toMillis();
      slo.tick(() -> -1);
      return registry.scrape();
    }
  }

  /** A model that only has fronts: emotions full depth, then a point twice as fast. */
  private static final class FrontOnly implements TextClassifier {
    @Override
    public List<ClassifyResult> classify(List<ClassifyRequest> batch) {
      throw new UnsupportedOperationException("not called");
    }

    @Override
    public List<ServingFront.Point> servingFront(String tenant) {
      return tenant.equals("emotions") ? List.of(new ServingFront.Point("full", 0.5, 0, 1),
          new ServingFront.Point("static(6)", 0.49, 1, 2)) : List.of();
    }

    @Override
    public Set<String> tenants() {
      return TENANTS;
    }

    @Override
    public List<String> labels(String tenant) {
      return List.of("a");
    }

    @Override
    public int layerCount() {
      return LAYERS;
    }

    @Override
    public int maxTokens() {
      return 128;
    }

    @Override
    public String modelVersion() {
      return "fronts-only";
    }

    @Override
    public void close() {}
  }
}
