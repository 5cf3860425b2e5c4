package dev.exitwise.model.io;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian header length, a
 * JSON header mapping each tensor name to {@code dtype}, {@code shape} and {@code data_offsets} (plus an optional
 * {@code __metadata__} string map), then the little-endian tensor bytes.
 *
 * <p>Reading accepts F32, F16, BF16 and F64 (all widened to {@link Tensor.Dtype#F32}) and I64 and I32 (to {@link
 * Tensor.Dtype#I64}); writing writes F32 and I64.
 */
public final class SafeTensors {

  /** The tensors and metadata of one file. */
  public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String METADATA_KEY = "__metadata__";
  private static final long MAX_HEADER_BYTES = 100L << 20;

  private SafeTensors() {}

  /**
   * Reads every tensor of a file.
   *
   * @return the tensors by name, in header order
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException if it is not a safetensors file or holds an unsupported dtype
   */
  public static Map<String, Tensor> read(Path file) {
    return readWithMetadata(file).tensors();
  }

  /** Reads every tensor and the {@code __metadata__} map of a file. See {@link #read(Path)}. */
  public static Contents readWithMetadata(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, lengthBytes, 0);
      long headerLength = lengthBytes.flip().getLong();
      if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > channel.size()) {
        throw new IllegalArgumentException(file + " is not a safetensors file (header length " + headerLength + ")");
      }
      ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
      readFully(channel, headerBytes, 8);
      JsonNode header = JSON.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8));
      long dataStart = 8 + headerLength;
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      Map<String, String> metadata = Map.of();
      for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        if (entry.getKey().equals(METADATA_KEY)) {
          metadata = JSON.convertValue(entry.getValue(), new TypeReference<Map<String, String>>() {});
          continue;
        }
        tensors.put(entry.getKey(), readTensor(channel, dataStart, entry.getKey(), entry.getValue(), file));
      }
      return new Contents(tensors, metadata);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Writes tensors and metadata to a file (replacing it), F32 and I64 as they are.
   *
   * @param metadata string pairs stored under {@code __metadata__}; may be empty
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      header.set(METADATA_KEY, JSON.valueToTree(metadata));
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
      Tensor tensor = entry.getValue();
      long bytes = tensor.size() * (tensor.dtype() == Tensor.Dtype.F32 ? 4 : 8);
      ObjectNode info = header.putObject(entry.getKey());
      info.put("dtype", tensor.dtype().name());
      info.set("shape", JSON.valueToTree(tensor.shape()));
      info.set("data_offsets", JSON.valueToTree(new long[] {offset, offset + bytes}));
      offset += bytes;
    }
    byte[] headerJson = header.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (headerJson.length + 7) / 8 * 8; // the format pads the header with spaces to 8 bytes
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(headerJson);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    try (FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      writeFully(channel, head.flip());
      for (Tensor tensor : tensors.values()) {
        writeFully(channel, encode(tensor));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static Tensor readTensor(FileChannel channel, long dataStart, String name, JsonNode info, Path file)
      throws IOException {
    String dtype = info.path("dtype").asText();
    long[] shape = JSON.convertValue(info.path("shape"), long[].class);
    long[] offsets = JSON.convertValue(info.path("data_offsets"), long[].class);
    if (shape == null || offsets == null || offsets.length != 2) {
      throw new IllegalArgumentException(file + ": tensor " + name + " has a malformed header entry " + info);
    }
    int count = Math.toIntExact(Tensor.elementCount(shape));
    int width = width(dtype, name, file);
    long length = offsets[1] - offsets[0];
    if (length != (long) count * width || dataStart + offsets[1] > channel.size() || offsets[0] < 0) {
      throw new IllegalArgumentException(
          file + ": tensor " + name + " (" + dtype + " " + java.util.Arrays.toString(shape)
              + ") has inconsistent data offsets " + java.util.Arrays.toString(offsets));
    }
    ByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + offsets[0], length);
    bytes.order(ByteOrder.LITTLE_ENDIAN);
    return switch (dtype) {
      case "I64" -> {
        long[] values = new long[count];
        bytes.asLongBuffer().get(values);
        yield Tensor.i64(shape, values);
      }
      case "I32" -> {
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
          values[i] = bytes.getInt();
        }
        yield Tensor.i64(shape, values);
      }
      default -> Tensor.f32(shape, HalfFloats.decode(bytes, dtype, count));
    };
  }

  private static int width(String dtype, String name, Path file) {
    return switch (dtype) {
      case "F32", "I32" -> 4;
      case "F16", "BF16" -> 2;
      case "F64", "I64" -> 8;
      default -> throw new IllegalArgumentException(
          file + ": tensor " + name + " has dtype " + dtype + "; supported: F32, F16, BF16, F64, I64, I32");
    };
  }

  private static ByteBuffer encode(Tensor tensor) {
    if (tensor.dtype() == Tensor.Dtype.F32) {
      ByteBuffer out = ByteBuffer.allocate(tensor.floats().length * 4).order(ByteOrder.LITTLE_ENDIAN);
      out.asFloatBuffer().put(tensor.floats());
      return out;
    }
    ByteBuffer out = ByteBuffer.allocate(tensor.longs().length * 8).order(ByteOrder.LITTLE_ENDIAN);
    out.asLongBuffer().put(tensor.longs());
    return out;
  }

  private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
    while (into.hasRemaining()) {
      if (channel.read(into, position + into.position()) < 0) {
        throw new IOException("unexpected end of file");
      }
    }
  }

  private static void writeFully(FileChannel channel, ByteBuffer from) throws IOException {
    while (from.hasRemaining()) {
      channel.write(from);
    }
  }
}
