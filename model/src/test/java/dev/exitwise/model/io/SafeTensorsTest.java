package dev.exitwise.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

  @TempDir Path dir;

  @Test
  void roundTripsFloatAndIntegerTensorsWithMetadata() {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("a.weight", Tensor.f32(new long[] {2, 3}, new float[] {1, -2, 3.5f, 0, 1e-8f, -7}));
    tensors.put("position_ids", Tensor.i64(new long[] {1, 4}, new long[] {0, 1, 2, 1L << 40}));
    tensors.put("scalar", Tensor.f32(new long[] {}, new float[] {42}));
    Path file = dir.resolve("t.safetensors");
    SafeTensors.write(file, tensors, Map.of("format", "pt", "note", "exitwise"));

    SafeTensors.Contents read = SafeTensors.readWithMetadata(file);
    assertEquals(tensors, read.tensors());
    assertEquals(List.copyOf(tensors.keySet()), List.copyOf(read.tensors().keySet()));
    assertEquals(Map.of("format", "pt", "note", "exitwise"), read.metadata());
    assertEquals(tensors, SafeTensors.read(file));
  }

  @Test
  void readsHalfPrecisionAndBfloat16AsFloats() throws IOException {
    // 1.0, -2.0, 65504 (max half), 2^-24 (smallest subnormal); bf16: 1.0, -0.5
    byte[] half = littleEndianShorts(0x3c00, 0xc000, 0x7bff, 0x0001);
    byte[] bf16 = littleEndianShorts(0x3f80, 0xbf00);
    String header =
        "{\"h\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[8,12]}}";
    Path file = dir.resolve("half.safetensors");
    writeRaw(file, header, half, bf16);

    Map<String, Tensor> read = SafeTensors.read(file);
    assertArrayEquals(new float[] {1f, -2f, 65504f, 0x1p-24f}, read.get("h").floats());
    assertArrayEquals(new float[] {1f, -0.5f}, read.get("b").floats());
  }

  @Test
  void rejectsUnsupportedDtypesAndBrokenFiles() throws IOException {
    Path file = dir.resolve("bad.safetensors");
    writeRaw(file, "{\"x\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[] {1, 2});
    IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(file));
    assertTrue(dtype.getMessage().contains("dtype U8"), dtype.getMessage());

    writeRaw(file, "{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]);
    assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(file));

    Files.write(file, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0, 1});
    assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(file));
  }

  @Test
  void halfToFloatCoversSpecialValues() {
    assertEquals(Float.POSITIVE_INFINITY, HalfFloats.halfToFloat((short) 0x7c00));
    assertTrue(Float.isNaN(HalfFloats.halfToFloat((short) 0x7e00)));
    assertEquals(-0f, HalfFloats.halfToFloat((short) 0x8000));
    assertEquals(0.333251953125f, HalfFloats.halfToFloat((short) 0x3555));
  }

  @Test
  void tensorValidatesItsShape() {
    assertThrows(IllegalArgumentException.class, () -> Tensor.f32(new long[] {2, 2}, new float[3]));
    Tensor matrix = Tensor.f32(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6});
    assertEquals(Tensor.f32(new long[] {3, 2}, new float[] {1, 4, 2, 5, 3, 6}), matrix.transpose2d());
  }

  private static byte[] littleEndianShorts(int... values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int value : values) {
      buffer.putShort((short) value);
    }
    return buffer.array();
  }

  private static void writeRaw(Path file, String header, byte[]... data) throws IOException {
    byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
    int dataLength = 0;
    for (byte[] part : data) {
      dataLength += part.length;
    }
    ByteBuffer out = ByteBuffer.allocate(8 + headerBytes.length + dataLength).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(headerBytes.length).put(headerBytes);
    for (byte[] part : data) {
      out.put(part);
    }
    Files.write(file, out.array());
  }
}
