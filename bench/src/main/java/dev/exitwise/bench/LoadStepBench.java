package dev.exitwise.bench;

import dev.exitwise.avro.Classification;
import dev.exitwise.avro.TextEvent;
import dev.exitwise.bench.model.BenchTexts;
import dev.exitwise.demo.EmbeddedPipeline;
import dev.exitwise.model.eval.MultiLabelMetrics;
import dev.exitwise.model.eval.ServingFront;
import dev.exitwise.model.exit.ExitPolicy;
import dev.exitwise.model.exit.FullDepth;
import dev.exitwise.model.inference.ClassifyRequest;
import dev.exitwise.model.inference.ClassifyResult;
import dev.exitwise.model.inference.ExitwiseModel;
import dev.exitwise.model.inference.TextClassifier;
import dev.exitwise.streams.ExitwiseService;
import dev.exitwise.streams.Topics;
import dev.exitwise.streams.TopologySerdes;
import dev.exitwise.streams.config.ExitwiseConfig;
import dev.exitwise.streams.inference.ClassifierPool;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A load step through the real pipeline (a KRaft broker in this JVM, {@link ExitwiseService} under exactly-once):
 * a steady load at a fraction of full depth's capacity, a step to a multiple of it, then the steady load again;
 * three services one after the other on the same broker, texts and schedule: fixed full depth, the tenant's fixed
 * calibrated point, and the SLO controller. Each second it records the p99 latency (send to read with {@code
 * read_committed}, over the last 5 s), the backlog (events sent and not yet read back) and the point in use; the
 * events sent during the step are scored against their gold labels, and against full depth on the same texts.
 *
 * <p>Full depth's capacity is the classifier alone at full depth on batches of the service's size, measured before
 * the services run. The producer is open-loop: it sends on schedule whatever the service does, as a real upstream
 * would, so a service that cannot keep up falls behind.
 */
public final class LoadStepBench {
  private static final Logger LOG = LoggerFactory.getLogger(LoadStepBench.class);
  private static final Duration POLL = Duration.ofMillis(50);
  private static final long LATENCY_WINDOW_NANOS = 5_000_000_000L;
  private static final int CAPACITY_BATCHES = 12;

  private LoadStepBench() {}

  /** The three services. */
  public enum Service {
    FULL_DEPTH("fixed full depth"), CALIBRATED("fixed calibrated point"), ADAPTIVE("adaptive (SLO controller)");

    private final String label;

    Service(String label) {
      this.label = label;
    }

    /** The service's name in tables and legends. */
    public String label() {
      return label;
    }
  }

  /**
   * What to run.
   *
   * @param steadySeconds the steady load before the step
   * @param stepSeconds the step
   * @param afterSeconds the steady load after the step
   * @param drainSeconds how long to wait, after the last send, for the outputs still due
   * @param baseFactor the steady load as a fraction of full depth's capacity
   * @param stepFactor the step's load as a multiple of full depth's capacity
   * @param batchSize the micro-batcher's batch size
   * @param threads PyTorch intra-op threads
   * @param warmupSeconds an unmeasured run of the calibrated service at the steady load before the three, so that
   *     each is measured on a warm JVM (0: none)
   * @param slo the adaptive service's {@code exitwise.slo.*} settings
   */
  public record Settings(int steadySeconds, int stepSeconds, int afterSeconds, int drainSeconds, double baseFactor,
      double stepFactor, int batchSize, int threads, int warmupSeconds, Map<String, String> slo) {
    public Settings {
      if (steadySeconds < 5 || stepSeconds < 5 || afterSeconds < 5 || drainSeconds < 0 || warmupSeconds < 0) {
        throw new IllegalArgumentException("each phase lasts at least 5 s, the drain and warm-up at least 0");
      }
      if (!(baseFactor > 0) || !(stepFactor > baseFactor)) {
        throw new IllegalArgumentException("the step must be above the steady load, both positive: " + baseFactor
            + ", " + stepFactor);
      }
      slo = Map.copyOf(slo);
    }

    /** The adaptive service's defaults: 2 s target, 4 s windows, 15 s calm, points 1.4 apart, floor 2 points. */
    public static Map<String, String> defaultSlo() {
      Map<String, String> slo = new LinkedHashMap<>();
      slo.put(ExitwiseConfig.SLO_LATENCY_P99_MS, "2000");
      slo.put(ExitwiseConfig.SLO_WINDOW_MS, "4000");
      slo.put(ExitwiseConfig.SLO_DEEPER_AFTER_MS, "15000");
      slo.put(ExitwiseConfig.SLO_STEP_RATIO, "1.4");
      slo.put(ExitwiseConfig.SLO_MAX_DROP_POINTS, "2.0");
      return slo;
    }

    /** The target in milliseconds. */
    long targetMillis() {
      return Long.parseLong(slo.get(ExitwiseConfig.SLO_LATENCY_P99_MS));
    }

    long stepStartNanos() {
      return steadySeconds * 1_000_000_000L;
    }

    long stepEndNanos() {
      return (steadySeconds + stepSeconds) * 1_000_000_000L;
    }

    long endNanos() {
      return (steadySeconds + stepSeconds + afterSeconds) * 1_000_000_000L;
    }
  }

  /**
   * One second of one service.
   *
   * @param seconds since the first send
   * @param p99Millis p99 latency of the outputs read in the last 5 s, or -1 when none were
   * @param backlog events sent and not yet read back
   * @param pointSpeedup the dev layer speed-up of the point in use (1 = full depth)
   * @param meanExitLayer the mean exit layer of the outputs read in this second, or NaN
   */
  public record Second(double seconds, long p99Millis, long backlog, double pointSpeedup, double meanExitLayer) {}

  /**
   * One service's run.
   *
   * @param service which
   * @param timeline one entry per second
   * @param steadyP99Millis p99 latency of the events sent before the step
   * @param stepMaxP99Millis the highest 5-s p99 while the step lasted
   * @param settlingSeconds from the step's start to the first second after which every 5-s p99 until the step's
   *     end is within the target; -1 when it never settles
   * @param backlogAtStepEnd the backlog when the step ended
   * @param unreadAtEnd events still not read back when the drain time ran out
   * @param backToDeepSeconds from the step's end until the point in use was full depth again (-1: never, or a fixed
 *     service)
   * @param stepEvents events sent during the step and classified
   * @param stepMacroF1 their macro-F1 against the gold labels
   * @param stepFullDepthMacroF1 full depth's macro-F1 on the same texts
   * @param speedupsUsed the points' speed-ups the service served, in the order first used
   * @param allMacroF1 the macro-F1 of every event of the run against the gold labels
   * @param allFullDepthMacroF1 full depth's on the same texts
   */
  public record Run(Service service, List<Second> timeline, long steadyP99Millis, long stepMaxP99Millis,
      double settlingSeconds, long backlogAtStepEnd, long unreadAtEnd, double backToDeepSeconds, int stepEvents,
      double stepMacroF1, double stepFullDepthMacroF1, List<Double> speedupsUsed, double allMacroF1,
      double allFullDepthMacroF1) {}

  /**
   * The outcome.
   *
   * @param fullDepthEventsPerSecond full depth's capacity (the classifier alone)
   * @param baseRate the steady load, events/s
   * @param stepRate the step's load, events/s
   * @param calibratedPolicy the tenant's calibrated point
   * @param calibratedSpeedup its dev layer speed-up
   * @param runs one per service
   */
  public record Result(Settings settings, double fullDepthEventsPerSecond, double baseRate, double stepRate,
      String calibratedPolicy, double calibratedSpeedup, List<Run> runs) {}

  /**
   * Runs the three services.
   *
   * @param texts labelled texts of the tenant; they are sent in order, again from the first when they run out
   */
  public static Result run(ExitwiseModel model, BenchTexts texts, String tenant, TopologySerdes serdes,
      String registryUrl, Settings settings) throws Exception {
    double capacity = fullDepthCapacity(model, texts, tenant, settings.batchSize());
    double base = capacity * settings.baseFactor();
    double step = capacity * settings.stepFactor();
    String calibrated = model.policy(tenant).describe();
    double calibratedSpeedup = model.servingFront(tenant).stream().filter(p -> p.policy().equals(calibrated))
        .mapToDouble(ServingFront.Point::layerSpeedup).findFirst().orElse(Double.NaN);
    LOG.info("load step: full depth classifies {} events/s alone; steady {} events/s, step {} events/s",
        String.format("%.1f", capacity), String.format("%.1f", base), String.format("%.1f", step));
    Map<Integer, boolean[]> fullDepthPredictions = new ConcurrentHashMap<>();
    List<Run> runs = new ArrayList<>();
    try (EmbeddedPipeline pipeline = EmbeddedPipeline.start("load-step")) {
      if (settings.warmupSeconds() > 0) {
        // the JIT compilers take a large share of 2 cores in a new JVM's first minute: without this, the first
        // service (full depth) would be measured on a colder JVM than the other two
        Settings steadyOnly = new Settings(settings.warmupSeconds(), 5, 5, 30, settings.baseFactor(),
            settings.baseFactor() * 1.001, settings.batchSize(), settings.threads(), 0, settings.slo());
        runService(pipeline, Service.CALIBRATED, model, texts, tenant, serdes, registryUrl, steadyOnly, base,
            base * 1.001, calibratedSpeedup, new ConcurrentHashMap<>());
        LOG.info("load step: warm-up of {} s done", settings.warmupSeconds());
      }
      for (Service service : Service.values()) {
        runs.add(runService(pipeline, service, model, texts, tenant, serdes, registryUrl, settings, base, step,
            calibratedSpeedup, fullDepthPredictions));
      }
    }
    return new Result(settings, capacity, base, step, calibrated, calibratedSpeedup, List.copyOf(runs));
  }

  /** Events per second of the classifier alone at full depth, after one batch of warm-up. */
  static double fullDepthCapacity(TextClassifier model, BenchTexts texts, String tenant, int batchSize) {
    Map<String, ExitPolicy> full = Map.of(tenant, new FullDepth());
    List<ClassifyRequest> requests = texts.requests();
    model.classify(requests.subList(0, batchSize), full);
    long started = System.nanoTime();
    for (int b = 1; b <= CAPACITY_BATCHES; b++) {
      model.classify(requests.subList(b * batchSize, (b + 1) * batchSize), full);
    }
    return CAPACITY_BATCHES * batchSize / ((System.nanoTime() - started) / 1e9);
  }

  /** What the reader saw of one output. */
  private record Output(int sequence, long readAtNanos, int exitLayer, List<String> labels) {}

  private static Run runService(EmbeddedPipeline pipeline, Service service, ExitwiseModel model, BenchTexts texts,
      String tenant, TopologySerdes serdes, String registryUrl, Settings settings, double base, double step,
      double calibratedSpeedup, Map<Integer, boolean[]> fullDepthPredictions) throws Exception {
    String prefix = "load-step-" + service.name().toLowerCase(java.util.Locale.ROOT) + "-"
        + Long.toHexString(System.nanoTime());
    Topics topics = PipelineBench.createTopics(pipeline, prefix);
    TextClassifier served = service == Service.FULL_DEPTH ? new FullDepthOnly(model, tenant)
        : new PipelineBench.Unclosed(model);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ConcurrentLinkedQueue<Output> outputs = new ConcurrentLinkedQueue<>();
    Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
    AtomicInteger sent = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    List<Second> timeline = new ArrayList<>();
    try (ClassifierPool pool = ClassifierPool.of(served);
        ExitwiseService running = ExitwiseService.start(PipelineBench.serviceSettings(pipeline, topics, prefix,
            registryUrl, settings.batchSize(), settings.threads(),
            service == Service.ADAPTIVE ? settings.slo() : Map.of()), serdes, pool, registry);
        KafkaConsumer<String, byte[]> consumer = pipeline.reader(null, "read_committed",
            EmbeddedPipeline.From.END, List.of(topics.textLabels()))) {
      if (!running.awaitRunning(Duration.ofMinutes(2))) {
        throw new IllegalStateException(service.label() + ": the service did not start within 2 minutes");
      }
      consumer.poll(Duration.ZERO); // joins its partitions at the end before anything is sent
      long start = System.nanoTime();
      Thread producer = new Thread(() -> produce(pipeline, topics, serdes, texts, tenant, settings, base, step, start,
          sentAt, sent, stop), "load-step-producer");
      producer.start();
      java.util.ArrayDeque<long[]> recent = new java.util.ArrayDeque<>(); // {read at, latency} of the last 5 s
      long nextSample = start + 1_000_000_000L;
      int read = 0;
      int exitLayerSum = 0;
      int exitLayerCount = 0;
      long drainEnd = start + settings.endNanos() + settings.drainSeconds() * 1_000_000_000L;
      while (System.nanoTime() < drainEnd && (producer.isAlive() || read < sent.get())) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          long now = System.nanoTime();
          Classification label = serdes.classification().deserializer().deserialize(topics.textLabels(),
              record.value());
          int sequence = Integer.parseInt(record.key().substring(record.key().lastIndexOf('-') + 1));
          Long sentNanos = sentAt.get(sequence);
          outputs.add(new Output(sequence, now, label.getExitLayer(),
              label.getLabels().stream().map(l -> l.getLabel().toString()).toList()));
          if (sentNanos != null) {
            recent.add(new long[] {now, now - sentNanos});
          }
          read++;
          exitLayerSum += label.getExitLayer();
          exitLayerCount++;
        }
        long now = System.nanoTime();
        if (now >= nextSample) {
          while (!recent.isEmpty() && recent.peek()[0] < now - LATENCY_WINDOW_NANOS) {
            recent.poll();
          }
          timeline.add(new Second((now - start) / 1e9, p99Millis(recent.stream().map(r -> r[1]).toList()),
              sent.get() - read,
              pointSpeedup(service, registry, tenant, calibratedSpeedup),
              exitLayerCount == 0 ? Double.NaN : (double) exitLayerSum / exitLayerCount));
          exitLayerSum = 0;
          exitLayerCount = 0;
          nextSample += 1_000_000_000L;
        }
      }
      stop.set(true);
      producer.join();
      LOG.info("load step, {}: {} sent, {} read back", service.label(), sent.get(), read);
      return summarize(service, settings, timeline, new ArrayList<>(outputs), sentAt, start, sent.get() - read,
          texts, model, tenant, fullDepthPredictions);
    } finally {
      registry.close();
    }
  }

  /** Sends on schedule: the steady rate, the step's, the steady rate again; event time is the send time. */
  private static void produce(EmbeddedPipeline pipeline, Topics topics, TopologySerdes serdes, BenchTexts texts,
      String tenant, Settings settings, double base, double step, long start, Map<Integer, Long> sentAt,
      AtomicInteger sent, AtomicBoolean stop) {
    try (KafkaProducer<String, byte[]> producer = PipelineBench.producer(pipeline, 0)) {
      double due = 0; // events due so far, fractional
      long last = start;
      while (!stop.get()) {
        long now = System.nanoTime();
        long elapsed = now - start;
        if (elapsed >= settings.endNanos()) {
          break;
        }
        double rate = elapsed >= settings.stepStartNanos() && elapsed < settings.stepEndNanos() ? step : base;
        due += rate * (now - last) / 1e9;
        last = now;
        while (sent.get() < (long) due) {
          int sequence = sent.get();
          TextEvent event = PipelineBench.event("e-" + sequence, tenant,
              texts.requests().get(sequence % texts.size()).text(), Instant.now());
          sentAt.put(sequence, System.nanoTime());
          producer.send(new ProducerRecord<>(topics.textEvents(), event.getId(),
              serdes.textEvent().serializer().serialize(topics.textEvents(), event)));
          sent.incrementAndGet();
        }
        Thread.sleep(5);
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static double pointSpeedup(Service service, PrometheusMeterRegistry registry, String tenant,
      double calibratedSpeedup) {
    return switch (service) {
      case FULL_DEPTH -> 1.0;
      case CALIBRATED -> calibratedSpeedup;
      case ADAPTIVE -> {
        Gauge gauge = registry.find("exitwise.slo.point.speedup").tag("tenant", tenant).gauge();
        yield gauge == null ? Double.NaN : gauge.value();
      }
    };
  }

  private static long p99Millis(List<Long> latencyNanos) {
    if (latencyNanos.isEmpty()) {
      return -1;
    }
    long[] sorted = latencyNanos.stream().mapToLong(Long::longValue).sorted().toArray();
    return sorted[Math.max(0, (int) Math.ceil(0.99 * sorted.length) - 1)] / 1_000_000;
  }

  private static Run summarize(Service service, Settings settings, List<Second> timeline, List<Output> outputs,
      Map<Integer, Long> sentAt, long start, long unread, BenchTexts texts, ExitwiseModel model, String tenant,
      Map<Integer, boolean[]> fullDepthPredictions) {
    double stepStart = settings.steadySeconds();
    double stepEnd = settings.steadySeconds() + settings.stepSeconds();
    List<Long> steadyLatencies = new ArrayList<>();
    List<Integer> stepTexts = new ArrayList<>();
    List<boolean[]> stepPredicted = new ArrayList<>();
    List<Integer> allTexts = new ArrayList<>();
    List<boolean[]> allPredicted = new ArrayList<>();
    List<String> labels = model.labels(tenant);
    for (Output output : outputs) {
      long sentNanos = sentAt.getOrDefault(output.sequence(), output.readAtNanos());
      double sentSeconds = (sentNanos - start) / 1e9;
      boolean[] predicted = labelVector(output.labels(), labels);
      allTexts.add(output.sequence() % texts.size());
      allPredicted.add(predicted);
      if (sentSeconds < stepStart) {
        steadyLatencies.add(output.readAtNanos() - sentNanos);
      } else if (sentSeconds < stepEnd) {
        stepTexts.add(output.sequence() % texts.size());
        stepPredicted.add(predicted);
      }
      if (service == Service.FULL_DEPTH) {
        fullDepthPredictions.put(output.sequence() % texts.size(), predicted);
      }
    }
    long stepMax = timeline.stream().filter(s -> s.seconds() > stepStart && s.seconds() <= stepEnd)
        .mapToLong(Second::p99Millis).max().orElse(-1);
    double settled = -1;
    for (Second second : timeline) {
      if (second.seconds() > stepStart && second.seconds() <= stepEnd) {
        if (second.p99Millis() > settings.targetMillis()) {
          settled = -1;
        } else if (settled < 0) {
          settled = second.seconds() - stepStart;
        }
      }
    }
    long backlogAtStepEnd = timeline.stream().filter(s -> s.seconds() <= stepEnd).mapToLong(Second::backlog)
        .reduce((a, b) -> b).orElse(0);
    double backToDeep = -1;
    for (Second second : service == Service.ADAPTIVE ? timeline : List.<Second>of()) {
      if (second.seconds() > stepEnd && second.pointSpeedup() == 1.0) {
        backToDeep = second.seconds() - stepEnd;
        break;
      }
    }
    List<Double> used = timeline.stream().map(Second::pointSpeedup).filter(v -> !Double.isNaN(v)).distinct()
        .toList();
    int batchSize = settings.batchSize();
    double[] step = macroF1(stepTexts, stepPredicted, model, texts, tenant, batchSize, fullDepthPredictions);
    double[] all = macroF1(allTexts, allPredicted, model, texts, tenant, batchSize, fullDepthPredictions);
    return new Run(service, List.copyOf(timeline), p99Millis(steadyLatencies), stepMax, settled, backlogAtStepEnd,
        unread, backToDeep, stepTexts.size(), step[0], step[1], used, all[0], all[1]);
  }

  /** {the predictions' macro-F1, full depth's on the same texts}, against the gold labels; NaN for no texts. */
  private static double[] macroF1(List<Integer> textIndices, List<boolean[]> predicted, ExitwiseModel model,
      BenchTexts texts, String tenant, int batchSize, Map<Integer, boolean[]> fullDepthPredictions) {
    if (textIndices.isEmpty()) {
      return new double[] {Double.NaN, Double.NaN};
    }
    boolean[][] gold = textIndices.stream().map(i -> texts.gold()[i]).toArray(boolean[][]::new);
    return new double[] {MultiLabelMetrics.compute(gold, predicted.toArray(boolean[][]::new)).macroF1(),
        MultiLabelMetrics.compute(gold, fullDepth(textIndices, model, texts, tenant, batchSize,
            fullDepthPredictions)).macroF1()};
  }

  /**
   * Full depth's predictions for texts: its service's own outputs (a row's answer does not depend on its batch), and
   * the classifier alone at full depth for the texts that service never answered.
   */
  private static boolean[][] fullDepth(List<Integer> textIndices, ExitwiseModel model, BenchTexts texts,
      String tenant, int batchSize, Map<Integer, boolean[]> known) {
    List<Integer> missing = textIndices.stream().filter(i -> !known.containsKey(i)).distinct().toList();
    Map<String, ExitPolicy> full = Map.of(tenant, new FullDepth());
    for (int from = 0; from < missing.size(); from += batchSize) {
      List<Integer> chunk = missing.subList(from, Math.min(missing.size(), from + batchSize));
      List<ClassifyResult> results = model.classify(chunk.stream().map(i -> texts.requests().get(i)).toList(), full);
      for (int i = 0; i < chunk.size(); i++) {
        known.put(chunk.get(i), labelVector(results.get(i).labels().stream()
            .map(dev.exitwise.model.inference.LabelScore::label).toList(), model.labels(tenant)));
      }
    }
    return textIndices.stream().map(known::get).toArray(boolean[][]::new);
  }

  private static boolean[] labelVector(List<String> names, List<String> labels) {
    boolean[] out = new boolean[labels.size()];
    names.forEach(name -> out[labels.indexOf(name)] = true);
    return out;
  }

  /** The model pinned to full depth for one tenant: the fixed-full-depth service. */
  private static final class FullDepthOnly extends PipelineBench.Unclosed {
    private final Map<String, ExitPolicy> policies;

    FullDepthOnly(TextClassifier delegate, String tenant) {
      super(delegate);
      this.policies = Map.of(tenant, new FullDepth());
    }

    @Override
    public List<ClassifyResult> classify(List<ClassifyRequest> batch) {
      return delegate().classify(batch, policies);
    }
  }
}
