package dev.exitwise.bench;

import dev.exitwise.bench.model.BatchProfile;
import dev.exitwise.bench.model.BenchTenants;
import dev.exitwise.bench.model.BenchTexts;
import dev.exitwise.bench.model.ClassifierBench;
import dev.exitwise.bench.model.CompactionBench;
import dev.exitwise.bench.model.LayerProfile;
import dev.exitwise.bench.model.OperatorCosts;
import dev.exitwise.bench.model.OrtEncoder;
import dev.exitwise.bench.model.ParityCheck;
import dev.exitwise.bench.model.RandomModelBench;
import dev.exitwise.cli.ModelOptions;
import dev.exitwise.cli.Wiring;
import ai.djl.Device;
import dev.exitwise.model.data.Dataset;
import dev.exitwise.model.data.Datasets;
import dev.exitwise.model.data.Split;
import dev.exitwise.model.encoder.Backbones;
import dev.exitwise.model.eval.TenantSplits;
import dev.exitwise.model.inference.ExitwiseModel;
import dev.exitwise.model.inference.TextClassifier;
import dev.exitwise.model.runtime.DeviceChoice;
import dev.exitwise.model.runtime.DjlRuntime;
import dev.exitwise.model.runtime.InstalledTorch;
import dev.exitwise.model.runtime.Precision;
import dev.exitwise.registry.MockSchemaRegistry;
import dev.exitwise.streams.TopologySerdes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code exitwise bench}: throughput against exit depth, against full depth, PABEE and ONNX Runtime, through a
 * real broker, and the cost of compaction. {@code docs/benchmarks.md} explains what each table measures.
 *
 * <ol>
 *   <li>Build: {@code mvn -q -DskipTests package} (writes {@code bench/target/exitwise-bench.jar}).
 *   <li>Everything, writing the tables to {@code docs/bench-results.md}, the rows to {@code docs/benchmarks.json}
 *       and the charts to {@code docs/img/}: {@code java -jar bench/target/exitwise-bench.jar bench all --json
 *       docs/benchmarks.json} (under 15 minutes on 2 cores).
 *   <li>One part, tables on standard output: {@code bench classifier}, {@code bench compaction},
 *       {@code bench pipeline}; {@code --quick} for a smoke run.
 * </ol>
 */
@Command(name = "bench", mixinStandardHelpOptions = true, resourceBundle = "dev.exitwise.bench.BenchHelp")
public final class BenchCommand implements Runnable {
  /** The tenant whose texts the benchmarks run. */
  private static final String TENANT = BenchTenants.PRIMARY;
  /** Where the model runs when {@code --device} is not given: ONNX Runtime, its reference, always runs there. */
  private static final DeviceChoice DEFAULT_DEVICE = DeviceChoice.CPU;
  /** Profile rows at batch 32 (not quick). */
  private static final int PROFILE_ROWS = 512;
  /** Compaction rows and repeats (not quick). */
  private static final int COMPACTION_ROWS = 768;
  private static final int COMPACTION_REPEATS = 2;
  /**
   * libgomp's settings, recorded in the command line: OMP_WAIT_POLICY=PASSIVE lets PyTorch's idle threads sleep at
   * once; GOMP_SPINCOUNT bounds how long they spin first (docs/performance.md).
   */
  private static final List<String> OPENMP_VARIABLES = List.of("OMP_WAIT_POLICY", "GOMP_SPINCOUNT");
  /**
   * The pipeline's second run: exactly-once commits every second instead of Kafka Streams' 100 ms, to measure what
   * the commits cost.
   */
  private static final Map<String, String> LONGER_COMMITS = Map.of("commit.interval.ms", "1000");

  /** The parts a subcommand runs. */
  enum Part { CLASSIFIER, COMPACTION, PIPELINE }

  @Spec
  private CommandSpec spec;

  private final Wiring wiring;

  /**
   * The command over {@code wiring}.
   *
   * @param wiring loads the model and makes the pipeline's serdes
   */
  public BenchCommand(Wiring wiring) {
    this.wiring = wiring;
  }

  /** Options every bench subcommand takes. */
  static final class Options {
    /** --model-dir, --device (cpu unless given; ONNX Runtime always runs on the CPU) and --djl-cache. */
    @Mixin
    ModelOptions model = new ModelOptions();

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
      StringBuilder out = new StringBuilder(model.flags(DEFAULT_DEVICE));
      out.append(" --threads ").append(threads);
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
    throw new ParameterException(spec.commandLine(),
        "Missing subcommand: classifier, compaction, pipeline, swap, layers, precision, random, parity, load-step or all");
  }

  @Command(name = "classifier", mixinStandardHelpOptions = true,
      description = "Classifier events/s, batch latency and macro-F1 per policy and batch size; mixed-tenant "
          + "batches; where a batch's time goes.")
  int classifier(@Mixin Options options) throws Exception {
    return execute("classifier", options, EnumSet.of(Part.CLASSIFIER), null);
  }

  @Command(name = "compaction", mixinStandardHelpOptions = true,
      description = "Batch 32 with rows leaving at known layers (3, 6, 9, 12) against the ideal, full-depth time "
          + "x mean exit layer / layers.")
  int compaction(@Mixin Options options) throws Exception {
    return execute("compaction", options, EnumSet.of(Part.COMPACTION), null);
  }

  @Command(name = "pipeline", mixinStandardHelpOptions = true,
      description = "End-to-end events/s and latency through a KRaft broker in this JVM and the real service "
          + "(exactly_once_v2), against the classifier alone on the same texts and policy.")
  int pipeline(@Mixin Options options) throws Exception {
    return execute("pipeline", options, EnumSet.of(Part.PIPELINE), null);
  }

  @Command(name = "swap", mixinStandardHelpOptions = true,
      description = {"What a live model swap costs: batches back to back on a model thread while run's reloader takes",
          "up a newly published version of the model; batch latency around the swap and the resident set while two",
          "models are loaded. Without --model-dir, a copy of the committed model in a temporary directory."})
  int swap(@Mixin ModelOptions model,
      @Option(names = "--threads", paramLabel = "N", defaultValue = "2",
          description = "PyTorch intra-op threads (default: ${DEFAULT-VALUE}).") int threads,
      @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
          description = "Rows per batch (default: ${DEFAULT-VALUE}, the service's default).") int batchSize,
      @Option(names = "--seconds", paramLabel = "S", defaultValue = "20",
          description = "Seconds of batches before the first publish, and after each swap (default: "
              + "${DEFAULT-VALUE}).") int seconds,
      @Option(names = "--swaps", paramLabel = "N", defaultValue = "3",
          description = "Versions published one after the other (default: ${DEFAULT-VALUE}); memory that the old "
              + "versions did not give back would add up from swap to swap.") int swaps) throws Exception {
    if (threads < 1 || batchSize < 1 || swaps < 1 || seconds < 6) {
      throw new ParameterException(spec.commandLine(), "--threads, --batch-size and --swaps must be at least 1, "
          + "--seconds at least 6");
    }
    ai.djl.Device device = model.start(DEFAULT_DEVICE);
    DjlRuntime.setThreads(threads, 1);
    Path dir = model.modelDir() != null ? model.modelDir() : SwapBench.committedModelCopy();
    MachineInfo machine = MachineInfo.now();
    SwapBench.Result result = SwapBench.run(dir, device, batchSize, java.time.Duration.ofSeconds(seconds),
        java.time.Duration.ofSeconds(seconds), swaps);
    var out = spec.commandLine().getOut();
    out.printf("bench swap%s --threads %d --batch-size %d --seconds %d --swaps %d on %s, %s%n",
        model.flags(DEFAULT_DEVICE), threads, batchSize, seconds, swaps, machine.describe(), java.time.Instant.now());
    out.printf("before the first publish: %d-row batches p50 %s, max %s; resident set %s, outside the heap %s "
        + "(medians)%n%n", batchSize, millis(result.steadyP50Micros()), millis(result.steadyMaxMicros()),
        mib(result.rssBeforeMiB()), mib(result.outsideHeapBeforeMiB()));
    var table = dev.exitwise.model.eval.TextTable.builder("swap", "publish to first batch on it",
        "longest batch, publish to swap + 2 s", "resident set peak", "resident set, last 5 s",
        "outside the heap, last 5 s");
    for (int i = 0; i < result.rounds().size(); i++) {
      SwapBench.Round round = result.rounds().get(i);
      table.row(i + 1, round.loadMillis() + " ms", millis(round.longestBatchMicros()), mib(round.rssPeakMiB()),
          mib(round.rssEndMiB()), mib(round.outsideHeapEndMiB()));
    }
    out.println(table.build().terminal());
    out.printf("%d batches in all%n", result.batches());
    return 0;
  }

  @Command(name = "load-step", mixinStandardHelpOptions = true,
      description = {"A load step through the real pipeline: a steady load at --base-factor of full depth's capacity,",
          "a step to --step-factor times it, then the steady load again; three services one after the other on the",
          "same broker and schedule: fixed full depth, the fixed calibrated point, and the SLO controller",
          "(exitwise.slo.*, --set). Prints p99 latency, backlog, settling time, the points used and the macro-F1 of",
          "the step's events against full depth; --plots draws them over time, --csv writes every second."})
  int loadStep(@Mixin ModelOptions model,
      @Option(names = "--threads", paramLabel = "N", defaultValue = "2",
          description = "PyTorch intra-op threads (default: ${DEFAULT-VALUE}).") int threads,
      @Option(names = "--steady-seconds", paramLabel = "S", defaultValue = "40",
          description = "Steady load before the step (default: ${DEFAULT-VALUE}).") int steadySeconds,
      @Option(names = "--step-seconds", paramLabel = "S", defaultValue = "60",
          description = "The step (default: ${DEFAULT-VALUE}).") int stepSeconds,
      @Option(names = "--after-seconds", paramLabel = "S", defaultValue = "100",
          description = "Steady load after the step (default: ${DEFAULT-VALUE}).") int afterSeconds,
      @Option(names = "--drain-seconds", paramLabel = "S", defaultValue = "90",
          description = "After the last send, how long to wait for the outputs still due (default: "
              + "${DEFAULT-VALUE}).") int drainSeconds,
      @Option(names = "--base-factor", paramLabel = "F", defaultValue = "0.5",
          description = "The steady load, a fraction of full depth's capacity (default: ${DEFAULT-VALUE}).")
          double baseFactor,
      @Option(names = "--step-factor", paramLabel = "F", defaultValue = "2.5",
          description = "The step's load, a multiple of full depth's capacity (default: ${DEFAULT-VALUE}).")
          double stepFactor,
      @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
          description = "The micro-batcher's batch size (default: ${DEFAULT-VALUE}).") int batchSize,
      @Option(names = "--warmup-seconds", paramLabel = "S", defaultValue = "40",
          description = "An unmeasured run of the calibrated service at the steady load first, so that all three "
              + "run on a warm JVM (default: ${DEFAULT-VALUE}; 0: none).") int warmupSeconds,
      @Option(names = "--set", paramLabel = "KEY=VALUE",
          description = "An exitwise.slo.* setting of the adaptive service, over the bench's defaults: a 2000 ms "
              + "target, 4 s windows, 15 s calm, points 1.4 apart, a floor of 2 points.") Map<String, String> set,
      @Option(names = "--plots", paramLabel = "DIR", description = "Draw latency, backlog and depth over time here.")
          Path plots,
      @Option(names = "--csv", paramLabel = "FILE", description = "Write every second of every service here.")
          Path csv) throws Exception {
    Map<String, String> slo = LoadStepBench.Settings.defaultSlo();
    if (set != null) {
      set.forEach((key, value) -> {
        if (!key.startsWith("exitwise.slo.")) {
          throw new ParameterException(spec.commandLine(), "--set " + key + ": only exitwise.slo.* keys");
        }
        slo.put(key, value);
      });
    }
    LoadStepBench.Settings settings;
    try {
      settings = new LoadStepBench.Settings(steadySeconds, stepSeconds, afterSeconds, drainSeconds, baseFactor,
          stepFactor, batchSize, threads, warmupSeconds, slo);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (plots != null && !dev.exitwise.model.eval.Plots.available()) {
      throw new ParameterException(spec.commandLine(), "--plots needs the bench jar's chart renderer");
    }
    Options options = new Options();
    options.model = model;
    options.threads = threads;
    MachineInfo machine = MachineInfo.now();
    String scope = "bench-" + UUID.randomUUID();
    String url = "mock://" + scope;
    LoadStepBench.Result result;
    try (ExitwiseModel loaded = loadModel(options)) {
      TopologySerdes serdes = TopologySerdes.from(wiring.serdes().factory(Map.of("schema.registry.url", url)));
      result = LoadStepBench.run(loaded, BenchTexts.load(loaded, TENANT, Split.TEST, Integer.MAX_VALUE), TENANT,
          serdes, url, settings);
    } finally {
      MockSchemaRegistry.dropScope(scope);
    }
    var out = spec.commandLine().getOut();
    out.printf("bench load-step%s --threads %d --steady-seconds %d --step-seconds %d --after-seconds %d "
        + "--drain-seconds %d --base-factor %s --step-factor %s --batch-size %d --warmup-seconds %d, adaptive %s%n"
        + "on %s, %s%n", model.flags(DEFAULT_DEVICE), threads, steadySeconds, stepSeconds, afterSeconds,
        drainSeconds, baseFactor, stepFactor, batchSize, warmupSeconds, slo, machine.describe(),
        java.time.Instant.now());
    out.printf("tenant %s: full depth classifies %.1f events/s alone (batch %d); steady load %.1f events/s, step "
        + "%.1f events/s; calibrated point %s (%.2fx layer speed-up on dev)%n%n", TENANT,
        result.fullDepthEventsPerSecond(), batchSize, result.baseRate(), result.stepRate(), result.calibratedPolicy(),
        result.calibratedSpeedup());
    out.println(LoadStepReport.table(result).terminal());
    if (csv != null) {
      LoadStepReport.csv(result, csv);
      out.println("every second: " + csv);
    }
    if (plots != null) {
      out.println("charts: " + LoadStepReport.plots(result, plots));
    }
    return 0;
  }

  private static String millis(long micros) {
    return String.format(java.util.Locale.ROOT, "%.1f ms", micros / 1000.0);
  }

  private static String mib(double value) {
    return String.format(java.util.Locale.ROOT, "%.0f MiB", value);
  }

  @Command(name = "layers", mixinStandardHelpOptions = true,
      description = "Where one layer's time goes at small batches: soft prompts, encoder layer, exit head, read-back "
          + "and decision, each timed, with the PyTorch operators each dispatches (PyTorch's profiler), against "
          + "ONNX Runtime fp32 and int8 per layer on the same tokens. Prints a table per batch size.")
  int layers(@Mixin Options options,
      @Option(names = "--passes", paramLabel = "N", defaultValue = "40",
          description = "Timed passes over all layers per batch size, each on other texts (default: "
              + "${DEFAULT-VALUE}).") int passes,
      @Option(names = "--traces", paramLabel = "DIR",
          description = "Keep PyTorch's profiler traces here, one per layer and part (Chrome trace format; open "
              + "them in chrome://tracing or Perfetto). Default: a temporary folder, deleted at the end.")
          Path keptTraces,
      @Option(names = "--operators",
          description = "Also time single operators: one call on a tiny array, and the encoder's matrix products "
              + "as fused linear, as matMul plus add, and in float16 (run with --threads 1).") boolean operators)
      throws Exception {
    if (options.threads < 1 || passes < 1) {
      throw new ParameterException(spec.commandLine(), "--threads and --passes must be at least 1");
    }
    List<Integer> batchSizes = options.batchSizes != null ? options.batchSizes : List.of(1, 8);
    var out = spec.commandLine().getOut();
    out.println("`" + commandLine("layers", options) + " --passes " + passes + (operators ? " --operators" : "")
        + "`, " + MachineInfo.now().describe()
        + ", load average " + MachineInfo.now().loadAverage());
    Path traces = keptTraces != null ? Files.createDirectories(keptTraces)
        : Files.createTempDirectory("exitwise-layer-profile-");
    try (ExitwiseModel model = loadModel(options);
        OrtEncoder fp32 = onnxRuntimeRuns(model) ? new OrtEncoder(OrtEncoder.Precision.FP32, options.threads) : null;
        OrtEncoder int8 = onnxRuntimeRuns(model) ? new OrtEncoder(OrtEncoder.Precision.INT8, options.threads) : null) {
      for (int batchSize : batchSizes) {
        LayerProfile.Result result =
            LayerProfile.run(model, TENANT, batchSize, options.quick ? 2 : passes, options.threads, fp32, int8,
                traces);
        out.println(LayerProfileTable.markdown(result));
        out.flush();
      }
      if (operators) {
        out.println(LayerProfileTable.operators(OperatorCosts.run(model.engine().backbone().encoder().manager())));
      }
    } finally {
      if (keptTraces == null) {
        LayerProfile.deleteTraces(traces);
      }
    }
    return 0;
  }

  @Command(name = "precision", mixinStandardHelpOptions = true,
      description = "int8 against fp32 on every tenant's whole test split (or --rows of it): macro- and micro-F1 at "
          + "full depth and at the calibrated point, each drop with its paired-bootstrap 95 %% interval, mean exit "
          + "layer and rows/s (batches of 32, the precisions one after the other). Loads the model twice; CPU only.")
  int precision(@Mixin Options options) throws Exception {
    options.model.configureRuntime();
    DjlRuntime.setThreads(options.threads, 1);
    var out = spec.commandLine().getOut();
    out.println("`" + commandLine("precision", options) + "`, " + MachineInfo.now().describe() + ", load average "
        + MachineInfo.now().loadAverage());
    Path dir = options.model.modelDir();
    List<PrecisionCheck> checks = new ArrayList<>();
    try (ExitwiseModel fp32 = ExitwiseModel.load(dir, Device.cpu(), Precision.FP32);
        ExitwiseModel int8 = ExitwiseModel.load(dir, Device.cpu(), Precision.INT8)) {
      for (String tenant : fp32.tenants()) {
        Dataset split = TenantSplits.recorded().load(fp32.manifest().tenant(tenant), Split.TEST);
        int rows = options.quick ? 64 : options.rows != null ? Math.min(options.rows, split.size()) : split.size();
        checks.add(PrecisionCheck.run(fp32, int8, tenant, split.head(rows), 32));
        out.println(PrecisionCheck.table(checks.subList(checks.size() - 1, checks.size())).markdown());
        out.flush();
      }
    }
    return 0;
  }

  @Command(name = "random", mixinStandardHelpOptions = true,
      description = {"Events/s and batch latency of a random-weight model of BGE-small's shape (12 layers, hidden 384,",
          "12 heads) with a random adapter: needs no weights files, so it runs on a lent GPU machine. At each batch",
          "size: full depth, a quarter of the rows leaving at each of layers 3, 6, 9 and 12, and every row leaving at",
          "3, 6 or 9, interleaved; logits read back to the host every batch. docs/gpu.md"})
  int random(@Mixin RandomModelOptions options,
      @Option(names = "--batch-sizes", split = ",", paramLabel = "N", defaultValue = "1,8,32,64,128,256",
          description = "Batch sizes (default: ${DEFAULT-VALUE}).") List<Integer> batchSizes,
      @Option(names = "--rows", paramLabel = "N", defaultValue = "256",
          description = "Rows per configuration and batch size, at least one batch (default: ${DEFAULT-VALUE}).")
          int rows,
      @Option(names = "--repeats", paramLabel = "N", defaultValue = "1",
          description = "How often the rows run (default: ${DEFAULT-VALUE}).") int repeats) {
    if (rows < 1 || repeats < 1 || batchSizes.stream().anyMatch(b -> b < 1)) {
      throw new ParameterException(spec.commandLine(), "--rows, --repeats and every batch size must be at least 1");
    }
    ai.djl.Device device = startRandomModel(options);
    var out = spec.commandLine().getOut();
    out.printf("bench random%s --threads %d --batch-sizes %s --rows %d --repeats %d%n%s, %s, %s%n",
        options.model.flags(DEFAULT_DEVICE), options.threads, batchSizes.stream().map(String::valueOf)
            .collect(java.util.stream.Collectors.joining(",")), rows, repeats, engineLine(),
        MachineInfo.now().describe(), java.time.Instant.now());
    out.flush();
    try (ExitwiseModel random = RandomModelBench.model(device)) {
      for (int batchSize : batchSizes) { // a table per batch size, printed as it is measured
        out.println(RandomModelBench.table(List.of(RandomModelBench.run(random, batchSize, rows, repeats)), true));
        out.flush();
      }
    }
    return 0;
  }

  @Command(name = "parity", mixinStandardHelpOptions = true,
      description = {"Do two runs of the random-weight model agree? Logits of 16 test texts at full depth and leaving",
          "at layers 3 and 6, against the same on --reference-device in this process, or against a file an earlier",
          "run wrote with --write (another engine or libtorch runs in another process). Exit code 1 when they differ",
          "by more than --tolerance (scaled: |a - b| / max(1, |b|)). docs/gpu.md"})
  int parity(@Mixin RandomModelOptions options,
      @Option(names = "--reference-device", paramLabel = "DEVICE",
          description = "Also run on this device (cpu, gpu) and compare.") DeviceChoice referenceDevice,
      @Option(names = "--against", paramLabel = "FILE",
          description = "Compare with the logits an earlier run wrote here.") Path against,
      @Option(names = "--write", paramLabel = "FILE", description = "Write this run's logits here.") Path write,
      @Option(names = "--tolerance", paramLabel = "X", defaultValue = "1e-3",
          description = "Largest scaled difference that passes (default: ${DEFAULT-VALUE}).") double tolerance) {
    if (referenceDevice == null && against == null && write == null) {
      throw new ParameterException(spec.commandLine(), "give --reference-device, --against or --write");
    }
    ai.djl.Device device = startRandomModel(options);
    var out = spec.commandLine().getOut();
    String engine = engineLine();
    ParityCheck run;
    try (ExitwiseModel random = RandomModelBench.model(device)) {
      run = ParityCheck.run(random, engine);
    }
    out.printf("bench parity on %s: %s, %s%n", run.device(), engine, java.time.Instant.now());
    if (write != null) {
      run.write(write);
      out.println("wrote " + write);
    }
    boolean agree = true;
    if (referenceDevice != null) {
      try (ExitwiseModel random = RandomModelBench.model(DjlRuntime.selectDevice(referenceDevice))) {
        agree = report(out, run, ParityCheck.run(random, engine), tolerance);
      }
    }
    if (against != null) {
      agree &= report(out, run, ParityCheck.read(against), tolerance);
    }
    return agree ? 0 : 1;
  }

  /** The options of the random-model commands: where the model runs and PyTorch's threads. */
  static final class RandomModelOptions {
    /** --device and --djl-cache (--model-dir is refused: the model is random). */
    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2",
        description = "PyTorch intra-op threads (default: ${DEFAULT-VALUE}).")
    int threads;
  }

  /** Starts DJL on the options' device for the random-model commands, which take no model directory. */
  private ai.djl.Device startRandomModel(RandomModelOptions options) {
    if (options.model.modelDir() != null) {
      throw new ParameterException(spec.commandLine(), "--model-dir does not apply: this runs a random-weight model");
    }
    if (options.threads < 1) {
      throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + options.threads);
    }
    DjlRuntime.setThreads(options.threads, 1);
    return options.model.start(DEFAULT_DEVICE);
  }

  /** DJL's engine, its PyTorch version and where the libtorch came from. */
  private static String engineLine() {
    ai.djl.engine.Engine engine = DjlRuntime.engine();
    String installed = System.getenv(InstalledTorch.LIBRARY_PATH_ENV);
    return "DJL " + ai.djl.engine.Engine.getDjlVersion() + " " + engine.getEngineName() + " " + engine.getVersion()
        + (installed == null ? " (bundled natives)" : " from " + installed) + ", GPUs " + engine.getGpuCount();
  }

  private static boolean report(java.io.PrintWriter out, ParityCheck run, ParityCheck reference, double tolerance) {
    ParityCheck.Difference difference = run.against(reference);
    boolean agree = difference.within(tolerance);
    out.printf(java.util.Locale.ROOT, "against %s on %s: max |difference| %.3g, max scaled %.3g (%s), tolerance %.1g:"
        + " %s%n", reference.engine(), reference.device(), difference.maxAbsolute(), difference.maxScaled(),
        difference.worstConfiguration(), tolerance, agree ? "PASS" : "FAIL");
    return agree;
  }

  @Command(name = "all", mixinStandardHelpOptions = true,
      description = "Every benchmark; writes the tables to <docs>/bench-results.md and the charts to <docs>/img.")
  int all(@Mixin Options options,
      @Option(names = "--docs", paramLabel = "DIR", defaultValue = "docs",
          description = "Where the documents go (default: ${DEFAULT-VALUE}).") Path docs) throws Exception {
    return execute("all", options, EnumSet.allOf(Part.class), docs);
  }

  private int execute(String name, Options options, Set<Part> parts, Path docs) throws Exception {
    if (options.threads < 1) {
      throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + options.threads);
    }
    MachineInfo start = MachineInfo.now();
    long started = System.nanoTime();
    try (ExitwiseModel model = loadModel(options)) {
      ClassifierPart classifier = parts.contains(Part.CLASSIFIER) ? runClassifier(model, options) : null;
      CompactionBench.Result compaction = parts.contains(Part.COMPACTION) ? runCompaction(model, options) : null;
      List<PipelineBench.Result> pipelines =
          parts.contains(Part.PIPELINE) ? runPipelines(model, options) : List.of();
      Map<String, String> openMp = openMpSettings();
      var encoder = model.engine().backbone().encoder();
      String deviceName = encoder.device() + ", linear layers " + encoder.precision().configValue();
      BenchRun run = new BenchRun(commandLine(name, options)
          + (docs == null ? "" : " --docs " + docs), model.modelVersion(), deviceName, options.threads, openMp,
          start, MachineInfo.now(), (System.nanoTime() - started) / 1e9,
          classifier == null ? null : classifier.result, classifier == null ? null : classifier.quality,
          classifier == null ? null : classifier.profile, compaction,
          pipelines.isEmpty() ? null : pipelines.get(0),
          pipelines.isEmpty() ? List.of() : pipelines.subList(1, pipelines.size()));
      List<Path> written = BenchReport.write(run, options.json, options.plots, docs);
      var out = spec.commandLine().getOut();
      out.println(BenchReport.terminal(run));
      written.forEach(path -> out.println("wrote " + path));
      out.flush();
    }
    return 0;
  }

  /** libgomp's variables that are set, by name. */
  private static Map<String, String> openMpSettings() {
    Map<String, String> openMp = new LinkedHashMap<>();
    for (String variable : OPENMP_VARIABLES) {
      String value = System.getenv(variable);
      if (value != null) {
        openMp.put(variable, value);
      }
    }
    return openMp;
  }

  /** The command as typed, libgomp's variables in front. */
  private static String commandLine(String subcommand, Options options) {
    StringBuilder line = new StringBuilder();
    openMpSettings().forEach((variable, value) -> line.append(variable).append('=').append(value).append(' '));
    return line + "java -jar bench/target/exitwise-bench.jar bench " + subcommand + options.flags();
  }

  private ExitwiseModel loadModel(Options options) {
    options.model.configureRuntime();
    DjlRuntime.setThreads(options.threads, 1);
    TextClassifier loaded = wiring.models().load(options.model.modelDir(), options.model.execution(DEFAULT_DEVICE));
    if (!(loaded instanceof ExitwiseModel model)) {
      loaded.close();
      throw new ConfigException("bench needs an exitwise model; the loader gave " + loaded.getClass().getName());
    }
    return model;
  }

  /** Whether ONNX Runtime runs the same backbone: only the default one has its ONNX files on the class path. */
  private static boolean onnxRuntimeRuns(ExitwiseModel model) {
    return Backbones.DEFAULT_ID.equals(model.manifest().backbone());
  }

  /** The classifier comparison, the whole-split quality check and the batch profile. */
  private record ClassifierPart(ClassifierBench.Result result, QualityCheck quality, BatchProfile profile) {}

  private static ClassifierPart runClassifier(ExitwiseModel model, Options options) throws Exception {
    ClassifierBench.Settings settings = options.quick
        ? ClassifierBench.Settings.quick(options.threads) : ClassifierBench.Settings.defaults(options.threads);
    if (options.rows != null) {
      settings = settings.withRows(options.rows);
    }
    if (options.batchSizes != null) {
      settings = settings.withBatchSizes(options.batchSizes);
    }
    ClassifierBench.Result result = ClassifierBench.run(model, settings);
    QualityCheck quality = options.quick ? null : QualityCheck.run(model, TENANT, Datasets.load(TENANT, Split.TEST));
    boolean ort = onnxRuntimeRuns(model);
    try (OrtEncoder fp32 = ort ? new OrtEncoder(OrtEncoder.Precision.FP32, options.threads) : null;
        OrtEncoder int8 = ort ? new OrtEncoder(OrtEncoder.Precision.INT8, options.threads) : null) {
      BatchProfile profile = BatchProfile.run(model, TENANT, 32, options.quick ? 64 : PROFILE_ROWS, fp32, int8);
      return new ClassifierPart(result, quality, profile);
    }
  }

  private static CompactionBench.Result runCompaction(ExitwiseModel model, Options options) {
    int rows = options.rows != null ? options.rows : options.quick ? 64 : COMPACTION_ROWS;
    return CompactionBench.run(model, TENANT, 32, rows, options.quick ? 1 : COMPACTION_REPEATS);
  }

  /** The service as it ships, then (not quick) the same with longer commits. */
  private List<PipelineBench.Result> runPipelines(ExitwiseModel model, Options options) throws Exception {
    PipelineBench.Settings settings = options.quick ? PipelineBench.Settings.quick(options.threads)
        : PipelineBench.Settings.defaults(options.threads);
    if (options.rows != null) {
      settings = new PipelineBench.Settings(options.rows, settings.maxWarmupSeconds(),
          Math.max(1, options.rows / 2), settings.inFlight(), settings.batchSize(), settings.segments(),
          options.threads);
    }
    List<PipelineBench.Result> results = new ArrayList<>();
    results.add(runPipeline(model, settings, Map.of()));
    if (!options.quick) {
      results.add(runPipeline(model, settings, LONGER_COMMITS));
    }
    return results;
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
