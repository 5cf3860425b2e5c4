package dev.exitwise.streams;

import dev.exitwise.streams.batching.BatchObserver;
import dev.exitwise.streams.batching.DrainSignal;
import dev.exitwise.streams.config.ExitwiseConfig;
import dev.exitwise.streams.config.ServiceSettings;
import dev.exitwise.streams.deadletter.DeadLetterListener;
import dev.exitwise.streams.deadletter.InfrastructureFailures;
import dev.exitwise.streams.inference.ClassifierPool;
import dev.exitwise.streams.metrics.HttpEndpoints;
import dev.exitwise.streams.metrics.InfrastructureHealth;
import dev.exitwise.streams.metrics.InputLag;
import dev.exitwise.streams.metrics.ModelVersionMetrics;
import dev.exitwise.streams.metrics.PipelineMetrics;
import dev.exitwise.streams.slo.SloControl;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link ClassifierTopology} in a {@link KafkaStreams} instance with metrics, the HTTP endpoints and a
 * graceful shutdown: {@link #close()} first drains the micro-batchers (see {@link DrainSignal}), then closes Kafka
 * Streams with a timeout, so its final commit covers the flushed output.
 *
 * <p>Failures of the infrastructure are not bad data: a registry that is away is waited out inside the
 * serdes ({@link PatientSerdes}), with {@code /ready} at 503 and {@link InfrastructureHealth}'s meters saying why; a
 * stream thread that dies of another failure that may heal is replaced after a backoff. Anything else (a denied
 * write, refused credentials, a bug) shuts the whole instance down (state {@code ERROR}): bad records never do that
 * (they are dead letters), so what is left is a broken model, cluster or configuration, which the operator or a
 * restart by the orchestrator handles better than a thread that retries forever. The caller owns the classifier
 * pool and closes it after this service.
 */
public final class ExitwiseService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExitwiseService.class);

  private final ServiceSettings settings;
  private final KafkaStreams streams;
  private final KafkaStreamsMetrics streamsMetrics;
  private final HttpEndpoints http;
  private final DrainSignal drain;
  private final StaticMembership membership;
  private final InfrastructureHealth health;
  private final CountDownLatch closing;
  private final SloControl slo;
  private final CountDownLatch becameRunning = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private boolean closed;

  private ExitwiseService(ServiceSettings settings, KafkaStreams streams, KafkaStreamsMetrics streamsMetrics,
      HttpEndpoints http, DrainSignal drain, StaticMembership membership, InfrastructureHealth health,
      CountDownLatch closing, SloControl slo) {
    this.settings = settings;
    this.slo = slo;
    this.health = health;
    this.closing = closing;
    this.membership = membership;
    this.streams = streams;
    this.streamsMetrics = streamsMetrics;
    this.http = http;
    this.drain = drain;
  }

  /**
   * Builds the topology and starts Kafka Streams and the HTTP endpoints.
   *
   * @param serdes configured value serdes
   * @param classifiers the model, one per stream thread
   * @param registry where metrics go and what {@code /metrics} serves
   * @throws UncheckedIOException if the HTTP port cannot be bound
   * @throws org.apache.kafka.common.config.ConfigException if the default tenant is not one the model serves
   */
  public static ExitwiseService start(ServiceSettings settings, TopologySerdes serdes, ClassifierPool classifiers,
      PrometheusMeterRegistry registry) {
    PipelineMetrics metrics = new PipelineMetrics(registry, classifiers.layerCount(),
        settings.topology().batching().batchSize(), classifiers.tenants());
    InfrastructureHealth health = new InfrastructureHealth(registry);
    classifiers.addListener(new ModelVersionMetrics(registry));
    SloControl slo = settings.slo().enabled()
        ? new SloControl(settings.slo(), classifiers, registry, System::currentTimeMillis) : null;
    ProgressObserver progress = new ProgressObserver(metrics, health, slo == null ? BatchObserver.NONE : slo);
    DrainSignal drain = new DrainSignal();
    CountDownLatch closing = new CountDownLatch(1);
    // built before anything is claimed, so that a bad setting it finds (a default tenant the model does not serve)
    // leaves nothing to release
    Topology topology = ClassifierTopology.build(settings.topology(), PatientSerdes.wrap(serdes, health, closing),
        classifiers, progress, drain);
    Properties properties = streamsProperties(settings, progress);
    StaticMembership membership = claimStaticMembership(settings, properties);
    KafkaStreams streams = new KafkaStreams(topology, properties);
    streams.setUncaughtExceptionHandler(exception -> onStreamThreadDeath(exception, health, closing));
    KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
    HttpEndpoints http;
    try {
      http = HttpEndpoints.start(settings.httpHost(), settings.httpPort(), registry,
          () -> streams.state() == KafkaStreams.State.RUNNING && health.waitingFor().isEmpty(),
          () -> modelHealth(classifiers));
    } catch (IOException e) {
      if (slo != null) {
        slo.close();
      }
      streamsMetrics.close();
      streams.close(Duration.ZERO);
      if (membership != null) {
        membership.close();
      }
      throw new UncheckedIOException("cannot serve HTTP on " + settings.httpHost() + ":" + settings.httpPort(), e);
    }
    if (slo != null) {
      slo.start(() -> InputLag.of(streams, settings.topology().topics().textEvents()));
    }
    ExitwiseService service = new ExitwiseService(settings, streams, streamsMetrics, http, drain,
        membership, health, closing, slo);
    streams.setStateListener((now, before) -> {
      LOG.info("Kafka Streams {} -> {}", before, now);
      if (now == KafkaStreams.State.RUNNING) {
        service.becameRunning.countDown();
      }
      if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
        service.stopped.countDown();
      }
    });
    streams.start();
    LOG.info("exitwise started: {} -> {}, {} (batch {} or {} ms)", settings.topology().topics().textEvents(),
        settings.topology().topics().textLabels(), properties.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG),
        settings.topology().batching().batchSize(), settings.topology().batching().maxWaitMillis());
    return service;
  }

  /**
   * The model lines of {@code /health}: the version served and, while the newest published version is a refused one,
   * which and why. A refused version does not make the service unhealthy: the served one keeps serving.
   */
  static String modelHealth(ClassifierPool classifiers) {
    String rejection = classifiers.lastRejection();
    return "model " + classifiers.served().modelVersion() + "\n"
        + (rejection == null ? "" : "model refused: " + rejection + "\n");
  }

  /**
   * What a dying stream thread leads to. A failure of the infrastructure that may heal (the registry unreachable, a
   * broker away) is not bad data and no reason to stop: the thread's transaction is aborted, and after a backoff a
   * new thread takes its tasks and reads again from the last commit, so nothing is lost or dead-lettered; meanwhile
   * {@code /ready} says not ready and {@link InfrastructureHealth}'s meters say why. Anything else (a denied write,
   * refused credentials, a bug) stops the service with the error, for the orchestrator to see.
   */
  private static StreamThreadExceptionResponse onStreamThreadDeath(Throwable exception, InfrastructureHealth health,
      CountDownLatch closing) {
    InfrastructureFailures.Kind kind = InfrastructureFailures.classify(exception);
    if (kind != null && kind.mayHeal() && closing.getCount() == 0) {
      // a wait for the registry ends with its exception when the service closes: a stop, not a failure
      LOG.info("A stream thread stopped while waiting for the infrastructure ({}); the service is closing",
          kind.code());
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    if (kind != null && kind.mayHeal()) {
      Duration backoff = health.failed(kind);
      LOG.warn("A stream thread stopped because of the infrastructure ({}: {}); not ready; a new thread retries "
          + "in {} ms", kind.code(), rootMessage(exception), backoff.toMillis());
      try {
        // the wait ends early when the service closes, so a stop during an outage is not held up by it
        closing.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      // Kafka Streams gives the new thread the next free index, so a static member's replacement joins under a new
      // group.instance.id and the old one's partitions wait for its session: slow, but nothing is lost. Registry
      // outages, the common case, never come here: PatientSerdes waits them out on the same thread.
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
    if (causedBy(exception, MissingSourceTopicException.class)) {
      LOG.error("Stopping: the input topic or the telemetry topic (read back for the statistics) does not exist. "
          + "Create the service's topics ('exitwise topics' with the same configuration, or your cluster's "
          + "tooling) and restart", exception);
    } else if (kind != null) {
      LOG.error("Stopping: {} ({}). This is not a problem of the data: fix the access or the configuration and "
          + "restart", rootMessage(exception), kind.code(), exception);
    } else {
      LOG.error("A stream thread died; shutting the service down", exception);
    }
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  private static boolean causedBy(Throwable exception, Class<? extends Throwable> type) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable exception) {
    Throwable root = exception;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  /**
   * Claims a static {@code group.instance.id} for the main consumers when the settings ask for one and the user set
   * none (see {@link StaticMembership}); the classic group protocol only, as the streams protocol has no static
   * members.
   *
   * @return the claim, to be closed with the service, or {@code null}
   */
  private static StaticMembership claimStaticMembership(ServiceSettings settings, Properties properties) {
    Object protocol = settings.kafka().get(StreamsConfig.GROUP_PROTOCOL_CONFIG);
    if (!settings.staticMembership() || staticMember(settings)
        || (protocol != null && !"classic".equalsIgnoreCase(protocol.toString()))) {
      return null;
    }
    Object stateDir = settings.kafka().get(StreamsConfig.STATE_DIR_CONFIG);
    Path dir = Path.of(stateDir != null ? stateDir.toString()
        : System.getProperty("java.io.tmpdir") + File.separator + "kafka-streams");
    StaticMembership membership = StaticMembership.claim(
        properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG, "exitwise"), dir).orElse(null);
    if (membership != null) {
      properties.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
          membership.instanceId());
      LOG.info("Static group member {} ({})", membership.instanceId(), ExitwiseConfig.STATIC_MEMBERSHIP);
    }
    return membership;
  }

  /** The Streams properties: the user's Kafka settings, exitwise's defaults and the dead-letter handlers. */
  static Properties streamsProperties(ServiceSettings settings, DeadLetterListener deadLetters) {
    Properties properties = new Properties();
    // an idle stream thread runs its wall-clock punctuators between polls: poll no longer than the batch wait
    properties.put(StreamsConfig.POLL_MS_CONFIG, Math.min(100L, settings.topology().batching().maxWaitMillis()));
    properties.putAll(settings.kafka());
    properties.putAll(ClassifierTopology.deadLetterConfig(settings.topology(), deadLetters));
    return properties;
  }

  /**
   * How Kafka Streams closes: within the close timeout, and leaving the consumer group unless the instance is a
   * static member ({@code group.instance.id}). A dynamic member that stays in the group after a clean stop holds its
   * partitions until its session times out: the instance that replaces it waited that long before it became ready
   * (43 s with the default session, measured). A static member stays, because a restart under the same instance id
   * takes its partitions back at once, without a rebalance.
   */
  static CloseOptions closeOptions(boolean staticMember, ServiceSettings settings) {
    return CloseOptions.timeout(settings.closeTimeout()).withGroupMembershipOperation(staticMember
        ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
        : CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
  }

  /** Whether {@code group.instance.id} is set for the consumers, plainly or with a consumer prefix. */
  static boolean staticMember(ServiceSettings settings) {
    String key = ConsumerConfig.GROUP_INSTANCE_ID_CONFIG;
    return settings.kafka().containsKey(key) || settings.kafka().containsKey(StreamsConfig.consumerPrefix(key))
        || settings.kafka().containsKey(StreamsConfig.mainConsumerPrefix(key));
  }

  /** The Kafka Streams state. */
  public KafkaStreams.State state() {
    return streams.state();
  }

  /** What the service waits for, if it is waiting for its infrastructure to come back. */
  public Optional<InfrastructureFailures.Kind> waitingFor() {
    return health.waitingFor();
  }

  /**
   * Waits until Kafka Streams is RUNNING for the first time, or the timeout passes.
   *
   * @return whether it has been RUNNING
   */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    return becameRunning.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The port of the HTTP endpoints. */
  public int httpPort() {
    return http.port();
  }

  /**
   * Waits until Kafka Streams stops by itself (a fatal error) or the timeout passes.
   *
   * @return whether it stopped
   */
  public boolean awaitStop(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Drains the micro-batchers (bounded by the drain timeout), then closes Kafka Streams and the endpoints. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    closing.countDown();
    if (slo != null) {
      slo.close();
    }
    drainBatchers();
    boolean clean = streams.close(closeOptions(membership != null || staticMember(settings), settings));
    if (!clean) {
      LOG.warn("Kafka Streams did not close within {}", settings.closeTimeout());
    }
    streamsMetrics.close();
    http.close();
    if (membership != null) {
      membership.close();
    }
    LOG.info("exitwise stopped");
  }

  private void drainBatchers() {
    if (streams.state() != KafkaStreams.State.RUNNING && streams.state() != KafkaStreams.State.REBALANCING) {
      return;
    }
    drain.startDraining();
    long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
    while (drain.pending() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (drain.pending() > 0) {
      LOG.warn("{} events still in the micro-batchers after {}; the next instance replays them", drain.pending(),
          settings.drainTimeout());
    } else {
      LOG.info("Micro-batchers drained");
    }
  }
}
