package dev.exitwise.model.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Decodes little-endian F32, F64, F16 and BF16 element bytes to 32-bit floats. */
final class HalfFloats {

  private HalfFloats() {}

  /**
   * Decodes {@code count} elements of {@code dtype} (a safetensors dtype name: F32, F64, F16 or BF16) from the
   * buffer's position on.
   */
  static float[] decode(ByteBuffer bytes, String dtype, int count) {
    ByteBuffer le = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[count];
    switch (dtype) {
      case "F32" -> le.asFloatBuffer().get(out);
      case "F64" -> {
        for (int i = 0; i < count; i++) {
          out[i] = (float) le.getDouble();
        }
      }
      case "F16" -> {
        for (int i = 0; i < count; i++) {
          out[i] = halfToFloat(le.getShort());
        }
      }
      case "BF16" -> {
        for (int i = 0; i < count; i++) {
          out[i] = Float.intBitsToFloat((le.getShort() & 0xffff) << 16);
        }
      }
      default -> throw new IllegalArgumentException("not a float dtype: " + dtype);
    }
    return out;
  }

  /** IEEE 754 binary16 to binary32, exact (subnormals, infinities and NaN included). */
  static float halfToFloat(short half) {
    int bits = half & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      float magnitude = mantissa * 0x1p-24f; // subnormal (or zero): mantissa * 2^-24
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }
}
