package dev.exitwise.cli;

import ch.qos.logback.classic.Level;
import dev.exitwise.demo.Demo;
import dev.exitwise.demo.DemoSettings;
import dev.exitwise.demo.DemoSummary;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code exitwise demo}: everything in one JVM, nothing to install, no network.
 *
 * <ol>
 *   <li>Build: {@code mvn -q -DskipTests package}.
 *   <li>Run: {@code java -jar streams-app/target/exitwise.jar demo} (2,000 events at 100/s, about a minute on two
 *       cores including start-up).
 *   <li>Longer, faster, another model: {@code ... demo --seconds 120 --rate 200 --model-dir DIR}.
 * </ol>
 *
 * <p>Exits 0 when every event sent came out as a label or a dead letter, 1 otherwise or on a failure, 2 for a bad
 * option or setting.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Runs exitwise end to end inside this JVM: a real Kafka broker (KRaft, one node), an in-memory "
        + "schema registry, the service with the committed model, and a producer replaying the GoEmotions "
        + "(tenant emotions) and Davidson et al. (tenant moderation) test texts at a steady rate.",
        "Shows labelled texts as they arrive and, per tenant, events/s, the mean exit layer and the exit-layer "
            + "histogram; ends with a summary table. Needs no network and nothing installed.",
        "The moderation texts are real tweets collected for hate-speech research: many are offensive.", ""})
public final class DemoCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);
  static final long DEFAULT_EVENTS = 2_000;
  private static final long SHUTDOWN_WAIT_SECONDS = 30;

  @Spec
  private CommandSpec spec;

  @Option(names = "--events", paramLabel = "N",
      description = "Events to send, both tenants together (default " + DEFAULT_EVENTS
          + "; with --seconds and no --events: as many as fit in the time).")
  private Long events;

  @Option(names = "--seconds", paramLabel = "S", description = "Stop sending after S seconds.")
  private Integer seconds;

  @Option(names = "--rate", paramLabel = "EVENTS_PER_S", defaultValue = "30",
      description = "Target send rate, both tenants together (default ${DEFAULT-VALUE}).")
  private double rate;

  @Option(names = "--sample-every", paramLabel = "N", defaultValue = "100",
      description = "Show every N-th label with its text; 0 shows none (default ${DEFAULT-VALUE}).")
  private int sampleEvery;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "2",
      description = "Partitions of the input and output topics (default ${DEFAULT-VALUE}).")
  private int partitions;

  @Mixin
  private ModelOptions model = new ModelOptions();

  /** Service settings as for 'run' (--config, --set); the environment is not read. */
  @Mixin
  private ConfigOptions config = new ConfigOptions();

  @Option(names = "--plain", description = "Print plain progress lines even on a terminal.")
  private boolean plain;

  @Option(names = "--verbose",
      description = "Log as 'run' does (exitwise INFO, Kafka WARN); default: exitwise warnings, Kafka errors.")
  private boolean verbose;

  private final Wiring wiring;
  private Consumer<DemoSummary> onSummary = summary -> {};

  DemoCommand(Wiring wiring) {
    this.wiring = wiring;
  }

  /** For tests: receives the summary before the command returns. */
  DemoCommand onSummary(Consumer<DemoSummary> callback) {
    this.onSummary = callback;
    return this;
  }

  @Override
  public Integer call() throws Exception {
    DemoSettings settings = settings();
    model.configureRuntime();
    Map<String, Level> previousLevels = verbose ? Map.of() : quietLogs();
    try {
      Demo demo = new Demo(settings, (dir, where) -> wiring.models().load(dir, where),
          config -> wiring.serdes().factory(config), spec.commandLine().getOut());
      // Ctrl-C stops sending, lets what was sent come out and prints the summary before the JVM exits
      CountDownLatch finished = new CountDownLatch(1);
      Thread hook = new Thread(() -> {
        demo.requestStop();
        try {
          finished.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "exitwise-demo-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      DemoSummary summary;
      try {
        summary = demo.run();
        print(summary, settings.unicode());
      } finally {
        finished.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the JVM is already running the hook, which now returns
        }
      }
      onSummary.accept(summary);
      if (!summary.balanced()) {
        spec.commandLine().getErr().println("exitwise demo: not every event came out as a label or dead letter "
            + "(see the table)");
        return Exitwise.FAILURE;
      }
      return 0;
    } finally {
      restoreLogs(previousLevels);
    }
  }

  private DemoSettings settings() {
    requirePositive("--rate", rate);
    if (events != null) {
      requirePositive("--events", events);
    }
    if (seconds != null) {
      requirePositive("--seconds", seconds);
    }
    requirePositive("--partitions", partitions);
    if (sampleEvery < 0) {
      throw new ParameterException(spec.commandLine(), "--sample-every must be 0 or more, was " + sampleEvery);
    }
    long eventCount = events != null ? events : seconds != null ? Long.MAX_VALUE : DEFAULT_EVENTS;
    Map<String, String> service = config.sources(Map.of(), model).values();
    boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
    return new DemoSettings(eventCount, seconds == null ? null : Duration.ofSeconds(seconds), rate, sampleEvery,
        partitions, terminal && !plain, unicodeOutput(), Duration.ofSeconds(30), service);
  }

  private void requirePositive(String option, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new ParameterException(spec.commandLine(),
          option + " must be a positive number, was " + (value == Math.rint(value) ? (long) value : value));
    }
  }

  private void print(DemoSummary summary, boolean unicode) {
    var out = spec.commandLine().getOut();
    out.println();
    out.println(String.format(Locale.ROOT, "Summary: %d events in %.1f s, model %s (latency: sent -> label read, "
        + "read_committed)", summary.total().eventsIn(), summary.seconds(), summary.modelVersion()));
    out.println();
    out.print(summary.table(unicode).terminal());
    out.println();
    out.print(summary.exitShareTable().terminal());
    out.println();
    out.println(summary.balanced()
        ? "Every event came out: labelled + dead letters = events in, for every tenant."
        : "Some events did not come out in time: compare 'events in' with 'labelled' + 'dead letters'.");
    out.flush();
  }

  private static boolean unicodeOutput() {
    String encoding = System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding",
        Charset.defaultCharset().name()));
    return Charset.isSupported(encoding) && Charset.forName(encoding).equals(StandardCharsets.UTF_8);
  }

  /**
   * For the run, lowers exitwise's loggers to WARN, and Kafka's and DJL's to ERROR: an embedded broker and a
   * Streams app starting on it warn about things that are expected here (an empty metadata log, internal topics
   * not created yet, no CUDA driver). Returns the levels they had.
   */
  private static Map<String, Level> quietLogs() {
    Map<String, Level> previous = new LinkedHashMap<>();
    Map<String, Level> quiet = Map.of("dev.exitwise", Level.WARN, "org.apache.kafka", Level.ERROR,
        "kafka", Level.ERROR, "ai.djl", Level.ERROR);
    for (Map.Entry<String, Level> entry : quiet.entrySet()) {
      if (LoggerFactory.getLogger(entry.getKey()) instanceof ch.qos.logback.classic.Logger logger) {
        previous.put(entry.getKey(), logger.getLevel());
        logger.setLevel(entry.getValue());
      }
    }
    if (previous.isEmpty()) {
      LOG.debug("Not logging through logback; log levels left as they are");
    }
    return previous;
  }

  private static void restoreLogs(Map<String, Level> previous) {
    previous.forEach((name, level) -> {
      if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
        logger.setLevel(level);
      }
    });
  }
}
