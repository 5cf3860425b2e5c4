package dev.exitwise.cli;

import dev.exitwise.bench.BenchReport;
import dev.exitwise.bench.BenchRun;
import dev.exitwise.bench.MachineInfo;
import dev.exitwise.bench.PipelineBench;
import dev.exitwise.bench.QualityCheck;
import dev.exitwise.model.bench.BatchProfile;
import dev.exitwise.model.bench.BenchTexts;
import dev.exitwise.model.bench.ClassifierBench;
import dev.exitwise.model.bench.CompactionBench;
import dev.exitwise.model.bench.OrtEncoder;
import dev.exitwise.model.data.Datasets;
import dev.exitwise.model.data.Split;
import dev.exitwise.model.encoder.Backbones;
import dev.exitwise.model.inference.ExitwiseModel;
import dev.exitwise.model.inference.TextClassifier;
import dev.exitwise.model.runtime.DjlRuntime;
import dev.exitwise.registry.MockSchemaRegistry;
import dev.exitwise.streams.TopologySerdes;
import dev.exitwise.streams.config.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code exitwise bench}: throughput against exit depth, against full depth, PABEE and ONNX Runtime, and through a
 * real broker (issue 8), and the compaction measurement of issue 4.
 *
 * <ol>
 *   <li>Build: {@code mvn -pl streams-app -am package -DskipTests}.
 *   <li>Everything, writing {@code docs/benchmarks.md}, the "Compaction" and "Pipeline" sections of
 *       {@code docs/performance.md} and the charts in {@code docs/img/}: {@code java -jar
 *       streams-app/target/exitwise.jar bench all --json docs/benchmarks.json} (under 15 minutes on 2 cores).
 *   <li>One part, tables on standard output: {@code bench classifier}, {@code bench compaction},
 *       {@code bench pipeline}; {@code --quick} for a smoke run.
 * </ol>
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Benchmarks, one process and one run each, configurations interleaved so drift hits all alike:",
        "  classifier  events/s and batch latency of full depth, static 3/6/9, PABEE, F-PABEE (calibrated and its",
        "              threshold sweep) and ONNX Runtime full depth at batch 1, 8, 32, 64 on GoEmotions test texts,",
        "              with macro-F1 from the same run; mixed-tenant against one-tenant batches",
        "  compaction  batched time with rows leaving at known layers against full depth x mean exit / layers",
        "  pipeline    end to end through a KRaft broker in this JVM and the real service, against the classifier",
        "  all         all of them; writes docs/benchmarks.md, docs/performance.md sections and charts"})
public final class BenchCommand implements Runnable {
  /** The tenant whose texts the benchmarks run. */
  private static final String TENANT = ClassifierBench.PRIMARY_TENANT;
  /** Profile rows at batch 32 (not quick). */
  private static final int PROFILE_ROWS = 512;
  /** Compaction rows and repeats (not quick). */
  private static final int COMPACTION_ROWS = 768;
  private static final int COMPACTION_REPEATS = 2;
  /**
   * The pipeline's second run: exactly-once commits every second instead of Kafka Streams' 100 ms, to measure what
   * the commits cost (issue 8 asks what would close a missed target).
   */
  /**
   * libgomp's settings, recorded in the command line: OMP_WAIT_POLICY=PASSIVE lets PyTorch's idle threads sleep at
   * once; GOMP_SPINCOUNT bounds how long they spin first (docs/performance.md).
   */
  private static final List<String> OPENMP_VARIABLES = List.of("OMP_WAIT_POLICY", "GOMP_SPINCOUNT");
  private static final Map<String, String> LONGER_COMMITS = Map.of("commit.interval.ms", "1000");

  @Spec
  private CommandSpec spec;

  private final Wiring wiring;

  BenchCommand(Wiring wiring) {
    this.wiring = wiring;
  }

  /** Options every bench subcommand takes. */
  static final class Options {
    @Option(names = "--model-dir", paramLabel = "DIR",
        description = "A trained model directory (default: the committed model).")
    Path modelDir;

    /** --device (cpu, gpu: the first GPU DJL finds, auto) and --djl-cache; ONNX Runtime always runs on the CPU. */
    @Mixin
    ModelCommandOptions model;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2",
        description = "PyTorch and ONNX Runtime intra-op threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--rows", paramLabel = "N",
        description = "Rows per measurement: classifier texts (default 1280), compaction texts (768), pipeline "
            + "events (4500).")
    Integer rows;

    @Option(names = "--batch-sizes", split = ",", paramLabel = "N",
        description = "Batch sizes of the classifier comparison (default: 1,8,32,64).")
    List<Integer> batchSizes;

    @Option(names = "--json", paramLabel = "FILE",
        description = "Write one JSON object per measured configuration (benchmark, policy, batchSize, "
            + "eventsPerSecond, meanExitLayer, macroF1, p50Micros, p99Micros, ...); benchmark is classifier, quality "
            + "(the whole test split), compaction or pipeline.")
    Path json;

    @Option(names = "--plots", paramLabel = "DIR",
        description = "Draw events/s against mean exit layer and macro-F1 against events/s here (bench all: "
            + "default <docs>/img).")
    Path plots;

    @Option(names = "--quick", description = "A short smoke run (a few rows); its numbers mean nothing.")
    boolean quick;

    /** The options as typed again, for the report. */
    String flags() {
      StringBuilder out = new StringBuilder();
      if (modelDir != null) {
        out.append(" --model-dir ").append(modelDir);
      }
      out.append(" --device ").append(model.device).append(" --threads ").append(threads);
      if (rows != null) {
        out.append(" --rows ").append(rows);
      }
      if (batchSizes != null) {
        out.append(" --batch-sizes ").append(String.join(",", batchSizes.stream().map(String::valueOf).toList()));
      }
      if (json != null) {
        out.append(" --json ").append(json);
      }
      if (plots != null) {
        out.append(" --plots ").append(plots);
      }
      if (quick) {
        out.append(" --quick");
      }
      return out.toString();
    }
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: classifier, compaction, pipeline or all");
  }

  @Command(name = "classifier", mixinStandardHelpOptions = true,
      description = "Classifier events/s, batch latency and macro-F1 per policy and batch size; mixed-tenant "
          + "batches; where a batch's time goes.")
  int classifier(@Mixin Options options) throws Exception {
    return execute("classifier", options, true, false, false, null);
  }

  @Command(name = "compaction", mixinStandardHelpOptions = true,
      description = "Batch 32 with rows leaving at known layers (3, 6, 9, 12) against the ideal, full-depth time "
          + "x mean exit layer / layers (issue 4).")
  int compaction(@Mixin Options options) throws Exception {
    return execute("compaction", options, false, true, false, null);
  }

  @Command(name = "pipeline", mixinStandardHelpOptions = true,
      description = "End-to-end events/s and latency through a KRaft broker in this JVM and the real service "
          + "(exactly_once_v2), against the classifier alone on the same texts and policy.")
  int pipeline(@Mixin Options options) throws Exception {
    return execute("pipeline", options, false, false, true, null);
  }

  @Command(name = "all", mixinStandardHelpOptions = true,
      description = "Every benchmark; writes <docs>/benchmarks.md, the Compaction and Pipeline sections of "
          + "<docs>/performance.md and the charts.")
  int all(@Mixin Options options,
      @Option(names = "--docs", paramLabel = "DIR", defaultValue = "docs",
          description = "Where the documents go (default: ${DEFAULT-VALUE}).") Path docs) throws Exception {
    return execute("all", options, true, true, true, docs);
  }

  private int execute(String name, Options options, boolean classifier, boolean compaction, boolean pipeline,
      Path docs) throws Exception {
    if (options.threads < 1) {
      throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + options.threads);
    }
    Device device;
    try {
      device = Device.parse(options.model.device);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--device must be cpu, gpu or auto, got '"
          + options.model.device + "'");
    }
    MachineInfo start = MachineInfo.now();
    long started = System.nanoTime();
    DjlRuntime.configure(options.model.djlCache);
    DjlRuntime.setThreads(options.threads, 1);
    TextClassifier loaded = wiring.models().load(options.modelDir, device);
    if (!(loaded instanceof ExitwiseModel model)) {
      loaded.close();
      throw new ConfigException("bench needs an exitwise model; the loader gave " + loaded.getClass().getName());
    }
    try (model) {
      String deviceName = model.engine().backbone().encoder().device().toString();
      ClassifierBench.Result classifierResult = null;
      QualityCheck quality = null;
      BatchProfile profile = null;
      CompactionBench.Result compactionResult = null;
      PipelineBench.Result pipelineResult = null;
      List<PipelineBench.Result> pipelineVariants = new ArrayList<>();
      if (classifier) {
        ClassifierBench.Settings settings = options.quick
            ? ClassifierBench.Settings.quick(options.threads) : ClassifierBench.Settings.defaults(options.threads);
        if (options.rows != null) {
          settings = settings.withRows(options.rows);
        }
        if (options.batchSizes != null) {
          settings = settings.withBatchSizes(options.batchSizes);
        }
        classifierResult = ClassifierBench.run(model, settings);
        if (!options.quick) {
          quality = QualityCheck.run(model, TENANT, Datasets.load(TENANT, Split.TEST));
        }
        boolean ort = Backbones.DEFAULT_ID.equals(model.manifest().backbone());
        try (OrtEncoder encoder = ort ? new OrtEncoder(options.threads) : null) {
          profile = BatchProfile.run(model, TENANT, 32, options.quick ? 64 : PROFILE_ROWS, encoder);
        }
      }
      if (compaction) {
        int rows = options.rows != null ? options.rows : options.quick ? 64 : COMPACTION_ROWS;
        compactionResult = CompactionBench.run(model, TENANT, 32, rows, options.quick ? 1 : COMPACTION_REPEATS);
      }
      if (pipeline) {
        PipelineBench.Settings settings = options.quick ? PipelineBench.Settings.quick(options.threads)
            : PipelineBench.Settings.defaults(options.threads);
        if (options.rows != null) {
          settings = new PipelineBench.Settings(options.rows, settings.maxWarmupSeconds(),
              Math.max(1, options.rows / 2), settings.inFlight(), settings.batchSize(), settings.segments(),
              options.threads);
        }
        pipelineResult = runPipeline(model, settings, Map.of());
        if (!options.quick) {
          pipelineVariants.add(runPipeline(model, settings, LONGER_COMMITS));
        }
      }
      Map<String, String> openMp = new LinkedHashMap<>();
      StringBuilder environment = new StringBuilder();
      for (String variable : OPENMP_VARIABLES) {
        String value = System.getenv(variable);
        if (value != null) {
          openMp.put(variable, value);
          environment.append(variable).append('=').append(value).append(' ');
        }
      }
      BenchRun run = new BenchRun(environment
          + "java -jar streams-app/target/exitwise.jar bench " + name + options.flags()
          + (docs == null ? "" : " --docs " + docs), model.modelVersion(), deviceName, options.threads, openMp,
          start, MachineInfo.now(), (System.nanoTime() - started) / 1e9, classifierResult, quality, profile,
          compactionResult, pipelineResult, pipelineVariants);
      List<Path> written = BenchReport.write(run, options.json, options.plots, docs);
      var out = spec.commandLine().getOut();
      out.println(BenchReport.terminal(run));
      written.forEach(path -> out.println("wrote " + path));
      out.flush();
    }
    return 0;
  }

  private PipelineBench.Result runPipeline(ExitwiseModel model, PipelineBench.Settings settings,
      Map<String, String> overrides) throws Exception {
    String scope = "bench-" + UUID.randomUUID();
    String url = "mock://" + scope;
    try {
      TopologySerdes serdes = TopologySerdes.from(wiring.serdes().factory(Map.of("schema.registry.url", url)));
      List<String> texts = BenchTexts.load(model, TENANT, Split.TEST, Integer.MAX_VALUE).texts();
      return PipelineBench.run(model, new ArrayList<>(texts), TENANT, serdes, url, settings, overrides);
    } finally {
      MockSchemaRegistry.dropScope(scope);
    }
  }
}
