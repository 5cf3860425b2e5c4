package dev.exitwise.bench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import dev.exitwise.model.encoder.Int8Linears;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * What single PyTorch operators cost through DJL on this machine, in CPU time of the calling thread (run it with
 * one intra-op thread, so that the caller does all the work): the fixed cost of one call on a tiny tensor, and the
 * encoder's three matrix-product shapes at 1, 18 and 157 rows (one short text; batch 1; batch 8) as one fused
 * {@code linear} (weights {@code [out, in]}), as a matrix product plus a bias addition (weights {@code [in, out]}),
 * as {@code linear} in float16, and as exitwise's int8 product ({@link Int8Linears}, the input quantised on the fly). Every figure is the best of several rounds: the machine is shared, and the best
 * round is the one least disturbed.
 */
public final class OperatorCosts {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int ROUNDS = 5;
  private static final int[] ROWS = {1, 18, 157};
  /** {in, out} of the query-key-value, feed-forward up and feed-forward down projections of BGE-small. */
  private static final int[][] SHAPES = {{384, 1152}, {384, 1536}, {1536, 384}};

  /**
   * One matrix-product shape.
   *
   * @param rows rows of the input
   * @param in input width
   * @param out output width
   * @param linearMicros fused {@code linear}
   * @param matMulAddMicros {@code matMul} then {@code add}
   * @param halfMicros fused {@code linear} with float16 input, weight and bias
   * @param int8Micros the int8 product, float32 in and out
   */
  public record Product(int rows, int in, int out, double linearMicros, double matMulAddMicros, double halfMicros,
      double int8Micros) {
    /** Billions of multiply-adds times two per second of CPU time, for a time in microseconds. */
    public double gigaflops(double micros) {
      return 2.0 * rows * in * out / micros / 1e3;
    }
  }

  /**
   * The measurements.
   *
   * @param tinyCallMicros one {@code add} of two {@code [4, 32]} arrays, a new array attached to a manager
   * @param products each shape at each row count
   */
  public record Result(double tinyCallMicros, List<Product> products) {}

  private OperatorCosts() {}

  /** Measures on the engine of {@code parent}'s manager. */
  public static Result run(NDManager parent) {
    try (NDManager m = parent.newSubManager();
        Int8Linears int8 = Int8Linears.create(m)) {
      NDArray a = m.randomNormal(new Shape(4, 32));
      NDArray b = m.randomNormal(new Shape(4, 32));
      double tiny = bestMicros(m, 20_000, a, () -> a.add(b));
      List<Product> products = new ArrayList<>();
      for (int rows : ROWS) {
        for (int[] shape : SHAPES) {
          NDArray x = m.randomNormal(new Shape(rows, shape[0]));
          NDArray weight = m.randomNormal(new Shape(shape[1], shape[0])); // [out, in]
          NDArray weightInOut = weight.transpose().duplicate(); // [in, out], contiguous
          NDArray bias = m.randomNormal(new Shape(shape[1]));
          NDArray xHalf = x.toType(DataType.FLOAT16, false);
          NDArray weightHalf = weight.toType(DataType.FLOAT16, false);
          NDArray biasHalf = bias.toType(DataType.FLOAT16, false);
          Int8Linears.Packed packed = int8.pack(weight, bias);
          int calls = Math.max(20, 400 / rows);
          products.add(new Product(rows, shape[0], shape[1],
              bestMicros(m, calls, x, () -> Linear.linear(x, weight, bias)),
              bestMicros(m, calls, x, () -> x.matMul(weightInOut).add(bias)),
              bestMicros(m, calls, xHalf, () -> Linear.linear(xHalf, weightHalf, biasHalf)),
              bestMicros(m, calls, x, () -> int8.apply(packed, x))));
        }
      }
      return new Result(tiny, products);
    }
  }

  /**
   * The best round's CPU microseconds per call. Each call runs with {@code input} in a scope of its own, so that
   * the arrays it makes (which join their first operand's manager) are freed after it.
   */
  private static double bestMicros(NDManager m, int calls, NDArray input, Runnable call) {
    double best = Double.MAX_VALUE;
    for (int round = 0; round <= ROUNDS; round++) { // round 0 warms up
      long started = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < calls; i++) {
        try (NDManager scope = m.newSubManager()) {
          input.tempAttach(scope);
          call.run();
        }
      }
      double micros = (THREADS.getCurrentThreadCpuTime() - started) / 1e3 / calls;
      if (round > 0) {
        best = Math.min(best, micros);
      }
    }
    return best;
  }
}
