package dev.exitwise.bench.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.exitwise.model.encoder.Backbone;
import dev.exitwise.model.encoder.Backbones;
import dev.exitwise.model.encoder.TokenBatch;
import dev.exitwise.model.encoder.BertEncoder;
import dev.exitwise.model.runtime.DjlRuntime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Encoder throughput: texts/s and ms/batch of the default backbone (BGE-small) on DJL at full and half depth, and
 * of ONNX Runtime at full depth, on the same random ids (every row exactly {@code tokens} long, no padding) with
 * the same intra-op thread count. Configurations are interleaved repeat by repeat so that drift in machine load
 * hits all engines alike; each figure is the median of the repeats, after warm-up.
 *
 * <p>Run it:
 *
 * <ol>
 *   <li>{@code mvn -q -pl bench -am install -DskipTests}
 *   <li>{@code nice mvn -q -pl bench exec:java -Dexec.mainClass=dev.exitwise.bench.model.EncoderBench
 *       -Dexec.args="--threads 2 --repeats 7"}
 * </ol>
 */
public final class EncoderBench {

  /**
   * What to measure.
   *
   * @param batchSizes rows per batch
   * @param tokenCounts tokens per row ([CLS] and [SEP] included)
   * @param threads intra-op threads for both engines
   * @param warmups untimed rounds first
   * @param repeats timed rounds; the median is reported
   * @param includeOnnxRuntime whether to time ONNX Runtime too
   */
  public record Settings(
      List<Integer> batchSizes,
      List<Integer> tokenCounts,
      int threads,
      int warmups,
      int repeats,
      boolean includeOnnxRuntime) {

    /** Batches 1, 8, 32, 64 at 32 and 64 tokens, 2 threads, 2 warm-ups, 7 repeats, with ONNX Runtime. */
    public static Settings defaults() {
      return new Settings(List.of(1, 8, 32, 64), List.of(32, 64), 2, 2, 7, true);
    }
  }

  /**
   * One measured configuration.
   *
   * @param engine {@code DJL} or {@code ORT}
   * @param layers layers run
   * @param batchSize rows per batch
   * @param tokens tokens per row
   * @param msPerBatch median wall time of one batch in milliseconds
   * @param cpuMsPerBatch median CPU time of the whole process (all threads, native ones included) during one
   *     batch, in milliseconds: on a machine shared with other work it says more than the wall time
   */
  public record Row(String engine, int layers, int batchSize, int tokens, double msPerBatch, double cpuMsPerBatch) {

    /** Throughput implied by the median batch time. */
    public double textsPerSecond() {
      return batchSize * 1000.0 / msPerBatch;
    }
  }

  private static final String DJL = "DJL";
  private static final String ORT = "ORT";

  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  private EncoderBench() {}

  /**
   * Runs the benchmark on the CPU with the default backbone.
   *
   * @return one row per engine, depth, batch size and token count
   */
  public static List<Row> run(Settings settings) {
    DjlRuntime.configure(null);
    DjlRuntime.setThreads(settings.threads(), 1);
    try (Backbone backbone = Backbones.load(Backbones.DEFAULT_ID, Device.cpu());
        OrtEncoder ort = settings.includeOnnxRuntime() ? new OrtEncoder(OrtEncoder.Precision.FP32, settings.threads()) : null) {
      BertEncoder encoder = backbone.encoder();
      int fullDepth = encoder.config().layerCount();
      int[] depths = {fullDepth, fullDepth / 2};
      List<Row> rows = new ArrayList<>();
      for (int tokens : settings.tokenCounts()) {
        for (int batchSize : settings.batchSizes()) {
          long[][] ids = randomIds(batchSize, tokens, encoder.config().vocabSize(), 31L * tokens + batchSize);
          // [configuration][repeat][wall ms, cpu ms]
          double[][][] times = new double[depths.length + 1][settings.repeats()][];
          for (int round = -settings.warmups(); round < settings.repeats(); round++) {
            for (int d = 0; d < depths.length; d++) {
              int depth = depths[d];
              double[] t = measure(() -> runDjl(encoder, ids, depth));
              if (round >= 0) {
                times[d][round] = t;
              }
            }
            if (ort != null) {
              TokenBatch batch = unpadded(ids);
              double[] t = measure(() -> ort.forward(batch));
              if (round >= 0) {
                times[depths.length][round] = t;
              }
            }
          }
          for (int d = 0; d < depths.length; d++) {
            rows.add(new Row(DJL, depths[d], batchSize, tokens, median(times[d], 0), median(times[d], 1)));
          }
          if (ort != null) {
            double[][] t = times[depths.length];
            rows.add(new Row(ORT, fullDepth, batchSize, tokens, median(t, 0), median(t, 1)));
          }
        }
      }
      return rows;
    }
  }

  /**
   * A markdown table: one line per token count and batch size; DJL at both depths and ONNX Runtime at full depth,
   * each as wall ms/batch, texts/s and process CPU ms/batch; then DJL's full-depth throughput relative to ONNX
   * Runtime's, by wall time and by CPU time.
   */
  public static String toMarkdown(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    int full = rows.stream().mapToInt(Row::layers).max().orElse(0);
    int half = rows.stream().mapToInt(Row::layers).min().orElse(0);
    out.append("| tokens | batch ");
    for (String label : List.of("DJL " + full, "DJL " + half, "ORT " + full)) {
      out.append(String.format(Locale.ROOT, "| %1$s ms/batch | %1$s texts/s | %1$s CPU ms/batch ", label));
    }
    out.append("| DJL/ORT texts/s (wall) | DJL/ORT texts per CPU-s |\n");
    out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    rows.stream()
        .filter(r -> r.engine().equals(DJL) && r.layers() == full)
        .forEach(
            djlFull -> {
              Row ort = find(rows, ORT, full, djlFull);
              out.append(String.format(Locale.ROOT, "| %d | %d ", djlFull.tokens(), djlFull.batchSize()));
              for (Row row : Arrays.asList(djlFull, find(rows, DJL, half, djlFull), ort)) {
                out.append(
                    row == null
                        ? "| - | - | - "
                        : String.format(
                            Locale.ROOT,
                            "| %.1f | %.1f | %.1f ",
                            row.msPerBatch(),
                            row.textsPerSecond(),
                            row.cpuMsPerBatch()));
              }
              out.append(
                  ort == null
                      ? "| - | - |\n"
                      : String.format(
                          Locale.ROOT,
                          "| %.2f | %.2f |%n",
                          ort.msPerBatch() / djlFull.msPerBatch(),
                          ort.cpuMsPerBatch() / djlFull.cpuMsPerBatch()));
            });
    return out.toString();
  }

  /**
   * Prints the markdown table. Arguments (all optional): {@code --threads N}, {@code --repeats N},
   * {@code --warmups N}, {@code --batches 1,8,32,64}, {@code --tokens 32,64}, {@code --no-onnx}.
   */
  public static void main(String[] args) {
    Settings defaults = Settings.defaults();
    int threads = defaults.threads();
    int repeats = defaults.repeats();
    int warmups = defaults.warmups();
    boolean onnx = true;
    List<Integer> batches = defaults.batchSizes();
    List<Integer> tokens = defaults.tokenCounts();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--batches" -> batches = parseList(args[++i]);
        case "--tokens" -> tokens = parseList(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--repeats" -> repeats = Integer.parseInt(args[++i]);
        case "--warmups" -> warmups = Integer.parseInt(args[++i]);
        case "--no-onnx" -> onnx = false;
        default -> throw new IllegalArgumentException(
            "unknown argument " + args[i]
                + "; use --threads N, --repeats N, --warmups N, --batches 1,8 --tokens 32,64, --no-onnx");
      }
    }
    Settings settings = new Settings(batches, tokens, threads, warmups, repeats, onnx);
    List<Row> rows = run(settings);
    System.out.printf(
        Locale.ROOT,
        "Encoder %s, %d intra-op threads, median of %d after %d warm-up rounds%n%n",
        Backbones.DEFAULT_ID,
        threads,
        repeats,
        warmups);
    System.out.print(toMarkdown(rows));
  }

  /** {wall ms, process CPU ms} of one call. */
  private static double[] measure(Runnable batch) {
    long cpuStarted = PROCESS.getProcessCpuTime();
    long started = System.nanoTime();
    batch.run();
    long wall = System.nanoTime() - started;
    long cpu = PROCESS.getProcessCpuTime() - cpuStarted;
    return new double[] {wall / 1e6, cpu / 1e6};
  }

  private static void runDjl(BertEncoder encoder, long[][] ids, int depth) {
    int batch = ids.length;
    int tokens = ids[0].length;
    long[] flat = Arrays.stream(ids).flatMapToLong(Arrays::stream).toArray();
    try (NDManager scope = encoder.manager().newSubManager()) {
      NDArray idArray = scope.create(flat, new Shape(batch, tokens));
      NDArray types = scope.zeros(idArray.getShape(), idArray.getDataType());
      NDArray mask = scope.ones(idArray.getShape(), idArray.getDataType());
      encoder.forward(idArray, types, mask, depth); // eager on the CPU: done when it returns
    }
  }

  private static long[][] randomIds(int batch, int tokens, int vocab, long seed) {
    Random random = new Random(seed);
    long[][] ids = new long[batch][tokens];
    for (long[] row : ids) {
      for (int t = 1; t < tokens - 1; t++) {
        row[t] = 1000 + random.nextInt(vocab - 1000); // ordinary word pieces
      }
      row[0] = 101; // [CLS]
      row[tokens - 1] = 102; // [SEP]
    }
    return ids;
  }

  private static List<Integer> parseList(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(",")).map(String::trim).map(Integer::valueOf).toList();
  }

  private static Row find(List<Row> rows, String engine, int layers, Row like) {
    return rows.stream()
        .filter(
            r -> r.engine().equals(engine)
                && r.layers() == layers
                && r.batchSize() == like.batchSize()
                && r.tokens() == like.tokens())
        .findFirst()
        .orElse(null);
  }

  private static double median(double[][] samples, int column) {
    double[] sorted = Arrays.stream(samples).mapToDouble(sample -> sample[column]).toArray();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** The fixed-length ids as a batch without padding, the form {@link OrtEncoder#forward} takes. */
  private static TokenBatch unpadded(long[][] ids) {
    long[][] types = new long[ids.length][ids[0].length];
    long[][] mask = new long[ids.length][ids[0].length];
    for (long[] row : mask) {
      Arrays.fill(row, 1);
    }
    int[] lengths = new int[ids.length];
    Arrays.fill(lengths, ids[0].length);
    return new TokenBatch(ids, types, mask, lengths, new boolean[ids.length]);
  }
}
