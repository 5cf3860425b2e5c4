package dev.exitwise.model.io;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the weights of an ONNX model with protobuf's wire-level {@link CodedInputStream}, without generated
 * classes: the graph's initializers (tensors), its nodes (inputs, outputs, op type) and its input names. Only the
 * fields needed for that are decoded; everything else is skipped.
 *
 * <p>Field numbers (onnx.proto3): ModelProto.graph 7; GraphProto.node 1, initializer 5, input 11;
 * NodeProto.input 1, output 2, name 3, op_type 4; TensorProto.dims 1, data_type 2, float_data 4, int32_data 5,
 * int64_data 7, name 8, raw_data 9, double_data 10, data_location 14; ValueInfoProto.name 1.
 */
public final class OnnxModelReader {

  /** One graph node. */
  public record Node(String name, String opType, List<String> inputs, List<String> outputs) {}

  /**
   * What this reader extracts from a model.
   *
   * @param initializers every initializer by name, in file order; floats widened to F32, integers to I64
   * @param nodes the graph's nodes in file order
   * @param inputNames the graph inputs that are not initializers (the feeds), in order
   */
  public record OnnxGraph(Map<String, Tensor> initializers, List<Node> nodes, List<String> inputNames) {}

  // onnx TensorProto.DataType
  private static final int FLOAT = 1;
  private static final int INT32 = 6;
  private static final int INT64 = 7;
  private static final int FLOAT16 = 10;
  private static final int DOUBLE = 11;
  private static final int BFLOAT16 = 16;

  private OnnxModelReader() {}

  /**
   * Reads a whole model from a stream (the stream is read to its end, not closed).
   *
   * @throws UncheckedIOException if reading fails
   * @throws IllegalArgumentException if the bytes are not an ONNX model this reader understands (for example
   *     weights kept in external data files)
   */
  public static OnnxGraph read(InputStream model) {
    try {
      return read(model.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ONNX model", e);
    }
  }

  /** Reads a whole model held in memory. See {@link #read(InputStream)}. */
  public static OnnxGraph read(byte[] model) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(model);
      in.enableAliasing(true);
      in.setSizeLimit(Integer.MAX_VALUE);
      OnnxGraph graph = null;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (WireFormat.getTagFieldNumber(tag) == 7) {
          int limit = in.pushLimit(in.readRawVarint32());
          graph = readGraph(in);
          in.popLimit(limit);
        } else {
          in.skipField(tag);
        }
      }
      if (graph == null) {
        throw new IllegalArgumentException("not an ONNX model: no graph (ModelProto field 7)");
      }
      return graph;
    } catch (IOException e) {
      throw new IllegalArgumentException("not a readable ONNX model: " + e.getMessage(), e);
    }
  }

  private static OnnxGraph readGraph(CodedInputStream in) throws IOException {
    Map<String, Tensor> initializers = new LinkedHashMap<>();
    List<Node> nodes = new ArrayList<>();
    List<String> inputs = new ArrayList<>();
    while (!in.isAtEnd()) {
      int tag = in.readTag();
      int field = WireFormat.getTagFieldNumber(tag);
      if (field == 1 || field == 5 || field == 11) {
        int limit = in.pushLimit(in.readRawVarint32());
        if (field == 1) {
          nodes.add(readNode(in));
        } else if (field == 5) {
          Map.Entry<String, Tensor> tensor = readTensor(in);
          initializers.put(tensor.getKey(), tensor.getValue());
        } else {
          inputs.add(readValueInfoName(in));
        }
        in.popLimit(limit);
      } else {
        in.skipField(tag);
      }
    }
    inputs.removeIf(initializers::containsKey);
    return new OnnxGraph(initializers, List.copyOf(nodes), List.copyOf(inputs));
  }

  private static Node readNode(CodedInputStream in) throws IOException {
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    String name = "";
    String opType = "";
    while (!in.isAtEnd()) {
      int tag = in.readTag();
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> inputs.add(in.readStringRequireUtf8());
        case 2 -> outputs.add(in.readStringRequireUtf8());
        case 3 -> name = in.readStringRequireUtf8();
        case 4 -> opType = in.readStringRequireUtf8();
        default -> in.skipField(tag);
      }
    }
    return new Node(name, opType, List.copyOf(inputs), List.copyOf(outputs));
  }

  private static String readValueInfoName(CodedInputStream in) throws IOException {
    String name = "";
    while (!in.isAtEnd()) {
      int tag = in.readTag();
      if (WireFormat.getTagFieldNumber(tag) == 1) {
        name = in.readStringRequireUtf8();
      } else {
        in.skipField(tag);
      }
    }
    return name;
  }

  private static Map.Entry<String, Tensor> readTensor(CodedInputStream in) throws IOException {
    List<Long> dims = new ArrayList<>();
    int dataType = 0;
    String name = "";
    ByteBuffer raw = null;
    FloatList floatData = new FloatList();
    List<Long> intData = new ArrayList<>();
    boolean external = false;
    while (!in.isAtEnd()) {
      int tag = in.readTag();
      int field = WireFormat.getTagFieldNumber(tag);
      boolean packed = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
      switch (field) {
        case 1 -> readVarints(in, packed, dims);
        case 2 -> dataType = in.readInt32();
        case 4 -> {
          if (packed) {
            int limit = in.pushLimit(in.readRawVarint32());
            while (!in.isAtEnd()) {
              floatData.add(in.readFloat());
            }
            in.popLimit(limit);
          } else {
            floatData.add(in.readFloat());
          }
        }
        case 5, 7 -> readVarints(in, packed, intData);
        case 8 -> name = in.readStringRequireUtf8();
        case 9 -> raw = in.readByteBuffer();
        case 10 -> {
          if (packed) {
            int limit = in.pushLimit(in.readRawVarint32());
            while (!in.isAtEnd()) {
              floatData.add((float) in.readDouble());
            }
            in.popLimit(limit);
          } else {
            floatData.add((float) in.readDouble());
          }
        }
        case 14 -> external = in.readInt32() == 1;
        default -> in.skipField(tag);
      }
    }
    if (external) {
      throw new IllegalArgumentException(
          "initializer " + name + " keeps its data in an external file; only self-contained models are supported");
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    int count = Math.toIntExact(Tensor.elementCount(shape));
    Tensor tensor =
        switch (dataType) {
          case FLOAT, DOUBLE, FLOAT16, BFLOAT16 -> Tensor.f32(
              shape, raw != null ? HalfFloats.decode(raw, onnxToSafeTensorsDtype(dataType), count) : floatData.toArray());
          case INT32, INT64 -> Tensor.i64(
              shape,
              raw != null
                  ? decodeIntegers(raw, dataType == INT64 ? 8 : 4, count)
                  : intData.stream().mapToLong(Long::longValue).toArray());
          default -> null;
        };
    if (tensor == null) {
      // Other element types (bool, strings, int8) do not hold weights in the models we read; keep a marker.
      tensor = Tensor.i64(new long[] {0}, new long[0]);
    }
    return Map.entry(name, tensor);
  }

  private static String onnxToSafeTensorsDtype(int onnxType) {
    return switch (onnxType) {
      case FLOAT -> "F32";
      case DOUBLE -> "F64";
      case FLOAT16 -> "F16";
      default -> "BF16";
    };
  }

  private static long[] decodeIntegers(ByteBuffer raw, int width, int count) {
    ByteBuffer le = raw.slice().order(ByteOrder.LITTLE_ENDIAN);
    long[] out = new long[count];
    for (int i = 0; i < count; i++) {
      out[i] = width == 8 ? le.getLong() : le.getInt();
    }
    return out;
  }

  private static void readVarints(CodedInputStream in, boolean packed, List<Long> into) throws IOException {
    if (packed) {
      int limit = in.pushLimit(in.readRawVarint32());
      while (!in.isAtEnd()) {
        into.add(in.readInt64());
      }
      in.popLimit(limit);
    } else {
      into.add(in.readInt64());
    }
  }

  /**
   * Names the anonymous weight matrices of a transformer export after their biases: for every {@code MatMul}
   * whose second input is an initializer without a {@code .weight} name (e.g. {@code onnx::MatMul_1234}, stored
   * {@code [in, out]}), follows the MatMul's output to the {@code Add} node that adds a named bias ending in
   * {@code .bias}, and returns the matrix under that bias's name with {@code .weight}, transposed to the Hugging
   * Face / PyTorch {@code Linear} layout {@code [out, in]}. All other initializers are returned unchanged.
   *
   * @return a new map: named initializers plus the named matrices
   */
  public static Map<String, Tensor> nameLinearWeights(OnnxGraph graph) {
    Map<String, List<Node>> consumers = new HashMap<>();
    for (Node node : graph.nodes()) {
      for (String input : node.inputs()) {
        consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
      }
    }
    Map<String, Tensor> named = new LinkedHashMap<>(graph.initializers());
    for (Node node : graph.nodes()) {
      if (!node.opType().equals("MatMul") || node.inputs().size() != 2) {
        continue;
      }
      String weightName = node.inputs().get(1);
      Tensor weight = graph.initializers().get(weightName);
      if (weight == null || weight.shape().length != 2 || weightName.endsWith(".weight")) {
        continue;
      }
      for (Node add : consumers.getOrDefault(node.outputs().get(0), List.of())) {
        if (!add.opType().equals("Add")) {
          continue;
        }
        for (String addend : add.inputs()) {
          if (addend.endsWith(".bias") && graph.initializers().containsKey(addend)) {
            named.remove(weightName);
            named.put(addend.substring(0, addend.length() - ".bias".length()) + ".weight", weight.transpose2d());
          }
        }
      }
    }
    return named;
  }

  /** A growable float array, so that float_data needs no boxing. */
  private static final class FloatList {
    private float[] values = new float[16];
    private int size;

    void add(float value) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    float[] toArray() {
      return java.util.Arrays.copyOf(values, size);
    }
  }
}
