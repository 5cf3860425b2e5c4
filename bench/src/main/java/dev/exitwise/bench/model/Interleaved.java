package dev.exitwise.bench.model;

import dev.exitwise.model.inference.ClassifyRequest;
import dev.exitwise.model.inference.ClassifyResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs several configurations over the same rows, interleaved: the rows are cut into chunks, and every chunk is
 * run by every configuration before the next chunk starts, the order of configurations rotating from chunk to
 * chunk. Drift in machine load (a shared 2-core machine has plenty) then hits every configuration alike. Each
 * batch is timed on its own; each row's scores and exit layer are kept for quality.
 */
final class Interleaved {

  /** Classifies one batch; returns null where the engine makes no predictions (ONNX Runtime). */
  @FunctionalInterface
  interface Runner {
    List<ClassifyResult> run(List<ClassifyRequest> batch);
  }

  /**
   * One way of running the rows.
   *
   * @param name unique among the configurations of a run
   * @param batchSize rows per call
   * @param groupByTenant whether each batch holds one tenant only (the chunk's rows reordered by tenant) instead
   *     of the rows in arrival order
   * @param everyNthChunk runs only chunks whose index is a multiple of this (1: all), to bound slow configurations
   * @param runner the call to time
   */
  record Configuration(String name, int batchSize, boolean groupByTenant, int everyNthChunk, Runner runner) {}

  /** What one configuration measured. */
  static final class Tally {
    private long[] batchNanos = new long[64];
    private int batches;
    final float[][] scores;
    final int[] exitLayers;
    int rowsRun;

    Tally(int rows) {
      scores = new float[rows][];
      exitLayers = new int[rows];
    }

    void addBatch(long nanos) {
      if (batches == batchNanos.length) {
        batchNanos = Arrays.copyOf(batchNanos, batches * 2);
      }
      batchNanos[batches++] = nanos;
    }

    long[] batchNanos() {
      return Arrays.copyOf(batchNanos, batches);
    }

    long totalNanos() {
      long sum = 0;
      for (int i = 0; i < batches; i++) {
        sum += batchNanos[i];
      }
      return sum;
    }

    double eventsPerSecond() {
      return rowsRun / (totalNanos() / 1e9);
    }
  }

  private Interleaved() {}

  /**
   * Runs every configuration over {@code requests}.
   *
   * @param tenants each row's tenant (for grouping)
   * @param chunkRows rows per chunk, a multiple of every batch size; the rows are cut to whole chunks
   * @param warmUp whether to run each configuration once over the first chunk, untimed, first
   * @return a tally per configuration name, in the configurations' order
   */
  static Map<String, Tally> run(List<Configuration> configurations, List<ClassifyRequest> requests,
      List<String> tenants, int chunkRows, boolean warmUp) {
    int chunks = requests.size() / chunkRows;
    if (chunks == 0) {
      throw new IllegalArgumentException(requests.size() + " rows do not fill one chunk of " + chunkRows);
    }
    for (Configuration configuration : configurations) {
      if (chunkRows % configuration.batchSize() != 0) {
        throw new IllegalArgumentException("chunk of " + chunkRows + " rows is not a multiple of batch size "
            + configuration.batchSize() + " (" + configuration.name() + ")");
      }
    }
    Map<String, Tally> tallies = new LinkedHashMap<>();
    for (Configuration configuration : configurations) {
      tallies.put(configuration.name(), new Tally(requests.size()));
    }
    if (warmUp) {
      for (Configuration configuration : configurations) {
        int warmRows = Math.min(chunkRows, Math.max(configuration.batchSize(), 8));
        runChunk(configuration, requests, tenants, 0, warmRows, null);
      }
    }
    for (int chunk = 0; chunk < chunks; chunk++) {
      for (int k = 0; k < configurations.size(); k++) {
        Configuration configuration = configurations.get((k + chunk) % configurations.size());
        if (chunk % configuration.everyNthChunk() == 0) {
          runChunk(configuration, requests, tenants, chunk * chunkRows, chunkRows, tallies.get(configuration.name()));
        }
      }
    }
    return tallies;
  }

  private static void runChunk(Configuration configuration, List<ClassifyRequest> requests, List<String> tenants,
      int start, int rows, Tally tally) {
    int[] order = rowOrder(tenants, start, rows, configuration.groupByTenant());
    for (int from = 0; from < order.length; from += configuration.batchSize()) {
      int to = Math.min(order.length, from + configuration.batchSize());
      List<ClassifyRequest> batch = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        batch.add(requests.get(order[i]));
      }
      long started = System.nanoTime();
      List<ClassifyResult> results = configuration.runner().run(batch);
      long nanos = System.nanoTime() - started;
      if (tally == null) {
        continue;
      }
      tally.addBatch(nanos);
      tally.rowsRun += batch.size();
      if (results != null) {
        for (int i = from; i < to; i++) {
          tally.scores[order[i]] = results.get(i - from).scores();
          tally.exitLayers[order[i]] = results.get(i - from).exitLayer();
        }
      }
    }
  }

  /** Row indexes of a chunk: in arrival order, or stably grouped by tenant in order of first appearance. */
  static int[] rowOrder(List<String> tenants, int start, int rows, boolean groupByTenant) {
    int[] order = new int[rows];
    if (!groupByTenant) {
      for (int i = 0; i < rows; i++) {
        order[i] = start + i;
      }
      return order;
    }
    List<String> seen = new ArrayList<>();
    for (int i = start; i < start + rows; i++) {
      if (!seen.contains(tenants.get(i))) {
        seen.add(tenants.get(i));
      }
    }
    int next = 0;
    for (String tenant : seen) {
      for (int i = start; i < start + rows; i++) {
        if (tenants.get(i).equals(tenant)) {
          order[next++] = i;
        }
      }
    }
    return order;
  }
}
