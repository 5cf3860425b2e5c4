package dev.exitwise.bench;

import dev.exitwise.bench.model.LayerProfile;
import dev.exitwise.bench.model.OperatorCosts;
import dev.exitwise.model.eval.TextTable;
import java.util.Locale;

/** A {@link LayerProfile.Result} as a markdown table: numbers only, docs/performance.md says what they mean. */
final class LayerProfileTable {
  private LayerProfileTable() {}

  static String markdown(LayerProfile.Result r) {
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
        "### Batch %d (%d intra-op threads, %d passes, %.1f tokens per row)%n%n", r.batchSize(), r.threads(),
        r.passes(), r.meanTokens()));
    TextTable.Builder t = TextTable.builder("per layer", "ms", "share", "calling thread's CPU ms", "PyTorch operators",
        "time inside them", "host reads");
    for (LayerProfile.Group group : LayerProfile.Group.values()) {
      double millis = r.millisPerLayer().get(group);
      t.row(group.description(), TextTable.fixed(millis, 3), TextTable.fixed(100 * millis / r.layerMillis(), 1) + " %",
          TextTable.fixed(r.cpuMillisPerLayer().get(group), 3),
          TextTable.fixed(r.operatorsPerLayer().get(group), 1),
          TextTable.fixed(100 * r.insideOperatorsShare().get(group), 0) + " %",
          group == LayerProfile.Group.DECISION ? String.valueOf(r.hostReadsPerLayer()) : "0");
    }
    t.row("exitwise layer, all of the above", TextTable.fixed(r.layerMillis(), 3), "100 %",
        TextTable.fixed(r.layerCpuMillis(), 3),
        TextTable.fixed(r.layerOperators(), 1), "-", String.valueOf(r.hostReadsPerLayer()));
    peerRow(t, "ONNX Runtime fp32, forward pass / layers", r.ortFp32MillisPerLayer(), r);
    peerRow(t, "ONNX Runtime int8, forward pass / layers", r.ortInt8MillisPerLayer(), r);
    md.append(t.build().markdown());
    return md.toString();
  }

  /** Single operators' CPU time: the fixed cost of a call, and each matrix product three ways. */
  static String operators(OperatorCosts.Result r) {
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
        "### Single operators (calling thread's CPU time, best round)%n%none call on a [4, 32] array: %.2f µs%n%n",
        r.tinyCallMicros()));
    TextTable.Builder t = TextTable.builder("rows", "in x out", "linear µs", "linear GFLOP/s", "matMul + add µs",
        "matMul + add GFLOP/s", "float16 linear µs", "float16 GFLOP/s", "int8 µs", "int8 GOP/s");
    for (OperatorCosts.Product p : r.products()) {
      t.row(p.rows(), p.in() + " x " + p.out(), TextTable.fixed(p.linearMicros(), 1),
          TextTable.fixed(p.gigaflops(p.linearMicros()), 1), TextTable.fixed(p.matMulAddMicros(), 1),
          TextTable.fixed(p.gigaflops(p.matMulAddMicros()), 1), TextTable.fixed(p.halfMicros(), 1),
          TextTable.fixed(p.gigaflops(p.halfMicros()), 1), TextTable.fixed(p.int8Micros(), 1),
          TextTable.fixed(p.gigaflops(p.int8Micros()), 1));
    }
    return md.append(t.build().markdown()).toString();
  }

  private static void peerRow(TextTable.Builder t, String name, double millis, LayerProfile.Result r) {
    if (!Double.isNaN(millis)) {
      t.row(name, TextTable.fixed(millis, 3), TextTable.fixed(100 * millis / r.layerMillis(), 1) + " %", "-", "-",
          "-", "-");
    }
  }
}
