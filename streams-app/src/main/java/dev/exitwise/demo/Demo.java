package dev.exitwise.demo;

import dev.exitwise.avro.Classification;
import dev.exitwise.avro.LabelScore;
import dev.exitwise.avro.TextEvent;
import dev.exitwise.model.data.Datasets;
import dev.exitwise.model.data.Split;
import dev.exitwise.model.inference.TextClassifier;
import dev.exitwise.model.runtime.DjlRuntime;
import dev.exitwise.produce.EventReplayer;
import dev.exitwise.produce.Pacer;
import dev.exitwise.produce.ReplayText;
import dev.exitwise.produce.ReplayTexts;
import dev.exitwise.streams.ExitwiseService;
import dev.exitwise.streams.Topics;
import dev.exitwise.streams.TopologySerdes;
import dev.exitwise.model.runtime.ExecutionChoice;
import dev.exitwise.model.runtime.Precision;
import dev.exitwise.streams.config.ServiceSettings;
import dev.exitwise.streams.inference.ClassifierPool;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One demo run: broker, registry scope, service, producer and reader in this JVM, then the summary.
 *
 * <p>The service is started exactly as {@code exitwise run} starts it ({@link ExitwiseService#start}, which builds
 * the one {@code ClassifierTopology}); only its settings differ (the embedded broker, a {@code mock://} registry, a
 * temporary state folder, a free HTTP port). Events are counted in when the broker acknowledges them and out when
 * their label (or dead letter) is read with {@code read_committed}, so the summary shows what a downstream consumer
 * sees, and its latency includes the exactly-once commit interval.
 */
public final class Demo {
  private static final Logger LOG = LoggerFactory.getLogger(Demo.class);
  private static final Duration SERVICE_START_TIMEOUT = Duration.ofSeconds(90);
  private static final int PRODUCER_LINGER_MILLIS = 5;
  private static final long STOPPED_DRAIN_NANOS = 10_000_000_000L;
  private static final long REDRAW_INTERVAL_NANOS = 500_000_000L;
  private static final long PLAIN_INTERVAL_MILLIS = 2_000;
  private static final int SAMPLE_TEXT_CHARS = 72;
  private static final String UNKNOWN_TENANT = "unknown";

  private final DemoSettings settings;
  private final BiFunction<Path, ExecutionChoice, TextClassifier> models;
  private final Function<Map<String, Object>, TopologySerdes.Factory> serdes;
  private final PrintWriter out;
  private volatile boolean stopRequested;

  /**
   * @param models loads the classifier from a model directory ({@code null}: the committed default model)
   * @param serdes makes the registry serdes from the Kafka and registry settings
   * @param out where the display and the summary go
   */
  public Demo(DemoSettings settings, BiFunction<Path, ExecutionChoice, TextClassifier> models,
      Function<Map<String, Object>, TopologySerdes.Factory> serdes, PrintWriter out) {
    this.settings = settings;
    this.models = models;
    this.serdes = serdes;
    this.out = out;
  }

  /**
   * Runs the demo to the end and returns its summary (printing it is the caller's choice).
   *
   * @throws org.apache.kafka.common.config.ConfigException for a bad service setting
   * @throws IllegalStateException if the service fails or the model serves no tenant the demo has data for
   * @throws Exception if the broker cannot start
   */
  public DemoSummary run() throws Exception {
    String runId = UUID.randomUUID().toString().substring(0, 8);
    long brokerStart = System.nanoTime();
    out.println("Starting a Kafka broker (KRaft, one node) in this JVM...");
    out.flush();
    try (EmbeddedPipeline pipeline = EmbeddedPipeline.start("demo")) {
      step("broker", pipeline.bootstrapServers() + ", ready in " + seconds(brokerStart));
      ServiceSettings service = serviceSettings(pipeline, "mock://exitwise-demo-" + runId);
      pipeline.createTopics(service.topology().topics(), settings.inputPartitions());
      step("registry", service.formats().needsRegistry()
          ? service.kafka().get(ServiceSettings.SCHEMA_REGISTRY_URL) + " (in memory)" : "none: every topic is JSON");
      TopologySerdes.Factory serdeFactory = service.formats().over(serdes.apply(service.kafka()));
      long modelStart = System.nanoTime();
      out.println("Loading the model...");
      out.flush();
      DjlRuntime.setThreads(service.modelThreads(), 1);
      AtomicReference<TextClassifier> first = new AtomicReference<>();
      try (ClassifierPool pool = new ClassifierPool(() -> {
        TextClassifier loaded = models.apply(service.modelDir(), service.execution());
        first.compareAndSet(null, loaded);
        return loaded;
      })) {
        // the stream thread's model thread classifies with this instance; this thread reads only its fixed
        // facts (tenants, labels, layer count, version), which do not change while it runs
        TextClassifier model = first.get();
        step("model", describe(model) + (service.execution().precision() == Precision.FP32 ? ""
            : ", linear layers in " + service.execution().precision().configValue()) + ", loaded in "
            + seconds(modelStart) + ", "
            + service.modelThreads() + " intra-op thread" + (service.modelThreads() == 1 ? "" : "s"));
        List<ReplayText> texts = replayTexts(model);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ExitwiseService running =
            ExitwiseService.start(service, TopologySerdes.from(serdeFactory), pool, registry)) {
          awaitRunning(running);
          step("service", "Kafka Streams " + running.state() + ", "
              + service.topology().topics().textEvents() + " -> " + service.topology().topics().textLabels()
              + ", metrics at http://127.0.0.1:" + running.httpPort() + "/metrics");
          return replayAndWatch(pipeline, service, serdeFactory, model, texts, running, runId);
        } finally {
          registry.close();
        }
      }
    }
  }

  /** The service settings: the pipeline's, the demo's own, then the user's. */
  private ServiceSettings serviceSettings(EmbeddedPipeline pipeline, String registryUrl) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(ServiceSettings.SCHEMA_REGISTRY_URL, registryUrl);
    values.put("application.id", "exitwise-demo");
    values.putAll(settings.serviceSettings());
    return pipeline.serviceSettings(values);
  }

  private DemoSummary replayAndWatch(EmbeddedPipeline pipeline, ServiceSettings service,
      TopologySerdes.Factory serdeFactory,
      TextClassifier model, List<ReplayText> texts, ExitwiseService running, String runId) throws Exception {
    Topics topics = service.topology().topics();
    Map<String, TenantTally> tallies = new LinkedHashMap<>();
    for (String tenant : model.tenants()) {
      tallies.put(tenant, new TenantTally(tenant, model.layerCount()));
    }
    Deserializer<Classification> labels = serdeFactory.valueSerde(Classification.class).deserializer();
    Deserializer<TextEvent> events = serdeFactory.valueSerde(TextEvent.class).deserializer();
    String idPrefix = "demo-" + runId;

    try (KafkaProducer<String, TextEvent> producer = new KafkaProducer<>(
            pipeline.producerProperties("exitwise-demo-producer", PRODUCER_LINGER_MILLIS),
            new StringSerializer(), serdeFactory.valueSerde(TextEvent.class).serializer());
        KafkaConsumer<String, byte[]> consumer = pipeline.reader("exitwise-demo-reader", "read_committed",
            EmbeddedPipeline.From.BEGINNING, List.of(topics.textLabels(), topics.deadLetters()))) {

      warmUp(producer, consumer, topics, texts, "warmup-" + runId, tallies.size());

      LiveView view = new LiveView(out, settings.redraw(), settings.unicode(), PLAIN_INTERVAL_MILLIS);
      EventReplayer replayer = new EventReplayer(producer, topics.textEvents(), idPrefix);
      AtomicReference<Exception> producerFailure = new AtomicReference<>();
      long startNanos = System.nanoTime();
      Thread producerThread = new Thread(() -> {
        try {
          replayer.replay(texts, settings.events(), new Pacer(settings.eventsPerSecond(), startNanos));
        } catch (Exception e) {
          producerFailure.set(e);
        }
      }, "exitwise-demo-producer");
      producerThread.setDaemon(true);
      out.println();
      out.println(String.format(Locale.ROOT, "Sending %s at %.0f events/s (%s)%s.",
          settings.events() == Long.MAX_VALUE ? "test texts" : settings.events() + " test texts",
          settings.eventsPerSecond(), tallies.size() == 1 ? "tenant " + tallies.keySet().iterator().next()
              : String.join(" and ", tallies.keySet()) + " interleaved",
          settings.sampleEvery() == 0 ? "" : settings.sampleEvery() == 1 ? "; every label is shown"
              : "; every " + ordinal(settings.sampleEvery()) + " label is shown"));
      out.println();
      producerThread.start();

      long labelsRead = 0;
      long lastOutputNanos = startNanos;
      long nextRedraw = startNanos;
      long sendDeadline = settings.duration() == null ? Long.MAX_VALUE : startNanos + settings.duration().toNanos();
      long[] producerDoneAt = {Long.MAX_VALUE};
      while (true) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          if (record.key() == null || !record.key().startsWith(idPrefix + "-")) {
            continue; // a warm-up event
          }
          long now = System.currentTimeMillis();
          lastOutputNanos = System.nanoTime();
          if (record.topic().equals(topics.textLabels())) {
            Classification label = labels.deserialize(record.topic(), record.headers(), record.value());
            tally(tallies, label.getTenant(), model.layerCount())
                .onLabel(label.getExitLayer(), now - label.getEventTime().toEpochMilli());
            labelsRead++;
            if (settings.sampleEvery() > 0 && labelsRead % settings.sampleEvery() == 1 % settings.sampleEvery()) {
              view.sample(sampleLine(label, now - label.getEventTime().toEpochMilli(),
                  textOf(label.getId(), idPrefix, texts)));
            }
          } else {
            tally(tallies, deadLetterTenant(events, record), model.layerCount()).onDeadLetter();
          }
        }
        long nowNanos = System.nanoTime();
        if (nowNanos >= sendDeadline || stopRequested) {
          replayer.stop();
        }
        boolean producerDone = !producerThread.isAlive();
        if (producerDone && producerFailure.get() != null) {
          throw new IllegalStateException("the demo producer failed: " + producerFailure.get().getMessage(),
              producerFailure.get());
        }
        if (!settings.redraw() || nowNanos >= nextRedraw) {
          view.refresh(List.copyOf(tallies.values()), progress(replayer, tallies, startNanos, nowNanos), nowNanos,
              false);
          nextRedraw = nowNanos + REDRAW_INTERVAL_NANOS;
        }
        if (running.state() == KafkaStreams.State.ERROR || running.state() == KafkaStreams.State.NOT_RUNNING) {
          throw new IllegalStateException("the service stopped: Kafka Streams is " + running.state());
        }
        if (producerDone) {
          if (allOut(replayer.acknowledged(), tallies)) {
            break;
          }
          // a backlog may take long to drain: give up only when the output stops moving, or soon after Ctrl-C
          long doneAt = producerDoneNanos(producerDoneAt, nowNanos);
          if (nowNanos - Math.max(lastOutputNanos, doneAt) >= settings.outputTimeout().toNanos()) {
            out.println("  (gave up: no output for " + settings.outputTimeout().toSeconds() + " s)");
            break;
          }
          if (stopRequested && nowNanos - doneAt >= STOPPED_DRAIN_NANOS) {
            out.println("  (stopped)");
            break;
          }
        }
      }
      long endNanos = System.nanoTime();
      view.refresh(List.copyOf(tallies.values()), progress(replayer, tallies, startNanos, endNanos), endNanos, true);
      view.finish();
      double seconds = (lastOutputNanos - startNanos) / 1e9;
      Map<String, Long> acknowledged = replayer.acknowledged();
      List<TenantSummary> rows = tallies.values().stream()
          .map(tally -> tally.summary(acknowledged.getOrDefault(tally.tenant(), 0L), seconds)).toList();
      TenantSummary total = TenantTally.merge("all", model.layerCount(), tallies.values())
          .summary(replayer.acknowledgedTotal(), seconds);
      return new DemoSummary(rows, total, seconds, model.layerCount(), model.modelVersion());
    }
  }

  /**
   * Sends one event per tenant and waits for them to come out, before the timed replay: the first events through
   * a fresh Streams instance wait for its first transactions and for internal topics to settle, and the model's
   * first batches are slow; a demo that counted them would show start-up, not steady-state latency.
   */
  private void warmUp(KafkaProducer<String, TextEvent> producer, KafkaConsumer<String, byte[]> consumer,
      Topics topics, List<ReplayText> texts, String warmUpPrefix, int tenantCount) throws InterruptedException {
    long start = System.nanoTime();
    out.println("Warming up...");
    out.flush();
    EventReplayer warmUp = new EventReplayer(producer, topics.textEvents(), warmUpPrefix);
    warmUp.replay(texts, tenantCount, new Pacer(1_000, start));
    long seen = 0;
    long deadline = start + SERVICE_START_TIMEOUT.toNanos();
    while (seen < tenantCount) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the warm-up events did not come out within "
            + SERVICE_START_TIMEOUT.toSeconds() + " s");
      }
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
        if (record.key() != null && record.key().startsWith(warmUpPrefix + "-")) {
          seen++;
        }
      }
    }
    step("warm-up", tenantCount + (tenantCount == 1 ? " event" : " events") + " through the pipeline in "
        + seconds(start));
  }

  /** When the producer was first seen done (kept in {@code doneAt[0]}). */
  private static long producerDoneNanos(long[] doneAt, long nowNanos) {
    if (doneAt[0] == Long.MAX_VALUE) {
      doneAt[0] = nowNanos;
    }
    return doneAt[0];
  }

  /**
   * Asks a running demo to stop sending, wait for what was sent to come out, and return its summary (Ctrl-C does
   * this). Safe from any thread.
   */
  public void requestStop() {
    stopRequested = true;
  }

  private static TenantTally tally(Map<String, TenantTally> tallies, String tenant, int layerCount) {
    return tallies.computeIfAbsent(tenant == null ? UNKNOWN_TENANT : tenant,
        name -> new TenantTally(name, layerCount));
  }

  /** The tenant of a dead letter: its value is the original event, when that can be read at all. */
  private static String deadLetterTenant(Deserializer<TextEvent> events, ConsumerRecord<String, byte[]> record) {
    try {
      TextEvent event = events.deserialize(record.topic(), record.headers(), record.value());
      return event == null ? UNKNOWN_TENANT : event.getTenant();
    } catch (RuntimeException unreadable) {
      return UNKNOWN_TENANT; // the bytes were the reason it is a dead letter
    }
  }

  private static boolean allOut(Map<String, Long> acknowledged, Map<String, TenantTally> tallies) {
    for (Map.Entry<String, Long> entry : acknowledged.entrySet()) {
      TenantTally tally = tallies.get(entry.getKey());
      if (tally == null || tally.accounted() < entry.getValue()) {
        return false;
      }
    }
    return true;
  }

  private String progress(EventReplayer replayer, Map<String, TenantTally> tallies, long startNanos,
      long nowNanos) {
    long outCount = tallies.values().stream().mapToLong(TenantTally::accounted).sum();
    long sent = replayer.sent();
    String target = settings.events() == Long.MAX_VALUE ? "" : " / " + settings.events();
    String limit = settings.duration() == null ? "" : " / " + settings.duration().toSeconds() + " s";
    return String.format(Locale.ROOT, "%5.1f s%s   sent %d%s   out %d   in flight %d", (nowNanos - startNanos) / 1e9,
        limit, sent, target, outCount, Math.max(0, replayer.acknowledgedTotal() - outCount));
  }

  private String sampleLine(Classification label, long latencyMillis, String text) {
    List<LabelScore> scores = label.getLabels().stream()
        .sorted(Comparator.comparingDouble(LabelScore::getScore).reversed()).limit(3).toList();
    String labelText = scores.isEmpty() ? "(no label)" : String.join(", ", scores.stream()
        .map(score -> score.getLabel() + String.format(Locale.ROOT, " %.2f", score.getScore())).toList());
    return String.format(Locale.ROOT, "  %-10s exit %2d/%-2d %5d ms  %-40s %s", label.getTenant(),
        label.getExitLayer(), label.getLayerCount(), latencyMillis, labelText, quote(text));
  }

  private String quote(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    if (flat.length() > SAMPLE_TEXT_CHARS) {
      flat = flat.substring(0, SAMPLE_TEXT_CHARS - 1).strip() + (settings.unicode() ? "…" : "...");
    }
    return settings.unicode() ? "“" + flat + "”" : "\"" + flat + "\"";
  }

  /** The text of an event id of this run (the id carries its index in the replay). */
  private static String textOf(String id, String idPrefix, List<ReplayText> texts) {
    if (id.startsWith(idPrefix + "-")) {
      try {
        long index = Long.parseLong(id.substring(idPrefix.length() + 1));
        return texts.get((int) (index % texts.size())).text();
      } catch (NumberFormatException e) {
        return "?";
      }
    }
    return "?";
  }

  /** Both data sets' test texts, interleaved, for the tenants the model serves. */
  private static List<ReplayText> replayTexts(TextClassifier model) {
    List<List<ReplayText>> lists = new ArrayList<>();
    for (String tenant : Datasets.tenants()) {
      if (model.tenants().contains(tenant)) {
        lists.add(ReplayTexts.of(Datasets.load(tenant, Split.TEST)));
      }
    }
    if (lists.isEmpty()) {
      throw new IllegalStateException("the model serves tenants " + model.tenants()
          + " but the demo has test texts for " + Datasets.tenants() + " only");
    }
    return ReplayTexts.interleave(lists);
  }

  private static String describe(TextClassifier model) {
    List<String> tenants = model.tenants().stream()
        .map(tenant -> tenant + " (" + model.labels(tenant).size() + " labels)").toList();
    return model.modelVersion() + ", " + model.layerCount() + " layers, " + String.join(", ", tenants);
  }

  private void awaitRunning(ExitwiseService running) throws InterruptedException {
    long deadline = System.nanoTime() + SERVICE_START_TIMEOUT.toNanos();
    while (running.state() != KafkaStreams.State.RUNNING) {
      if (running.state() == KafkaStreams.State.ERROR || System.nanoTime() > deadline) {
        throw new IllegalStateException("the service did not start: Kafka Streams is " + running.state());
      }
      Thread.sleep(50);
    }
  }

  private void step(String what, String detail) {
    out.println(String.format(Locale.ROOT, "  %-9s %s", what, detail));
    out.flush();
  }

  private static String seconds(long sinceNanos) {
    return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - sinceNanos) / 1e9);
  }

  private static String ordinal(int n) {
    String suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th"
        : switch (n % 10) {
          case 1 -> "st";
          case 2 -> "nd";
          case 3 -> "rd";
          default -> "th";
        };
    return n + suffix;
  }
}
