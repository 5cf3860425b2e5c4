package dev.exitwise.cli;

import dev.exitwise.avro.TextEvent;
import dev.exitwise.model.data.Datasets;
import dev.exitwise.model.data.Split;
import dev.exitwise.produce.EventReplayer;
import dev.exitwise.produce.ReplayText;
import dev.exitwise.produce.ReplayTexts;
import dev.exitwise.streams.config.ServiceSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code exitwise produce}: a load generator. Replays a packaged data set, or a file with one text per line, into
 * the input topic as {@code TextEvent}s at a steady rate, configured like {@code run}: in Avro, or as JSON objects
 * with {@code exitwise.input.format=json}.
 *
 * <ol>
 *   <li>{@code EXITWISE_BOOTSTRAP_SERVERS=localhost:9092 EXITWISE_SCHEMA_REGISTRY_URL=http://localhost:8081
 *       java -jar streams-app/target/exitwise.jar produce --dataset emotions --rate 50}
 *   <li>Your own texts: {@code ... produce --file texts.txt --tenant moderation --events 10000}
 * </ol>
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
    description = {"Sends texts to the input topic as TextEvents at a target rate: a packaged data set "
        + "(--dataset) or a UTF-8 file with one text per line (--file, --tenant). Avro by default, JSON objects "
        + "with exitwise.input.format=json.",
        "Configuration as for 'run', lowest precedence first: --config FILE, EXITWISE_* environment variables, "
            + "--set KEY=VALUE. Needs bootstrap.servers, and schema.registry.url for Avro; producer, SASL/SSL and "
            + "registry keys pass through (keys prefixed 'producer.' win, as in Kafka Streams). The topic is "
            + "exitwise.topic.text.events unless --topic says otherwise.", ""})
public final class ProduceCommand implements Callable<Integer> {
  private static final long PROGRESS_INTERVAL_NANOS = 5_000_000_000L;
  private static final String PRODUCER_PREFIX = "producer.";

  @Spec
  private CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Source source;

  static final class Source {
    @Option(names = "--dataset", paramLabel = "NAME", required = true,
        description = "A packaged data set, by tenant: emotions (GoEmotions) or moderation (Davidson et al. 2017).")
    String dataset;

    @Option(names = "--file", paramLabel = "FILE", required = true,
        description = "A UTF-8 file, one text per line (blank lines skipped); needs --tenant.")
    Path file;
  }

  @Option(names = "--tenant", paramLabel = "TENANT",
      description = "The tenant of the texts of --file (with --dataset it is the data set's tenant).")
  private String tenant;

  @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "test",
      description = "The split of --dataset: train, dev or test (default ${DEFAULT-VALUE}).")
  private String split;

  @Option(names = "--rate", paramLabel = "EVENTS_PER_S", defaultValue = "100",
      description = "Target rate in events per second (default ${DEFAULT-VALUE}).")
  private double rate;

  @Option(names = "--events", paramLabel = "N",
      description = "Events to send, repeating the texts as needed (default: every text once).")
  private Long events;

  @Option(names = "--topic", paramLabel = "TOPIC", description = "The topic (default: exitwise.topic.text.events).")
  private String topic;

  @Mixin
  private ConfigOptions config = new ConfigOptions();

  private final Wiring wiring;

  ProduceCommand(Wiring wiring) {
    this.wiring = wiring;
  }


  @Override
  public Integer call() throws Exception {
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new ParameterException(spec.commandLine(), "--rate must be a positive number, was " + rate);
    }
    if (events != null && events < 1) {
      throw new ParameterException(spec.commandLine(), "--events must be at least 1, was " + events);
    }
    List<ReplayText> texts = texts();
    ServiceSettings settings = config.settings(wiring.environment(), null);
    String target = topic != null ? topic : settings.topology().topics().textEvents();
    long count = events != null ? events : texts.size();
    PrintWriter out = spec.commandLine().getOut();
    out.println(String.format(Locale.ROOT, "Sending %d events (%d texts) to %s at %s at %.1f/s", count,
        texts.size(), target, settings.kafka().get("bootstrap.servers"), rate));
    out.flush();

    try (KafkaProducer<String, TextEvent> producer = eventProducer(wiring, settings)) {
      EventReplayer replayer = new EventReplayer(producer, target,
          "produce-" + UUID.randomUUID().toString().substring(0, 8));
      EventReplayer.Running running = replayer.replayInBackground(texts, count, rate, "exitwise-produce");
      Thread sender = running.sender();
      Thread stopper = new Thread(replayer::stop, "exitwise-produce-stop");
      Runtime.getRuntime().addShutdownHook(stopper);
      try {
        while (sender.isAlive()) {
          sender.join(PROGRESS_INTERVAL_NANOS / 1_000_000);
          if (sender.isAlive()) {
            out.println(String.format(Locale.ROOT, "  %6.1f s  sent %d / %d, acknowledged %d",
                running.elapsedSeconds(), replayer.sent(), count, replayer.acknowledgedTotal()));
            out.flush();
          }
        }
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException shuttingDown) {
          // the JVM is already running the hook
        }
      }
      running.rethrowFailure();
      double seconds = running.elapsedSeconds();
      out.println(String.format(Locale.ROOT, "Sent %d events in %.1f s (%.1f/s); acknowledged %s",
          replayer.sent(), seconds, replayer.sent() / Math.max(seconds, 1e-9), replayer.acknowledged()));
      out.flush();
    }
    return 0;
  }

  private List<ReplayText> texts() throws java.io.IOException {
    if (source.file != null) {
      if (tenant == null || tenant.isBlank()) {
        throw new ParameterException(spec.commandLine(), "--file needs --tenant");
      }
      return ReplayTexts.ofLines(source.file, tenant);
    }
    if (tenant != null && !tenant.equals(source.dataset)) {
      throw new ParameterException(spec.commandLine(),
          "--tenant " + tenant + " does not match --dataset " + source.dataset + " (the data set's tenant)");
    }
    if (!Datasets.tenants().contains(source.dataset)) {
      throw new ParameterException(spec.commandLine(),
          "--dataset must be one of " + Datasets.tenants() + ", was '" + source.dataset + "'");
    }
    Split parsed;
    try {
      parsed = Split.parse(split);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--split: " + e.getMessage());
    }
    return ReplayTexts.of(Datasets.load(source.dataset, parsed));
  }

  /**
   * A producer of {@code TextEvent}s to the input topic, configured by {@link #producerProperties}, that writes
   * them in the input topic's format ({@code exitwise.input.format}).
   */
  static KafkaProducer<String, TextEvent> eventProducer(Wiring wiring, ServiceSettings settings) {
    return new KafkaProducer<>(producerProperties(settings.kafka()), new StringSerializer(),
        wiring.topicSerdes(settings).valueSerde(TextEvent.class).serializer());
  }

  /** The Kafka settings for a producer: everything, then {@code producer.*} keys unprefixed on top. */
  static Properties producerProperties(Map<String, Object> kafka) {
    Properties properties = new Properties();
    kafka.forEach((key, value) -> {
      if (!key.startsWith(PRODUCER_PREFIX)) {
        properties.put(key, value);
      }
    });
    kafka.forEach((key, value) -> {
      if (key.startsWith(PRODUCER_PREFIX)) {
        properties.put(key.substring(PRODUCER_PREFIX.length()), value);
      }
    });
    properties.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    properties.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
    properties.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "exitwise-produce");
    return properties;
  }
}
