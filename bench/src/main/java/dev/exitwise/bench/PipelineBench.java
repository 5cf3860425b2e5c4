package dev.exitwise.bench;

import dev.exitwise.avro.TextEvent;
import dev.exitwise.demo.EmbeddedPipeline;
import dev.exitwise.bench.model.Percentiles;
import dev.exitwise.model.inference.ClassifyRequest;
import dev.exitwise.model.inference.ExitwiseModel;
import dev.exitwise.model.inference.ForwardingTextClassifier;
import dev.exitwise.model.inference.TextClassifier;
import dev.exitwise.streams.ExitwiseService;
import dev.exitwise.streams.Topics;
import dev.exitwise.streams.TopologySerdes;
import dev.exitwise.streams.config.ExitwiseConfig;
import dev.exitwise.streams.config.ServiceSettings;
import dev.exitwise.streams.inference.ClassifierPool;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End-to-end throughput and latency through the real service: a
 * KRaft broker in this JVM, {@link ExitwiseService} with the production topology under its default
 * {@code exactly_once_v2}, the production Avro serde over an in-memory ({@code mock://}) registry, and the model's
 * configured exit policies.
 *
 * <ol>
 *   <li><b>Throughput.</b> {@code events} GoEmotions test texts in equal segments. The first segment is produced
 *       before the service starts, and the service is timed until all its classifications have been read: start-up
 *       (group join, transactions). Then events go through unmeasured, 1,000 at a time, until the JIT compilers
 *       have settled (under {@value #SETTLED_JIT_SHARE} of a chunk's time compiling) or {@code maxWarmupSeconds}
 *       have passed: a service runs for hours, while in its first minute the compiler threads take a large share
 *       of 2 cores for the broker's, the clients' and Kafka Streams' code. Each later segment is produced at
 *       once, as fast as the producer goes, and read back; its steady rate counts from the first output to the
 *       last. Outputs are read as written ({@code read_uncommitted}), so the timing is not rounded to commit
 *       boundaries; each is committed within the commit interval.
 *   <li><b>Latency.</b> With the service running, events are produced as fast as they are taken: a producer keeps
 *       {@code inFlight} events between send and read. Latency is from an event's send (its event time) to the
 *       moment its classification is read with {@code read_committed}, as a downstream consumer would.
 *   <li><b>The classifier alone</b> classifies each later segment's texts in the same batches with the same model
 *       and policy just before the segment goes through the service (the service idles meanwhile), so drift in
 *       machine load hits both alike; the pipeline's cost is measured against it.
 * </ol>
 */
public final class PipelineBench {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineBench.class);
  /** Events per warm-up chunk. */
  static final int WARMUP_CHUNK = 1000;
  /** The warm-up ends once the JIT compilers spend less than this share of a chunk's wall time compiling. */
  static final double SETTLED_JIT_SHARE = 0.05;
  private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);
  /**
   * How long a read waits when nothing has arrived. A poll returns as soon as records come, so this does not round
   * any timing; a short one only wakes the reader (on the cores the service uses) hundreds of times a second for
   * nothing.
   */
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
  private static final String STREAM_THREAD = "kafka.stream.thread.";
  /** Kafka Streams' thread metrics (through Micrometer) that say where the stream thread's time goes. */
  private static final Set<String> STREAMS_COUNTERS = Set.of(STREAM_THREAD + "blocked.time.ns.total",
      STREAM_THREAD + "commit.total", STREAM_THREAD + "commit.latency.avg");

  /**
   * What to run.
   *
   * @param events events of the throughput phase
   * @param maxWarmupSeconds the longest the unmeasured warm-up between the start-up segment and the measured ones
   *     may run (0: none); it ends sooner once the JIT compilers have settled
   * @param latencyEvents events of the latency phase
   * @param inFlight events between send and read in the latency phase
   * @param batchSize the micro-batcher's batch size ({@code exitwise.batch.size})
   * @param segments the throughput phase's events come in this many equal segments: the first is produced
   *     before the service starts (start-up), each later one after the classifier alone has run its texts
   * @param threads the service's model calls get the intra-op threads ({@code exitwise.model.threads}) that the
   *     classifier alone runs with, so the two are compared at the same setting
   */
  public record Settings(int events, int maxWarmupSeconds, int latencyEvents, int inFlight, int batchSize, int segments,
      int threads) {
    public Settings {
      if (maxWarmupSeconds < 0) {
        throw new IllegalArgumentException("warm-up seconds must not be negative: " + maxWarmupSeconds);
      }
      if (segments < 2 || events / segments < 1) {
        throw new IllegalArgumentException("need at least 2 segments of at least 1 event: " + events + " events, "
            + segments + " segments");
      }
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1: " + threads);
      }
    }

    /**
     * 4,500 events in 9 segments of 500 (8 measured) after at most 90 s of warm-up, 640 for latency with 2 batches
     * in flight, batch 32.
     */
    public static Settings defaults(int threads) {
      return new Settings(4500, 90, 640, 64, 32, 9, threads);
    }

    /** A smoke run, with one warm-up chunk. */
    public static Settings quick(int threads) {
      return new Settings(128, 1, 64, 64, 32, 2, threads);
    }
  }

  /**
   * The outcome.
   *
   * @param overrides the service settings that differed from the defaults, {@code key=value, ...}; empty for none
   * @param events events of the throughput phase
   * @param warmupEvents unmeasured events between the start-up segment and the measured ones
   * @param warmupSeconds how long they took
   * @param warmupJitShare the JIT compilers' time over the wall time in the warm-up's last chunk
   * @param segments the segments they came in
   * @param batchSize the micro-batcher's batch size
   * @param policy the exit policy the service ran (the tenant's configured one)
   * @param guarantee the processing guarantee
   * @param startupSeconds from starting the service to its first output
   * @param pipelineEventsPerSecond steady end-to-end rate over the later segments: in each, the events after the
   *     first output over the time to the last
   * @param pipelineWallEventsPerSecond the first segment's events over the time from starting the service to its
   *     last output (start-up included)
   * @param classifierEventsPerSecond the classifier alone on the later segments' texts, batch size and policy
   * @param meanExitLayer mean exit layer of the pipeline's classifications
   * @param latencyEvents events of the latency phase
   * @param inFlight events kept between send and read in the latency phase
   * @param closedLoopEventsPerSecond the latency phase's rate
   * @param p50Micros median latency from send to read
   * @param p95Micros 95th percentile
   * @param p99Micros 99th percentile
   * @param pipelineCpuMillisPerEvent process CPU per event during the steady parts of the later segments (broker,
   *     clients, Streams and model together)
   * @param classifierCpuMillisPerEvent process CPU per event of the classifier alone
   * @param javaCpuMillisPerEvent Java threads' CPU per event during the steady parts, by thread group (the model's
   *     native PyTorch threads are not Java threads and are not in it)
   * @param blockedShare the share of the steady time that the Streams thread spent blocked on Kafka (its
   *     {@code blocked-time-ns-total}: polls, commits, producer flushes)
   * @param commits exactly-once commits during the steady time
   * @param commitMillis their mean duration ({@code commit-latency-avg} at each segment's end)
   * @param commitShare commits × their mean duration over the steady time
   * @param jitShare the JIT compilers' time during the steady parts over the steady time ({@code CompilationMXBean},
   *     summed over compiler threads)
   */
  public record Result(String overrides, int events, int warmupEvents, double warmupSeconds,
      double warmupJitShare, int segments, int batchSize, String policy, String guarantee, double startupSeconds,
      double pipelineEventsPerSecond, double pipelineWallEventsPerSecond, double classifierEventsPerSecond,
      double meanExitLayer, int latencyEvents, int inFlight, double closedLoopEventsPerSecond, long p50Micros,
      long p95Micros, long p99Micros, double pipelineCpuMillisPerEvent, double classifierCpuMillisPerEvent,
      Map<String, Double> javaCpuMillisPerEvent, double blockedShare, int commits, double commitMillis,
      double commitShare, double jitShare) {

    /** Steady end-to-end rate over the classifier's own. */
    public double pipelineOverClassifier() {
      return pipelineEventsPerSecond / classifierEventsPerSecond;
    }
  }

  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

  private PipelineBench() {}

  /**
   * Runs both phases.
   *
   * @param model the classifier; it stays open
   * @param texts the texts, at least {@code settings.events()}
   * @param tenant the tenant of every event
   * @param serdes the topology's serdes over {@code registryUrl}
   * @param overrides service settings that differ from the defaults (none for the service as it ships)
   * @throws Exception if the broker or the service fails, or outputs go missing
   */
  public static Result run(ExitwiseModel model, List<String> texts, String tenant, TopologySerdes serdes,
      String registryUrl, Settings settings, Map<String, String> overrides) throws Exception {
    if (texts.size() < settings.events()) {
      throw new IllegalArgumentException(settings.events() + " events asked for, " + texts.size() + " texts");
    }
    List<List<String>> segments = new ArrayList<>();
    int perSegment = settings.events() / settings.segments();
    for (int s = 0; s < settings.segments(); s++) {
      segments.add(texts.subList(s * perSegment, (s + 1) * perSegment));
    }
    classifierAlone(model, segments.get(0).subList(0, Math.min(perSegment, settings.batchSize())), tenant,
        settings.batchSize()); // warm-up
    try (EmbeddedPipeline pipeline = EmbeddedPipeline.start("bench")) {
      String prefix = "bench-" + Long.toHexString(System.nanoTime());
      Topics topics = createTopics(pipeline, prefix);
      ServiceSettings serviceSettings =
          serviceSettings(pipeline, topics, prefix, registryUrl, settings, overrides);
      produce(pipeline, topics, serdes, segments.get(0), tenant, prefix + "-0");

      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      try (ClassifierPool pool = ClassifierPool.of(new Unclosed(model));
          KafkaConsumer<String, byte[]> consumer = consumer(pipeline, topics, "read_uncommitted")) {
        long started = System.nanoTime();
        ExitwiseService service = ExitwiseService.start(serviceSettings, serdes, pool, registry);
        try {
          Supplier<Map<String, Double>> counters = () -> streamsCounters(registry);
          Segment first = readSegment(consumer, serdes, topics, perSegment, counters);
          Warmup warmup = warmUp(pipeline, topics, serdes, consumer, texts, tenant, prefix, settings, counters);
          long steadyEvents = 0;
          long steadyNanos = 0;
          double steadyCpuMillis = 0;
          long exitLayers = first.exitLayers;
          double classifierSeconds = 0;
          double classifierCpuMillis = 0;
          Map<String, Long> threadNanos = new LinkedHashMap<>();
          double blockedNanos = 0;
          double commits = 0;
          double commitMillis = 0;
          double jitMillis = 0;
          for (int s = 1; s < segments.size(); s++) {
            double[] alone = classifierAlone(model, segments.get(s), tenant, settings.batchSize());
            classifierSeconds += alone[0];
            classifierCpuMillis += alone[1];
            produce(pipeline, topics, serdes, segments.get(s), tenant, prefix + "-" + s);
            Segment segment = readSegment(consumer, serdes, topics, perSegment, counters);
            LOG.info("pipeline segment {}: {} events/s, the classifier alone {} events/s, {} ms of JIT compilation", s,
                String.format("%.1f", (perSegment - segment.firstCount) / ((segment.lastAt - segment.firstAt) / 1e9)),
                String.format("%.1f", perSegment / alone[0]), Math.round(segment.jitMillis));
            jitMillis += segment.jitMillis;
            steadyEvents += perSegment - segment.firstCount;
            steadyNanos += segment.lastAt - segment.firstAt;
            steadyCpuMillis += segment.cpuMillis;
            exitLayers += segment.exitLayers;
            segment.threadNanos.forEach((group, nanos) -> threadNanos.merge(group, nanos, Long::sum));
            blockedNanos += delta(segment, "blocked.time.ns.total");
            commits += delta(segment, "commit.total");
            commitMillis += delta(segment, "commit.total")
                * segment.countersAtLast.getOrDefault("commit.latency.avg", 0.0);
          }
          int pipelineEvents = perSegment * (segments.size() - 1);
          LOG.info("pipeline: start-up {} s, {} steady events in {} s, classifier alone {} s",
              (first.firstAt - started) / 1e9, steadyEvents, steadyNanos / 1e9, classifierSeconds);
          Latency latency;
          try (KafkaConsumer<String, byte[]> committed = consumer(pipeline, topics, "read_committed")) {
            latency = closedLoop(pipeline, committed, serdes, topics, texts, tenant, settings);
          }
          return new Result(overrides.toString().replaceAll("[{}]", ""), settings.events(), warmup.events,
              warmup.seconds, warmup.lastJitShare, settings.segments(), settings.batchSize(),
              model.policy(tenant).describe(), serviceSettings.kafka().get("processing.guarantee").toString(),
              (first.firstAt - started) / 1e9, steadyEvents / (steadyNanos / 1e9),
              perSegment / ((first.lastAt - started) / 1e9), pipelineEvents / classifierSeconds,
              (double) exitLayers / (perSegment * segments.size()), settings.latencyEvents(), settings.inFlight(),
              latency.rate, latency.p50, latency.p95, latency.p99, steadyCpuMillis / Math.max(1, steadyEvents),
              classifierCpuMillis / pipelineEvents, ThreadCpu.millisPerEvent(threadNanos, steadyEvents),
              blockedNanos / steadyNanos, (int) Math.round(commits), commits == 0 ? 0 : commitMillis / commits,
              commitMillis * 1e6 / steadyNanos, jitMillis * 1e6 / steadyNanos);
        } finally {
          service.close();
        }
      } finally {
        registry.close();
      }
    }
  }

  /** The Streams thread's cumulative counters this benchmark reads, by metric name (without the prefix). */
  private static Map<String, Double> streamsCounters(PrometheusMeterRegistry registry) {
    Map<String, Double> out = new java.util.TreeMap<>();
    for (Meter meter : registry.getMeters()) {
      String name = meter.getId().getName();
      if (STREAMS_COUNTERS.contains(name)) {
        for (Measurement measurement : meter.measure()) {
          out.merge(name.substring(STREAM_THREAD.length()), measurement.getValue(), Double::sum);
        }
      }
    }
    return out;
  }

  /** {seconds, process CPU milliseconds} of classifying the texts in order in batches, at the tenant's policy. */
  static double[] classifierAlone(TextClassifier model, List<String> texts, String tenant, int batchSize) {
    List<ClassifyRequest> requests = texts.stream().map(t -> ClassifyRequest.of(tenant, t)).toList();
    long cpu = PROCESS.getProcessCpuTime();
    long started = System.nanoTime();
    for (int start = 0; start < requests.size(); start += batchSize) {
      model.classify(requests.subList(start, Math.min(requests.size(), start + batchSize)));
    }
    return new double[] {(System.nanoTime() - started) / 1e9, (PROCESS.getProcessCpuTime() - cpu) / 1e6};
  }

  /** The service's five topics named {@code <prefix>-<default name>}, created with one input partition. */
  static Topics createTopics(EmbeddedPipeline pipeline, String prefix) throws Exception {
    Topics defaults = Topics.DEFAULTS;
    Topics topics = new Topics(prefix + "-" + defaults.textEvents(), prefix + "-" + defaults.textLabels(),
        prefix + "-" + defaults.exitTelemetry(), prefix + "-" + defaults.exitDepthStats(),
        prefix + "-" + defaults.deadLetters());
    pipeline.createTopics(topics, 1);
    return topics;
  }

  private static ServiceSettings serviceSettings(EmbeddedPipeline pipeline, Topics topics, String prefix,
      String registryUrl, Settings settings, Map<String, String> overrides) {
    return serviceSettings(pipeline, topics, prefix, registryUrl, settings.batchSize(), settings.threads(), overrides);
  }

  /** The service's settings on the bench's broker and topics, with {@code overrides} last. */
  static ServiceSettings serviceSettings(EmbeddedPipeline pipeline, Topics topics, String prefix,
      String registryUrl, int batchSize, int threads, Map<String, String> overrides) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("application.id", prefix);
    values.put(ServiceSettings.SCHEMA_REGISTRY_URL, registryUrl);
    values.put(ExitwiseConfig.TOPIC_TEXT_EVENTS, topics.textEvents());
    values.put(ExitwiseConfig.TOPIC_TEXT_LABELS, topics.textLabels());
    values.put(ExitwiseConfig.TOPIC_EXIT_TELEMETRY, topics.exitTelemetry());
    values.put(ExitwiseConfig.TOPIC_EXIT_DEPTH_STATS, topics.exitDepthStats());
    values.put(ExitwiseConfig.TOPIC_DEAD_LETTERS, topics.deadLetters());
    values.put(ExitwiseConfig.BATCH_SIZE, Integer.toString(batchSize));
    values.put(ExitwiseConfig.MODEL_THREADS, Integer.toString(threads));
    values.putAll(overrides);
    return pipeline.serviceSettings(values);
  }

  private static void produce(EmbeddedPipeline pipeline, Topics topics, TopologySerdes serdes, List<String> texts,
      String tenant, String prefix) {
    try (KafkaProducer<String, byte[]> producer = producer(pipeline, 5)) {
      Instant now = Instant.now();
      for (int i = 0; i < texts.size(); i++) {
        TextEvent event = event(prefix + "-" + i, tenant, texts.get(i), now);
        producer.send(new ProducerRecord<>(topics.textEvents(), event.getId(),
            serdes.textEvent().serializer().serialize(topics.textEvents(), event)));
      }
      producer.flush();
    }
  }

  /**
   * One segment's reading.
   *
   * @param firstAt when the first committed outputs were read
   * @param firstCount how many came with them
   * @param lastAt when the last was read
   * @param exitLayers the outputs' exit layers, summed
   * @param cpuMillis process CPU between the first and the last read
   * @param threadNanos Java threads' CPU between them, by thread group
   * @param countersAtFirst the Streams thread's counters at the first read
   * @param countersAtLast and at the last
   * @param jitMillis the JIT compilers' time between the first and the last read
   */
  private record Segment(long firstAt, int firstCount, long lastAt, long exitLayers, double cpuMillis,
      Map<String, Long> threadNanos, Map<String, Double> countersAtFirst, Map<String, Double> countersAtLast,
      double jitMillis) {}

  private static double delta(Segment segment, String counter) {
    return segment.countersAtLast.getOrDefault(counter, 0.0) - segment.countersAtFirst.getOrDefault(counter, 0.0);
  }

  /** Reads until {@code events} new classifications have arrived. */
  private static Segment readSegment(KafkaConsumer<String, byte[]> consumer, TopologySerdes serdes, Topics topics,
      int events, Supplier<Map<String, Double>> counters) throws TimeoutException {
    Set<String> seen = new HashSet<>();
    long exitLayers = 0;
    long firstAt = 0;
    int firstCount = 0;
    long firstCpu = 0;
    Map<String, Long> firstThreads = Map.of();
    Map<String, Double> firstCounters = Map.of();
    long firstJit = 0;
    long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
    while (seen.size() < events) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(seen.size() + " of " + events + " classifications after " + READ_TIMEOUT);
      }
      for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
        if (seen.add(record.key())) {
          exitLayers += serdes.classification().deserializer().deserialize(topics.textLabels(), record.value())
              .getExitLayer();
        }
      }
      if (firstAt == 0 && !seen.isEmpty()) {
        firstAt = System.nanoTime();
        firstCount = seen.size();
        firstCpu = PROCESS.getProcessCpuTime();
        firstThreads = ThreadCpu.snapshot();
        firstCounters = counters.get();
        firstJit = JIT.getTotalCompilationTime();
      }
    }
    return new Segment(firstAt, firstCount, System.nanoTime(), exitLayers,
        (PROCESS.getProcessCpuTime() - firstCpu) / 1e6, ThreadCpu.used(firstThreads, ThreadCpu.snapshot()),
        firstCounters, counters.get(), JIT.getTotalCompilationTime() - firstJit);
  }

  private record Warmup(int events, double seconds, double lastJitShare) {}

  /** Sends chunks of events through the service until the JIT compilers settle or the time is up. */
  private static Warmup warmUp(EmbeddedPipeline pipeline, Topics topics, TopologySerdes serdes,
      KafkaConsumer<String, byte[]> consumer, List<String> texts, String tenant, String prefix, Settings settings,
      Supplier<Map<String, Double>> counters) throws TimeoutException {
    long started = System.nanoTime();
    int events = 0;
    double share = Double.NaN;
    while (System.nanoTime() - started < settings.maxWarmupSeconds() * 1_000_000_000L) {
      long chunkStarted = System.nanoTime();
      long jitBefore = JIT.getTotalCompilationTime();
      produce(pipeline, topics, serdes, cycle(texts, settings.events() + events, WARMUP_CHUNK), tenant,
          prefix + "-warm-up-" + events);
      readSegment(consumer, serdes, topics, WARMUP_CHUNK, counters);
      events += WARMUP_CHUNK;
      share = (JIT.getTotalCompilationTime() - jitBefore) * 1e6 / (System.nanoTime() - chunkStarted);
      LOG.info("pipeline warm-up: {} events in {} s, JIT compilers busy {} % of the last chunk", events,
          String.format("%.1f", (System.nanoTime() - started) / 1e9), String.format("%.1f", 100 * share));
      if (share < SETTLED_JIT_SHARE) {
        break;
      }
    }
    return new Warmup(events, (System.nanoTime() - started) / 1e9, share);
  }

  /** {@code count} texts from {@code from} on, starting again at the first when the list runs out. */
  private static List<String> cycle(List<String> texts, int from, int count) {
    List<String> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(texts.get((from + i) % texts.size()));
    }
    return out;
  }

  private record Latency(double rate, long p50, long p95, long p99) {}

  /** The latency phase: a producer thread keeps {@code inFlight} events unread; this thread reads. */
  private static Latency closedLoop(EmbeddedPipeline pipeline, KafkaConsumer<String, byte[]> consumer,
      TopologySerdes serdes, Topics topics, List<String> texts, String tenant, Settings settings) throws Exception {
    int total = settings.latencyEvents();
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    AtomicInteger received = new AtomicInteger();
    String prefix = "latency-" + Long.toHexString(System.nanoTime());
    List<Throwable> failure = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread producerThread = new Thread(() -> {
      try (KafkaProducer<String, byte[]> producer = producer(pipeline, 0)) {
        for (int i = 0; i < total; i++) {
          while (i - received.get() >= settings.inFlight()) {
            Thread.sleep(0, 200_000);
          }
          String id = prefix + "-" + i;
          TextEvent event = event(id, tenant, texts.get(i % texts.size()), Instant.now());
          sentAt.put(id, System.nanoTime());
          producer.send(new ProducerRecord<>(topics.textEvents(), id,
              serdes.textEvent().serializer().serialize(topics.textEvents(), event)));
        }
        producer.flush();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        failure.add(e);
      }
    }, "bench-latency-producer");
    long started = System.nanoTime();
    producerThread.start();
    long[] latencies = new long[total];
    Map<String, Boolean> seen = new HashMap<>();
    long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
    while (seen.size() < total) {
      if (System.nanoTime() > deadline || !failure.isEmpty()) {
        producerThread.interrupt();
        throw new TimeoutException("latency phase: " + seen.size() + " of " + total + " classifications"
            + (failure.isEmpty() ? " after " + READ_TIMEOUT : ", producer failed: " + failure.get(0)));
      }
      for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
        long now = System.nanoTime();
        Long sent = sentAt.get(record.key());
        if (sent != null && seen.put(record.key(), Boolean.TRUE) == null) {
          latencies[seen.size() - 1] = now - sent;
          received.incrementAndGet();
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    producerThread.join();
    long[] micros = Percentiles.micros(latencies);
    return new Latency(total / seconds, Percentiles.of(micros, 50), Percentiles.of(micros, 95),
        Percentiles.of(micros, 99));
  }

  static TextEvent event(String id, String tenant, String text, Instant eventTime) {
    return TextEvent.newBuilder().setId(id).setTenant(tenant).setText(text).setInstruction(null)
        .setEventTime(eventTime).setAttributes(Map.of()).build();
  }

  static KafkaProducer<String, byte[]> producer(EmbeddedPipeline pipeline, int lingerMillis) {
    return new KafkaProducer<>(pipeline.producerProperties(null, lingerMillis), new StringSerializer(),
        new ByteArraySerializer());
  }

  /**
   * A reader of {@code text-labels} from its current end. {@code read_uncommitted} sees outputs as the Streams
   * thread writes them, so the throughput phase's timing is not rounded to commit boundaries (every output is
   * committed within the commit interval); {@code read_committed} sees what a downstream consumer sees.
   */
  private static KafkaConsumer<String, byte[]> consumer(EmbeddedPipeline pipeline, Topics topics, String isolation) {
    return pipeline.reader(null, isolation, EmbeddedPipeline.From.END, List.of(topics.textLabels()));
  }

  /** The benchmark's model, handed to the service without giving it the right to close it. */
  static class Unclosed extends ForwardingTextClassifier {
    Unclosed(TextClassifier delegate) {
      super(delegate);
    }

    @Override
    public void close() {
      // the benchmark closes the model after every phase has used it
    }
  }
}
