package dev.exitwise.bench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exitwise.model.data.Split;
import dev.exitwise.model.encoder.BertEncoder;
import dev.exitwise.model.encoder.PackedLayout;
import dev.exitwise.model.encoder.TextTokenizer;
import dev.exitwise.model.encoder.TokenBatch;
import dev.exitwise.model.exit.ExitPolicy;
import dev.exitwise.model.iapt.AdapterForward;
import dev.exitwise.model.iapt.TenantAdapter;
import dev.exitwise.model.inference.ExitwiseModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where one layer's time goes at a small batch: the same calls as the engine's per-layer step (soft prompts, the
 * frozen layer, the exit head, reading the logits back and the exit decision), each timed on its own, and the
 * PyTorch operators each one dispatches, counted with PyTorch's own profiler on a separate pass. ONNX Runtime's
 * whole forward pass on the same tokens, divided by the layer count, is the reference. One tenant's rows, its
 * configured policy deciding (rows do not leave here: every pass runs every layer on every row, so each layer
 * sees the full batch).
 *
 * <p>Run it with {@code exitwise bench layers} (see docs/performance.md).
 */
public final class LayerProfile {

  /** The parts of a layer's step, in the engine's order. */
  public enum Group {
    PROMPTS("soft prompts: unpack to the grid, generator"),
    ENCODER("frozen encoder layer (packed)"),
    HEAD("exit head: [CLS] gather, LayerNorm, Linear"),
    DECISION("read the logits back, exit decision (Java)");

    private final String description;

    Group(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  /**
   * One batch size's profile.
   *
   * @param batchSize rows per batch
   * @param threads PyTorch intra-op threads
   * @param passes timed passes over all layers (each a different batch of texts)
   * @param meanTokens mean real tokens per row
   * @param millisPerLayer mean time per layer of each group
   * @param cpuMillisPerLayer the same in CPU time of the calling thread: with one intra-op thread, all the work
   *     (PyTorch then runs every operator on the caller), and unlike wall time, not inflated by other processes
   * @param operatorsPerLayer PyTorch operators each group dispatches per layer, counted at the top level (an
   *     operator that another calls internally is not counted again), mean over layers
   * @param insideOperatorsShare per group, the share of its time (on the profiled pass) spent inside those
   *     operators; the rest is the Java side: DJL's JNI calls, array bookkeeping, our own code
   * @param hostReadsPerLayer copies from tensors to Java arrays per layer
   * @param ortFp32MillisPerLayer ONNX Runtime fp32's forward pass on the same tokens over the layer count, NaN when
   *     not measured
   * @param ortInt8MillisPerLayer the same for the int8 file
   */
  public record Result(int batchSize, int threads, int passes, double meanTokens, Map<Group, Double> millisPerLayer,
      Map<Group, Double> cpuMillisPerLayer,
      Map<Group, Double> operatorsPerLayer, Map<Group, Double> insideOperatorsShare, int hostReadsPerLayer,
      double ortFp32MillisPerLayer, double ortInt8MillisPerLayer) {

    /** All groups together. */
    public double layerMillis() {
      return millisPerLayer.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** All groups together, calling thread's CPU time. */
    public double layerCpuMillis() {
      return cpuMillisPerLayer.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** All groups' operators together. */
    public double layerOperators() {
      return operatorsPerLayer.values().stream().mapToDouble(Double::doubleValue).sum();
    }
  }

  private static final int WARMUP_PASSES = 3;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private LayerProfile() {}

  /**
   * Profiles one batch size.
   *
   * @param passes timed passes
   * @param ortFp32 ONNX Runtime with the fp32 file, or null
   * @param ortInt8 ONNX Runtime with the int8 file, or null
   * @param traces where PyTorch's profiler writes its trace files (a temporary folder is fine)
   */
  public static Result run(ExitwiseModel model, String tenant, int batchSize, int passes, int threads,
      OrtEncoder ortFp32, OrtEncoder ortInt8, Path traces) {
    BenchTexts texts = BenchTexts.load(model, tenant, Split.TEST, batchSize * (passes + WARMUP_PASSES));
    TextTokenizer tokenizer = model.engine().backbone().tokenizer();
    TenantAdapter adapter = model.engine().adapter(model.tenantIndex(tenant));
    ExitPolicy policy = model.policy(tenant);
    long[] nanos = new long[Group.values().length];
    long[] cpuNanos = new long[nanos.length];
    long ortNanos = 0;
    long ortInt8Nanos = 0;
    long tokens = 0;
    for (int pass = 0; pass < passes + WARMUP_PASSES; pass++) {
      TokenBatch batch = tokenizer.encode(texts.texts().subList(pass * batchSize, (pass + 1) * batchSize), null);
      boolean timed = pass >= WARMUP_PASSES;
      long[] passNanos = new long[nanos.length];
      long[] passCpuNanos = new long[nanos.length];
      new Step(model, adapter, policy, batch).runLayers((group, layer, work) -> {
        long cpuStarted = THREADS.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        work.run();
        passNanos[group.ordinal()] += System.nanoTime() - started;
        passCpuNanos[group.ordinal()] += THREADS.getCurrentThreadCpuTime() - cpuStarted;
      });
      if (timed) {
        for (int g = 0; g < nanos.length; g++) {
          nanos[g] += passNanos[g];
          cpuNanos[g] += passCpuNanos[g];
        }
        ortNanos += ortFp32 == null ? 0 : timeNanos(() -> ortFp32.forward(batch));
        ortInt8Nanos += ortInt8 == null ? 0 : timeNanos(() -> ortInt8.forward(batch));
        for (int length : batch.lengths()) {
          tokens += length;
        }
      }
    }
    int layers = model.layerCount();
    double perLayer = 1e6 * passes * layers;
    Map<Group, Double> millis = new EnumMap<>(Group.class);
    Map<Group, Double> cpuMillis = new EnumMap<>(Group.class);
    for (Group group : Group.values()) {
      millis.put(group, nanos[group.ordinal()] / perLayer);
      cpuMillis.put(group, cpuNanos[group.ordinal()] / perLayer);
    }
    TokenBatch first = tokenizer.encode(texts.texts().subList(0, batchSize), null);
    Map<Group, Double> operators = new EnumMap<>(Group.class);
    Map<Group, Double> inside = new EnumMap<>(Group.class);
    traceOperators(new Step(model, adapter, policy, first), layers, traces, operators, inside);
    return new Result(batchSize, threads, passes, (double) tokens / (passes * batchSize), millis, cpuMillis, operators,
        inside,
        Step.HOST_READS_PER_LAYER, ortFp32 == null ? Double.NaN : ortNanos / perLayer,
        ortInt8 == null ? Double.NaN : ortInt8Nanos / perLayer);
  }

  /**
   * Runs the step once with PyTorch's profiler around each group of each layer: fills in each group's top-level
   * operators per layer and the share of its time spent inside them.
   */
  private static void traceOperators(Step step, int layers, Path traces, Map<Group, Double> operators,
      Map<Group, Double> insideShare) {
    long[] wallNanos = new long[Group.values().length];
    double[] insideMicros = new double[wallNanos.length];
    for (Group group : Group.values()) {
      operators.put(group, 0.0);
    }
    step.runLayers((group, layer, work) -> {
      Path trace = traces.resolve("batch-" + step.tokens.size() + "-layer-" + layer + "-"
          + group.name().toLowerCase(Locale.ROOT) + ".json");
      JniUtils.startProfile(false, false, false);
      long started = System.nanoTime();
      try {
        work.run();
      } finally {
        wallNanos[group.ordinal()] += System.nanoTime() - started;
        JniUtils.stopProfile(trace.toString());
      }
      TopLevel top = topLevelOperators(trace);
      operators.merge(group, (double) top.count() / layers, Double::sum);
      insideMicros[group.ordinal()] += top.micros();
    });
    for (Group group : Group.values()) {
      insideShare.put(group, Math.min(1, 1e3 * insideMicros[group.ordinal()] / wallNanos[group.ordinal()]));
    }
  }

  /** How many top-level operators a trace holds, and their summed duration. */
  record TopLevel(int count, double micros) {}

  /**
   * The operators in a PyTorch profiler trace (Chrome trace format) that no other operator on the same thread
   * encloses: those a caller dispatched, not those an operator called internally.
   */
  static TopLevel topLevelOperators(Path trace) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(trace.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the profiler trace " + trace, e);
    }
    JsonNode events = root.isArray() ? root : root.path("traceEvents");
    List<JsonNode> complete = new ArrayList<>();
    events.forEach(event -> {
      if ("X".equals(event.path("ph").asText())) {
        complete.add(event);
      }
    });
    complete.sort(Comparator.comparingDouble((JsonNode e) -> e.path("ts").asDouble())
        .thenComparing(e -> -e.path("dur").asDouble()));
    Map<String, Double> openUntil = new HashMap<>(); // per thread: end of the enclosing operator
    int count = 0;
    double micros = 0;
    for (JsonNode event : complete) {
      String thread = event.path("tid").asText();
      double start = event.path("ts").asDouble();
      double end = start + event.path("dur").asDouble();
      if (start >= openUntil.getOrDefault(thread, Double.NEGATIVE_INFINITY)) {
        count++;
        micros += end - start;
        openUntil.put(thread, end);
      }
    }
    return new TopLevel(count, micros);
  }

  private static long timeNanos(Runnable work) {
    long started = System.nanoTime();
    work.run();
    return System.nanoTime() - started;
  }

  /** Runs one group of one layer; the profiler wraps it in timing or in a trace. */
  @FunctionalInterface
  private interface GroupRunner {
    void run(Group group, int layer, Runnable work);
  }

  /** The engine's per-layer step for one batch, with every row running every layer. */
  private record Step(ExitwiseModel model, TenantAdapter adapter, ExitPolicy policy, TokenBatch tokens) {
    /** The logits, once per layer. */
    static final int HOST_READS_PER_LAYER = 1;

    void runLayers(GroupRunner runner) {
      BertEncoder encoder = model.engine().backbone().encoder();
      int labels = adapter.labels().size();
      ExitPolicy.RowState[] states = new ExitPolicy.RowState[tokens.size()];
      for (int row = 0; row < states.length; row++) {
        states[row] = policy.start();
      }
      try (NDManager batch = encoder.manager().newSubManager()) {
        PackedLayout.Indexes grid = PackedLayout.of(tokens.lengths()).indexes(batch);
        NDArray[] hidden = {encoder.embedPacked(tokens.idsArray(batch), tokens.typeIdsArray(batch), grid)};
        for (int layer = 0; layer < model.layerCount(); layer++) {
          int l = layer;
          try (NDManager step = batch.newSubManager()) {
            hidden[0].attach(step);
            NDArray[] out = new NDArray[3]; // prompts, next hidden states, logits
            runner.run(Group.PROMPTS, l, () -> out[0] = AdapterForward.prompts(adapter.generator(l),
                BertEncoder.unpack(hidden[0], grid), grid.attentionBias(), 0f, false, step));
            runner.run(Group.ENCODER, l, () -> out[1] = encoder.packedLayer(l, hidden[0], grid, out[0]));
            runner.run(Group.HEAD, l, () -> out[2] = AdapterForward.logits(adapter.head(l),
                BertEncoder.packedCls(out[1], grid), 0f, false));
            runner.run(Group.DECISION, l, () -> {
              float[] flat = out[2].toFloatArray();
              int width = flat.length / states.length;
              for (int row = 0; row < states.length; row++) {
                states[row].offer(l + 1, Arrays.copyOfRange(flat, row * width, (row + 1) * width),
                    labels);
              }
            });
            out[1].attach(batch);
            hidden[0] = out[1];
          }
        }
      }
    }
  }

  /** Deletes the trace files of a folder made for {@link #run}. */
  public static void deleteTraces(Path traces) {
    try (var files = Files.list(traces)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(traces);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the profiler traces in " + traces, e);
    }
  }
}
