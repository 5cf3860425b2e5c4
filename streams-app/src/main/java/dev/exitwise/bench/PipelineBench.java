package dev.exitwise.bench;

import dev.exitwise.avro.Classification;
import dev.exitwise.avro.TextEvent;
import dev.exitwise.model.bench.Percentiles;
import dev.exitwise.model.inference.ClassifyRequest;
import dev.exitwise.model.inference.ClassifyResult;
import dev.exitwise.model.inference.ExitwiseModel;
import dev.exitwise.model.inference.TextClassifier;
import dev.exitwise.streams.ExitwiseService;
import dev.exitwise.streams.Topics;
import dev.exitwise.streams.TopologySerdes;
import dev.exitwise.streams.config.ConfigSources;
import dev.exitwise.streams.config.ExitwiseConfig;
import dev.exitwise.streams.config.ServiceSettings;
import dev.exitwise.streams.inference.ClassifierPool;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End-to-end throughput and latency through the real service (issue 8 item 2, issue 6's last Done-when line): a
 * KRaft broker in this JVM, {@link ExitwiseService} with the production topology under its default
 * {@code exactly_once_v2}, the production Avro serde over an in-memory ({@code mock://}) registry, and the model's
 * configured exit policies.
 *
 * <ol>
 *   <li><b>Throughput.</b> {@code events} GoEmotions test texts are produced first; then the service starts and
 *       the run is timed until every classification has been read with {@code read_committed}. The steady rate is
 *       counted from the first committed output to the last, so start-up (group join, transactions) is reported
 *       apart.
 *   <li><b>Latency.</b> With the service running, events are produced as fast as they are taken: a producer keeps
 *       {@code inFlight} events between send and read. Latency is from an event's send (its event time) to the
 *       moment its classification is read.
 *   <li><b>The classifier alone</b> classifies the same texts in the same batches with the same model and policy,
 *       once before and once after the service runs (drift cancels); the pipeline's cost is measured against it.
 * </ol>
 */
public final class PipelineBench {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineBench.class);
  private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

  /**
   * What to run.
   *
   * @param events events of the throughput phase
   * @param latencyEvents events of the latency phase
   * @param inFlight events between send and read in the latency phase
   * @param batchSize the micro-batcher's batch size ({@code exitwise.batch.size})
   */
  public record Settings(int events, int latencyEvents, int inFlight, int batchSize) {
    /** 2,000 events for throughput, 1,000 for latency with 4 batches in flight, batch 32. */
    public static Settings defaults() {
      return new Settings(2000, 1000, 128, 32);
    }

    /** A smoke run. */
    public static Settings quick() {
      return new Settings(128, 64, 64, 32);
    }
  }

  /**
   * The outcome.
   *
   * @param events events of the throughput phase
   * @param batchSize the micro-batcher's batch size
   * @param policy the exit policy the service ran (the tenant's configured one)
   * @param guarantee the processing guarantee
   * @param startupSeconds from starting the service to its first committed output
   * @param pipelineEventsPerSecond steady end-to-end rate: events after the first committed output over the time to
   *     the last
   * @param pipelineWallEventsPerSecond all events over the time from starting the service to the last output
   * @param classifierEventsPerSecond the classifier alone on the same texts, batch size and policy
   * @param meanExitLayer mean exit layer of the pipeline's classifications
   * @param latencyEvents events of the latency phase
   * @param inFlight events kept between send and read in the latency phase
   * @param closedLoopEventsPerSecond the latency phase's rate
   * @param p50Micros median latency from send to read
   * @param p95Micros 95th percentile
   * @param p99Micros 99th percentile
   * @param pipelineCpuMillisPerEvent process CPU per event during the steady part of the throughput phase (broker,
   *     clients, Streams and model together)
   * @param classifierCpuMillisPerEvent process CPU per event of the classifier alone
   * @param javaCpuShares share of the Java threads' CPU during the steady part, by thread group (the model's native
   *     PyTorch threads are not Java threads and are not in it)
   */
  public record Result(int events, int batchSize, String policy, String guarantee, double startupSeconds,
      double pipelineEventsPerSecond, double pipelineWallEventsPerSecond, double classifierEventsPerSecond,
      double meanExitLayer, int latencyEvents, int inFlight, double closedLoopEventsPerSecond, long p50Micros, long p95Micros,
      long p99Micros, double pipelineCpuMillisPerEvent, double classifierCpuMillisPerEvent,
      Map<String, Double> javaCpuShares) {

    /** Steady end-to-end rate over the classifier's own. */
    public double pipelineOverClassifier() {
      return pipelineEventsPerSecond / classifierEventsPerSecond;
    }
  }

  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private PipelineBench() {}

  /**
   * Runs both phases.
   *
   * @param model the classifier; it stays open
   * @param texts the texts, at least {@code settings.events()}
   * @param tenant the tenant of every event
   * @param serdes the topology's serdes over {@code registryUrl}
   * @throws Exception if the broker or the service fails, or outputs go missing
   */
  public static Result run(ExitwiseModel model, List<String> texts, String tenant, TopologySerdes serdes,
      String registryUrl, Settings settings) throws Exception {
    if (texts.size() < settings.events()) {
      throw new IllegalArgumentException(settings.events() + " events asked for, " + texts.size() + " texts");
    }
    List<String> eventTexts = texts.subList(0, settings.events());
    Path stateDir = Files.createTempDirectory("exitwise-bench-state-");
    double[] before = classifierAlone(model, eventTexts, tenant, settings.batchSize());
    try (BenchBroker broker = BenchBroker.start()) {
      String prefix = "bench-" + Long.toHexString(System.nanoTime());
      Topics topics = broker.createTopics(prefix, 1);
      ServiceSettings serviceSettings = serviceSettings(broker, topics, prefix, registryUrl, stateDir, settings);
      produce(broker, topics, serdes, eventTexts, tenant, prefix);

      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      try (ClassifierPool pool = ClassifierPool.of(new Unclosed(model));
          KafkaConsumer<String, byte[]> consumer = consumer(broker, topics)) {
        long started = System.nanoTime();
        ExitwiseService service = ExitwiseService.start(serviceSettings, serdes, pool, registry);
        Throughput throughput;
        Latency latency;
        try {
          throughput = readAll(consumer, serdes, topics, settings.events(), started);
          latency = closedLoop(broker, consumer, serdes, topics, texts, tenant, settings);
        } finally {
          service.close();
        }
        double[] after = classifierAlone(model, eventTexts, tenant, settings.batchSize());
        double classifierRate = 2.0 * settings.events() / (before[0] + after[0]);
        double classifierCpu = (before[1] + after[1]) / (2.0 * settings.events());
        return new Result(settings.events(), settings.batchSize(), model.policy(tenant).describe(),
            serviceSettings.kafka().get("processing.guarantee").toString(), throughput.startupSeconds,
            throughput.steadyRate, throughput.wallRate, classifierRate, throughput.meanExitLayer,
            settings.latencyEvents(), settings.inFlight(), latency.rate, latency.p50, latency.p95, latency.p99,
            throughput.cpuMillisPerEvent, classifierCpu, throughput.javaCpuShares);
      } finally {
        registry.close();
      }
    } finally {
      deleteQuietly(stateDir);
    }
  }

  /** {seconds, process CPU milliseconds} of classifying the texts in order in batches. */
  static double[] classifierAlone(TextClassifier model, List<String> texts, String tenant, int batchSize) {
    List<ClassifyRequest> requests = texts.stream().map(t -> ClassifyRequest.of(tenant, t)).toList();
    model.classify(requests.subList(0, Math.min(batchSize, requests.size()))); // warm-up
    long cpu = PROCESS.getProcessCpuTime();
    long started = System.nanoTime();
    for (int start = 0; start < requests.size(); start += batchSize) {
      model.classify(requests.subList(start, Math.min(requests.size(), start + batchSize)));
    }
    return new double[] {(System.nanoTime() - started) / 1e9, (PROCESS.getProcessCpuTime() - cpu) / 1e6};
  }

  private static ServiceSettings serviceSettings(BenchBroker broker, Topics topics, String prefix,
      String registryUrl, Path stateDir, Settings settings) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("bootstrap.servers", broker.bootstrapServers());
    values.put("application.id", prefix);
    values.put("state.dir", stateDir.toString());
    values.put(ServiceSettings.SCHEMA_REGISTRY_URL, registryUrl);
    values.put(ExitwiseConfig.TOPIC_TEXT_EVENTS, topics.textEvents());
    values.put(ExitwiseConfig.TOPIC_TEXT_LABELS, topics.textLabels());
    values.put(ExitwiseConfig.TOPIC_EXIT_TELEMETRY, topics.exitTelemetry());
    values.put(ExitwiseConfig.TOPIC_EXIT_DEPTH_STATS, topics.exitDepthStats());
    values.put(ExitwiseConfig.TOPIC_DEAD_LETTERS, topics.deadLetters());
    values.put(ExitwiseConfig.BATCH_SIZE, Integer.toString(settings.batchSize()));
    values.put(ExitwiseConfig.HTTP_HOST, "127.0.0.1");
    values.put(ExitwiseConfig.HTTP_PORT, "0");
    return ServiceSettings.from(ConfigSources.load(null, Map.of(), values));
  }

  private static void produce(BenchBroker broker, Topics topics, TopologySerdes serdes, List<String> texts,
      String tenant, String prefix) {
    try (KafkaProducer<String, byte[]> producer = producer(broker, 5)) {
      Instant now = Instant.now();
      for (int i = 0; i < texts.size(); i++) {
        TextEvent event = event(prefix + "-" + i, tenant, texts.get(i), now);
        producer.send(new ProducerRecord<>(topics.textEvents(), event.getId(),
            serdes.textEvent().serializer().serialize(topics.textEvents(), event)));
      }
      producer.flush();
    }
  }

  private record Throughput(double startupSeconds, double steadyRate, double wallRate, double meanExitLayer,
      double cpuMillisPerEvent, Map<String, Double> javaCpuShares) {}

  /** Reads until every event of the throughput phase is classified. */
  private static Throughput readAll(KafkaConsumer<String, byte[]> consumer, TopologySerdes serdes, Topics topics,
      int events, long started) throws TimeoutException {
    Set<String> seen = new HashSet<>();
    long exitLayers = 0;
    long firstAt = 0;
    int firstCount = 0;
    long firstCpu = 0;
    Map<String, Long> firstThreads = Map.of();
    long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
    while (seen.size() < events) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(seen.size() + " of " + events + " classifications after " + READ_TIMEOUT);
      }
      ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(20));
      for (ConsumerRecord<String, byte[]> record : records) {
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
      }
    }
    long lastAt = System.nanoTime();
    long steadyEvents = events - firstCount;
    double steadySeconds = (lastAt - firstAt) / 1e9;
    LOG.info("pipeline: {} events, first {} after {} s, the rest in {} s", events, firstCount,
        (firstAt - started) / 1e9, steadySeconds);
    return new Throughput((firstAt - started) / 1e9, steadyEvents / steadySeconds, events / ((lastAt - started) / 1e9),
        (double) exitLayers / events, (PROCESS.getProcessCpuTime() - firstCpu) / 1e6 / Math.max(1, steadyEvents),
        ThreadCpu.shares(firstThreads, ThreadCpu.snapshot()));
  }

  private record Latency(double rate, long p50, long p95, long p99) {}

  /** The latency phase: a producer thread keeps {@code inFlight} events unread; this thread reads. */
  private static Latency closedLoop(BenchBroker broker, KafkaConsumer<String, byte[]> consumer,
      TopologySerdes serdes, Topics topics, List<String> texts, String tenant, Settings settings) throws Exception {
    int total = settings.latencyEvents();
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    AtomicInteger received = new AtomicInteger();
    String prefix = "latency-" + Long.toHexString(System.nanoTime());
    List<Throwable> failure = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread producerThread = new Thread(() -> {
      try (KafkaProducer<String, byte[]> producer = producer(broker, 0)) {
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
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(5))) {
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

  private static TextEvent event(String id, String tenant, String text, Instant eventTime) {
    return TextEvent.newBuilder().setId(id).setTenant(tenant).setText(text).setInstruction(null)
        .setEventTime(eventTime).setAttributes(Map.of()).build();
  }

  private static KafkaProducer<String, byte[]> producer(BenchBroker broker, int lingerMillis) {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.LINGER_MS_CONFIG, lingerMillis);
    return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
  }

  private static KafkaConsumer<String, byte[]> consumer(BenchBroker broker, Topics topics) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + System.nanoTime());
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(topics.textLabels()).stream()
        .map(info -> new TopicPartition(topics.textLabels(), info.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (java.io.IOException e) {
      LOG.warn("cannot delete {}: {}", dir, e.getMessage());
    }
  }

  /** The benchmark's model, handed to the service without giving it the right to close it. */
  private record Unclosed(TextClassifier delegate) implements TextClassifier {
    @Override
    public List<ClassifyResult> classify(List<ClassifyRequest> batch) {
      return delegate.classify(batch);
    }

    @Override
    public Set<String> tenants() {
      return delegate.tenants();
    }

    @Override
    public List<String> labels(String tenant) {
      return delegate.labels(tenant);
    }

    @Override
    public int layerCount() {
      return delegate.layerCount();
    }

    @Override
    public int maxTokens() {
      return delegate.maxTokens();
    }

    @Override
    public String modelVersion() {
      return delegate.modelVersion();
    }

    @Override
    public void close() {
      // the benchmark closes the model after every phase has used it
    }
  }
}
