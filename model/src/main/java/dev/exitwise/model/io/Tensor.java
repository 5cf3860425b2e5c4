package dev.exitwise.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * A named-free host tensor: a shape and its values in row-major order, either 32-bit floats or 64-bit integers.
 * Half-precision inputs are widened to {@link Dtype#F32} when read.
 *
 * @param dtype the element type; exactly one of {@code floats} and {@code longs} is non-null, matching it
 * @param shape the dimensions, outermost first; empty for a scalar
 * @param floats the values when {@code dtype == F32}, else null
 * @param longs the values when {@code dtype == I64}, else null
 */
public record Tensor(Dtype dtype, long[] shape, float[] floats, long[] longs) {

  /** Element types a {@link Tensor} holds in memory. */
  public enum Dtype {
    F32,
    I64
  }

  /** Checks that the value array matches the type and the shape's element count. */
  public Tensor {
    long count = elementCount(shape);
    int length = dtype == Dtype.F32 ? requireLength(floats, longs) : requireLength(longs, floats);
    if (length != count) {
      throw new IllegalArgumentException(
          "tensor of shape " + Arrays.toString(shape) + " needs " + count + " values, got " + length);
    }
  }

  /** A float tensor. */
  public static Tensor f32(long[] shape, float[] values) {
    return new Tensor(Dtype.F32, shape.clone(), values, null);
  }

  /** A 64-bit integer tensor. */
  public static Tensor i64(long[] shape, long[] values) {
    return new Tensor(Dtype.I64, shape.clone(), null, values);
  }

  /** Copies an NDArray (float32 or int64) to the host. */
  public static Tensor of(NDArray array) {
    long[] shape = array.getShape().getShape();
    if (array.getDataType() == DataType.INT64) {
      return i64(shape, array.toLongArray());
    }
    return f32(shape, array.toType(DataType.FLOAT32, false).toFloatArray());
  }

  /** Copies this tensor into a new NDArray on {@code manager} (its device). */
  public NDArray toNDArray(NDManager manager) {
    Shape ndShape = new Shape(shape);
    return dtype == Dtype.F32 ? manager.create(floats, ndShape) : manager.create(longs, ndShape);
  }

  /** The number of elements. */
  public long size() {
    return elementCount(shape);
  }

  /** The same values under a new shape with the same element count. */
  public Tensor reshape(long... newShape) {
    return new Tensor(dtype, newShape.clone(), floats, longs);
  }

  /**
   * The transpose of a 2-D float tensor ({@code [rows, cols] -> [cols, rows]}).
   *
   * @throws IllegalStateException if this tensor is not a 2-D float tensor
   */
  public Tensor transpose2d() {
    if (shape.length != 2 || dtype != Dtype.F32) {
      throw new IllegalStateException("transpose2d needs a 2-D F32 tensor, got " + describe());
    }
    int rows = Math.toIntExact(shape[0]);
    int cols = Math.toIntExact(shape[1]);
    float[] out = new float[floats.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[c * rows + r] = floats[r * cols + c];
      }
    }
    return f32(new long[] {cols, rows}, out);
  }

  /** A short description such as {@code F32[384, 1536]}. */
  public String describe() {
    return dtype + Arrays.toString(shape);
  }

  static long elementCount(long[] shape) {
    long count = 1;
    for (long dim : shape) {
      if (dim < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      count = Math.multiplyExact(count, dim);
    }
    return count;
  }

  private static int requireLength(Object values, Object other) {
    if (values == null || other != null) {
      throw new IllegalArgumentException("a tensor holds exactly one value array matching its dtype");
    }
    return values instanceof float[] f ? f.length : ((long[]) values).length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t
        && dtype == t.dtype
        && Arrays.equals(shape, t.shape)
        && Arrays.equals(floats, t.floats)
        && Arrays.equals(longs, t.longs);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(floats) + Arrays.hashCode(longs);
  }

  @Override
  public String toString() {
    return "Tensor" + describe();
  }
}
