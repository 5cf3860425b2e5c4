package dev.exitwise.cli;

import dev.exitwise.model.publish.ModelDirectory;
import dev.exitwise.model.runtime.DjlRuntime;
import dev.exitwise.streams.ExitwiseService;
import dev.exitwise.streams.TopologySerdes;
import dev.exitwise.streams.config.ExitwiseConfig;
import dev.exitwise.streams.config.ServiceSettings;
import dev.exitwise.streams.inference.ClassifierPool;
import dev.exitwise.streams.inference.NativeMemoryTrimmer;
import dev.exitwise.streams.metrics.ResidentMemoryMetrics;
import dev.exitwise.streams.reload.ModelReloader;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code exitwise run}: the streaming service, until SIGTERM (or Ctrl-C), which drains the micro-batchers and
 * closes cleanly. Exits 0 after a requested stop (SIGTERM included: see {@link StopSignals}), 1 if Kafka Streams
 * failed or was not ready within {@code exitwise.startup.timeout.ms}, 2 for bad configuration.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs the streaming service: text-events -> text-labels, exit-telemetry, exit-depth-stats.",
        "Configuration, lowest precedence first: --config FILE (properties), EXITWISE_* environment variables, "
            + "--set KEY=VALUE, --model-dir, --device.",
        "Any Kafka Streams, consumer, producer (SASL/SSL included) or registry key passes through as it is. "
            + "Environment: EXITWISE_BOOTSTRAP_SERVERS, EXITWISE_APPLICATION_ID, EXITWISE_PROCESSING_GUARANTEE, "
            + "EXITWISE_SCHEMA_REGISTRY_URL; EXITWISE_KAFKA_<X> -> <x> (e.g. EXITWISE_KAFKA_SASL_JAAS_CONFIG -> "
            + "sasl.jaas.config); EXITWISE_<X> -> exitwise.<x> (e.g. EXITWISE_BATCH_SIZE -> exitwise.batch.size).",
        "Defaults: application.id=exitwise, processing.guarantee=exactly_once_v2 (at_least_once selectable).",
        ""},
    footerHeading = "%nexitwise keys:%n")
public final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Mixin
  private ConfigOptions config = new ConfigOptions();

  @Mixin
  private ModelOptions model = new ModelOptions();

  @Spec
  private CommandSpec spec;

  private final Wiring wiring;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private Consumer<ExitwiseService> onStarted = service -> {};

  RunCommand(Wiring wiring) {
    this.wiring = wiring;
  }

  /** The footer lists every exitwise key with its default and doc. */
  static String keysFooter() {
    return ExitwiseConfig.describeKeys();
  }


  /** For tests: called once the service has started. */
  RunCommand onStarted(Consumer<ExitwiseService> callback) {
    this.onStarted = callback;
    return this;
  }

  /** Stops a running service as SIGTERM would. */
  void requestStop() {
    stopRequested.countDown();
  }

  /** Follows the model directory for new versions, unless it is the committed model or the interval is 0. */
  private ModelReloader startReloader(ServiceSettings settings, ModelDirectory.Version served,
      ClassifierPool classifiers) {
    if (served == null || settings.modelReloadInterval().isZero()) {
      return null;
    }
    return ModelReloader.start(settings.modelDir(), served, classifiers,
        directory -> wiring.models().load(directory, settings.execution()), settings.modelReloadInterval());
  }

  @Override
  public Integer call() throws Exception {
    ServiceSettings settings = config.settings(wiring.environment(), model);
    model.configureRuntime();
    PrintWriter err = spec.commandLine().getErr();
    // Before the model: a bad registry key fails in milliseconds, not after the model has loaded.
    TopologySerdes serdes = TopologySerdes.from(wiring.topicSerdes(settings));

    DjlRuntime.setThreads(settings.modelThreads(), 1);
    LOG.info("Model calls use {} PyTorch intra-op threads ({})", settings.modelThreads(),
        ExitwiseConfig.MODEL_THREADS);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new ResidentMemoryMetrics().bindTo(registry);
    // the version the pointer names now: every model thread loads this one until a reload swaps in another
    ModelDirectory.Version served = settings.modelDir() == null ? null : ModelDirectory.current(settings.modelDir());
    try (JvmGcMetrics gc = new JvmGcMetrics();
        ClassifierPool classifiers = new ClassifierPool(() -> wiring.models().load(
            served == null ? null : served.directory(), settings.execution()));
        ModelReloader reloader = startReloader(settings, served, classifiers);
        NativeMemoryTrimmer trimmer = NativeMemoryTrimmer.start(settings.memoryTrimInterval(), registry)) {
      gc.bindTo(registry);
      ExitwiseService service = ExitwiseService.start(settings, serdes, classifiers, registry);
      // the hook covers a JVM that exits for another reason (System.exit elsewhere, SIGHUP); SIGTERM and SIGINT
      // are handled by StopSignals, so that a requested stop returns normally and exits 0
      Thread hook = new Thread(() -> {
        LOG.info("Shutdown requested");
        stopRequested.countDown();
        service.close();
      }, "exitwise-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      boolean failed;
      try (StopSignals signals = StopSignals.install(this::requestStop)) {
        onStarted.accept(service);
        long startupDeadline = System.nanoTime() + settings.startupTimeout().toNanos();
        boolean ready = false;
        boolean tooLate = false;
        while (!stopRequested.await(200, TimeUnit.MILLISECONDS) && !service.awaitStop(Duration.ZERO)) {
          // wait for a stop request, for Kafka Streams to stop by itself, or for the start-up deadline
          ready = ready || service.awaitRunning(Duration.ZERO);
          // waiting for the registry is not a failure to start: /ready and a metric say why, and it heals
          if (!ready && service.waitingFor().isPresent()) {
            startupDeadline = System.nanoTime() + settings.startupTimeout().toNanos();
          } else if (!ready && !settings.startupTimeout().isZero() && System.nanoTime() - startupDeadline > 0) {
            tooLate = true;
            break;
          }
        }
        if (tooLate) {
          String why = StartupDiagnosis.explain(settings, service.state());
          LOG.error("Not ready within {} ms ({}): {}", settings.startupTimeout().toMillis(),
              ExitwiseConfig.STARTUP_TIMEOUT_MS, why);
          err.println("run: not ready within " + settings.startupTimeout().toMillis() + " ms ("
              + ExitwiseConfig.STARTUP_TIMEOUT_MS + "): " + why);
        }
        failed = tooLate || service.state() == KafkaStreams.State.ERROR;
        service.close();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already running the hook
      }
      return failed ? Exitwise.FAILURE : 0;
    } finally {
      registry.close();
    }
  }
}
