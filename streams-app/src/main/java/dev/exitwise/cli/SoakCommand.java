package dev.exitwise.cli;

import dev.exitwise.avro.TextEvent;
import dev.exitwise.model.data.Datasets;
import dev.exitwise.model.data.Split;
import dev.exitwise.model.eval.PlotSeries;
import dev.exitwise.model.eval.Plots;
import dev.exitwise.produce.EventReplayer;
import dev.exitwise.produce.ReplayText;
import dev.exitwise.produce.ReplayTexts;
import dev.exitwise.soak.SoakSample;
import dev.exitwise.soak.SoakSampler;
import dev.exitwise.soak.SoakVerdict;
import dev.exitwise.streams.config.ServiceSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code exitwise soak}: a long run at a steady rate against a running {@code exitwise run}, sampling the input
 * lag of its consumer group and its memory (resident set, heap, non-heap) and dead letters over time.
 *
 * <ol>
 *   <li>Start the service: {@code exitwise run --config exitwise.properties} (its {@code /metrics} on port 8080).
 *   <li>Find its capacity (events/s at full load, e.g. from {@code bench}) and pick about 80 % of it.
 *   <li>{@code exitwise soak --config exitwise.properties --rate 40 --minutes 30 --csv soak.csv}.
 * </ol>
 *
 * <p>Exits 0 when lag and resident memory stayed flat (see {@link SoakVerdict}), 1 otherwise.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
    description = {"Sends a packaged data set to the input topic at a steady rate for a long time, and samples the "
        + "running service's input lag (its consumer group), resident memory, heap, non-heap and dead letters.",
        "Configuration as for 'produce': --config FILE, EXITWISE_* environment variables, --set KEY=VALUE; "
            + "the service's application.id names the group whose lag is read.", ""})
public final class SoakCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--rate", paramLabel = "EVENTS_PER_S", required = true,
      description = "Steady rate in events per second: about 80 %% of the service's capacity.")
  private double rate;

  @Option(names = "--minutes", paramLabel = "MINUTES", defaultValue = "30",
      description = "How long to run (default ${DEFAULT-VALUE}).")
  private double minutes;

  @Option(names = "--sample-seconds", paramLabel = "SECONDS", defaultValue = "10",
      description = "Seconds between samples (default ${DEFAULT-VALUE}).")
  private double sampleSeconds;

  @Option(names = "--metrics-url", paramLabel = "URL", defaultValue = "http://localhost:8080/metrics",
      description = "The service's /metrics (default ${DEFAULT-VALUE}).")
  private URI metricsUrl;

  @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "emotions",
      description = "The packaged data set to replay, repeated as needed (default ${DEFAULT-VALUE}).")
  private String dataset;

  @Option(names = "--csv", paramLabel = "FILE", description = "Writes every sample to this CSV file as well.")
  private Path csv;

  @Option(names = "--from-csv", paramLabel = "FILE", description = "Sends nothing: judges (and with --plots draws) "
      + "the samples of an earlier run's --csv; --rate is that run's rate.")
  private Path fromCsv;

  @Option(names = "--plots", paramLabel = "DIR", description = "Draws soak-lag.png and soak-memory.png here "
      + "(with the bench jar, as evaluate --plots).")
  private Path plots;

  @Mixin
  private ConfigOptions config;

  private final Wiring wiring;

  SoakCommand(Wiring wiring) {
    this.wiring = wiring;
  }

  @Override
  public Integer call() throws Exception {
    if (!(rate > 0) || !(minutes > 0) || !(sampleSeconds > 0)) {
      throw new ParameterException(spec.commandLine(), "--rate, --minutes and --sample-seconds must be positive");
    }
    if (!Datasets.tenants().contains(dataset)) {
      throw new ParameterException(spec.commandLine(),
          "--dataset must be one of " + Datasets.tenants() + ", was '" + dataset + "'");
    }
    PlotsCheck.requireRenderer(spec, plots);
    PrintWriter out = spec.commandLine().getOut();
    List<SoakSample> samples = fromCsv != null ? read(fromCsv) : soak(out);
    if (samples.size() < 4) {
      out.println("Too few samples for a verdict: run longer or sample more often.");
      return Exitwise.FAILURE;
    }
    SoakVerdict verdict = SoakVerdict.of(samples, rate);
    out.println(verdict.describe());
    if (plots != null) {
      draw(samples, plots);
      out.println("Plots in " + plots);
    }
    out.flush();
    return verdict.rssFlat() && verdict.lagFlat() ? 0 : Exitwise.FAILURE;
  }

  private List<SoakSample> soak(PrintWriter out) throws Exception {
    ServiceSettings settings = config.settings(wiring.environment(), null);
    List<ReplayText> texts = ReplayTexts.of(Datasets.load(dataset, Split.TEST));
    String topic = settings.topology().topics().textEvents();
    String group = String.valueOf(settings.kafka().get("application.id"));
    long durationNanos = (long) (minutes * 60e9);
    long events = (long) Math.ceil(rate * minutes * 60);
    out.println(String.format(Locale.ROOT, "Soak: %d events to %s at %.1f/s for %.1f min; group %s; %s", events,
        topic, rate, minutes, group, metricsUrl));
    out.println(SoakSample.CSV_HEADER);
    out.flush();

    List<SoakSample> samples = new ArrayList<>();
    List<String> lines = new ArrayList<>(List.of(SoakSample.CSV_HEADER));
    try (KafkaProducer<String, TextEvent> producer = ProduceCommand.eventProducer(wiring, settings);
        SoakSampler sampler = new SoakSampler(settings.adminProperties("exitwise-soak"), group, topic, metricsUrl)) {
      EventReplayer replayer = new EventReplayer(producer, topic,
          "soak-" + UUID.randomUUID().toString().substring(0, 8));
      EventReplayer.Running running = replayer.replayInBackground(texts, events, rate, "exitwise-soak-producer");
      long start = running.startNanos();
      long sampleNanos = (long) (sampleSeconds * 1e9);
      for (long next = start; next - start <= durationNanos; next += sampleNanos) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        running.rethrowFailure();
        SoakSample sample = sampler.sample(running.elapsedSeconds(), replayer.sent());
        samples.add(sample);
        lines.add(sample.csv());
        out.println(sample.csv());
        out.flush();
        if (csv != null) {
          Files.write(csv, lines, StandardCharsets.UTF_8);
        }
      }
      replayer.stop();
      running.sender().join(10_000);
    }
    return samples;
  }

  private List<SoakSample> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !(lines.get(0).equals(SoakSample.CSV_HEADER)
        || lines.get(0).equals(SoakSample.CSV_HEADER_WITHOUT_COMMITTED_HEAP))) {
      throw new ParameterException(spec.commandLine(), "--from-csv " + file + " does not start with the header '"
          + SoakSample.CSV_HEADER + "' of a soak's --csv");
    }
    List<SoakSample> samples = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      try {
        samples.add(SoakSample.parse(lines.get(i)));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--from-csv " + file + ", line " + (i + 1) + ": "
            + e.getMessage());
      }
    }
    return samples;
  }

  private static void draw(List<SoakSample> samples, Path folder) {
    double[] minutes = samples.stream().mapToDouble(sample -> sample.elapsedSeconds() / 60).toArray();
    double mebibyte = 1 << 20;
    Plots.lines("Soak: input lag of the service's consumer group", "minutes", "records not yet committed",
        List.of(new PlotSeries("lag", minutes, samples.stream().mapToDouble(SoakSample::lag).toArray())),
        folder.resolve("soak-lag.png"));
    List<PlotSeries> memory = new ArrayList<>(List.of(
        new PlotSeries("resident set", minutes,
            samples.stream().mapToDouble(sample -> sample.residentBytes() / mebibyte).toArray()),
        new PlotSeries("heap in use", minutes,
            samples.stream().mapToDouble(sample -> sample.heapBytes() / mebibyte).toArray()),
        new PlotSeries("non-heap", minutes,
            samples.stream().mapToDouble(sample -> sample.nonHeapBytes() / mebibyte).toArray())));
    double[] committed = samples.stream().mapToDouble(sample -> sample.heapCommittedBytes() / mebibyte).toArray();
    if (Arrays.stream(committed).anyMatch(Double::isFinite)) {
      memory.add(new PlotSeries("heap committed", minutes, committed));
    }
    Plots.lines("Soak: memory of the service", "minutes", "MiB", memory, folder.resolve("soak-memory.png"));
  }
}
