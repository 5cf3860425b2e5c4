package dev.exitwise.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A hand-encoded ONNX model: x @ onnx::MatMul_7 + dense.bias, the shape of every BERT Linear in an export. */
class OnnxModelReaderTest {

  @Test
  void readsInitializersNodesAndInputsAndNamesTheMatMulWeightAfterItsBias() throws IOException {
    byte[] matrix = floatsLittleEndian(1, 2, 3, 4, 5, 6); // [in 2, out 3]
    byte[] graph =
        concat(
            field(1, node("mm", "MatMul", List.of("x", "onnx::MatMul_7"), List.of("t"))),
            field(1, node("add", "Add", List.of("dense.bias", "t"), List.of("y"))),
            field(5, rawTensor("onnx::MatMul_7", new long[] {2, 3}, matrix)),
            field(5, floatDataTensor("dense.bias", new float[] {0.5f, -0.5f, 1})),
            field(11, valueInfo("x")),
            field(11, valueInfo("dense.bias")));
    byte[] model = concat(varintField(1, 8), field(7, graph));

    OnnxModelReader.OnnxGraph read = OnnxModelReader.read(model);
    assertEquals(List.of("x"), read.inputNames(), "initializers listed as inputs are not feeds");
    assertEquals(List.of("MatMul", "Add"), read.nodes().stream().map(OnnxModelReader.Node::opType).toList());
    assertArrayEquals(new float[] {0.5f, -0.5f, 1}, read.initializers().get("dense.bias").floats());

    Map<String, Tensor> named = OnnxModelReader.nameLinearWeights(read);
    assertFalse(named.containsKey("onnx::MatMul_7"));
    Tensor weight = named.get("dense.weight");
    assertArrayEquals(new long[] {3, 2}, weight.shape(), "HF Linear layout [out, in]");
    assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, weight.floats());
  }

  @Test
  void rejectsBytesThatAreNoModel() {
    assertThrows(IllegalArgumentException.class, () -> OnnxModelReader.read(new byte[] {8, 1}));
    assertThrows(IllegalArgumentException.class, () -> OnnxModelReader.read(new byte[] {(byte) 0xff}));
  }

  private static byte[] node(String name, String op, List<String> inputs, List<String> outputs) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    for (String input : inputs) {
      out.writeString(1, input);
    }
    for (String output : outputs) {
      out.writeString(2, output);
    }
    out.writeString(3, name);
    out.writeString(4, op);
    out.flush();
    return bytes.toByteArray();
  }

  private static byte[] rawTensor(String name, long[] dims, byte[] raw) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    for (long dim : dims) {
      out.writeInt64(1, dim); // unpacked dims
    }
    out.writeInt32(2, 1);
    out.writeString(8, name);
    out.writeBytes(9, ByteString.copyFrom(raw));
    out.flush();
    return bytes.toByteArray();
  }

  private static byte[] floatDataTensor(String name, float[] values) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeTag(1, 2); // packed dims
    out.writeUInt32NoTag(1);
    out.writeInt64NoTag(values.length);
    out.writeInt32(2, 1);
    out.writeTag(4, 2); // packed float_data
    out.writeUInt32NoTag(values.length * 4);
    for (float value : values) {
      out.writeFloatNoTag(value);
    }
    out.writeString(8, name);
    out.flush();
    return bytes.toByteArray();
  }

  private static byte[] valueInfo(String name) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeString(1, name);
    out.flush();
    return bytes.toByteArray();
  }

  private static byte[] field(int number, byte[] message) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeByteArray(number, message);
    out.flush();
    return bytes.toByteArray();
  }

  private static byte[] varintField(int number, long value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeInt64(number, value);
    out.flush();
    return bytes.toByteArray();
  }

  private static byte[] floatsLittleEndian(float... values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float value : values) {
      buffer.putFloat(value);
    }
    return buffer.array();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      bytes.writeBytes(part);
    }
    return bytes.toByteArray();
  }
}
